package fitconnect_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
)

func validDetails() driver.Details {
	return driver.Details{
		Payment: &driver.Payment{TransactionID: "tx-1", TransactionReference: "KZ 4711", Method: driver.PaymentGiropay,
			Status: driver.PaymentBooked, GrossAmount: decimal.RequireFromString("60.00"),
			TransactionTimestamp: time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)},
		Authentication: []driver.Authentication{{Type: driver.AuthIdentificationReport, Version: "1.0.0", Content: "eyJ4IjoxfQ"}},
		ReplyChannel:   &driver.ReplyChannel{EMail: &driver.EMailChannel{Address: "a@example.org"}},
		Reference:      &driver.ReferenceInfo{SenderReference: "antrag-1", ApplicationDate: time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)},
	}
}

func contentWith(d driver.Details) *driver.Content {
	return &driver.Content{Service: driver.Service{Identifier: "urn:de:fim:leika:leistung:99400048079000"},
		Data: []byte(`{}`), DataMIMEType: "application/json", SchemaURI: "https://schema.example.org/antrag.json", Details: d}
}

// The details land in the metadata members of schema 1.0.0 exactly.
func TestBuildMetadataDetails(t *testing.T) {
	b, err := fitconnect.BuildMetadata(contentWith(validDetails())).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"paymentInformation": `{"transactionId":"tx-1","transactionReference":"KZ 4711","transactionTimestamp":"2026-11-29T09:00:00Z",` +
			`"paymentMethod":"GIROPAY","status":"BOOKED","grossAmount":60}`,
		"authenticationInformation": `[{"type":"identificationReport","version":"1.0.0","content":"eyJ4IjoxfQ"}]`,
		"replyChannel":              `{"eMail":{"address":"a@example.org"}}`,
		"additionalReferenceInfo":   `{"senderReference":"antrag-1","applicationDate":"2026-11-28"}`,
	}
	for k, w := range want {
		if string(got[k]) != w {
			t.Errorf("%s: got %s, want %s", k, got[k], w)
		}
	}
}

// Metadata that violates schema 1.0.0 is refused before it is encrypted,
// with a *MetadataError naming the member.
func TestBuildMetadataDetailsSchemaViolations(t *testing.T) {
	tests := []struct {
		name string
		mod  func(d *driver.Details)
		path string
	}{
		{"payment status", func(d *driver.Details) { d.Payment.Status = "PAID" }, "/paymentInformation/status"},
		{"payment method", func(d *driver.Details) { d.Payment.Method = "CASH" }, "/paymentInformation/paymentMethod"},
		{"transaction ID", func(d *driver.Details) { d.Payment.TransactionID = "tx 1" }, "/paymentInformation/transactionId"},
		{"transaction URL", func(d *driver.Details) { d.Payment.TransactionURL = "no uri" }, "/paymentInformation/transactionUrl"},
		{"gross amount", func(d *driver.Details) { d.Payment.GrossAmount = decimal.RequireFromString("0.001") }, "/paymentInformation/grossAmount"},
		{"auth type", func(d *driver.Details) { d.Authentication[0].Type = "eID" }, "/authenticationInformation/0/type"},
		{"auth version", func(d *driver.Details) { d.Authentication[0].Version = "v1" }, "/authenticationInformation/0/version"},
		{"auth content", func(d *driver.Details) { d.Authentication[0].Content = "a+b/c=" }, "/authenticationInformation/0/content"},
		{"auth content empty", func(d *driver.Details) { d.Authentication[0].Content = "" }, "/authenticationInformation/0/content"},
		{"e-mail address", func(d *driver.Details) { d.ReplyChannel.EMail.Address = "not an address" }, "/replyChannel/eMail/address"},
		{"two reply channels", func(d *driver.Details) { d.ReplyChannel.DeMail = &driver.DeMailChannel{Address: "b@example.org"} }, "/replyChannel"},
		{"elster account", func(d *driver.Details) {
			d.ReplyChannel = &driver.ReplyChannel{Elster: &driver.ElsterChannel{AccountID: "12"}}
		}, "/replyChannel/elster/accountId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDetails()
			tt.mod(&d)
			_, err := fitconnect.BuildMetadata(contentWith(d)).Marshal()
			var me *fitconnect.MetadataError
			if !errors.As(err, &me) || !errors.Is(err, fitconnect.ErrMetadataInvalid) {
				t.Fatalf("Marshal: got %v, want a *MetadataError", err)
			}
			found := false
			for _, v := range me.Violations {
				found = found || v.Path == tt.path
			}
			if !found {
				t.Fatalf("Marshal: violations %+v, want one at %s", me.Violations, tt.path)
			}
			if !strings.Contains(err.Error(), tt.path) && len(me.Violations) == 1 {
				t.Errorf("Marshal: error %q does not name %s", err, tt.path)
			}
			if got := fitconnect.ErrorCode(err); got != ozg.InvalidArgument {
				t.Errorf("ErrorCode: got %v, want InvalidArgument", got)
			}
		})
	}
}

