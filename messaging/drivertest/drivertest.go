package drivertest

import (
	"bytes"
	"context"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// Harness builds drivers for the conformance tests. RunConformanceTests
// makes a fresh harness for every subtest.
type Harness interface {
	// MakeDriver returns a driver that can both send to and receive at
	// DestinationID.
	MakeDriver(ctx context.Context) (driver.Driver, error)
	// DestinationID is a destination that exists and accepts Service.
	DestinationID() string
	// Service is a service the destination offers.
	Service() driver.Service
	// SchemaURI is a JSON data schema the destination accepts for Service.
	SchemaURI() string
	// UnknownRef returns a well-formed reference to a submission that
	// does not exist.
	UnknownRef() driver.Ref
	// Close releases the harness.
	Close()
}

// Clock is implemented by harnesses whose driver runs on a clock the test
// can move; the 14-day auto-reject is tested only then.
type Clock interface {
	Advance(d time.Duration)
}

// HarnessMaker makes a new harness.
type HarnessMaker func(ctx context.Context, t *testing.T) (Harness, error)

// RunConformanceTests runs the conformance suite against the drivers the
// harness makes. Every subtest goes through the portable
// *messaging.Client, so the suite checks what users rely on.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, h Harness, c *messaging.Client)
	}{
		{"SendReceiveAccept", testSendReceiveAccept},
		{"Reject", testReject},
		{"IdempotentSend", testIdempotentSend},
		{"Pagination", testPagination},
		{"NotFound", testNotFound},
		{"AcceptTwice", testAcceptTwice},
		{"InvalidArgument", testInvalidArgument},
		{"AutoReject", testAutoReject},
		{"Details", testDetails},
		{"InvalidDetails", testInvalidDetails},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			h, err := newHarness(ctx, t)
			if err != nil {
				t.Fatalf("harness: %v", err)
			}
			defer h.Close()
			d, err := h.MakeDriver(ctx)
			if err != nil {
				t.Fatalf("MakeDriver: %v", err)
			}
			c := messaging.NewClient(d, nil)
			defer c.Close()
			tc.fn(t, h, c)
		})
	}
}

func submission(h Harness, data string, attachments ...string) *messaging.Submission {
	s := &messaging.Submission{DestinationID: h.DestinationID(), Service: h.Service(),
		Data: []byte(data), DataMIMEType: "application/json", SchemaURI: h.SchemaURI()}
	for i, a := range attachments {
		s.Attachments = append(s.Attachments, messaging.Attachment{Filename: "a" + string(rune('0'+i)) + ".txt",
			MIMEType: "text/plain", Body: strings.NewReader(a), Size: int64(len(a))})
	}
	return s
}

func hexSum(b []byte) string {
	s := sha512.Sum512(b)
	return hex.EncodeToString(s[:])
}

func receiveOne(t *testing.T, h Harness, c *messaging.Client, ref messaging.Ref) *messaging.Received {
	t.Helper()
	ctx := context.Background()
	p, err := c.List(ctx, h.DestinationID(), 0, 100)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	found := false
	for _, r := range p.Refs {
		found = found || r.SubmissionID == ref.SubmissionID
	}
	if !found {
		t.Fatalf("List: submission %s not listed (got %d refs)", ref.SubmissionID, len(p.Refs))
	}
	r, err := c.Receive(ctx, ref.SubmissionID)
	if err != nil {
		t.Fatalf("Receive: %v", err)
	}
	return r
}

func wantState(t *testing.T, c *messaging.Client, ref messaging.Ref, want messaging.State) *messaging.Status {
	t.Helper()
	st, err := c.Status(context.Background(), ref)
	if err != nil {
		t.Fatalf("Status: %v", err)
	}
	if st.State != want {
		t.Fatalf("Status: got %q, want %q", st.State, want)
	}
	return st
}

func wantCode(t *testing.T, what string, err error, want ozg.Code) {
	t.Helper()
	if got := ozg.CodeOf(err); got != want {
		t.Fatalf("%s: got code %v (%v), want %v", what, got, err, want)
	}
	var oe *ozg.Error
	if !errors.As(err, &oe) {
		t.Fatalf("%s: error %T is not an *ozg.Error", what, err)
	}
}

