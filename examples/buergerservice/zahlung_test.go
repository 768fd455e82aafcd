package main

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/payment"
)

// TestPaymentNotTwice: the citizen paid on the platform's page but did not
// come back, and the poller's view says paid while recording it failed.
// Paying again (a second tab, the back button) must not charge the fee a
// second time: the service asks the platform, records the payment it
// finds paid and continues with the submission.
func TestPaymentNotTwice(t *testing.T) {
	svc, b, base := startReviewed(t)
	b.expect("pay page", "/bezahlen", 200, `id="bezahlen"`)
	csrf := b.csrf()
	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	a := sessionAntrag(t, svc, b)
	var z zahlung
	if err := svc.kv.get(kindPayment, requestID(a, 0), &z); err != nil {
		t.Fatal(err)
	}
	// Paid at the platform; the browser never returns.
	if err := svc.payServer.Pay(z.PaymentID); err != nil {
		t.Fatal(err)
	}
	// The poller saw it paid, but recording it in the application failed.
	ctx := t.Context()
	rec, err := svc.poller.Store().Load(ctx, z.PaymentID)
	if err != nil {
		t.Fatal(err)
	}
	rec.Payment.Status = payment.StatusPaid
	if err := svc.poller.Store().Save(ctx, rec); err != nil {
		t.Fatal(err)
	}

	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	b.expect("pay again", "/absenden", 200, `id="zahlung-ok"`)
	if n := svc.payServer.CreateRequests(); n != 1 {
		t.Errorf("%d payments created, want 1", n)
	}
	a = sessionAntrag(t, svc, b)
	if a.State != antrag.Paid || a.Payment == nil || a.Payment.TransactionID != z.PaymentID {
		t.Errorf("application %s, payment %+v; want paid with %s", a.State, a.Payment, z.PaymentID)
	}
	// Once paid, the payment button leads on to the submission.
	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	b.expect("after payment", "/absenden", 200)
}

// TestSessionExpires: a session older than sessionMaxAge is refused and
// removed: its cookie leads back to the login.
func TestSessionExpires(t *testing.T) {
	svc, _ := startService(t, "")
	b := newBrowser(t)
	b.login(svc.URL())
	b.expect("login", "/antrag", 200)
	u, _ := url.Parse(svc.URL())
	var sess session
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == cookieSession {
			if err := svc.kv.get(kindSession, c.Value, &sess); err != nil {
				t.Fatal(err)
			}
		}
	}
	sess.Created = time.Now().Add(-sessionMaxAge - time.Minute)
	if err := svc.kv.put(kindSession, sess.ID, sess); err != nil {
		t.Fatal(err)
	}
	b.get(svc.URL() + "/antrag")
	b.expect("expired", "/", 200, `id="login"`)
	if err := svc.kv.get(kindSession, sess.ID, &sess); ozg.CodeOf(err) != ozg.NotFound {
		t.Errorf("expired session kept: %v", err)
	}
}

// TestPaymentReserved: the request ID is linked to the application before
// the payment is created; when its payment ID was not kept (the process
// stopped in between), paying again gets the same payment back under the
// same key instead of a second one.
func TestPaymentReserved(t *testing.T) {
	svc, b, base := startReviewed(t)
	csrf := b.csrf()
	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	first := b.url.String()
	a := sessionAntrag(t, svc, b)
	rid := requestID(a, 0)
	if err := svc.kv.put(kindPayment, rid, zahlung{RequestID: rid, AntragID: a.ID}); err != nil {
		t.Fatal(err)
	}
	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	if b.url.String() != first || svc.payServer.Len() != 1 {
		t.Fatalf("paying again went to %s (first %s), %d payments at the platform", b.url, first, svc.payServer.Len())
	}
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.expect("paid", "/absenden", 200, `id="zahlung-ok"`)
}

// TestPaymentAttempts: every attempt after a cancel gets a key of its
// own, up to maxZahlungsversuche; after that no payment is started (the
// last key used to be reused, sending the citizen to a canceled payment).
func TestPaymentAttempts(t *testing.T) {
	svc, b, base := startReviewed(t)
	csrf := b.csrf()
	seen := map[string]bool{}
	for i := range maxZahlungsversuche {
		b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
		if seen[b.url.Path] || !strings.Contains(b.body, `value="cancel"`) {
			t.Fatalf("attempt %d: %s (seen before: %v)\n%s", i, b.url, seen[b.url.Path], b.body)
		}
		seen[b.url.Path] = true
		b.post(b.url.String(), url.Values{"action": {"cancel"}})
		b.expect("canceled", "/bezahlen", 200, "Sie haben die Zahlung abgebrochen")
	}
	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	b.expect("too many attempts", "/bezahlen", http.StatusConflict, "zu oft abgebrochen")
	if n := svc.payServer.Len(); n != maxZahlungsversuche {
		t.Errorf("%d payments at the platform, want %d", n, maxZahlungsversuche)
	}
}
