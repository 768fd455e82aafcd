package drivertest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/driver"
	"github.com/shopspring/decimal"
)

// Harness makes providers for the suite and plays the citizen.
type Harness interface {
	// MakeProvider returns a fresh, empty provider whose simulated citizen
	// does nothing until Pay or Abort is called.
	MakeProvider(ctx context.Context) (driver.Provider, error)
	// Pay makes the citizen pay the open payment id on the payment page.
	Pay(ctx context.Context, id string) error
	// Abort makes the citizen cancel the open payment id on the payment page.
	Abort(ctx context.Context, id string) error
	// Close releases the harness's resources.
	Close()
}

// SlowHarness is implemented by harnesses that can make a provider whose
// every call takes latency (or until the context ends); the suite then
// checks that a shorter deadline is honoured.
type SlowHarness interface {
	MakeSlowProvider(ctx context.Context, latency time.Duration) (driver.Provider, error)
}

// HarnessMaker returns a new Harness for one subtest.
type HarnessMaker func(ctx context.Context, t *testing.T) (Harness, error)

// Params returns a valid request for a fee of 25.00 EUR (one item without
// VAT) with the given request id.
func Params(requestID string) *payment.CreateParams {
	return &payment.CreateParams{
		RequestID:   requestID,
		Purpose:     "Hundesteuer 2026",
		Description: "Hundesteuer für das Jahr 2026",
		RedirectURL: "https://service.invalid/return",
		Items: []payment.LineItem{{
			ID:          "1",
			Reference:   "GEB-4711",
			Description: "Hundesteuer",
			Quantity:    1,
			SingleNet:   decimal.RequireFromString("25.00"),
			TotalNet:    decimal.RequireFromString("25.00"),
			Booking:     payment.BookingData{Haushaltsstelle: "1.6110.0300", Kassenzeichen: "4711"},
		}},
	}
}

func request(id string, amount string) *driver.CreateRequest {
	p := Params(id)
	a := decimal.RequireFromString(amount)
	p.Items[0].SingleNet, p.Items[0].TotalNet = a, a
	return &driver.CreateRequest{
		RequestID: id, RequestTime: time.Now(), Currency: "EUR", Amount: a,
		Purpose: p.Purpose, Description: p.Description, RedirectURL: p.RedirectURL, Items: p.Items,
	}
}

type env struct {
	h      Harness
	p      driver.Provider
	c      *payment.Client
	ctx    context.Context
	cancel context.CancelFunc
}

func setup(t *testing.T, newHarness HarnessMaker) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	h, err := newHarness(ctx, t)
	if err != nil {
		cancel()
		t.Fatalf("harness: %v", err)
	}
	p, err := h.MakeProvider(ctx)
	if err != nil {
		h.Close()
		cancel()
		t.Fatalf("MakeProvider: %v", err)
	}
	e := &env{h: h, p: p, ctx: ctx, cancel: cancel,
		c: payment.NewClient(p, &payment.ClientOptions{Retry: &payment.RetryPolicy{MaxAttempts: 1}})}
	t.Cleanup(func() { h.Close(); cancel() })
	return e
}

func wantCode(t *testing.T, what string, err error, want ozg.Code) {
	t.Helper()
	if got := ozg.CodeOf(err); got != want {
		t.Errorf("%s: code %v (%v), want %v", what, got, err, want)
	}
}

// RunConformanceTests runs the suite; each subtest gets a new Harness.
func RunConformanceTests(t *testing.T, newHarness HarnessMaker) {
	t.Run("CreateAndGet", func(t *testing.T) { testCreateAndGet(t, newHarness) })
	t.Run("CitizenPays", func(t *testing.T) { testSettle(t, newHarness, true) })
	t.Run("CitizenAborts", func(t *testing.T) { testSettle(t, newHarness, false) })
	t.Run("IdempotentRetry", func(t *testing.T) { testIdempotent(t, newHarness) })
	t.Run("GeneratedRequestID", func(t *testing.T) { testGeneratedID(t, newHarness) })
	t.Run("ValidationErrors", func(t *testing.T) { testValidation(t, newHarness) })
	t.Run("UnknownID", func(t *testing.T) { testUnknown(t, newHarness) })
	t.Run("Cancel", func(t *testing.T) { testCancel(t, newHarness) })
	t.Run("Timeouts", func(t *testing.T) { testTimeouts(t, newHarness) })
	t.Run("ConcurrentCreates", func(t *testing.T) { testConcurrent(t, newHarness) })
	t.Run("SlowProvider", func(t *testing.T) { testSlow(t, newHarness) })
}

