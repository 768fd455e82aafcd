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

// Limits of XBezahldienste 1.0.0, which the portable API adopts.
const (
	MaxRequestIDLen   = 36
	MaxDescriptionLen = 250
	MaxItems          = 99
)

// ValidRequestID reports whether id is 1 to 36 characters of [A-Za-z0-9-],
// the form of request, originator and endpoint ids in XBezahldienste.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// CheckAmount reports whether d is a valid EUR amount: not negative and at
// most two fraction digits. It returns a message or "".
func CheckAmount(d decimal.Decimal) string {
	if d.IsNegative() {
		return "must not be negative"
	}
	if !d.Equal(d.Truncate(2)) {
		return "more than two fraction digits"
	}
	return ""
}

var hundred = decimal.NewFromInt(100)
var cent = decimal.New(1, -2)

// Validate checks p as Create would after filling in defaults (with the
// purpose limit maxPurpose; 0 means 27) and returns a *ValidationError
// listing every violation, or nil. The sum check runs before anything is
// sent: each item's totals must be quantity × single amounts, each tax must
// match its rate to the cent, and the gross amount must be the sum of net
// and tax over all items.
func (p *CreateParams) Validate(maxPurpose int) error {
	if maxPurpose <= 0 {
		maxPurpose = PurposeXBezahldienste
	}
	var vs []Violation
	add := func(field, rule, format string, args ...any) {
		vs = append(vs, Violation{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	if p.RequestID != "" && !ValidRequestID(p.RequestID) {
		add("RequestID", "request-id", "must be 1 to 36 characters of A-Z, a-z, 0-9 and -")
	}
	if p.Currency != "" && p.Currency != Currency {
		add("Currency", "currency", "must be EUR")
	}
	if p.Purpose == "" {
		add("Purpose", "purpose.required", "required")
	} else if n := utf8.RuneCountInString(p.Purpose); n > maxPurpose {
		add("Purpose", "purpose.length", "%d characters, at most %d", n, maxPurpose)
	} else if i := invalidSEPAChar(p.Purpose); i >= 0 {
		add("Purpose", "purpose.charset", "character at position %d is outside the SEPA character set", i)
	}
	if n := utf8.RuneCountInString(p.Description); n > MaxDescriptionLen {
		add("Description", "description.length", "%d characters, at most %d", n, MaxDescriptionLen)
	}
	if u, err := url.Parse(p.RedirectURL); p.RedirectURL == "" || err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		add("RedirectURL", "redirect-url", "must be an absolute http or https URL")
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
		if it.Quantity < 1 {
			add(f+".Quantity", "item.quantity", "must be at least 1")
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
		if !ok || it.Quantity < 1 {
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
	} else if p.Amount.IsZero() && sum.IsZero() && itemsOK {
		add("Amount", "amount.positive", "must be greater than zero")
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
