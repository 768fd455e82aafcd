package paymenttest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment/driver"
	"github.com/shopspring/decimal"
)

// Behavior says what the simulated citizen does with a payment. Use the
// constructors; the zero value is AlwaysPays.
type Behavior struct {
	name    string
	outcome driver.Status // "" means manual
	pending bool          // stays Pending
	fail    int           // the first fail calls fail transiently
}

// String returns the behaviour's name.
func (b Behavior) String() string {
	if b.name == "" {
		return "AlwaysPays"
	}
	return b.name
}

// AlwaysPays: the citizen pays; the first Get after Create reports Paid.
func AlwaysPays() Behavior { return Behavior{name: "AlwaysPays", outcome: driver.StatusPaid} }

// AlwaysDeclines: the payment fails; the first Get reports Failed.
func AlwaysDeclines() Behavior {
	return Behavior{name: "AlwaysDeclines", outcome: driver.StatusFailed}
}

// UserCancels: the citizen cancels on the payment page; the first Get
// reports Canceled.
func UserCancels() Behavior { return Behavior{name: "UserCancels", outcome: driver.StatusCanceled} }

// NeverCompletes: the citizen opens the payment page and never finishes;
// Get reports Pending for ever (until the payment is canceled or a Poller
// expires it).
func NeverCompletes() Behavior { return Behavior{name: "NeverCompletes", pending: true} }

// FailsTransiently: the first n calls to the provider (of any method) fail
// with a transient error (code Unavailable); after that it behaves like
// AlwaysPays. For testing retries.
func FailsTransiently(n int) Behavior {
	return Behavior{name: fmt.Sprintf("FailsTransiently(%d)", n), outcome: driver.StatusPaid, fail: n}
}

// Manual: nothing happens on its own; the test decides with Pay, Decline
// and Abort. The conformance harness uses it.
func Manual() Behavior { return Behavior{name: "Manual"} }

// Error is the error the fake returns; Code is its classification.
type Error struct {
	Code ozg.Code
	Msg  string
}

// Error returns the message.
func (e *Error) Error() string { return "paymenttest: " + e.Msg }

// ErrTransient is the cause of the failures FailsTransiently injects.
var ErrTransient = errors.New("paymenttest: injected transient failure")

// Options configure a Provider. A nil *Options means the defaults.
type Options struct {
	Behavior Behavior         // the citizen's behaviour; zero means AlwaysPays
	Now      func() time.Time // clock; nil means time.Now
	IDPrefix string           // prefix of the deterministic ids; "" means "tx-"
	PageURL  string           // base of the payment page URLs; "" means "https://pay.invalid/"
	Latency  time.Duration    // each call waits this long (or until the context ends)
}

type record struct {
	tx      driver.Transaction
	settled bool
}

// Provider is an in-memory driver.Provider with a simulated citizen. It
// implements driver.Canceler and driver.Refunder, is safe for concurrent
// use and deterministic: ids are numbered, time comes from Options.Now. It
// is a test double, not for production.
type Provider struct {
	o     Options
	mu    sync.Mutex
	calls int
	seq   int
	byID  map[string]*record
	byReq map[string]*record
}

// New returns an empty Provider.
func New(opts *Options) *Provider {
	p := &Provider{byID: map[string]*record{}, byReq: map[string]*record{}}
	if opts != nil {
		p.o = *opts
	}
	if p.o.Now == nil {
		p.o.Now = time.Now
	}
	if p.o.IDPrefix == "" {
		p.o.IDPrefix = "tx-"
	}
	if p.o.PageURL == "" {
		p.o.PageURL = "https://pay.invalid/"
	}
	if p.o.Behavior == (Behavior{}) {
		p.o.Behavior = AlwaysPays()
	}
	return p
}

var (
	_ driver.Provider = (*Provider)(nil)
	_ driver.Canceler = (*Provider)(nil)
	_ driver.Refunder = (*Provider)(nil)
)

