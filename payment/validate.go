package payment

import (
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Violation is one broken rule of a payment request.
type Violation struct {
	Field   string // the field, e.g. "Items[0].TotalNet"
	Rule    string // the rule id, e.g. "item.total-net"
	Message string // what is wrong, without personal data
}

// ValidationError lists every rule a request breaks. Create returns it
// wrapped in an *ozg.Error with code InvalidArgument; use errors.As to get
// the list.
type ValidationError struct {
	Violations []Violation
}

// Error names the first violation and how many more there are.
func (e *ValidationError) Error() string {
	if len(e.Violations) == 0 {
		return "payment: invalid request"
	}
	v := e.Violations[0]
	s := fmt.Sprintf("payment: %s: %s (%s)", v.Field, v.Message, v.Rule)
	if n := len(e.Violations) - 1; n > 0 {
		s += fmt.Sprintf(" and %d more", n)
	}
	return s
}

// Has reports whether e contains a violation of rule.
func (e *ValidationError) Has(rule string) bool {
	for _, v := range e.Violations {
		if v.Rule == rule {
			return true
		}
	}
	return false
}

// Limits of XBezahldienste 1.0.0, which the portable API adopts because
// the standard sits in front of every state payment platform.
const (
	MaxIDLen          = 36     // request ids, item ids and references
	MaxDescriptionLen = 250    // description of the payment and of an item
	MaxRedirectURLLen = 2082   // redirectUrl
	MaxItems          = 99     // items per payment
	MaxQuantity       = 999999 // quantity of an item
)

// MaxAmount is the largest amount XBezahldienste 1.0.0 accepts, for the
// gross total and each item amount.
var MaxAmount = decimal.NewFromInt(999999)

// ValidRequestID reports whether id is 1 to 36 characters of
// [A-Za-z0-9_-] (the pattern ^[\w\d-]+$ of XBezahldienste), the form of
// request, item, originator and endpoint ids.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > MaxIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// CheckAmount reports whether d is a valid EUR amount: not negative, at
// most two fraction digits and at most MaxAmount. It returns a message or
// "".
func CheckAmount(d decimal.Decimal) string {
	switch {
	case d.IsNegative():
		return "must not be negative"
	case !d.Equal(d.Truncate(2)):
		return "more than two fraction digits"
	case d.GreaterThan(MaxAmount):
		return "more than 999999"
	}
	return ""
}

var hundred = decimal.NewFromInt(100)
var cent = decimal.New(1, -2)

// descriptionError returns the rune index of the first character not
// allowed in a description, or -1.
func descriptionError(s string) int {
	i := 0
	for _, r := range s {
		if !isDescriptionChar(r) {
			return i
		}
		i++
	}
	return -1
}

// Validate checks p as Create would after filling in defaults and returns
// a *ValidationError listing every violation, or nil. purpose is the
// profile the purpose must already fit (nil means XBezahldienstePurpose()).
// The sum check runs before anything is sent: each item's totals must be
// quantity × single amounts, each tax must match its rate to the cent, and
// the gross amount must be the sum of net and tax over all items.
func (p *CreateParams) Validate(purpose *PurposeOptions) error {
	if purpose == nil {
		purpose = XBezahldienstePurpose()
	}
	maxPurpose := purpose.MaxLen
	if maxPurpose <= 0 {
		maxPurpose = PurposeSEPA
	}
	var vs []Violation
	add := func(field, rule, format string, args ...any) {
		vs = append(vs, Violation{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	text := func(field, rule, s string) {
		if n := utf8.RuneCountInString(s); n > MaxDescriptionLen {
			add(field, rule+".length", "%d characters, at most %d", n, MaxDescriptionLen)
		} else if i := descriptionError(s); i >= 0 {
			add(field, rule+".charset", "character at position %d is not allowed (letters, digits, whitespace, _ - , .)", i)
		}
	}
	if p.RequestID != "" && !ValidRequestID(p.RequestID) {
		add("RequestID", "request-id", "must be 1 to 36 characters of A-Z, a-z, 0-9, _ and -")
	}
	if p.Currency != "" && p.Currency != Currency {
		add("Currency", "currency", "must be EUR")
	}
	if p.Purpose == "" {
		add("Purpose", "purpose.required", "required")
	} else if n := utf8.RuneCountInString(p.Purpose); n > maxPurpose {
		add("Purpose", "purpose.length", "%d characters, at most %d", n, maxPurpose)
	} else if i := invalidChar(purpose.Charset, p.Purpose); i >= 0 {
		add("Purpose", "purpose.charset", "character at position %d is outside the allowed character set", i)
	}
	text("Description", "description", p.Description)
	if u, err := url.Parse(p.RedirectURL); p.RedirectURL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		add("RedirectURL", "redirect-url", "must be an absolute http or https URL")
	} else if len(p.RedirectURL) > MaxRedirectURLLen {
		add("RedirectURL", "redirect-url", "longer than %d characters", MaxRedirectURLLen)
	}
	switch n := len(p.Items); {
	case n == 0:
		add("Items", "items.count", "at least one item required")
	case n > MaxItems:
		add("Items", "items.count", "%d items, at most %d", n, MaxItems)
	}
	sum := decimal.Zero
	itemsOK := true
	for i, it := range p.Items {
		f := fmt.Sprintf("Items[%d]", i)
		if !ValidRequestID(it.ID) {
			add(f+".ID", "item.id", "must be 1 to 36 characters of A-Z, a-z, 0-9, _ and -")
		}
		if it.Reference != "" && !ValidRequestID(it.Reference) {
			add(f+".Reference", "item.reference", "must be up to 36 characters of A-Z, a-z, 0-9, _ and -")
		}
		text(f+".Description", "item.description", it.Description)
		if it.Quantity < 1 || it.Quantity > MaxQuantity {
			add(f+".Quantity", "item.quantity", "must be 1 to %d", MaxQuantity)
		}
		ok := true
		for _, a := range []struct {
			name string
			d    decimal.Decimal
		}{{"SingleNet", it.SingleNet}, {"SingleTax", it.SingleTax}, {"TotalNet", it.TotalNet}, {"TotalTax", it.TotalTax}} {
			if msg := CheckAmount(a.d); msg != "" {
				add(f+"."+a.name, "amount", "%s", msg)
				ok = false
			}
		}
		if it.TaxRate.IsNegative() || it.TaxRate.GreaterThan(hundred) {
			add(f+".TaxRate", "item.tax-rate", "must be between 0 and 100")
			ok = false
		}
		if !ok || it.Quantity < 1 || it.Quantity > MaxQuantity {
			itemsOK = false
			continue
		}
		q := decimal.NewFromInt(int64(it.Quantity))
		if !it.SingleNet.Mul(q).Equal(it.TotalNet) {
			add(f+".TotalNet", "item.total-net", "is not Quantity × SingleNet")
		}
		if !it.SingleTax.Mul(q).Equal(it.TotalTax) {
			add(f+".TotalTax", "item.total-tax", "is not Quantity × SingleTax")
		}
		want := it.SingleNet.Mul(it.TaxRate).Div(hundred).Round(2)
		if want.Sub(it.SingleTax).Abs().GreaterThan(cent) {
			add(f+".SingleTax", "item.tax", "does not match TaxRate × SingleNet")
		}
		if it.Booking.IsZero() {
			add(f+".Booking", "item.booking", "booking data required (Haushaltsstelle, Objektnummer, Kassenzeichen or Extra)")
		}
		sum = sum.Add(it.TotalNet).Add(it.TotalTax)
	}
	if msg := CheckAmount(p.Amount); msg != "" {
		add("Amount", "amount", "%s", msg)
	} else if !p.Amount.IsZero() && len(p.Items) > 0 && itemsOK && !p.Amount.Equal(sum) {
		add("Amount", "amount.sum", "is not the sum of the items' net and tax amounts")
	} else if p.Amount.IsZero() && itemsOK && sum.IsZero() {
		add("Amount", "amount.positive", "must be greater than zero")
	} else if p.Amount.IsZero() && itemsOK && sum.GreaterThan(MaxAmount) {
		add("Amount", "amount", "the sum of the items is more than 999999")
	}
	if r := p.Requestor; r != nil {
		if r.Email != "" {
			if _, err := mail.ParseAddress(r.Email); err != nil {
				add("Requestor.Email", "requestor.email", "not an e-mail address")
			}
		}
		if a := r.Address; a != nil && a.Country != "" {
			if len(a.Country) != 2 || strings.ToUpper(a.Country) != a.Country || !isLetters(a.Country) {
				add("Requestor.Address.Country", "address.country", "must be an ISO 3166-1 alpha-2 code")
			}
		}
	}
	if len(vs) > 0 {
		return &ValidationError{Violations: vs}
	}
	return nil
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
