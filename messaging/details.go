package messaging

import (
	"regexp"
	"strings"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/shopspring/decimal"
)

// The patterns of FIT-Connect metadata 1.0.0 that Send checks before it
// announces a submission, so a submission a provider would refuse is not
// announced in the first place.
var (
	reTransactionID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,36}$`)
	reSemver        = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)
	reAuthContent   = regexp.MustCompile(`^[a-zA-Z0-9_\-.]+$`)
	reElsterAccount = regexp.MustCompile(`^[0-9]{10}$`)
	reFINKRef       = regexp.MustCompile(`^[-._a-z0-9~/]{1,150}$`)
)

var (
	paymentMethods = []driver.PaymentMethod{driver.PaymentGiropay, driver.PaymentPaydirect, driver.PaymentCreditCard,
		driver.PaymentPayPal, driver.PaymentInvoice, driver.PaymentOther}
	paymentStates = []driver.PaymentStatus{driver.PaymentInitial, driver.PaymentBooked, driver.PaymentFailed, driver.PaymentCanceled}
	cent          = decimal.New(1, -2)
)

func oneOf[T ~string](v T, allowed []T) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

func list[T ~string](allowed []T) string {
	s := make([]string, len(allowed))
	for i, a := range allowed {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// checkDetails checks the details against the rules of FIT-Connect
// metadata 1.0.0 that do not depend on a provider: required members, code
// lists, patterns. The error names the field.
func checkDetails(d *Details) error {
	if p := d.Payment; p != nil {
		switch {
		case !reTransactionID.MatchString(p.TransactionID):
			return invalid("Payment.TransactionID (paymentInformation.transactionId) %q: want 1 to 36 letters, digits, _ or -", p.TransactionID)
		case p.TransactionReference == "":
			return invalid("Payment.TransactionReference (paymentInformation.transactionReference) is required")
		case !oneOf(p.Method, paymentMethods):
			return invalid("Payment.Method (paymentInformation.paymentMethod) %q: want one of %s", p.Method, list(paymentMethods))
		case p.MethodDetail != "" && !reTransactionID.MatchString(p.MethodDetail):
			return invalid("Payment.MethodDetail (paymentInformation.paymentMethodDetail) %q: want 1 to 36 letters, digits, _ or -", p.MethodDetail)
		case !oneOf(p.Status, paymentStates):
			return invalid("Payment.Status (paymentInformation.status) %q: want one of %s", p.Status, list(paymentStates))
		case !p.GrossAmount.IsZero() && (p.GrossAmount.LessThan(cent) || !p.GrossAmount.Equal(p.GrossAmount.Truncate(2))):
			return invalid("Payment.GrossAmount (paymentInformation.grossAmount) %s: want at least 0.01 in whole cents", p.GrossAmount)
		}
	}
	if d.Authentication != nil && len(d.Authentication) == 0 {
		return invalid("Authentication (authenticationInformation) is empty: leave it nil or give at least one proof")
	}
	for i, a := range d.Authentication {
		switch {
		case a.Type != driver.AuthIdentificationReport:
			return invalid("Authentication[%d].Type (authenticationInformation.type) %q: want %s", i, a.Type, driver.AuthIdentificationReport)
		case !reSemver.MatchString(a.Version):
			return invalid("Authentication[%d].Version (authenticationInformation.version) %q: want a semantic version such as 1.0.0", i, a.Version)
		case !reAuthContent.MatchString(a.Content):
			return invalid("Authentication[%d].Content (authenticationInformation.content): want a non-empty base64url string (letters, digits, -, _, .)", i)
		}
	}
	if r := d.ReplyChannel; r != nil {
		n := 0
		for _, set := range []bool{r.EMail != nil, r.DeMail != nil, r.FINK != nil, r.Elster != nil} {
			if set {
				n++
			}
		}
		switch {
		case n != 1:
			return invalid("ReplyChannel (replyChannel) has %d channels: want exactly one", n)
		case r.EMail != nil && !strings.Contains(r.EMail.Address, "@"):
			return invalid("ReplyChannel.EMail.Address (replyChannel.eMail.address) is not an e-mail address")
		case r.EMail != nil && r.EMail.PGPPublicKey != "" && !strings.HasPrefix(r.EMail.PGPPublicKey, "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n"):
			return invalid("ReplyChannel.EMail.PGPPublicKey (replyChannel.eMail.pgpPublicKey) is not an ASCII-armoured PGP public key")
		case r.DeMail != nil && !strings.Contains(r.DeMail.Address, "@"):
			return invalid("ReplyChannel.DeMail.Address (replyChannel.deMail.address) is not an e-mail address")
		case r.FINK != nil && !reFINKRef.MatchString(r.FINK.PostfachRef):
			return invalid("ReplyChannel.FINK.PostfachRef (replyChannel.fink.finkPostfachRef): want 1 to 150 of a-z 0-9 - . _ ~ /")
		case r.Elster != nil && !reElsterAccount.MatchString(r.Elster.AccountID):
			return invalid("ReplyChannel.Elster.AccountID (replyChannel.elster.accountId): want ten digits")
		case r.Elster != nil && len([]rune(r.Elster.Geschaeftszeichen)) > 10:
			return invalid("ReplyChannel.Elster.Geschaeftszeichen (replyChannel.elster.geschaeftszeichen): at most 10 characters")
		}
	}
	return nil
}
