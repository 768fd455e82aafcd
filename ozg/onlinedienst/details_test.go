package onlinedienst_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/shopspring/decimal"
)

// TestDetails maps applications in different states onto messaging
// details and checks each against what antrag.Antrag.Metadata writes for
// the same application (an independent path to the same FIT-Connect
// fields).
func TestDetails(t *testing.T) {
	created := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	submitted := time.Date(2026, 2, 1, 10, 30, 0, 0, time.FixedZone("CET", 3600))
	resubmitted := time.Date(2026, 2, 4, 0, 30, 0, 0, time.FixedZone("CET", 3600)) // 3 Feb in UTC: the day is taken in the local zone
	paidAt := time.Date(2026, 2, 1, 10, 15, 0, 0, time.UTC)
	pay := &antrag.Payment{TransactionID: "tx-000001", TransactionReference: "KZ-2026-0001", TransactionURL: "https://pay.example/tx-000001",
		TransactionTimestamp: paidAt, PaymentMethod: "CREDITCARD", PaymentMethodDetail: "VISA", Status: "BOOKED", GrossAmount: decimal.RequireFromString("84.00")}
	report := "eyJhbGciOiJQUzUxMiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl"
	fink := onlinedienst.PostboxReply("HH/BY/12345", "https://id.bund.de/")
	email := &messaging.ReplyChannel{EMail: &messaging.EMailChannel{Address: "erika@example.org"}}
	history := func(at ...time.Time) []antrag.Transition {
		h := []antrag.Transition{{To: antrag.Draft, Action: antrag.ActionCreate, At: created}}
		for _, t := range at {
			h = append(h, antrag.Transition{From: antrag.Reviewed, To: antrag.Submitted, At: t})
		}
		return h
	}
	tests := []struct {
		name  string
		a     *antrag.Antrag
		reply *messaging.ReplyChannel
		want  messaging.Details
	}{
		{name: "nil application, reply only", reply: email, want: messaging.Details{ReplyChannel: email}},
		{name: "draft: reference without date", a: &antrag.Antrag{ID: "AND-2026-0001", History: history()},
			want: messaging.Details{Reference: &messaging.ReferenceInfo{SenderReference: "AND-2026-0001"}}},
		{name: "free service, login without report", a: &antrag.Antrag{ID: "A-2", History: history(submitted),
			Login: &antrag.Login{Method: ozg.LoginEID, Level: ozg.NiveauHoch}},
			want: messaging.Details{Reference: &messaging.ReferenceInfo{SenderReference: "A-2", ApplicationDate: submitted}}},
		{name: "paid, identified, postbox reply", reply: fink,
			a: &antrag.Antrag{ID: "A-3", History: history(submitted), Payment: pay,
				Login: &antrag.Login{Method: ozg.LoginEID, Level: ozg.NiveauHoch, IdentificationReport: report, IdentificationReportVersion: "1.0.0"}},
			want: messaging.Details{
				Payment: &messaging.Payment{TransactionID: "tx-000001", TransactionReference: "KZ-2026-0001", TransactionURL: "https://pay.example/tx-000001",
					TransactionTimestamp: paidAt, Method: messaging.PaymentCreditCard, MethodDetail: "VISA", Status: messaging.PaymentBooked,
					GrossAmount: decimal.RequireFromString("84")},
				Authentication: []messaging.Authentication{{Type: messaging.AuthIdentificationReport, Version: "1.0.0", Content: report}},
				ReplyChannel:   &messaging.ReplyChannel{FINK: &messaging.FINKChannel{PostfachRef: "hh/by/12345", Host: "https://id.bund.de/"}},
				Reference:      &messaging.ReferenceInfo{SenderReference: "A-3", ApplicationDate: submitted},
			}},
		{name: "submitted again after a return: the last date", a: &antrag.Antrag{ID: "A-4", History: history(submitted, resubmitted)},
			want: messaging.Details{Reference: &messaging.ReferenceInfo{SenderReference: "A-4", ApplicationDate: resubmitted}}},
	}
	opt := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := onlinedienst.Details(tt.a, tt.reply)
			if diff := cmp.Diff(tt.want, got, opt); diff != "" {
				t.Errorf("Details (-want +got):\n%s", diff)
			}
			if tt.a != nil {
				agreesWithMetadata(t, tt.a.Metadata(), got)
			}
		})
	}
}

// agreesWithMetadata checks the details against the FIT-Connect metadata
// JSON fields antrag writes for the same application.
func agreesWithMetadata(t *testing.T, m antrag.Metadata, d messaging.Details) {
	t.Helper()
	if (m.PaymentInformation == nil) != (d.Payment == nil) {
		t.Fatalf("paymentInformation %v, Payment %v", m.PaymentInformation, d.Payment)
	}
	if pi, p := m.PaymentInformation, d.Payment; pi != nil {
		ts := ""
		if !p.TransactionTimestamp.IsZero() {
			ts = p.TransactionTimestamp.UTC().Format(time.RFC3339)
		}
		got := antrag.PaymentInformation{TransactionURL: p.TransactionURL, TransactionID: p.TransactionID, TransactionReference: p.TransactionReference,
			TransactionTimestamp: ts, PaymentMethod: string(p.Method), PaymentMethodDetail: p.MethodDetail, Status: string(p.Status)}
		want := *pi
		want.GrossAmount = got.GrossAmount // unexported type; compared below
		if want != got {
			t.Errorf("paymentInformation %+v, from Details %+v", want, got)
		}
		if b, _ := pi.GrossAmount.MarshalJSON(); string(b) != p.GrossAmount.StringFixed(2) {
			t.Errorf("grossAmount %s, from Details %s", b, p.GrossAmount.StringFixed(2))
		}
	}
	var auth []antrag.AuthenticationInformation
	for _, a := range d.Authentication {
		auth = append(auth, antrag.AuthenticationInformation{Type: string(a.Type), Version: a.Version, Content: a.Content})
	}
	if diff := cmp.Diff(m.AuthenticationInformation, auth); diff != "" {
		t.Errorf("authenticationInformation (-metadata +details):\n%s", diff)
	}
	ref := antrag.AdditionalReferenceInfo{}
	if d.Reference != nil {
		ref.SenderReference = d.Reference.SenderReference
		if !d.Reference.ApplicationDate.IsZero() {
			ref.ApplicationDate = d.Reference.ApplicationDate.Format("2006-01-02")
		}
	}
	if m.AdditionalReferenceInfo == nil || *m.AdditionalReferenceInfo != ref {
		t.Errorf("additionalReferenceInfo %+v, from Details %+v", m.AdditionalReferenceInfo, ref)
	}
}

// TestPostboxReply: a login without a postbox handle gives no channel; a
// handle is lower-cased as finkPostfachRef requires.
func TestPostboxReply(t *testing.T) {
	if r := onlinedienst.PostboxReply("", "https://id.bund.de/"); r != nil {
		t.Errorf("no handle: %+v", r)
	}
	r := onlinedienst.PostboxReply("Pf-AB12", "https://id.bund.de/")
	if r == nil || r.FINK == nil || r.FINK.PostfachRef != "pf-ab12" || r.FINK.Host != "https://id.bund.de/" || r.EMail != nil {
		t.Errorf("postbox reply %+v", r)
	}
}