func testCreateAndGet(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	p, err := e.c.Create(e.ctx, Params("conf-create-1"))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if p.ID == "" || p.RequestID != "conf-create-1" || p.PaymentURL == "" {
		t.Errorf("Create = %+v: want an id, request id conf-create-1 and a payment URL", p)
	}
	if p.Status != payment.StatusCreated && p.Status != payment.StatusPending {
		t.Errorf("Create status = %s, want Created or Pending", p.Status)
	}
	if !p.Amount.Equal(decimal.RequireFromString("25")) || p.Currency != "EUR" {
		t.Errorf("Create amount = %s %s, want 25 EUR", p.Amount, p.Currency)
	}
	g, err := e.c.Get(e.ctx, p.ID)
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if g.ID != p.ID || g.RequestID != p.RequestID || !g.Amount.Equal(p.Amount) {
		t.Errorf("Get = %+v, want the created payment %+v", g, p)
	}
	if !g.Status.Open() {
		t.Errorf("Get status = %s before the citizen acted, want open", g.Status)
	}
}

func testSettle(t *testing.T, nh HarnessMaker, pay bool) {
	e := setup(t, nh)
	p, err := e.c.Create(e.ctx, Params("conf-settle-1"))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	want := payment.StatusPaid
	if pay {
		err = e.h.Pay(e.ctx, p.ID)
	} else {
		err = e.h.Abort(e.ctx, p.ID)
		want = payment.StatusCanceled
	}
	if err != nil {
		t.Fatalf("citizen: %v", err)
	}
	g, err := e.c.Wait(e.ctx, p.ID, &payment.WaitOptions{Interval: 10 * time.Millisecond})
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if g.Status != want || g.ProviderStatus == "" {
		t.Errorf("status = %s (provider %q), want %s", g.Status, g.ProviderStatus, want)
	}
	if !payment.StatusCreated.CanTransition(g.Status) {
		t.Errorf("Created → %s is not a legal transition", g.Status)
	}
}

