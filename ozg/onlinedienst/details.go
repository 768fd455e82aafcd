package onlinedienst

import (
	"strings"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// Details maps an application onto the optional metadata parts of a
// messaging submission, the same fields antrag.Antrag.Metadata writes as
// FIT-Connect metadata 1.0.0 JSON:
//
//   - Payment (paymentInformation) from a.Payment, the payment the
//     applicant made for the fee (nil when the service is free or not yet
//     paid);
//   - Authentication (authenticationInformation) from the identification
//     report of a.Login, if the service account issued one;
//   - Reference (additionalReferenceInfo) with the application ID as sender
//     reference and the day of the (last) submission as application date;
//   - ReplyChannel (replyChannel) as given: how the authority may answer
//     is the applicant's choice, not part of the application (see
//     PostboxReply for the service-account postbox).
//
// Values are copied as they are; messaging.Client.Send checks them against
// the rules of the metadata schema and names a field that breaks one (e.g.
// an empty payment method).
//
// The mapping lives here because this is the one package that may know
// both sides: package antrag imports neither messaging nor its driver (an
// application does not depend on a transport, and its Metadata is plain
// FIT-Connect JSON), and package messaging must not know applications.
// Package onlinedienst wires antrag, payment, servicekonto and messaging
// together and imports both already, so Runner (through MessagingSender)
// and portals that call messaging.Client.Send themselves share this one
// mapping without an import cycle.
func Details(a *antrag.Antrag, reply *messaging.ReplyChannel) messaging.Details {
	d := messaging.Details{ReplyChannel: reply}
	if a == nil {
		return d
	}
	ref := &messaging.ReferenceInfo{SenderReference: a.ID}
	for _, h := range a.History {
		if h.To == antrag.Submitted {
			ref.ApplicationDate = h.At
		}
	}
	if ref.SenderReference != "" || !ref.ApplicationDate.IsZero() {
		d.Reference = ref
	}
	if p := a.Payment; p != nil {
		d.Payment = &messaging.Payment{
			TransactionID: p.TransactionID, TransactionReference: p.TransactionReference,
			TransactionURL: p.TransactionURL, TransactionTimestamp: p.TransactionTimestamp,
			Method: messaging.PaymentMethod(p.PaymentMethod), MethodDetail: p.PaymentMethodDetail,
			Status: messaging.PaymentStatus(p.Status), GrossAmount: p.GrossAmount,
		}
	}
	if l := a.Login; l != nil && l.IdentificationReport != "" {
		d.Authentication = []messaging.Authentication{{
			Type:    messaging.AuthIdentificationReport,
			Version: l.IdentificationReportVersion, Content: l.IdentificationReport,
		}}
	}
	return d
}

// PostboxReply is the reply channel to the applicant's postbox at an
// interoperable service account (FIT-Connect replyChannel.fink): the
// postbox handle of the login (servicekonto: Person.PostboxHandle), in
// lower case as finkPostfachRef requires, and the URL of the service
// account that holds it. It returns nil when the login carries no handle.
func PostboxReply(handle, host string) *messaging.ReplyChannel {
	if handle == "" {
		return nil
	}
	return &messaging.ReplyChannel{FINK: &messaging.FINKChannel{PostfachRef: strings.ToLower(handle), Host: host}}
}
