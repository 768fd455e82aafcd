package messaging_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
)

// Send an application with an attachment and receive it on the other
// side, here with the in-memory driver.
func ExampleClient_Send() {
	ctx := context.Background()
	c, _ := messagingtest.NewClient(nil)
	ref, err := c.Send(ctx, &messaging.Submission{
		DestinationID: "behoerde-1",
		Service:       messaging.Service{Name: "Wohngeld", Identifier: "urn:de:fim:leika:leistung:99400048079000"},
		Data:          []byte(`{"antrag":1}`),
		DataMIMEType:  "application/json",
		SchemaURI:     "urn:example:wohngeld:1.0",
		Attachments: []messaging.Attachment{
			{Filename: "nachweis.txt", MIMEType: "text/plain", Body: strings.NewReader("Nachweis")},
		},
	}, &messaging.SendOptions{IdempotencyKey: "antrag-4711"})
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := c.Status(ctx, ref)
	fmt.Println(st.State)
	// Output: submitted
}

// Receive lists waiting submissions, decrypts and verifies one, and
// accepts it.
func ExampleClient_Receive() {
	ctx := context.Background()
	c, _ := messagingtest.NewClient(nil)
	ref, _ := c.Send(ctx, &messaging.Submission{DestinationID: "behoerde-1",
		Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:99400048079000"},
		Data:    []byte(`{"antrag":2}`), DataMIMEType: "application/json", SchemaURI: "urn:example:s"}, nil)

	page, _ := c.List(ctx, "behoerde-1", 0, 10)
	r, err := c.Receive(ctx, page.Refs[0].SubmissionID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(r.Data))
	_ = c.Accept(ctx, r)
	st, _ := c.Status(ctx, ref)
	fmt.Println(st.State)
	// Output:
	// {"antrag":2}
	// accepted
}

// A status update for the citizen's postbox goes out like a submission.
func ExampleClient_SendPostboxStatus() {
	ctx := context.Background()
	c, _ := messagingtest.NewClient(nil)
	ref, err := c.SendPostboxStatus(ctx, &messaging.PostboxStatus{
		ApplicationID: "9ef6c096-131c-4e0e-895a-3503b80775ec", State: "PROCESSING",
		PublicServiceName: "Wohngeld", SenderName: "Wohngeldstelle",
	}, nil)
	fmt.Println(ref.DestinationID, err)
	// Output: postbox <nil>
}

// An online service sends what FIT-Connect metadata carries besides the
// data: the payment, the identification report, the reply channel and its
// own reference. The receiver reads them from the Received submission.
func ExampleSubmission_details() {
	ctx := context.Background()
	c, _ := messagingtest.NewClient(nil)
	_, err := c.Send(ctx, &messaging.Submission{
		DestinationID: "behoerde-1",
		Service:       messaging.Service{Name: "Hundesteuer Anmeldung", Identifier: "urn:de:fim:leika:leistung:99102013104000"},
		Data:          []byte(`{"hund":"Bello"}`), DataMIMEType: "application/json", SchemaURI: "urn:example:hundesteuer:1.0",
		Details: messaging.Details{
			Payment: &messaging.Payment{TransactionID: "tx-00000001", TransactionReference: "KZ-2026-4711",
				Method: messaging.PaymentCreditCard, Status: messaging.PaymentBooked, GrossAmount: decimal.RequireFromString("25.00"),
				TransactionTimestamp: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)},
			Authentication: []messaging.Authentication{{Type: messaging.AuthIdentificationReport, Version: "1.0.0", Content: "eyJsZXZlbCI6InN1YnN0YW56aWVsbCJ9"}},
			ReplyChannel:   &messaging.ReplyChannel{FINK: &messaging.FINKChannel{PostfachRef: "7c1b2f5e-0a4d-4e8b-9c3f-5d6e7f8a9b0c"}},
			Reference:      &messaging.ReferenceInfo{SenderReference: "antrag-4711", ApplicationDate: time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)},
		},
	}, &messaging.SendOptions{IdempotencyKey: "antrag-4711"})
	if err != nil {
		fmt.Println(err)
		return
	}
	page, _ := c.List(ctx, "behoerde-1", 0, 10)
	r, _ := c.Receive(ctx, page.Refs[0].SubmissionID)
	fmt.Println(r.Payment.Status, r.Payment.GrossAmount.StringFixed(2), r.Reference.SenderReference, r.ReplyChannel.FINK.PostfachRef)

	// A payment state outside the code list is refused before anything is sent.
	_, err = c.Send(ctx, &messaging.Submission{DestinationID: "behoerde-1",
		Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:99102013104000"},
		Details: messaging.Details{Payment: &messaging.Payment{TransactionID: "tx-2", TransactionReference: "KZ-2",
			Method: messaging.PaymentCreditCard, Status: "PAID"}}}, nil)
	fmt.Println(err)
	// Output:
	// BOOKED 25.00 antrag-4711 7c1b2f5e-0a4d-4e8b-9c3f-5d6e7f8a9b0c
	// messaging: Payment.Status (paymentInformation.status) "PAID": want one of INITIAL, BOOKED, FAILED, CANCELED
}
