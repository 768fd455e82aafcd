package driver

import (
	"context"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// Provider is a payment platform. Implementations must be safe for
// concurrent use.
type Provider interface {
	// Create registers a payment. The request has been validated and carries
	// a request id. Create must be idempotent per RequestID: when a payment
	// with this RequestID exists, it returns that payment (not a second one);
	// when the existing payment differs in amount or currency, it returns an
	// error that ErrorCode maps to ozg.AlreadyExists.
	Create(ctx context.Context, req *CreateRequest) (*Transaction, error)

	// Get returns the current state of the payment with the provider's id.
	// An unknown id gives an error ErrorCode maps to ozg.NotFound.
	Get(ctx context.Context, id string) (*Transaction, error)

	// ErrorCode classifies an error returned by this provider. Errors the
	// provider does not recognise are ozg.Unknown; context errors are
	// ozg.Canceled and ozg.DeadlineExceeded; transient failures (timeouts,
	// 5xx, dropped connections) are ozg.Unavailable, which payment.Client
	// retries.
	ErrorCode(err error) ozg.Code
}

// Canceler is implemented by providers that can cancel an open payment.
type Canceler interface {
	// Cancel cancels the open payment with the provider's id and returns
	// its new state. Canceling a payment that is no longer open is an error
	// with code ozg.FailedPrecondition.
	Cancel(ctx context.Context, id string) (*Transaction, error)
}

// Refunder is implemented by providers that can refund a paid payment.
// XBezahldienste 1.0.0 has no refunds.
type Refunder interface {
	// Refund refunds amount (positive, at most the paid amount) of the paid
	// payment with the provider's id and returns its new state.
	Refund(ctx context.Context, id string, amount decimal.Decimal) (*Transaction, error)
}

// Status is the portable state of a payment. The state machine is the same
// for every provider:
//
//	Created → Pending → Paid | Failed | Canceled | Expired
//	Created → Paid | Failed | Canceled | Expired
//	Paid → Refunded
//
// Paid is terminal unless the provider can refund; Failed, Canceled, Expired
// and Refunded are terminal.
type Status string

// The states.
const (
	StatusCreated  Status = "Created"  // registered at the provider; the citizen has not paid yet
	StatusPending  Status = "Pending"  // the citizen is paying; the outcome is open
	StatusPaid     Status = "Paid"     // paid
	StatusFailed   Status = "Failed"   // the payment failed or was declined
	StatusCanceled Status = "Canceled" // canceled by the citizen or the authority
	StatusExpired  Status = "Expired"  // not completed in time
	StatusRefunded Status = "Refunded" // reserved: paid and refunded
)

var transitions = map[Status][]Status{
	StatusCreated: {StatusPending, StatusPaid, StatusFailed, StatusCanceled, StatusExpired},
	StatusPending: {StatusPaid, StatusFailed, StatusCanceled, StatusExpired},
	StatusPaid:    {StatusRefunded},
}

// Valid reports whether s is one of the defined states.
func (s Status) Valid() bool {
	switch s {
	case StatusCreated, StatusPending, StatusPaid, StatusFailed, StatusCanceled, StatusExpired, StatusRefunded:
		return true
	}
	return false
}

// Open reports whether the payment may still change to Paid: Created or
// Pending.
func (s Status) Open() bool { return s == StatusCreated || s == StatusPending }

// Terminal reports whether no further change is expected: every state but
// Created and Pending (a Paid payment can only still be refunded).
func (s Status) Terminal() bool { return s.Valid() && !s.Open() }

// CanTransition reports whether the state machine allows the change from s
// to next. Staying in the same state is allowed.
func (s Status) CanTransition(next Status) bool {
	if s == next {
		return s.Valid()
	}
	for _, t := range transitions[s] {
		if t == next {
			return true
		}
	}
	return false
}

// CreateRequest is a validated payment request. Amounts are EUR with two
// fraction digits; the sums are consistent (see payment.CreateParams).
type CreateRequest struct {
	RequestID   string          // idempotency key, 1 to 36 of [A-Za-z0-9_-]
	RequestTime time.Time       // when the request was made
	Currency    string          // "EUR"
	Amount      decimal.Decimal // gross total
	Purpose     string          // Verwendungszweck, already cleaned
	Description string          // shown to the citizen, up to 250 characters
	RedirectURL string          // where the payment page sends the citizen back
	Items       []LineItem      // 1 to 99 items
	Requestor   *Requestor      // the payer, optional
}

// LineItem is one position of a payment (a fee, a charge).
type LineItem struct {
	ID          string          // the item's id in the online service
	Reference   string          // reference, e.g. the fee's number in the fee schedule
	Description string          // text
	Quantity    int             // at least 1
	TaxRate     decimal.Decimal // percent, e.g. 19; zero for fees without VAT
	SingleNet   decimal.Decimal // net amount per unit
	SingleTax   decimal.Decimal // tax per unit
	TotalNet    decimal.Decimal // Quantity × SingleNet
	TotalTax    decimal.Decimal // Quantity × SingleTax
	Booking     BookingData     // where the cash office books it
}

// BookingData tells the authority's cash office (Kasse) where to book an
// item. Which keys an operator requires differs; Extra carries any others.
type BookingData struct {
	Haushaltsstelle string            // budget item (Haushaltsstelle) of the public budget
	Objektnummer    string            // object number (Objektnummer) in the cash system
	Kassenzeichen   string            // cash reference (Kassenzeichen) or HREF that identifies the claim
	Extra           map[string]string // further keys, sent as they are
}

// IsZero reports whether b carries no data.
func (b BookingData) IsZero() bool {
	return b.Haushaltsstelle == "" && b.Objektnummer == "" && b.Kassenzeichen == "" && len(b.Extra) == 0
}

// Requestor is the person or organisation paying.
type Requestor struct {
	ID      string   // the payer's id in the online service
	Name    string   // name
	Email   string   // e-mail address
	Address *Address // postal address, optional
}

// Address is a postal address.
type Address struct {
	Street      string   // street
	HouseNumber string   // house number
	Lines       []string // generic address lines for international addresses
	PostalCode  string   // postal code
	City        string   // city
	Country     string   // ISO 3166-1 alpha-2, e.g. "DE"
}

// Transaction is a payment as the provider reports it.
type Transaction struct {
	ID             string          // the provider's transaction id
	RequestID      string          // the request id it was created with
	Reference      string          // the provider's human-readable reference, if any
	Status         Status          // the portable state
	ProviderStatus string          // the provider's own status, e.g. "INITIAL"
	StatusDetail   string          // the provider's explanation, if any
	Method         string          // payment method, e.g. "GIROPAY", once known
	MethodDetail   string          // detail of the method, if any
	Amount         decimal.Decimal // gross amount
	Currency       string          // "EUR"
	PaymentURL     string          // where to send the citizen to pay
	StatusURL      string          // the provider's URL of this transaction, if any
	Created        time.Time       // when the provider created it (zero if unknown)
	Updated        time.Time       // when the provider last changed it (zero if unknown)
}