// A submission whose details pass the portable checks but not the
// metadata schema is refused at submit; the outbox keeps it, and sending
// again with the same key and corrected details completes the same
// submission instead of announcing a second one.
func TestSendDetailsSchemaRefusedThenResumed(t *testing.T) {
	ctx := context.Background()
	srv, err := fitconnecttest.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	sc, err := fitconnect.New(srv.SenderOptions())
	if err != nil {
		t.Fatal(err)
	}
	sender := fitconnect.NewMessagingClient(sc, nil)
	sub := func(url string) *messaging.Submission {
		s := &messaging.Submission{DestinationID: fitconnecttest.DefaultDestination,
			Service: messaging.Service{Name: "Testleistung", Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa},
			Data:    []byte(`{"a":1}`), DataMIMEType: "application/json", SchemaURI: fitconnecttest.DefaultSchemaURI,
			Details: validDetails()}
		s.Payment.TransactionURL = url
		return s
	}
	opts := &messaging.SendOptions{IdempotencyKey: "antrag-1"}
	_, err = sender.Send(ctx, sub("no uri"), opts)
	var me *fitconnect.MetadataError
	if ozg.CodeOf(err) != ozg.InvalidArgument || !errors.As(err, &me) {
		t.Fatalf("Send: got %v, want InvalidArgument with a *MetadataError", err)
	}
	if !strings.Contains(err.Error(), "/paymentInformation/transactionUrl") {
		t.Errorf("Send: error %q does not name /paymentInformation/transactionUrl", err)
	}
	pending, err := sender.Pending(ctx)
	if err != nil || len(pending) != 1 || pending[0].Stage != messaging.StageAnnounced {
		t.Fatalf("Pending: got %v, %v; want one announced entry", pending, err)
	}
	ref, err := sender.Send(ctx, sub("https://payment.example.org/tx/1"), opts)
	if err != nil {
		t.Fatalf("Send again: %v", err)
	}
	if ref != pending[0].Ref {
		t.Errorf("Send again: ref %+v, want the announced %+v", ref, pending[0].Ref)
	}

	rc, err := fitconnect.New(srv.SubscriberOptions())
	if err != nil {
		t.Fatal(err)
	}
	receiver := fitconnect.NewMessagingClient(rc, nil)
	page, err := receiver.List(ctx, fitconnecttest.DefaultDestination, 0, 10)
	if err != nil || len(page.Refs) != 1 {
		t.Fatalf("List: %v, %v; want one submission", page, err)
	}
	got, err := receiver.Receive(ctx, ref.SubmissionID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Payment == nil || got.Payment.TransactionURL != "https://payment.example.org/tx/1" ||
		!got.Payment.GrossAmount.Equal(decimal.RequireFromString("60")) || got.Reference.SenderReference != "antrag-1" {
		t.Errorf("Receive: details %+v", got.Details)
	}
}

// The fake's test destination accepts the data schemas its options name,
// and the adapter refuses data in any other schema before submitting.
func TestServerSubmissionSchemas(t *testing.T) {
	ctx := context.Background()
	const own = "https://schema.example.org/hundesteuer/1.0.json"
	srv, err := fitconnecttest.NewServer(&fitconnecttest.Options{
		SubmissionSchemas: []fitconnect.SubmissionSchema{{SchemaURI: own, MIMEType: "application/json"}}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	sc, err := fitconnect.New(srv.SenderOptions())
	if err != nil {
		t.Fatal(err)
	}
	dest, err := sc.Destination(ctx, fitconnecttest.DefaultDestination)
	if err != nil {
		t.Fatal(err)
	}
	svc, ok := dest.Service("urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa)
	if !ok || !svc.AcceptsSchema(own, "application/json") || svc.AcceptsSchema(fitconnecttest.DefaultSchemaURI, "application/json") {
		t.Fatalf("destination service %+v: want exactly the configured schema", svc)
	}
	sender := fitconnect.NewMessagingClient(sc, nil)
	for _, tt := range []struct {
		schema string
		code   ozg.Code
	}{{own, ozg.OK}, {fitconnecttest.DefaultSchemaURI, ozg.InvalidArgument}} {
		_, err := sender.Send(ctx, &messaging.Submission{DestinationID: fitconnecttest.DefaultDestination,
			Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa},
			Data:    []byte(`{}`), DataMIMEType: "application/json", SchemaURI: tt.schema}, nil)
		if got := ozg.CodeOf(err); got != tt.code {
			t.Errorf("Send with schema %s: got %v (%v), want %v", tt.schema, got, err, tt.code)
		}
	}
}

// Member names are matched exactly, as the schema matches them: a member
// the schema does not check must not reach the decoded details.
func TestParseMetadataMemberNames(t *testing.T) {
	const head = `{"$schema":"https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json","contentStructure":{"attachments":[]}`
	const pay = `{"transactionId":"tx-1","transactionReference":"KZ","paymentMethod":"GIROPAY","status":"BOOKED"}`
	tests := []struct {
		name, tail, path string
	}{
		{"other case", `,"PaymentInformation":` + pay + `}`, "/PaymentInformation"},
		{"duplicate", `,"paymentInformation":` + pay + `,"paymentInformation":{"transactionId":"tx-1","transactionReference":"KZ","paymentMethod":"GIROPAY","status":"CANCELED"}}`, "/paymentInformation"},
		{"case duplicate inside", `,"paymentInformation":{"transactionId":"tx-1","transactionReference":"KZ","paymentMethod":"GIROPAY","status":"BOOKED","Status":"PAID"}}`, "/paymentInformation/Status"},
		{"reply channel kind", `,"replyChannel":{"Fink":{"finkPostfachRef":"NOT VALID"}}}`, "/replyChannel/Fink"},
		{"kelvin sign", `,"replyChannel":{"fin\u212a":{"finkPostfachRef":"NOT VALID"}}}`, "/replyChannel/fin\u212a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := []byte(head + tt.tail)
			_, err := fitconnect.ParseMetadata(raw)
			var me *fitconnect.MetadataError
			if !errors.As(err, &me) || len(me.Violations) == 0 {
				t.Fatalf("ParseMetadata: got %v, want a *MetadataError", err)
			}
			if me.Violations[0].Path != tt.path {
				t.Errorf("ParseMetadata: violation at %q (%v), want %q", me.Violations[0].Path, err, tt.path)
			}
		})
	}
	if _, err := fitconnect.ParseMetadata([]byte(head + `,"paymentInformation":` + pay + `,"x-extension":{"Status":1}}`)); err != nil {
		t.Errorf("ParseMetadata with an extension member: %v", err)
	}
}