func testIdempotent(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	a, err := e.c.Create(e.ctx, Params("conf-idem-1"))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	b, err := e.c.Create(e.ctx, Params("conf-idem-1"))
	if err != nil {
		t.Fatalf("second Create: %v", err)
	}
	if a.ID != b.ID {
		t.Errorf("retry with the same request id created a second payment: %s and %s", a.ID, b.ID)
	}
	// The same request id after the citizen paid still returns the payment.
	if err := e.h.Pay(e.ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	c, err := e.c.Create(e.ctx, Params("conf-idem-1"))
	if err != nil || c.ID != a.ID {
		t.Errorf("Create after payment = %v, %v; want %s", c, err, a.ID)
	}
	// Reuse for a different amount is refused.
	_, err = e.p.Create(e.ctx, request("conf-idem-1", "30.00"))
	if err == nil {
		t.Fatal("request id reused with another amount: no error")
	}
	if got := e.p.ErrorCode(err); got != ozg.AlreadyExists {
		t.Errorf("reuse with another amount: code %v (%v), want AlreadyExists", got, err)
	}
}

func testGeneratedID(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	p, err := e.c.Create(e.ctx, Params(""))
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	if !payment.ValidRequestID(p.RequestID) {
		t.Errorf("generated request id %q is not valid", p.RequestID)
	}
	q, err := e.c.Create(e.ctx, Params(""))
	if err != nil {
		t.Fatal(err)
	}
	if q.RequestID == p.RequestID || q.ID == p.ID {
		t.Errorf("two creates without request id share id or request id: %+v %+v", p, q)
	}
}

func testValidation(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	// The provider itself rejects a sum that does not add up.
	req := request("conf-bad-sum", "26.00")
	req.Amount = decimal.RequireFromString("27.00")
	_, err := e.p.Create(e.ctx, req)
	if got := e.p.ErrorCode(err); err == nil || got != ozg.InvalidArgument {
		t.Errorf("provider Create with wrong sum: code %v (%v), want InvalidArgument", got, err)
	}
	// The client rejects before sending.
	bad := Params("conf-bad-1")
	bad.Items[0].TotalNet = decimal.RequireFromString("24.99")
	_, err = e.c.Create(e.ctx, bad)
	wantCode(t, "Create with inconsistent item", err, ozg.InvalidArgument)
	var ve *payment.ValidationError
	if !asValidation(err, &ve) || !ve.Has("item.total-net") {
		t.Errorf("error %v lacks rule item.total-net", err)
	}
	// Nothing was created for either request.
	if _, err := e.c.Create(e.ctx, Params("conf-bad-1")); err != nil {
		t.Errorf("Create after rejected request with the same id: %v", err)
	}
}

func testUnknown(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	_, err := e.c.Get(e.ctx, "unknown-0000-id")
	wantCode(t, "Get unknown", err, ozg.NotFound)
}

func testCancel(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	p, err := e.c.Create(e.ctx, Params("conf-cancel-1"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.c.Cancel(e.ctx, p.ID)
	if _, ok := e.p.(driver.Canceler); !ok {
		wantCode(t, "Cancel without capability", err, ozg.Unimplemented)
		return
	}
	if err != nil || c.Status != payment.StatusCanceled {
		t.Fatalf("Cancel = %v, %v; want Canceled", c, err)
	}
	_, err = e.c.Cancel(e.ctx, p.ID)
	wantCode(t, "Cancel twice", err, ozg.FailedPrecondition)
}

func testTimeouts(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	ctx, cancel := context.WithCancel(e.ctx)
	cancel()
	_, err := e.c.Create(ctx, Params("conf-ctx-1"))
	wantCode(t, "Create with canceled context", err, ozg.Canceled)
	dctx, dcancel := context.WithDeadline(e.ctx, time.Now().Add(-time.Second))
	defer dcancel()
	_, err = e.c.Get(dctx, "any-id")
	wantCode(t, "Get past deadline", err, ozg.DeadlineExceeded)
	// The canceled request created nothing visible under another outcome:
	// creating it now works and is idempotent.
	a, err := e.c.Create(e.ctx, Params("conf-ctx-1"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.c.Create(e.ctx, Params("conf-ctx-1"))
	if err != nil || a.ID != b.ID {
		t.Errorf("Create after canceled attempt: %v, %v", b, err)
	}
}

func testConcurrent(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	const ids, dup = 10, 3
	var wg sync.WaitGroup
	got := make([][]string, ids)
	errs := make(chan error, ids*dup)
	var mu sync.Mutex
	for i := 0; i < ids; i++ {
		for j := 0; j < dup; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				p, err := e.c.Create(e.ctx, Params(fmt.Sprintf("conf-conc-%d", i)))
				if err != nil {
					errs <- err
					return
				}
				mu.Lock()
				got[i] = append(got[i], p.ID)
				mu.Unlock()
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent Create: %v", err)
	}
	seen := map[string]int{}
	for i, g := range got {
		for _, id := range g {
			if id != g[0] {
				t.Errorf("request id %d got payments %v, want one", i, g)
				break
			}
		}
		if len(g) > 0 {
			if k, ok := seen[g[0]]; ok {
				t.Errorf("request ids %d and %d share payment %s", k, i, g[0])
			}
			seen[g[0]] = i
		}
	}
}

func testSlow(t *testing.T, nh HarnessMaker) {
	e := setup(t, nh)
	sh, ok := e.h.(SlowHarness)
	if !ok {
		t.Skip("harness cannot make a slow provider")
	}
	p, err := sh.MakeSlowProvider(e.ctx, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c := payment.NewClient(p, &payment.ClientOptions{Retry: &payment.RetryPolicy{MaxAttempts: 1}})
	ctx, cancel := context.WithTimeout(e.ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = c.Create(ctx, Params("conf-slow-1"))
	wantCode(t, "Create against a slow provider", err, ozg.DeadlineExceeded)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Create returned after %v; the 100 ms deadline was not honoured", d)
	}
	// With an attempt timeout and retries the caller's deadline still wins.
	c = payment.NewClient(p, &payment.ClientOptions{Retry: &payment.RetryPolicy{MaxAttempts: 5, AttemptTimeout: 30 * time.Millisecond, InitialBackoff: time.Millisecond}})
	ctx2, cancel2 := context.WithTimeout(e.ctx, 200*time.Millisecond)
	defer cancel2()
	start = time.Now()
	_, err = c.Get(ctx2, "slow-0001")
	if code := ozg.CodeOf(err); code != ozg.DeadlineExceeded {
		t.Errorf("Get with attempt timeouts: code %v (%v), want DeadlineExceeded", code, err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Get returned after %v", d)
	}
}