// enter runs the common start of each call: latency, context, injected
// failure. It returns with p.mu held when err is nil.
func (p *Provider) enter(ctx context.Context) error {
	if p.o.Latency > 0 {
		t := time.NewTimer(p.o.Latency)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p.mu.Lock()
	p.calls++
	if p.calls <= p.o.Behavior.fail {
		p.mu.Unlock()
		return ErrTransient
	}
	return nil
}

func sameRequest(a *driver.Transaction, req *driver.CreateRequest) bool {
	return a.Amount.Equal(req.Amount) && a.Currency == req.Currency
}

// Create implements driver.Provider.
func (p *Provider) Create(ctx context.Context, req *driver.CreateRequest) (*driver.Transaction, error) {
	if err := p.enter(ctx); err != nil {
		return nil, err
	}
	defer p.mu.Unlock()
	if r, ok := p.byReq[req.RequestID]; ok {
		if !sameRequest(&r.tx, req) {
			return nil, &Error{Code: ozg.AlreadyExists, Msg: "request id already used for a different payment"}
		}
		tx := r.tx
		return &tx, nil
	}
	sum := decimal.Zero
	for _, it := range req.Items {
		sum = sum.Add(it.TotalNet).Add(it.TotalTax)
	}
	if len(req.Items) == 0 || !sum.Equal(req.Amount) {
		return nil, &Error{Code: ozg.InvalidArgument, Msg: "amount is not the sum of the items"}
	}
	if req.Currency != "EUR" {
		return nil, &Error{Code: ozg.InvalidArgument, Msg: "currency must be EUR"}
	}
	p.seq++
	id := fmt.Sprintf("%s%06d", p.o.IDPrefix, p.seq)
	now := p.o.Now()
	r := &record{tx: driver.Transaction{
		ID:             id,
		RequestID:      req.RequestID,
		Reference:      fmt.Sprintf("REF%06d", p.seq),
		Status:         driver.StatusCreated,
		ProviderStatus: "CREATED",
		Amount:         req.Amount,
		Currency:       req.Currency,
		PaymentURL:     p.o.PageURL + id,
		Created:        now,
		Updated:        now,
	}}
	p.byID[id] = r
	p.byReq[req.RequestID] = r
	tx := r.tx
	return &tx, nil
}

// Get implements driver.Provider. On the first Get the simulated citizen
// acts according to the Behavior.
func (p *Provider) Get(ctx context.Context, id string) (*driver.Transaction, error) {
	if err := p.enter(ctx); err != nil {
		return nil, err
	}
	defer p.mu.Unlock()
	r, ok := p.byID[id]
	if !ok {
		return nil, &Error{Code: ozg.NotFound, Msg: "unknown transaction"}
	}
	if !r.settled && r.tx.Status.Open() {
		b := p.o.Behavior
		switch {
		case b.pending:
			p.set(r, driver.StatusPending, "PENDING", "")
		case b.outcome != "":
			p.set(r, b.outcome, providerStatus(b.outcome), "")
			r.tx.Method = "OTHER"
		}
		r.settled = true
	}
	tx := r.tx
	return &tx, nil
}

func providerStatus(s driver.Status) string {
	switch s {
	case driver.StatusPaid:
		return "PAID"
	case driver.StatusFailed:
		return "DECLINED"
	case driver.StatusCanceled:
		return "CANCELED"
	}
	return "PENDING"
}

func (p *Provider) set(r *record, s driver.Status, ps, detail string) {
	r.tx.Status = s
	r.tx.ProviderStatus = ps
	r.tx.StatusDetail = detail
	r.tx.Updated = p.o.Now()
}

// Cancel implements driver.Canceler.
func (p *Provider) Cancel(ctx context.Context, id string) (*driver.Transaction, error) {
	if err := p.enter(ctx); err != nil {
		return nil, err
	}
	defer p.mu.Unlock()
	r, ok := p.byID[id]
	if !ok {
		return nil, &Error{Code: ozg.NotFound, Msg: "unknown transaction"}
	}
	if !r.tx.Status.Open() {
		return nil, &Error{Code: ozg.FailedPrecondition, Msg: "payment is not open"}
	}
	p.set(r, driver.StatusCanceled, "CANCELED", "canceled by the authority")
	r.settled = true
	tx := r.tx
	return &tx, nil
}

// Refund implements driver.Refunder: a full or partial refund turns a
// Paid payment into Refunded.
func (p *Provider) Refund(ctx context.Context, id string, amount decimal.Decimal) (*driver.Transaction, error) {
	if err := p.enter(ctx); err != nil {
		return nil, err
	}
	defer p.mu.Unlock()
	r, ok := p.byID[id]
	if !ok {
		return nil, &Error{Code: ozg.NotFound, Msg: "unknown transaction"}
	}
	if r.tx.Status != driver.StatusPaid {
		return nil, &Error{Code: ozg.FailedPrecondition, Msg: "payment is not paid"}
	}
	if amount.GreaterThan(r.tx.Amount) {
		return nil, &Error{Code: ozg.InvalidArgument, Msg: "refund exceeds the paid amount"}
	}
	p.set(r, driver.StatusRefunded, "REFUNDED", "")
	tx := r.tx
	return &tx, nil
}

// ErrorCode implements driver.Provider.
func (p *Provider) ErrorCode(err error) ozg.Code {
	var e *Error
	switch {
	case errors.As(err, &e):
		return e.Code
	case errors.Is(err, ErrTransient):
		return ozg.Unavailable
	}
	return ozg.CodeOf(err)
}

func (p *Provider) settle(id string, s driver.Status) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.byID[id]
	if !ok {
		return &Error{Code: ozg.NotFound, Msg: "unknown transaction"}
	}
	if !r.tx.Status.Open() {
		return &Error{Code: ozg.FailedPrecondition, Msg: "payment is not open"}
	}
	p.set(r, s, providerStatus(s), "")
	r.settled = true
	return nil
}

// Pay makes the simulated citizen pay the open payment id.
func (p *Provider) Pay(id string) error { return p.settle(id, driver.StatusPaid) }

// Decline makes the open payment id fail.
func (p *Provider) Decline(id string) error { return p.settle(id, driver.StatusFailed) }

// Abort makes the simulated citizen cancel the open payment id on the
// payment page.
func (p *Provider) Abort(id string) error { return p.settle(id, driver.StatusCanceled) }

// Len returns how many payments exist.
func (p *Provider) Len() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.byID)
}

// Transactions returns a snapshot of every payment, in creation order.
func (p *Provider) Transactions() []driver.Transaction {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := make([]driver.Transaction, 0, len(p.byID))
	for i := 1; i <= p.seq; i++ {
		if r, ok := p.byID[fmt.Sprintf("%s%06d", p.o.IDPrefix, i)]; ok {
			out = append(out, r.tx)
		}
	}
	return out
}
