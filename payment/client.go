package payment

import (
	"context"
	crand "crypto/rand"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment/driver"
	"github.com/shopspring/decimal"
)

// ClientOptions configure a Client. A nil *ClientOptions means the
// defaults.
type ClientOptions struct {
	// Logger receives one record per call; nil discards. Records carry
	// payment and request ids, never names, e-mail addresses or amounts.
	Logger *slog.Logger

	// Now is the clock; nil means time.Now.
	Now func() time.Time

	// Rand is the source of generated request ids; nil means crypto/rand.
	Rand io.Reader

	// Retry configures retries of transient failures; nil means
	// DefaultRetry. Set MaxAttempts to 1 to disable retries.
	Retry *RetryPolicy

	// Purpose is the Verwendungszweck profile of the provider (length,
	// character set, whether to truncate); nil means
	// XBezahldienstePurpose(): 27 characters of CharsetXBezahldienste,
	// too long is an error.
	Purpose *PurposeOptions
}

// RetryPolicy says how Client retries calls that failed with a transient
// error (ozg.Unavailable, or an attempt that ran into AttemptTimeout while
// the caller's context is still alive). Get is always safe to retry; Create
// is retried with the same request id, so the provider returns the payment
// created by an earlier attempt whose response was lost. Cancel and Refund
// are not retried.
type RetryPolicy struct {
	MaxAttempts    int           // attempts in all, at least 1
	InitialBackoff time.Duration // wait before the second attempt; doubles, with jitter
	MaxBackoff     time.Duration // upper bound of one wait
	AttemptTimeout time.Duration // deadline of one attempt; 0 means only the caller's context
}

// DefaultRetry is the retry policy of a Client without one: 4 attempts,
// 100 ms doubling up to 2 s, 10 s per attempt.
func DefaultRetry() *RetryPolicy {
	return &RetryPolicy{MaxAttempts: 4, InitialBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second, AttemptTimeout: 10 * time.Second}
}

// Client is the portable payment client. It checks arguments, fills in
// request ids, cleans the purpose, retries transient failures, classifies
// errors into *ozg.Error and logs, and leaves the wire protocol to its
// driver.Provider. A Client is safe for concurrent use.
type Client struct {
	p       driver.Provider
	log     *slog.Logger
	now     func() time.Time
	rand    io.Reader
	retry   RetryPolicy
	purpose PurposeOptions
}

// NewClient returns a Client over p.
func NewClient(p driver.Provider, opts *ClientOptions) *Client {
	if opts == nil {
		opts = &ClientOptions{}
	}
	c := &Client{p: p, log: opts.Logger, now: opts.Now, rand: opts.Rand}
	if opts.Purpose != nil {
		c.purpose = *opts.Purpose
	} else {
		c.purpose = *XBezahldienstePurpose()
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.rand == nil {
		c.rand = crand.Reader
	}
	r := opts.Retry
	if r == nil {
		r = DefaultRetry()
	}
	c.retry = *r
	if c.retry.MaxAttempts < 1 {
		c.retry.MaxAttempts = 1
	}
	if c.retry.InitialBackoff <= 0 {
		c.retry.InitialBackoff = 100 * time.Millisecond
	}
	if c.retry.MaxBackoff < c.retry.InitialBackoff {
		c.retry.MaxBackoff = c.retry.InitialBackoff
	}
	return c
}

// Provider returns the driver the client uses.
func (c *Client) Provider() driver.Provider { return c.p }

// wrap classifies err once. An *ozg.Error from below keeps its code.
func (c *Client) wrap(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	var oe *ozg.Error
	if errors.As(err, &oe) && oe.Op == op {
		return err
	}
	code := c.p.ErrorCode(err)
	if ctxErr := ctx.Err(); ctxErr != nil && (code == ozg.Unknown || code == ozg.Unavailable || code == ozg.DeadlineExceeded || code == ozg.Canceled) {
		code = ozg.CodeOf(ctxErr)
	}
	return &ozg.Error{Code: code, Op: op, Err: err}
}

// do runs call with the retry policy; retry says whether the call may be
// repeated at all.
func (c *Client) do(ctx context.Context, op string, retry bool, call func(ctx context.Context) error) error {
	backoff := c.retry.InitialBackoff
	var err error
	for attempt := 1; ; attempt++ {
		actx, cancel := ctx, context.CancelFunc(func() {})
		if c.retry.AttemptTimeout > 0 {
			actx, cancel = context.WithTimeout(ctx, c.retry.AttemptTimeout)
		}
		err = call(actx)
		cancel()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || !retry || attempt >= c.retry.MaxAttempts {
			break
		}
		code := c.p.ErrorCode(err)
		if code != ozg.Unavailable && !(code == ozg.DeadlineExceeded || code == ozg.Canceled) {
			break
		}
		// A per-attempt timeout is transient; the caller's context is alive.
		wait := backoff/2 + rand.N(backoff/2+1)
		c.log.LogAttrs(ctx, slog.LevelWarn, "payment: retrying", slog.String("op", op), slog.Int("attempt", attempt), slog.String("code", code.String()), slog.Duration("wait", wait))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return c.wrap(ctx, op, err)
		case <-t.C:
		}
		backoff *= 2
		if backoff > c.retry.MaxBackoff {
			backoff = c.retry.MaxBackoff
		}
	}
	return c.wrap(ctx, op, err)
}

