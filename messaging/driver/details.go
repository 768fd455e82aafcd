package driver

import (
	"time"

	"github.com/shopspring/decimal"
)

// Details are the optional parts of a submission's metadata that the
// online service supplies besides data, attachments and service: the
// payment, the proofs of identification, the channel for replies and the
// sender's reference. They correspond to the members paymentInformation,
// authenticationInformation, replyChannel and additionalReferenceInfo of
// FIT-Connect metadata 1.0.0; a driver carries them to the recipient and
// returns them from Fetch. A nil or empty part is absent.
type Details struct {
	Payment        *Payment         // metadata paymentInformation
	Authentication []Authentication // metadata authenticationInformation
	ReplyChannel   *ReplyChannel    // metadata replyChannel
	Reference      *ReferenceInfo   // metadata additionalReferenceInfo
}

// Clone returns a deep copy of the details.
func (d Details) Clone() Details {
	c := Details{}
	if d.Payment != nil {
		p := *d.Payment
		c.Payment = &p
	}
	if d.Authentication != nil {
		c.Authentication = append([]Authentication(nil), d.Authentication...)
	}
	if r := d.ReplyChannel; r != nil {
		c.ReplyChannel = &ReplyChannel{}
		if r.EMail != nil {
			v := *r.EMail
			c.ReplyChannel.EMail = &v
		}
		if r.DeMail != nil {
			v := *r.DeMail
			c.ReplyChannel.DeMail = &v
		}
		if r.FINK != nil {
			v := *r.FINK
			c.ReplyChannel.FINK = &v
		}
		if r.Elster != nil {
			v := *r.Elster
			c.ReplyChannel.Elster = &v
		}
	}
	if d.Reference != nil {
		r := *d.Reference
		c.Reference = &r
	}
	return c
}

// PaymentMethod is the payment method the applicant chose (metadata
// paymentInformation.paymentMethod).
type PaymentMethod string

// The payment methods of FIT-Connect metadata 1.0.0.
const (
	PaymentGiropay    PaymentMethod = "GIROPAY"
	PaymentPaydirect  PaymentMethod = "PAYDIRECT"
	PaymentCreditCard PaymentMethod = "CREDITCARD"
	PaymentPayPal     PaymentMethod = "PAYPAL"
	PaymentInvoice    PaymentMethod = "INVOICE"
	PaymentOther      PaymentMethod = "OTHER"
)

// PaymentStatus is the state of the payment transaction (metadata
// paymentInformation.status).
type PaymentStatus string

// The payment states of FIT-Connect metadata 1.0.0.
const (
	PaymentInitial  PaymentStatus = "INITIAL"  // transaction created, nothing paid yet
	PaymentBooked   PaymentStatus = "BOOKED"   // the applicant authorised the payment
	PaymentFailed   PaymentStatus = "FAILED"   // the payment service aborted it
	PaymentCanceled PaymentStatus = "CANCELED" // the applicant cancelled it
)

// Payment is what the payment service (e.g. an XBezahldienste platform)
// reported for the fee of a submission: metadata paymentInformation.
type Payment struct {
	// TransactionID is the payment service's transaction ID
	// (transactionId; required; letters, digits, _ and -, at most 36).
	TransactionID string
	// TransactionReference is the payment reference, e.g. the
	// Kassenzeichen (transactionReference; required).
	TransactionReference string
	// TransactionURL is the REST URL of the transaction for status
	// queries (transactionUrl; optional).
	TransactionURL string
	// TransactionTimestamp is when the payment succeeded
	// (transactionTimestamp; zero = absent).
	TransactionTimestamp time.Time
	// Method is the payment method (paymentMethod; required).
	Method PaymentMethod
	// MethodDetail explains the method, e.g. the card brand
	// (paymentMethodDetail; optional).
	MethodDetail string
	// Status is the state of the transaction (status; required).
	Status PaymentStatus
	// GrossAmount is the gross amount in euros, whole cents
	// (grossAmount; zero = absent).
	GrossAmount decimal.Decimal
}

// AuthenticationType is the kind of a proof of identification (metadata
// authenticationInformation[].type).
type AuthenticationType string

// AuthIdentificationReport is the identification report of a service
// account (BundID, Unternehmenskonto): the only type of metadata 1.0.0.
const AuthIdentificationReport AuthenticationType = "identificationReport"

// Authentication is one proof of identification: an item of metadata
// authenticationInformation.
type Authentication struct {
	Type    AuthenticationType // type; required
	Version string             // version: semver of the proof's format, e.g. 1.0.0; required
	// Content is the proof as a base64url string; JWS compact
	// serialisations (dots) are allowed (content; required).
	Content string
}

// ReplyChannel is how the authority can answer the applicant: metadata
// replyChannel. Exactly one of its members is set.
type ReplyChannel struct {
	EMail  *EMailChannel  // eMail
	DeMail *DeMailChannel // deMail
	FINK   *FINKChannel   // fink: a postbox of an interoperable service account
	Elster *ElsterChannel // elster
}

// EMailChannel is replyChannel.eMail.
type EMailChannel struct {
	Address      string // address; required
	PGPPublicKey string // pgpPublicKey: an ASCII-armoured PGP public key; optional
}

// DeMailChannel is replyChannel.deMail.
type DeMailChannel struct {
	Address string // address; required
}

// FINKChannel is replyChannel.fink: a postbox of an interoperable
// service account (FINK.PFISK).
type FINKChannel struct {
	PostfachRef string // finkPostfachRef: the postbox address, e.g. hh/by/12345; required
	Host        string // host: URL of the service account holding the postbox; optional
}

// ElsterChannel is replyChannel.elster.
type ElsterChannel struct {
	AccountID         string // accountId: ten digits; required
	LieferTicket      string // lieferTicket; optional
	Geschaeftszeichen string // geschaeftszeichen (file number, at most 10 characters); optional
}

// ReferenceInfo is metadata additionalReferenceInfo.
type ReferenceInfo struct {
	// SenderReference identifies the case in the sending system, e.g. the
	// application ID (senderReference; optional).
	SenderReference string
	// ApplicationDate is the day the applicant applied, not necessarily
	// the day of the submission (applicationDate, YYYY-MM-DD in the
	// time's location; zero = absent). Only the day is carried: a
	// receiving driver may return midnight UTC of it.
	ApplicationDate time.Time
}
