package payment

import (
	"context"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Record is what a Store keeps about one tracked payment.
type Record struct {
	Payment  Payment       // the last state seen
	Tracked  time.Time     // when tracking began; expiry counts from here
	NextPoll time.Time     // when to ask the provider next
	Interval time.Duration // the current back-off interval
	Polls    int           // how often the provider was asked
}

// Store keeps the open payments a Poller watches, so that tracking
// survives restarts. It is deliberately narrow: a SQL table keyed by
// payment id with an index on (open, next_poll) implements it.
// Implementations must be safe for concurrent use.
type Store interface {
	// Save inserts or replaces the record of r.Payment.ID.
	Save(ctx context.Context, r Record) error
	// Load returns the record of the payment id, or an error with code
	// ozg.NotFound.
	Load(ctx context.Context, id string) (Record, error)
	// LoadByRequestID returns the record whose payment has the request
	// id, or an error with code ozg.NotFound.
	LoadByRequestID(ctx context.Context, requestID string) (Record, error)
	// Due returns up to limit records whose payment is open (Created or
	// Pending) and whose NextPoll is not after now, earliest first.
	Due(ctx context.Context, now time.Time, limit int) ([]Record, error)
}

// MemoryStore is the in-memory Store. Its zero value is ready to use; it
// is safe for concurrent use and loses everything when the process ends.
type MemoryStore struct {
	mu    sync.Mutex
	m     map[string]Record
	byReq map[string]string
}

// Save implements Store.
func (s *MemoryStore) Save(ctx context.Context, r Record) error {
	if r.Payment.ID == "" {
		return ozg.Errorf(ozg.InvalidArgument, "payment.MemoryStore.Save", "empty payment id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]Record)
		s.byReq = make(map[string]string)
	}
	s.m[r.Payment.ID] = r
	if r.Payment.RequestID != "" {
		s.byReq[r.Payment.RequestID] = r.Payment.ID
	}
	return nil
}

// LoadByRequestID implements Store.
func (s *MemoryStore) LoadByRequestID(ctx context.Context, requestID string) (Record, error) {
	s.mu.Lock()
	id, ok := s.byReq[requestID]
	s.mu.Unlock()
	if !ok {
		return Record{}, ozg.Errorf(ozg.NotFound, "payment.MemoryStore.LoadByRequestID", "request %q not tracked", requestID)
	}
	return s.Load(ctx, id)
}

// Load implements Store.
func (s *MemoryStore) Load(ctx context.Context, id string) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.m[id]
	if !ok {
		return Record{}, ozg.Errorf(ozg.NotFound, "payment.MemoryStore.Load", "payment %q not tracked", id)
	}
	return r, nil
}

// Due implements Store.
func (s *MemoryStore) Due(ctx context.Context, now time.Time, limit int) ([]Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, r := range s.m {
		if r.Payment.Status.Open() && !r.NextPoll.After(now) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].NextPoll.Equal(out[j].NextPoll) {
			return out[i].NextPoll.Before(out[j].NextPoll)
		}
		return out[i].Payment.ID < out[j].Payment.ID
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// Change is one state change a Poller reports.
type Change struct {
	Payment *Payment // the new state
	From    Status   // the state before
}

// PollerOptions configure a Poller. A nil *PollerOptions means the
// defaults.
type PollerOptions struct {
	Interval    time.Duration // first wait between polls of one payment; 0 means 5 s
	MaxInterval time.Duration // the wait doubles up to this; 0 means 5 min
	ExpireAfter time.Duration // an open payment tracked this long becomes Expired; 0 means 24 h
	Tick        time.Duration // how often Run looks for due payments; 0 means 1 s
	BatchSize   int           // payments per look; 0 means 100

	// OnChange is called for every state change, in order per payment,
	// while the Poller holds its lock: keep it short (hand off to a queue).
	OnChange func(ctx context.Context, c Change)

	Now    func() time.Time // clock; nil means time.Now
	Logger *slog.Logger     // nil discards
}

// Poller polls open payments until they reach a terminal state, because
// XBezahldienste has no notifications. It backs off per payment, expires
// payments that stay open too long (canceling them at the provider where
// it can), enforces the state machine and reports each change to
// OnChange. Track payments after Create; run Run in a goroutine or call
// PollOnce from a scheduler.
type Poller struct {
	c     *Client
	s     Store
	o     PollerOptions
	now   func() time.Time
	log   *slog.Logger
	apply sync.Mutex
}

// NewPoller returns a Poller over c that keeps its state in s (nil means a
// new MemoryStore).
func NewPoller(c *Client, s Store, opts *PollerOptions) *Poller {
	p := &Poller{c: c, s: s}
	if opts != nil {
		p.o = *opts
	}
	if p.s == nil {
		p.s = &MemoryStore{}
	}
	if p.o.Interval <= 0 {
		p.o.Interval = 5 * time.Second
	}
	if p.o.MaxInterval < p.o.Interval {
		p.o.MaxInterval = max(5*time.Minute, p.o.Interval)
	}
	if p.o.ExpireAfter <= 0 {
		p.o.ExpireAfter = 24 * time.Hour
	}
	if p.o.Tick <= 0 {
		p.o.Tick = time.Second
	}
	if p.o.BatchSize <= 0 {
		p.o.BatchSize = 100
	}
	p.now = p.o.Now
	if p.now == nil {
		p.now = time.Now
	}
	p.log = p.o.Logger
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	return p
}

// Client returns the poller's client.
func (p *Poller) Client() *Client { return p.c }

// Store returns the poller's store.
func (p *Poller) Store() Store { return p.s }

// Track starts watching pay (as returned by Create). Tracking a payment
// again keeps its original tracking time.
func (p *Poller) Track(ctx context.Context, pay *Payment) error {
	const op = "payment.Poller.Track"
	if pay == nil || pay.ID == "" {
		return ozg.Errorf(ozg.InvalidArgument, op, "payment without id")
	}
	p.apply.Lock()
	defer p.apply.Unlock()
	now := p.now()
	r, err := p.s.Load(ctx, pay.ID)
	switch {
	case err == nil:
		r.Payment = *pay
	case ozg.CodeOf(err) == ozg.NotFound:
		r = Record{Payment: *pay, Tracked: now, Interval: p.o.Interval}
	default:
		return &ozg.Error{Code: ozg.CodeOf(err), Op: op, Err: err}
	}
	r.NextPoll = now.Add(r.Interval)
	if err := p.s.Save(ctx, r); err != nil {
		return &ozg.Error{Code: ozg.CodeOf(err), Op: op, Err: err}
	}
	return nil
}

// Update records a state of a tracked payment fetched elsewhere (the
// ReturnHandler uses it). An illegal transition is an error with code
// FailedPrecondition and is not recorded.
func (p *Poller) Update(ctx context.Context, pay *Payment) error {
	p.apply.Lock()
	defer p.apply.Unlock()
	r, err := p.s.Load(ctx, pay.ID)
	if err != nil {
		return &ozg.Error{Code: ozg.CodeOf(err), Op: "payment.Poller.Update", Err: err}
	}
	return p.record(ctx, r, pay)
}

// record applies fresh to r; the caller holds p.apply.
func (p *Poller) record(ctx context.Context, r Record, fresh *Payment) error {
	from := r.Payment.Status
	if !from.CanTransition(fresh.Status) {
		p.log.LogAttrs(ctx, slog.LevelError, "payment: illegal transition", slog.String("id", fresh.ID), slog.String("from", string(from)), slog.String("to", string(fresh.Status)))
		return ozg.Errorf(ozg.FailedPrecondition, "payment.Poller", "illegal transition %s → %s", from, fresh.Status)
	}
	r.Payment = *fresh
	if from == fresh.Status {
		r.Interval = min(r.Interval*2, p.o.MaxInterval)
	} else {
		r.Interval = p.o.Interval
	}
	r.NextPoll = p.now().Add(r.Interval)
	if err := p.s.Save(ctx, r); err != nil {
		return err
	}
	if from != fresh.Status {
		p.log.LogAttrs(ctx, slog.LevelInfo, "payment: status changed", slog.String("id", fresh.ID), slog.String("from", string(from)), slog.String("to", string(fresh.Status)))
		if p.o.OnChange != nil {
			cp := *fresh
			p.o.OnChange(ctx, Change{Payment: &cp, From: from})
		}
	}
	return nil
}

// PollOnce asks the provider about every due payment once and returns how
// many it polled. Errors of single payments are logged and back off that
// payment; only a failing Store stops the round.
func (p *Poller) PollOnce(ctx context.Context) (int, error) {
	due, err := p.s.Due(ctx, p.now(), p.o.BatchSize)
	if err != nil {
		return 0, &ozg.Error{Code: ozg.CodeOf(err), Op: "payment.Poller.PollOnce", Err: err}
	}
	n := 0
	for _, r := range due {
		if ctx.Err() != nil {
			return n, &ozg.Error{Code: ozg.CodeOf(ctx.Err()), Op: "payment.Poller.PollOnce", Err: ctx.Err()}
		}
		n++
		fresh, err := p.c.Get(ctx, r.Payment.ID)
		if err == nil && fresh.Status.Open() && p.now().Sub(r.Tracked) >= p.o.ExpireAfter {
			fresh = p.expire(ctx, fresh)
		}
		p.apply.Lock()
		cur, lerr := p.s.Load(ctx, r.Payment.ID)
		if lerr != nil {
			p.apply.Unlock()
			return n, &ozg.Error{Code: ozg.CodeOf(lerr), Op: "payment.Poller.PollOnce", Err: lerr}
		}
		cur.Polls++
		if err != nil {
			// Never expire on a failed poll: the citizen may have paid.
			p.log.LogAttrs(ctx, slog.LevelWarn, "payment: poll failed", slog.String("id", cur.Payment.ID), slog.String("code", ozg.CodeOf(err).String()))
			cur.Interval = min(cur.Interval*2, p.o.MaxInterval)
			cur.NextPoll = p.now().Add(cur.Interval)
			serr := p.s.Save(ctx, cur)
			p.apply.Unlock()
			if serr != nil {
				return n, &ozg.Error{Code: ozg.CodeOf(serr), Op: "payment.Poller.PollOnce", Err: serr}
			}
			continue
		}
		rerr := p.record(ctx, cur, fresh)
		p.apply.Unlock()
		if rerr != nil && ozg.CodeOf(rerr) != ozg.FailedPrecondition {
			return n, &ozg.Error{Code: ozg.CodeOf(rerr), Op: "payment.Poller.PollOnce", Err: rerr}
		}
	}
	return n, nil
}

// expire ends an open payment that stayed open too long: it cancels it at
// the provider where the provider can, and returns it as Expired. When the
// provider reports that the payment is no longer open (the citizen paid in
// the meantime), it returns the provider's current state instead.
func (p *Poller) expire(ctx context.Context, open *Payment) *Payment {
	if _, err := p.c.Cancel(ctx, open.ID); err != nil {
		switch ozg.CodeOf(err) {
		case ozg.Unimplemented:
		case ozg.FailedPrecondition:
			if now, gerr := p.c.Get(ctx, open.ID); gerr == nil && !now.Status.Open() {
				return now
			}
		default:
			p.log.LogAttrs(ctx, slog.LevelWarn, "payment: cancel of expired payment failed", slog.String("id", open.ID), slog.String("code", ozg.CodeOf(err).String()))
		}
	}
	e := *open
	e.Status = StatusExpired
	e.StatusDetail = "expired after " + p.o.ExpireAfter.String() + " without completion"
	e.Updated = p.now()
	return &e
}

// Run polls until ctx ends and then returns ctx's error.
func (p *Poller) Run(ctx context.Context) error {
	t := time.NewTicker(p.o.Tick)
	defer t.Stop()
	for {
		if _, err := p.PollOnce(ctx); err != nil && ctx.Err() == nil {
			p.log.LogAttrs(ctx, slog.LevelError, "payment: poll round failed", slog.String("code", ozg.CodeOf(err).String()))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
