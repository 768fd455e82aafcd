package onlinedienst_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
	"github.com/shopspring/decimal"
)

// TestPayAttempts: a portal gives each payment attempt its own idempotency
// key and return URL (PayWith), and records a payment it already fetched
// (RecordPayment) — refusing one that is not paid or not the fee — while
// the booking data stay the definition's; MessagingSender delivers under
// SubmissionKey.
func TestPayAttempts(t *testing.T) {
	d := readDef(t)
	s, err := onlinedienst.Bind(d, andernach())
	if err != nil {
		t.Fatal(err)
	}
	provider := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.Manual()})
	pay := &recPay{Payments: payment.NewClient(provider, nil)}
	outbox := &messaging.MemoryStore{}
	msg := messaging.NewClient(messagingtest.New(nil), &messaging.ClientOptions{Store: outbox})
	r, err := onlinedienst.NewRunner(s, onlinedienst.RunnerOptions{Form: form(t, d), Payments: pay,
		ReturnURL: "https://x.example/r", Router: directory(t).Router(&zufi.JWSVerifier{Keys: jwks(t, "../zufi/testdata/ssp-test.jwks.json")}), Sender: &onlinedienst.MessagingSender{Client: msg}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	by := antrag.Actor{Kind: "applicant", ID: "p"}
	a, err := r.Start(ctx, by)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Fill(ctx, a, by, json.RawMessage(hundData), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Review(ctx, a, by, antrag.Declaration{Text: "t", Warning: "w", WarningAcknowledged: true}); err != nil {
		t.Fatal(err)
	}

	// Pay uses the application ID and the runner's return URL.
	first, err := r.Pay(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if pay.last.RequestID != a.ID || pay.last.RedirectURL != "https://x.example/r?antrag="+a.ID {
		t.Errorf("Pay: request %q, return %q", pay.last.RequestID, pay.last.RedirectURL)
	}
	if err := provider.Abort(first.ID); err != nil {
		t.Fatal(err)
	}
	canceled, err := pay.Get(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.RecordPayment(ctx, a, by, canceled); !errors.Is(err, ozg.ErrFailedPrecondition) || a.Payment != nil || a.State != antrag.Reviewed {
		t.Fatalf("canceled payment recorded: %v, state %s", err, a.State)
	}
	// The same key again gives the canceled payment back: a second
	// attempt needs a key of its own.
	again, err := r.Pay(ctx, a)
	if err != nil || again.ID != first.ID {
		t.Fatalf("same key: %v, %q vs %q", err, again.ID, first.ID)
	}
	if _, err := r.PayWith(ctx, a, &onlinedienst.PayOptions{RequestID: "no spaces allowed"}); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("PayWith with an invalid RequestID: %v", err)
	}
	second, err := r.PayWith(ctx, a, &onlinedienst.PayOptions{RequestID: "attempt-2", ReturnURL: "https://x.example/back?requestId=attempt-2"})
	if err != nil {
		t.Fatal(err)
	}
	if second.ID == first.ID || pay.last.RequestID != "attempt-2" || pay.last.RedirectURL != "https://x.example/back?requestId=attempt-2" {
		t.Errorf("PayWith: payment %q (first %q), request %q, return %q", second.ID, first.ID, pay.last.RequestID, pay.last.RedirectURL)
	}
	if b := pay.last.Items[0].Booking; b.Kassenzeichen != "AND-"+a.ID || b.Haushaltsstelle != "61100.30000" || !pay.last.Items[0].TotalNet.Equal(a.Gebuehr) {
		t.Errorf("PayWith booking %+v, amount %s", b, pay.last.Items[0].TotalNet)
	}
	if err := provider.Pay(second.ID); err != nil {
		t.Fatal(err)
	}
	paid, err := pay.Get(ctx, second.ID)
	if err != nil {
		t.Fatal(err)
	}
	// A payment of another amount is not this fee.
	wrong := *paid
	wrong.Amount = paid.Amount.Add(decimal.NewFromInt(1))
	if err := r.RecordPayment(ctx, a, by, &wrong); !errors.Is(err, ozg.ErrFailedPrecondition) || a.Payment != nil {
		t.Fatalf("wrong amount recorded: %v", err)
	}
	if err := r.RecordPayment(ctx, a, by, nil); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("nil payment: %v", err)
	}
	if err := r.RecordPayment(ctx, a, by, paid); err != nil {
		t.Fatal(err)
	}
	if a.State != antrag.Paid || a.Payment.TransactionID != second.ID || a.Payment.TransactionReference != "AND-"+a.ID || a.Payment.PaymentMethod == "" {
		t.Errorf("recorded %s %+v", a.State, a.Payment)
	}
	// The return handler and the poller both record it: the second time
	// changes nothing.
	rev, hist := a.Revision, len(a.History)
	if err := r.RecordPayment(ctx, a, by, paid); err != nil || a.Revision != rev || len(a.History) != hist {
		t.Errorf("recording the same payment again: %v, revision %d→%d, history %d→%d", err, rev, a.Revision, hist, len(a.History))
	}
	// Another paid payment for the paid application is refused.
	other := *paid
	other.ID = "tx-other"
	if err := r.RecordPayment(ctx, a, by, &other); !errors.Is(err, ozg.ErrFailedPrecondition) || a.Payment.TransactionID != second.ID {
		t.Errorf("another payment recorded for a paid application: %v", err)
	}
	if _, err := r.Submit(ctx, a, by, antrag.Login{Level: ozg.NiveauSubstanziell}); err != nil {
		t.Fatal(err)
	}
	e, err := outbox.Get(ctx, onlinedienst.SubmissionKey(a.ID))
	if err != nil || e == nil || e.Stage != messaging.StageSubmitted || e.Ref.DestinationID != a.Destination.ID {
		t.Errorf("outbox entry under SubmissionKey: %+v, %v", e, err)
	}
}

// TestRates: the fee rule with each authority's amounts, in the order of
// the definition; an optional amount parameter left out is named.
func TestRates(t *testing.T) {
	d := readDef(t)
	for _, c := range []struct {
		p    *onlinedienst.Parameters
		want string
	}{{pellenz(), "1=60.00 2=90.00 *=120.00"}, {andernach(), "1=84.00 2=120.00 *=150.00"}} {
		s, err := onlinedienst.Bind(d, c.p)
		if err != nil {
			t.Fatal(err)
		}
		rs, err := s.Rates()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rs {
			w := r.Wert
			if w == "" {
				w = "*"
			}
			got = append(got, w+"="+r.Betrag.StringFixed(2))
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: %s, want %s", c.p.Behoerde, g, c.want)
		}
	}
	// A fixed fee is one row.
	fixed, err := onlinedienst.Load(mutate(t, func(m map[string]any) {
		g := m["gebuehr"].(map[string]any)
		g["art"], g["betrag"] = "fest", "12.50"
		delete(g, "feld")
		delete(g, "tabelle")
		delete(g, "sonst")
	}))
	if err != nil {
		t.Fatal(err)
	}
	s, err := onlinedienst.Bind(fixed, pellenz())
	if err != nil {
		t.Fatal(err)
	}
	if rs, err := s.Rates(); err != nil || len(rs) != 1 || rs[0].Wert != "" || rs[0].Betrag.StringFixed(2) != "12.50" {
		t.Errorf("fixed: %+v, %v", rs, err)
	}
	// An optional amount parameter the authority did not supply.
	optional, err := onlinedienst.Load(mutate(t, func(m map[string]any) {
		for _, p := range m["parameter"].([]any) {
			if p := p.(map[string]any); p["name"] == "satzWeitererHund" {
				p["pflicht"] = false
			}
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	p := pellenz()
	delete(p.Werte, "satzWeitererHund")
	if s, err = onlinedienst.Bind(optional, p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Rates(); !errors.Is(err, ozg.ErrInvalidArgument) || !strings.Contains(err.Error(), "/gebuehr/sonst") {
		t.Errorf("missing optional amount: %v", err)
	}
}
