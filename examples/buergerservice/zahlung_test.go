package main

import (
	"net/url"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/payment"
)

// TestPaymentNotTwice: the citizen paid on the platform's page but did not
// come back, and the poller's view says paid while recording it failed.
// Paying again (a second tab, the back button) must not charge the fee a
// second time: the service asks the platform, records the payment it
// finds paid and continues with the submission.
func TestPaymentNotTwice(t *testing.T) {
	svc, _ := startService(t, "")
	base := svc.URL()
	b := newBrowser(t)
	b.login(base)
	b.post(base+"/antrag", validForm(b.csrf()))
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
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