// newRequestID returns a random UUID (version 4).
func (c *Client) newRequestID() (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(c.rand, b[:]); err != nil {
		return "", err
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16]), nil
}

// Prepare fills in the defaults Create would (request id, time, currency,
// cleaned purpose, amount as the sum of the items) and validates the
// result. It returns the request that would be sent.
func (c *Client) Prepare(p *CreateParams) (*driver.CreateRequest, error) {
	const op = "payment.Create"
	if p == nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "nil params")
	}
	q := *p
	if q.RequestID == "" {
		id, err := c.newRequestID()
		if err != nil {
			return nil, &ozg.Error{Code: ozg.Internal, Op: op, Err: fmt.Errorf("generate request id: %w", err)}
		}
		q.RequestID = id
	}
	if q.RequestTime.IsZero() {
		q.RequestTime = c.now()
	}
	if q.Currency == "" {
		q.Currency = Currency
	}
	if q.Purpose != "" {
		cleaned, err := CleanPurpose(q.Purpose, &c.purpose)
		if err != nil {
			var pe *PurposeError
			errors.As(err, &pe)
			rule := "purpose.charset"
			if errors.Is(err, ErrPurposeLength) {
				rule = "purpose.length"
			}
			ve := &ValidationError{Violations: []Violation{{Field: "Purpose", Rule: rule, Message: pe.Error()}}}
			if err2 := q.Validate(&c.purpose); err2 != nil {
				for _, v := range err2.(*ValidationError).Violations {
					if v.Field != "Purpose" {
						ve.Violations = append(ve.Violations, v)
					}
				}
			}
			return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: ve}
		}
		q.Purpose = cleaned
	}
	if err := q.Validate(&c.purpose); err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: err}
	}
	if q.Amount.IsZero() {
		for _, it := range q.Items {
			q.Amount = q.Amount.Add(it.TotalNet).Add(it.TotalTax)
		}
	}
	items := make([]LineItem, len(q.Items))
	copy(items, q.Items)
	return &driver.CreateRequest{
		RequestID:   q.RequestID,
		RequestTime: q.RequestTime,
		Currency:    q.Currency,
		Amount:      q.Amount,
		Purpose:     q.Purpose,
		Description: q.Description,
		RedirectURL: q.RedirectURL,
		Items:       items,
		Requestor:   q.Requestor,
	}, nil
}

// Create registers a payment and returns it with the URL to send the
// citizen to (Payment.PaymentURL). The request is validated before anything
// is sent; a request that breaks a rule fails with code InvalidArgument
// wrapping a *ValidationError. Transient failures are retried with the same
// request id, so at most one payment exists per request id. If Create
// fails with Unavailable, DeadlineExceeded or Canceled, the outcome is
// unknown: call Create again with the same RequestID to get the payment if
// it was created.
func (c *Client) Create(ctx context.Context, p *CreateParams) (*Payment, error) {
	const op = "payment.Create"
	req, err := c.Prepare(p)
	if err != nil {
		c.log.LogAttrs(ctx, slog.LevelDebug, "payment: create rejected", slog.String("code", ozg.CodeOf(err).String()))
		return nil, err
	}
	var tx *driver.Transaction
	err = c.do(ctx, op, true, func(ctx context.Context) error {
		var err error
		tx, err = c.p.Create(ctx, req)
		return err
	})
	if err != nil {
		c.log.LogAttrs(ctx, slog.LevelWarn, "payment: create failed", slog.String("request_id", req.RequestID), slog.String("code", ozg.CodeOf(err).String()))
		return nil, err
	}
	if tx == nil || tx.ID == "" {
		return nil, ozg.Errorf(ozg.Internal, op, "provider returned no transaction id")
	}
	if tx.RequestID == "" {
		tx.RequestID = req.RequestID
	}
	if tx.RequestID != req.RequestID {
		return nil, ozg.Errorf(ozg.Internal, op, "provider returned request id %q, want %q", tx.RequestID, req.RequestID)
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "payment: created", slog.String("id", tx.ID), slog.String("request_id", tx.RequestID), slog.String("status", string(tx.Status)))
	return fromTransaction(tx), nil
}

