package payment_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
)

// TestLogsCarryNoPersonalData runs a create, retries, polls and a failure
// with a debug logger and checks that the payer's name, e-mail address and
// address never appear, while the ids do.
func TestLogsCarryNoPersonalData(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	prov := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.FailsTransiently(1)})
	c := payment.NewClient(prov, &payment.ClientOptions{Logger: log, Retry: &payment.RetryPolicy{MaxAttempts: 3, InitialBackoff: time.Millisecond}})
	p := drivertest.Params("log-1")
	p.Requestor = &payment.Requestor{Name: "Erika Mustermann", Email: "erika@example.org",
		Address: &payment.Address{Street: "Heidestraße", City: "Köln"}}
	ctx := context.Background()
	pay, err := c.Create(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	pol := payment.NewPoller(c, nil, &payment.PollerOptions{Logger: log, Interval: time.Nanosecond})
	_ = pol.Track(ctx, pay)
	time.Sleep(time.Millisecond)
	_, _ = pol.PollOnce(ctx)
	bad := drivertest.Params("log-2")
	bad.Requestor = p.Requestor
	bad.Requestor.Email = "erika@"
	_, _ = c.Create(ctx, bad)
	out := buf.String()
	for _, secret := range []string{"Erika", "Mustermann", "erika@", "Heidestra", "Köln"} {
		if strings.Contains(out, secret) {
			t.Errorf("log contains %q:\n%s", secret, out)
		}
	}
	for _, want := range []string{"log-1", pay.ID, "payment: retrying", "payment: status changed"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
}
