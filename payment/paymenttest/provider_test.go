package paymenttest_test

import (
	"context"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/driver"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
	"github.com/shopspring/decimal"
)

type harness struct{ p *paymenttest.Provider }

func (h *harness) MakeProvider(ctx context.Context) (driver.Provider, error) {
	h.p = paymenttest.New(&paymenttest.Options{Behavior: paymenttest.Manual()})
	return h.p, nil
}
func (h *harness) Pay(ctx context.Context, id string) error   { return h.p.Pay(id) }
func (h *harness) Abort(ctx context.Context, id string) error { return h.p.Abort(id) }
func (h *harness) Close()                                     {}

func (h *harness) MakeSlowProvider(ctx context.Context, latency time.Duration) (driver.Provider, error) {
	return paymenttest.New(&paymenttest.Options{Latency: latency}), nil
}

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(ctx context.Context, t *testing.T) (drivertest.Harness, error) {
		return &harness{}, nil
	})
}

func TestBehaviors(t *testing.T) {
	tests := []struct {
		b    paymenttest.Behavior
		want payment.Status
	}{
		{paymenttest.AlwaysPays(), payment.StatusPaid},
		{paymenttest.AlwaysDeclines(), payment.StatusFailed},
		{paymenttest.UserCancels(), payment.StatusCanceled},
		{paymenttest.NeverCompletes(), payment.StatusPending},
		{paymenttest.FailsTransiently(3), payment.StatusPaid},
		{paymenttest.Manual(), payment.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.b.String(), func(t *testing.T) {
			p := paymenttest.New(&paymenttest.Options{Behavior: tt.b})
			c := payment.NewClient(p, &payment.ClientOptions{Retry: &payment.RetryPolicy{MaxAttempts: 5, InitialBackoff: time.Millisecond}})
			ctx := context.Background()
			pay, err := c.Create(ctx, drivertest.Params("beh-1"))
			if err != nil {
				t.Fatal(err)
			}
			got, err := c.Get(ctx, pay.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tt.want {
				t.Errorf("status = %s, want %s", got.Status, tt.want)
			}
		})
	}
}

func TestFailsTransientlyWithoutRetry(t *testing.T) {
	p := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.FailsTransiently(1)})
	c := payment.NewClient(p, &payment.ClientOptions{Retry: &payment.RetryPolicy{MaxAttempts: 1}})
	_, err := c.Create(context.Background(), drivertest.Params("x"))
	if ozg.CodeOf(err) != ozg.Unavailable {
		t.Fatalf("code = %v, want Unavailable", ozg.CodeOf(err))
	}
	if p.Len() != 0 {
		t.Errorf("Len = %d, want 0", p.Len())
	}
}

func TestDeterministic(t *testing.T) {
	clock := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	p := paymenttest.New(&paymenttest.Options{Now: func() time.Time { return clock }, IDPrefix: "fee-"})
	c := payment.NewClient(p, &payment.ClientOptions{Now: func() time.Time { return clock }})
	pay, err := c.Create(context.Background(), drivertest.Params("det-1"))
	if err != nil {
		t.Fatal(err)
	}
	if pay.ID != "fee-000001" || !pay.Created.Equal(clock) {
		t.Errorf("payment = %s at %v, want fee-000001 at %v", pay.ID, pay.Created, clock)
	}
	if n := len(p.Transactions()); n != 1 {
		t.Errorf("Transactions = %d, want 1", n)
	}
}

func TestRefund(t *testing.T) {
	p := paymenttest.New(nil)
	c := payment.NewClient(p, nil)
	ctx := context.Background()
	pay, _ := c.Create(ctx, drivertest.Params("ref-1"))
	if _, err := c.Refund(ctx, pay.ID, decimal.RequireFromString("25")); ozg.CodeOf(err) != ozg.FailedPrecondition {
		t.Errorf("refund of unpaid payment: %v, want FailedPrecondition", err)
	}
	if _, err := c.Get(ctx, pay.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Refund(ctx, pay.ID, decimal.RequireFromString("25.001")); ozg.CodeOf(err) != ozg.InvalidArgument {
		t.Errorf("refund with three fraction digits: %v, want InvalidArgument", err)
	}
	if _, err := c.Refund(ctx, pay.ID, decimal.RequireFromString("30")); ozg.CodeOf(err) != ozg.InvalidArgument {
		t.Errorf("refund above amount: %v, want InvalidArgument", err)
	}
	r, err := c.Refund(ctx, pay.ID, decimal.RequireFromString("25"))
	if err != nil || r.Status != payment.StatusRefunded {
		t.Errorf("Refund = %v, %v", r, err)
	}
}
