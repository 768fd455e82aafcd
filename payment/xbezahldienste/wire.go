package xbezahldienste

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
)

// Amount is a money amount on the wire: a JSON number with two fraction
// digits when writing; a number or a numeric string when reading.
type Amount struct{ decimal.Decimal }

// MarshalJSON writes the amount as a JSON number with two fraction digits.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.StringFixed(2)), nil }

// UnmarshalJSON reads a JSON number or a string holding one.
func (a *Amount) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		a.Decimal = decimal.Zero
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		b = []byte(s)
	}
	if len(b) > 64 {
		return fmt.Errorf("amount too long")
	}
	d, err := decimal.NewFromString(string(b))
	if err != nil {
		return fmt.Errorf("amount: not a number")
	}
	// Refuse exponents no amount has: formatting 1e999999999 would
	// allocate a billion digits.
	if e := d.Exponent(); e < -18 || e > 18 {
		return fmt.Errorf("amount: exponent out of range")
	}
	a.Decimal = d
	return nil
}

// PaymentRequest is the request of XBezahldienste 1.0.0 (POST
// /paymenttransaction/{originatorId}/{endPointId}).
type PaymentRequest struct {
	RequestID        string        `json:"requestId"`             // the online service's id of the request, ≤ 36 of [A-Za-z0-9_-]
	RequestTimestamp string        `json:"requestTimestamp"`      // when the request was made (RFC 3339)
	Currency         string        `json:"currency"`              // "EUR"
	GrosAmount       Amount        `json:"grosAmount"`            // gross total; the standard's spelling
	Purpose          string        `json:"purpose"`               // Verwendungszweck, ≤ 27 characters
	Description      string        `json:"description,omitempty"` // shown to the citizen, ≤ 250 characters
	RedirectURL      string        `json:"redirectUrl"`           // where the payment page sends the citizen back
	Items            []PaymentItem `json:"items"`                 // 1 to 99 positions
	Requestor        *Requestor    `json:"requestor,omitempty"`   // the payer
}

// UnmarshalJSON reads a PaymentRequest, accepting "grossAmount" as well as
// the standard's "grosAmount".
func (r *PaymentRequest) UnmarshalJSON(b []byte) error {
	type plain PaymentRequest
	var v struct {
		plain
		GrossAmount *Amount `json:"grossAmount"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*r = PaymentRequest(v.plain)
	if v.GrossAmount != nil && r.GrosAmount.IsZero() {
		r.GrosAmount = *v.GrossAmount
	}
	return nil
}

// PaymentItem is one position of a PaymentRequest.
type PaymentItem struct {
	ID              string            `json:"id"`                    // the item's id
	Reference       string            `json:"reference,omitempty"`   // reference, e.g. fee number
	Description     string            `json:"description,omitempty"` // text
	TaxRate         Amount            `json:"taxRate"`               // percent
	Quantity        int               `json:"quantity"`              // at least 1
	TotalNetAmount  Amount            `json:"totalNetAmount"`        // quantity × singleNetAmount
	TotalTaxAmount  Amount            `json:"totalTaxAmount"`        // quantity × singleTaxAmount
	SingleNetAmount Amount            `json:"singleNetAmount"`       // net per unit
	SingleTaxAmount Amount            `json:"singleTaxAmount"`       // tax per unit
	BookingData     map[string]string `json:"bookingData,omitempty"` // booking keys for the cash office
}

// Requestor is the payer.
type Requestor struct {
	ID      string   `json:"id,omitempty"`      // the payer's id in the online service
	Name    string   `json:"name,omitempty"`    // name
	Email   string   `json:"email,omitempty"`   // e-mail address
	Address *Address `json:"address,omitempty"` // postal address
}

// Address is a postal address.
type Address struct {
	Street      string   `json:"street,omitempty"`      // Straße
	HouseNumber string   `json:"houseNumber,omitempty"` // Hausnummer
	AddressLine []string `json:"addressLine,omitempty"` // generic lines for international addresses
	PostalCode  string   `json:"postalCode,omitempty"`  // Postleitzahl
	City        string   `json:"city,omitempty"`        // Ort
	Country     string   `json:"country,omitempty"`     // ISO 3166-1 alpha-2
}

// PaymentMethod is how the citizen paid.
type PaymentMethod string

// The payment methods of XBezahldienste 1.0.0.
const (
	MethodGiropay    PaymentMethod = "GIROPAY"
	MethodPaydirect  PaymentMethod = "PAYDIRECT"
	MethodCreditCard PaymentMethod = "CREDITCARD"
	MethodPayPal     PaymentMethod = "PAYPAL"
	MethodOther      PaymentMethod = "OTHER"
)

// Status is the state of a transaction in XBezahldienste 1.0.0.
type Status string

// The states of XBezahldienste 1.0.0 ("PAYED" is the standard's spelling).
const (
	StatusInitial  Status = "INITIAL"
	StatusPayed    Status = "PAYED"
	StatusCanceled Status = "CANCELED"
	StatusFailed   Status = "FAILED"
)

// PaymentInformation is the platform's part of a transaction.
type PaymentInformation struct {
	TransactionURL         string        `json:"transactionUrl,omitempty"`         // REST URL of the transaction for status queries
	TransactionRedirectURL string        `json:"transactionRedirectUrl,omitempty"` // payment page to send the citizen to
	TransactionID          string        `json:"transactionId,omitempty"`          // the platform's id, ≤ 36 of [A-Za-z0-9_-]
	TransactionReference   string        `json:"transactionReference,omitempty"`   // the platform's reference
	TransactionTimestamp   string        `json:"transactionTimestamp,omitempty"`   // when the transaction was created or changed
	PaymentMethod          PaymentMethod `json:"paymentMethod,omitempty"`          // how the citizen paid
	PaymentMethodDetail    string        `json:"paymentMethodDetail,omitempty"`    // detail of the method
	Status                 Status        `json:"status,omitempty"`                 // INITIAL, PAYED, CANCELED, FAILED
	StatusDetail           string        `json:"statusDetail,omitempty"`           // explanation
}

// PaymentTransaction is the response of creating or reading a transaction:
// the request as registered and the platform's information.
type PaymentTransaction struct {
	PaymentRequest     *PaymentRequest     `json:"paymentRequest,omitempty"`
	PaymentInformation *PaymentInformation `json:"paymentInformation,omitempty"`
}