// Get returns the current state of the payment with the provider's id.
func (c *Client) Get(ctx context.Context, id string) (*Payment, error) {
	const op = "payment.Get"
	if id == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "empty id")
	}
	var tx *driver.Transaction
	err := c.do(ctx, op, true, func(ctx context.Context) error {
		var err error
		tx, err = c.p.Get(ctx, id)
		return err
	})
	if err != nil {
		c.log.LogAttrs(ctx, slog.LevelDebug, "payment: get failed", slog.String("id", id), slog.String("code", ozg.CodeOf(err).String()))
		return nil, err
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "payment: got", slog.String("id", id), slog.String("status", string(tx.Status)))
	return fromTransaction(tx), nil
}

// Cancel cancels an open payment. It fails with code Unimplemented when the
// provider cannot cancel (XBezahldienste 1.0.0 cannot) and with
// FailedPrecondition when the payment is no longer open.
func (c *Client) Cancel(ctx context.Context, id string) (*Payment, error) {
	const op = "payment.Cancel"
	cp, ok := c.p.(driver.Canceler)
	if !ok {
		return nil, ozg.Errorf(ozg.Unimplemented, op, "provider cannot cancel payments")
	}
	if id == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "empty id")
	}
	var tx *driver.Transaction
	err := c.do(ctx, op, false, func(ctx context.Context) error {
		var err error
		tx, err = cp.Cancel(ctx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "payment: canceled", slog.String("id", id))
	return fromTransaction(tx), nil
}

// Refund refunds amount (positive, two fraction digits) of a paid payment.
// It fails with code Unimplemented when the provider cannot refund
// (XBezahldienste 1.0.0 cannot).
func (c *Client) Refund(ctx context.Context, id string, amount decimal.Decimal) (*Payment, error) {
	const op = "payment.Refund"
	rp, ok := c.p.(driver.Refunder)
	if !ok {
		return nil, ozg.Errorf(ozg.Unimplemented, op, "provider cannot refund payments")
	}
	if id == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "empty id")
	}
	if msg := CheckAmount(amount); msg != "" || !amount.IsPositive() {
		if msg == "" {
			msg = "must be positive"
		}
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "amount %s", msg)
	}
	var tx *driver.Transaction
	err := c.do(ctx, op, false, func(ctx context.Context) error {
		var err error
		tx, err = rp.Refund(ctx, id, amount)
		return err
	})
	if err != nil {
		return nil, err
	}
	c.log.LogAttrs(ctx, slog.LevelInfo, "payment: refunded", slog.String("id", id))
	return fromTransaction(tx), nil
}

// WaitOptions configure Wait. A nil *WaitOptions means the defaults.
type WaitOptions struct {
	Interval    time.Duration // first wait between polls; 0 means 1 s
	MaxInterval time.Duration // upper bound, the wait doubles up to it; 0 means 30 s
}

// Wait polls the payment until it leaves the open states (Created,
// Pending) or ctx ends, backing off between polls. When ctx ends first it
// returns the last state seen together with the context's error (code
// Canceled or DeadlineExceeded).
func (c *Client) Wait(ctx context.Context, id string, opts *WaitOptions) (*Payment, error) {
	const op = "payment.Wait"
	iv, max := time.Second, 30*time.Second
	if opts != nil {
		if opts.Interval > 0 {
			iv = opts.Interval
		}
		if opts.MaxInterval > 0 {
			max = opts.MaxInterval
		}
	}
	if max < iv {
		max = iv
	}
	var last *Payment
	for {
		p, err := c.Get(ctx, id)
		if err != nil {
			return last, err
		}
		last = p
		if !p.Status.Open() {
			return p, nil
		}
		t := time.NewTimer(iv)
		select {
		case <-ctx.Done():
			t.Stop()
			return last, &ozg.Error{Code: ozg.CodeOf(ctx.Err()), Op: op, Err: ctx.Err()}
		case <-t.C:
		}
		iv *= 2
		if iv > max {
			iv = max
		}
	}
}
