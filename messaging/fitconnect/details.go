package fitconnect

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
)

// replyChannel is the JSON shape of metadata 1.0.0 replyChannel.
type replyChannel struct {
	EMail  *replyEMail  `json:"eMail,omitempty"`
	DeMail *replyDeMail `json:"deMail,omitempty"`
	FINK   *replyFINK   `json:"fink,omitempty"`
	Elster *replyElster `json:"elster,omitempty"`
}

type replyEMail struct {
	Address      string `json:"address"`
	PGPPublicKey string `json:"pgpPublicKey,omitempty"`
}

type replyDeMail struct {
	Address string `json:"address"`
}

type replyFINK struct {
	PostfachRef string `json:"finkPostfachRef"`
	Host        string `json:"host,omitempty"`
}

type replyElster struct {
	AccountID         string `json:"accountId"`
	LieferTicket      string `json:"lieferTicket,omitempty"`
	Geschaeftszeichen string `json:"geschaeftszeichen,omitempty"`
}

// dateLayout is the JSON Schema format "date" (RFC 3339 full-date).
const dateLayout = "2006-01-02"

// setDetails writes the portable details into the metadata members
// paymentInformation, authenticationInformation, replyChannel and
// additionalReferenceInfo. Marshal validates the result.
func setDetails(m *Metadata, d *driver.Details) {
	if p := d.Payment; p != nil {
		pi := &PaymentInformation{TransactionURL: p.TransactionURL, TransactionID: p.TransactionID,
			TransactionReference: p.TransactionReference, PaymentMethod: string(p.Method),
			PaymentMethodDetail: p.MethodDetail, Status: string(p.Status)}
		if !p.TransactionTimestamp.IsZero() {
			pi.TransactionTimestamp = p.TransactionTimestamp.Format(time.RFC3339Nano)
		}
		if !p.GrossAmount.IsZero() {
			pi.GrossAmount = &Amount{p.GrossAmount}
		}
		m.PaymentInformation = pi
	}
	for _, a := range d.Authentication {
		m.AuthenticationInformation = append(m.AuthenticationInformation,
			AuthenticationInformation{Type: string(a.Type), Version: a.Version, Content: a.Content})
	}
	if r := d.ReplyChannel; r != nil {
		var rc replyChannel
		if r.EMail != nil {
			rc.EMail = &replyEMail{r.EMail.Address, r.EMail.PGPPublicKey}
		}
		if r.DeMail != nil {
			rc.DeMail = &replyDeMail{r.DeMail.Address}
		}
		if r.FINK != nil {
			rc.FINK = &replyFINK{r.FINK.PostfachRef, r.FINK.Host}
		}
		if r.Elster != nil {
			rc.Elster = &replyElster{r.Elster.AccountID, r.Elster.LieferTicket, r.Elster.Geschaeftszeichen}
		}
		m.ReplyChannel, _ = json.Marshal(&rc) // plain strings: cannot fail
	}
	if r := d.Reference; r != nil {
		ri := &AdditionalReferenceInfo{SenderReference: r.SenderReference}
		if !r.ApplicationDate.IsZero() {
			ri.ApplicationDate = r.ApplicationDate.Format(dateLayout)
		}
		m.AdditionalReferenceInfo = ri
	}
}

// detailsOf reads the details from validated metadata. Values the schema
// admits but Go cannot represent (a leap second) are a *MetadataError; a
// reply channel of a kind the schema does not define is left out (it
// stays in the raw metadata).
func detailsOf(m *Metadata) (driver.Details, error) {
	var d driver.Details
	bad := func(path string, err error) (driver.Details, error) {
		return driver.Details{}, &MetadataError{Schema: m.Schema, Violations: []Violation{{Path: path, Rule: "format", Message: err.Error()}}}
	}
	if pi := m.PaymentInformation; pi != nil {
		p := &driver.Payment{TransactionID: pi.TransactionID, TransactionReference: pi.TransactionReference,
			TransactionURL: pi.TransactionURL, Method: driver.PaymentMethod(pi.PaymentMethod),
			MethodDetail: pi.PaymentMethodDetail, Status: driver.PaymentStatus(pi.Status)}
		if pi.TransactionTimestamp != "" {
			t, err := time.Parse(time.RFC3339Nano, pi.TransactionTimestamp)
			if err != nil {
				return bad("/paymentInformation/transactionTimestamp", err)
			}
			p.TransactionTimestamp = t
		}
		if pi.GrossAmount != nil {
			p.GrossAmount = pi.GrossAmount.Decimal
		}
		d.Payment = p
	}
	for _, a := range m.AuthenticationInformation {
		d.Authentication = append(d.Authentication, driver.Authentication{Type: driver.AuthenticationType(a.Type), Version: a.Version, Content: a.Content})
	}
	if len(m.ReplyChannel) > 0 && string(m.ReplyChannel) != "null" {
		var rc replyChannel
		if err := json.Unmarshal(m.ReplyChannel, &rc); err != nil {
			return bad("/replyChannel", fmt.Errorf("not a reply channel: %v", err))
		}
		r := &driver.ReplyChannel{}
		if rc.EMail != nil {
			r.EMail = &driver.EMailChannel{Address: rc.EMail.Address, PGPPublicKey: rc.EMail.PGPPublicKey}
		}
		if rc.DeMail != nil {
			r.DeMail = &driver.DeMailChannel{Address: rc.DeMail.Address}
		}
		if rc.FINK != nil {
			r.FINK = &driver.FINKChannel{PostfachRef: rc.FINK.PostfachRef, Host: rc.FINK.Host}
		}
		if rc.Elster != nil {
			r.Elster = &driver.ElsterChannel{AccountID: rc.Elster.AccountID, LieferTicket: rc.Elster.LieferTicket,
				Geschaeftszeichen: rc.Elster.Geschaeftszeichen}
		}
		// A kind of channel schema 1.0.0 admits but does not define stays
		// in Received.Metadata only.
		if *r != (driver.ReplyChannel{}) {
			d.ReplyChannel = r
		}
	}
	if ri := m.AdditionalReferenceInfo; ri != nil {
		r := &driver.ReferenceInfo{SenderReference: ri.SenderReference}
		if ri.ApplicationDate != "" {
			t, err := time.Parse(dateLayout, ri.ApplicationDate)
			if err != nil {
				return bad("/additionalReferenceInfo/applicationDate", err)
			}
			r.ApplicationDate = t
		}
		d.Reference = r
	}
	return d, nil
}
