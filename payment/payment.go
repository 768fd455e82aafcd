package payment

import (
	"time"

	"github.com/ozg-baukasten/baukasten/payment/driver"
	"github.com/shopspring/decimal"
)

// Currency is the only currency the state payment platforms accept.
const Currency = "EUR"

// Status is the portable state of a payment; see driver.Status for the
// state machine.
type Status = driver.Status

// The states, re-exported from package driver.
const (
	StatusCreated  = driver.StatusCreated
	StatusPending  = driver.StatusPending
	StatusPaid     = driver.StatusPaid
	StatusFailed   = driver.StatusFailed
	StatusCanceled = driver.StatusCanceled
	StatusExpired  = driver.StatusExpired
	StatusRefunded = driver.StatusRefunded
)

// LineItem is one position of a payment; see driver.LineItem.
type LineItem = driver.LineItem

// BookingData tells the cash office where to book an item; see
// driver.BookingData.
type BookingData = driver.BookingData

// Requestor is the payer; see driver.Requestor.
type Requestor = driver.Requestor

// Address is a postal address; see driver.Address.
type Address = driver.Address

// CreateParams describes a payment to create.
type CreateParams struct {
	// RequestID is the idempotency key: a retry with the same RequestID
	// never creates a second payment. Up to 36 characters of [A-Za-z0-9_-];
	// when empty, Create generates a UUID and returns it in
	// Payment.RequestID. Store it before calling Create if the call may
	// be repeated after a crash.
	RequestID string

	// RequestTime is when the request was made; zero means now.
	RequestTime time.Time

	// Currency must be "EUR" or empty (meaning EUR).
	Currency string

	// Amount is the gross total in EUR with at most two fraction digits.
	// Zero means the sum of the items; otherwise it must equal that sum.
	Amount decimal.Decimal

	// Purpose is the Verwendungszweck on the citizen's bank statement. It
	// is cleaned to the provider's character set and must fit its length
	// (27 for XBezahldienste) unless ClientOptions.Purpose says to
	// truncate; see CleanPurpose.
	Purpose string

	// Description is shown to the citizen on the payment page; up to 250
	// characters of letters (including ä, ß, é …), digits, whitespace and
	// _ - , . (see CleanDescription).
	Description string

	// RedirectURL is the absolute http(s) URL the payment page sends the
	// citizen back to, typically served by ReturnHandler.
	RedirectURL string

	// Items are the positions, 1 to 99.
	Items []LineItem

	// Requestor is the payer, optional.
	Requestor *Requestor
}

// Payment is a payment as the provider last reported it.
type Payment struct {
	ID             string          // the provider's transaction id
	RequestID      string          // the idempotency key it was created with
	Reference      string          // the provider's reference, if any
	Status         Status          // the portable state
	ProviderStatus string          // the provider's own status, e.g. "PAYED"
	StatusDetail   string          // the provider's explanation, if any
	Method         string          // payment method once known, e.g. "PAYPAL"
	MethodDetail   string          // detail of the method
	Amount         decimal.Decimal // gross amount in Currency
	Currency       string          // "EUR"
	PaymentURL     string          // send the citizen here to pay
	StatusURL      string          // the provider's URL of the transaction
	Created        time.Time       // when the provider created it (zero if unknown)
	Updated        time.Time       // when the provider last changed it (zero if unknown)
}

func fromTransaction(t *driver.Transaction) *Payment {
	return &Payment{
		ID:             t.ID,
		RequestID:      t.RequestID,
		Reference:      t.Reference,
		Status:         t.Status,
		ProviderStatus: t.ProviderStatus,
		StatusDetail:   t.StatusDetail,
		Method:         t.Method,
		MethodDetail:   t.MethodDetail,
		Amount:         t.Amount,
		Currency:       t.Currency,
		PaymentURL:     t.PaymentURL,
		StatusURL:      t.StatusURL,
		Created:        t.Created,
		Updated:        t.Updated,
	}
}