func testSendReceiveAccept(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	big := strings.Repeat("0123456789abcdef", 1<<14) // 256 KiB
	ref, err := c.Send(ctx, submission(h, `{"a":1}`, "first", big), nil)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if ref.SubmissionID == "" || ref.CaseID == "" {
		t.Fatalf("Send: got ref %+v, want submission and case IDs", ref)
	}
	wantState(t, c, ref, messaging.StateSubmitted)
	r := receiveOne(t, h, c, ref)
	if string(r.Data) != `{"a":1}` || r.SchemaURI != h.SchemaURI() || r.DataMIMEType != "application/json" {
		t.Errorf("Receive: got data %q schema %q type %q", r.Data, r.SchemaURI, r.DataMIMEType)
	}
	if r.Service.Identifier != h.Service().Identifier {
		t.Errorf("Receive: service %q, want %q", r.Service.Identifier, h.Service().Identifier)
	}
	if len(r.Attachments) != 2 {
		t.Fatalf("Receive: got %d attachments, want 2", len(r.Attachments))
	}
	want := map[string]string{"a0.txt": "first", "a1.txt": big}
	for _, a := range r.Attachments {
		w, ok := want[a.Filename]
		if !ok || !bytes.Equal(a.Data, []byte(w)) {
			t.Errorf("attachment %q: got %d bytes, want %d", a.Filename, len(a.Data), len(w))
		}
		if a.Hash != hexSum([]byte(w)) || a.MIMEType != "text/plain" || a.Purpose != "attachment" {
			t.Errorf("attachment %q: hash %q… type %q purpose %q", a.Filename, a.Hash[:8], a.MIMEType, a.Purpose)
		}
	}
	if err := c.Accept(ctx, r); err != nil {
		t.Fatalf("Accept: %v", err)
	}
	wantState(t, c, ref, messaging.StateAccepted)
	p, err := c.List(ctx, h.DestinationID(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range p.Refs {
		if x.SubmissionID == ref.SubmissionID {
			t.Errorf("List: accepted submission still listed")
		}
	}
}

func testReject(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	ref, err := c.Send(ctx, submission(h, `{"b":2}`), nil)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	r := receiveOne(t, h, c, ref)
	if err := c.Reject(ctx, r.Ref, messaging.Problem{Type: "about:blank", Title: "incomplete application", Detail: "field x"}); err != nil {
		t.Fatalf("Reject: %v", err)
	}
	st := wantState(t, c, ref, messaging.StateRejected)
	if len(st.Problems) != 1 || st.Problems[0].Title != "incomplete application" {
		t.Errorf("Status: problems %+v, want the one given to Reject", st.Problems)
	}
}

func testIdempotentSend(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	opts := &messaging.SendOptions{IdempotencyKey: "same-key"}
	r1, err := c.Send(ctx, submission(h, `{"c":3}`, "x"), opts)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	r2, err := c.Send(ctx, submission(h, `{"c":3}`, "x"), opts)
	if err != nil {
		t.Fatalf("second Send: %v", err)
	}
	if r1 != r2 {
		t.Fatalf("second Send: got %+v, want %+v", r2, r1)
	}
	p, err := c.List(ctx, h.DestinationID(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Refs) != 1 {
		t.Fatalf("List: got %d submissions, want 1", len(p.Refs))
	}
}

func testPagination(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	sent := map[string]bool{}
	for i := range 3 {
		ref, err := c.Send(ctx, submission(h, `{"n":`+string(rune('0'+i))+`}`), nil)
		if err != nil {
			t.Fatalf("Send %d: %v", i, err)
		}
		sent[ref.SubmissionID] = true
	}
	p1, err := c.List(ctx, h.DestinationID(), 0, 2)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := c.List(ctx, h.DestinationID(), 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(p1.Refs) != 2 || len(p2.Refs) != 1 || p1.Total != 3 {
		t.Fatalf("List: got pages of %d and %d (total %d), want 2 and 1 (total 3)", len(p1.Refs), len(p2.Refs), p1.Total)
	}
	for _, r := range append(p1.Refs, p2.Refs...) {
		if !sent[r.SubmissionID] {
			t.Errorf("List: unexpected or repeated submission %s", r.SubmissionID)
		}
		delete(sent, r.SubmissionID)
	}
}

func testNotFound(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	u := h.UnknownRef()
	_, err := c.Status(ctx, u)
	wantCode(t, "Status(unknown)", err, ozg.NotFound)
	_, err = c.Receive(ctx, u.SubmissionID)
	wantCode(t, "Receive(unknown)", err, ozg.NotFound)
}

func testAcceptTwice(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	ref, err := c.Send(ctx, submission(h, `{"d":4}`), nil)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	r := receiveOne(t, h, c, ref)
	if err := c.Accept(ctx, r); err != nil {
		t.Fatalf("Accept: %v", err)
	}
	wantCode(t, "second Accept", c.Accept(ctx, r), ozg.FailedPrecondition)
	wantCode(t, "Reject after Accept", c.Reject(ctx, r.Ref, messaging.Problem{Title: "late"}), ozg.FailedPrecondition)
}

func testInvalidArgument(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	s := submission(h, `{}`)
	s.DestinationID = ""
	_, err := c.Send(ctx, s, nil)
	wantCode(t, "Send without destination", err, ozg.InvalidArgument)
	s = submission(h, `{}`, "x")
	s.Attachments[0].Body = nil
	_, err = c.Send(ctx, s, nil)
	wantCode(t, "Send with nil Body", err, ozg.InvalidArgument)
	s = submission(h, `{}`, "x")
	s.Attachments[0].Size = 99
	_, err = c.Send(ctx, s, nil)
	wantCode(t, "Send with wrong Size", err, ozg.InvalidArgument)
	wantCode(t, "Reject without problems", c.Reject(ctx, h.UnknownRef()), ozg.InvalidArgument)
}

func testAutoReject(t *testing.T, h Harness, c *messaging.Client) {
	clk, ok := h.(Clock)
	if !ok {
		t.Skip("harness has no clock")
	}
	ctx := context.Background()
	ref, err := c.Send(ctx, submission(h, `{"e":5}`), nil)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	clk.Advance(driver.AutoRejectAfter - time.Minute)
	wantState(t, c, ref, messaging.StateSubmitted)
	clk.Advance(2 * time.Minute)
	wantState(t, c, ref, messaging.StateRejected)
}

// fullDetails returns details with every member of payment, proof and
// reference set, and the given reply channel.
func fullDetails(rc *messaging.ReplyChannel) messaging.Details {
	berlin := time.FixedZone("CET", 3600)
	return messaging.Details{
		Payment: &messaging.Payment{TransactionID: "9xxd-432x-6543-xfd6", TransactionReference: "KZ 2026/4711",
			TransactionURL:       "https://payment.example.org/api/v1/paymenttransaction/12002312/9xxd-432x-6543-xfd6",
			TransactionTimestamp: time.Date(2026, 11, 29, 10, 15, 30, 250_000_000, berlin),
			Method:               messaging.PaymentCreditCard, MethodDetail: "Visa", Status: messaging.PaymentBooked,
			GrossAmount: decimal.RequireFromString("60.50")},
		Authentication: []messaging.Authentication{
			{Type: messaging.AuthIdentificationReport, Version: "1.0.0", Content: "eyJhbGciOiJQUzUxMiJ9.eyJzdWIiOiJ4In0.c2ln"},
			{Type: messaging.AuthIdentificationReport, Version: "2.1.0", Content: "bGV2ZWwtc3Vic3RhbnppZWxs"},
		},
		ReplyChannel: rc,
		Reference:    &messaging.ReferenceInfo{SenderReference: "antrag-0815", ApplicationDate: time.Date(2026, 11, 28, 0, 0, 0, 0, berlin)},
	}
}

// detailsDiff says how got differs from want ("" = not at all): times are compared as
// instants (the application date as a day), amounts as numbers.
func detailsDiff(got, want messaging.Details) string {
	got, want = got.Clone(), want.Clone()
	if (got.Payment == nil) != (want.Payment == nil) {
		return fmt.Sprintf("Payment: got %+v, want %+v", got.Payment, want.Payment)
	}
	if g, w := got.Payment, want.Payment; g != nil {
		if !g.TransactionTimestamp.Equal(w.TransactionTimestamp) {
			return fmt.Sprintf("Payment.TransactionTimestamp: got %v, want %v", g.TransactionTimestamp, w.TransactionTimestamp)
		}
		if !g.GrossAmount.Equal(w.GrossAmount) {
			return fmt.Sprintf("Payment.GrossAmount: got %v, want %v", g.GrossAmount, w.GrossAmount)
		}
		g.TransactionTimestamp, w.TransactionTimestamp = time.Time{}, time.Time{}
		g.GrossAmount, w.GrossAmount = decimal.Decimal{}, decimal.Decimal{}
	}
	if (got.Reference == nil) != (want.Reference == nil) {
		return fmt.Sprintf("Reference: got %+v, want %+v", got.Reference, want.Reference)
	}
	if g, w := got.Reference, want.Reference; g != nil {
		if gd, wd := g.ApplicationDate.Format(time.DateOnly), w.ApplicationDate.Format(time.DateOnly); gd != wd {
			return fmt.Sprintf("Reference.ApplicationDate: got %s, want %s", gd, wd)
		}
		g.ApplicationDate, w.ApplicationDate = time.Time{}, time.Time{}
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("got %+v, want %+v", got, want)
	}
	return ""
}

func testDetails(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	channels := map[string]*messaging.ReplyChannel{
		"eMail": {EMail: &messaging.EMailChannel{Address: "antragsteller@example.org",
			PGPPublicKey: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGNz\n-----END PGP PUBLIC KEY BLOCK-----\n"}},
		"deMail": {DeMail: &messaging.DeMailChannel{Address: "antragsteller@example.de-mail.de"}},
		"fink":   {FINK: &messaging.FINKChannel{PostfachRef: "hh/by/12345", Host: "https://servicekonto1.example.com/"}},
		"elster": {Elster: &messaging.ElsterChannel{AccountID: "0123456789", LieferTicket: "lt-1", Geschaeftszeichen: "GZ-42"}},
	}
	for name, rc := range channels {
		t.Run(name, func(t *testing.T) {
			s := submission(h, `{"f":6}`, "x")
			s.Details = fullDetails(rc)
			ref, err := c.Send(ctx, s, nil)
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			r := receiveOne(t, h, c, ref)
			if diff := detailsDiff(r.Details, s.Details); diff != "" {
				t.Errorf("Receive: details: %s", diff)
			}
			if err := c.Accept(ctx, r); err != nil {
				t.Fatalf("Accept: %v", err)
			}
		})
	}
	// No details at all: nothing comes back.
	ref, err := c.Send(ctx, submission(h, `{"f":7}`), nil)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	r := receiveOne(t, h, c, ref)
	if diff := detailsDiff(r.Details, messaging.Details{}); diff != "" {
		t.Errorf("Receive without details: %s", diff)
	}
	// Only a payment, without the optional members.
	s := submission(h, `{"f":8}`)
	s.Payment = &messaging.Payment{TransactionID: "tx1", TransactionReference: "KZ1", Method: messaging.PaymentInvoice, Status: messaging.PaymentInitial}
	ref, err = c.Send(ctx, s, nil)
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	r = receiveOne(t, h, c, ref)
	if diff := detailsDiff(r.Details, s.Details); diff != "" {
		t.Errorf("Receive with a minimal payment: %s", diff)
	}
}

func testInvalidDetails(t *testing.T, h Harness, c *messaging.Client) {
	ctx := context.Background()
	tests := []struct {
		name  string
		mod   func(d *messaging.Details)
		field string // named in the error
	}{
		{"payment status", func(d *messaging.Details) { d.Payment.Status = "PAID" }, "paymentInformation.status"},
		{"payment method", func(d *messaging.Details) { d.Payment.Method = "" }, "paymentInformation.paymentMethod"},
		{"transaction ID", func(d *messaging.Details) { d.Payment.TransactionID = "tx 1" }, "paymentInformation.transactionId"},
		{"amount in tenths of cents", func(d *messaging.Details) { d.Payment.GrossAmount = decimal.RequireFromString("1.005") }, "paymentInformation.grossAmount"},
		{"negative amount", func(d *messaging.Details) { d.Payment.GrossAmount = decimal.RequireFromString("-1") }, "paymentInformation.grossAmount"},
		{"auth type", func(d *messaging.Details) { d.Authentication[0].Type = "eID" }, "authenticationInformation.type"},
		{"auth version", func(d *messaging.Details) { d.Authentication[1].Version = "1.0" }, "authenticationInformation.version"},
		{"auth content not base64url", func(d *messaging.Details) { d.Authentication[0].Content = "a+b/c=" }, "authenticationInformation.content"},
		{"auth list empty", func(d *messaging.Details) { d.Authentication = []messaging.Authentication{} }, "authenticationInformation"},
		{"two reply channels", func(d *messaging.Details) {
			d.ReplyChannel.DeMail = &messaging.DeMailChannel{Address: "a@example.org"}
		}, "replyChannel"},
		{"empty reply channel", func(d *messaging.Details) { d.ReplyChannel = &messaging.ReplyChannel{} }, "replyChannel"},
		{"FINK reference", func(d *messaging.Details) { d.ReplyChannel.FINK.PostfachRef = "HH/BY" }, "replyChannel.fink.finkPostfachRef"},
		{"Elster account", func(d *messaging.Details) {
			d.ReplyChannel = &messaging.ReplyChannel{Elster: &messaging.ElsterChannel{AccountID: "12345"}}
		}, "replyChannel.elster.accountId"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := submission(h, `{"g":9}`, "x")
			s.Details = fullDetails(&messaging.ReplyChannel{FINK: &messaging.FINKChannel{PostfachRef: "hh/by/12345"}})
			tt.mod(&s.Details)
			_, err := c.Send(ctx, s, &messaging.SendOptions{IdempotencyKey: "invalid-" + tt.name})
			wantCode(t, "Send", err, ozg.InvalidArgument)
			if !strings.Contains(err.Error(), tt.field) {
				t.Errorf("Send: error %q does not name %s", err, tt.field)
			}
		})
	}
	// Refused before anything was announced or recorded.
	pending, err := c.Pending(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(pending) != 0 {
		t.Errorf("Pending: %d outbox entries, want none", len(pending))
	}
}
