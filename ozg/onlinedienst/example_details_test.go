package onlinedienst_test

import (
	"fmt"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/shopspring/decimal"
)

// A portal that sends through messaging.Client itself maps a paid,
// submitted application and the applicant's service-account postbox onto
// the submission's details.
func ExampleDetails() {
	a := &antrag.Antrag{
		ID: "AND-2026-0001",
		History: []antrag.Transition{
			{To: antrag.Draft, Action: antrag.ActionCreate, At: time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)},
			{From: antrag.Paid, To: antrag.Submitted, Action: antrag.ActionSubmit, At: time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)},
		},
		Payment: &antrag.Payment{TransactionID: "tx-000001", TransactionReference: "AND-071370003003-1", PaymentMethod: "GIROPAY",
			Status: "BOOKED", GrossAmount: decimal.RequireFromString("120.00")},
		Login: &antrag.Login{Method: ozg.LoginEID, Level: ozg.NiveauHoch,
			IdentificationReport: "eyJhbGciOiJQUzUxMiJ9.e30.c2ln", IdentificationReportVersion: "1.0.0"},
	}
	d := onlinedienst.Details(a, onlinedienst.PostboxReply("Postbox-4711", "https://id.bund.de/"))
	fmt.Println("paymentInformation:", d.Payment.TransactionID, d.Payment.Method, d.Payment.Status, d.Payment.GrossAmount.StringFixed(2))
	fmt.Println("authenticationInformation:", d.Authentication[0].Type, d.Authentication[0].Version)
	fmt.Println("replyChannel.fink:", d.ReplyChannel.FINK.PostfachRef, d.ReplyChannel.FINK.Host)
	fmt.Println("additionalReferenceInfo:", d.Reference.SenderReference, d.Reference.ApplicationDate.Format("2006-01-02"))
	// Output:
	// paymentInformation: tx-000001 GIROPAY BOOKED 120.00
	// authenticationInformation: identificationReport 1.0.0
	// replyChannel.fink: postbox-4711 https://id.bund.de/
	// additionalReferenceInfo: AND-2026-0001 2026-02-01
}
