package onlinedienst_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
)

// flakyRouter fails while err is set, then asks next.
type flakyRouter struct {
	mu    sync.Mutex
	err   error
	next  antrag.Router
	calls int
}

func (f *flakyRouter) set(err error) { f.mu.Lock(); f.err = err; f.mu.Unlock() }

func (f *flakyRouter) Route(ctx context.Context, l ozg.Leistungsschluessel, g ozg.ARS) ([]antrag.Zustaendigkeit, error) {
	f.mu.Lock()
	f.calls++
	err := f.err
	f.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return f.next.Route(ctx, l, g)
}

// flakyDriver is the in-memory messaging driver whose Submit fails while
// failBefore or failAfter is positive: failBefore before the Zustelldienst
// got the submission, failAfter after it took it but the answer was lost.
type flakyDriver struct {
	*messagingtest.Driver
	mu                    sync.Mutex
	failBefore, failAfter int
	err                   error
	announced, submitted  int
}

func (f *flakyDriver) Announce(ctx context.Context, a *driver.Announcement) (driver.Ref, error) {
	f.mu.Lock()
	f.announced++
	f.mu.Unlock()
	return f.Driver.Announce(ctx, a)
}

func (f *flakyDriver) Submit(ctx context.Context, ref driver.Ref, c *driver.Content) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.failBefore > 0 {
		f.failBefore--
		return f.err
	}
	if err := f.Driver.Submit(ctx, ref, c); err != nil {
		return err
	}
	f.submitted++
	if f.failAfter > 0 {
		f.failAfter--
		return f.err
	}
	return nil
}

// failingStore fails the Update that records the forwarding, or the one
// that records the chosen destination, while the counters are positive.
type failingStore struct {
	antrag.MemStore
	fail            int // Updates to Forwarded that fail
	failDestination int // Updates recording a destination while Submitted that fail
}

func (s *failingStore) Update(ctx context.Context, a *antrag.Antrag) error {
	if a.State == antrag.Forwarded && s.fail > 0 {
		s.fail--
		return ozg.Errorf(ozg.Unavailable, "test.Update", "database down")
	}
	if a.State == antrag.Submitted && a.Destination != nil && s.failDestination > 0 {
		s.failDestination--
		return ozg.Errorf(ozg.Unavailable, "test.Update", "database down")
	}
	return s.MemStore.Update(ctx, a)
}

type retryEnv struct {
	r      *onlinedienst.Runner
	router *flakyRouter
	drv    *flakyDriver
	snd    *sent
	nt     *notes
	store  *failingStore
	a      *antrag.Antrag
	by     antrag.Actor
}

const pellenzDestination = "3a6c3f0e-7b1d-4d5e-9f3a-2b8c6d4e1f70"

// newRetryEnv runs Pellenz's dog-tax application up to Paid, with routing
// through the verified XZuFi directory behind flakyRouter and delivery
// through MessagingSender over flakyDriver.
func newRetryEnv(t *testing.T) *retryEnv {
	t.Helper()
	d := readDef(t)
	s, err := onlinedienst.Bind(d, pellenz())
	if err != nil {
		t.Fatal(err)
	}
	e := &retryEnv{
		router: &flakyRouter{next: directory(t).Router(&zufi.JWSVerifier{Keys: jwks(t, "../zufi/testdata/ssp-test.jwks.json")})},
		drv:    &flakyDriver{Driver: messagingtest.New(nil)},
		nt:     &notes{}, store: &failingStore{},
		by: antrag.Actor{Kind: "applicant", ID: "postfach-4711"},
	}
	e.snd = &sent{next: &onlinedienst.MessagingSender{Client: messaging.NewClient(e.drv, nil)}}
	e.r, err = onlinedienst.NewRunner(s, onlinedienst.RunnerOptions{Form: form(t, d),
		Payments:  payment.NewClient(paymenttest.New(&paymenttest.Options{Behavior: paymenttest.AlwaysPays()}), nil),
		ReturnURL: "https://x.example/r", Router: e.router, Sender: e.snd, Notifier: e.nt, Store: e.store})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if e.a, err = e.r.Start(ctx, e.by); err != nil {
		t.Fatal(err)
	}
	if err := e.r.Fill(ctx, e.a, e.by, json.RawMessage(hundData), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.r.Review(ctx, e.a, e.by, antrag.Declaration{Text: "Zusammenfassung", Warning: "Bitte prüfen", WarningAcknowledged: true}); err != nil {
		t.Fatal(err)
	}
	pm, err := e.r.Pay(ctx, e.a)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.r.ConfirmPayment(ctx, e.a, e.by, pm.ID); err != nil {
		t.Fatal(err)
	}
	return e
}

// delivered counts the submissions the destination can list.
func (e *retryEnv) delivered(t *testing.T) int {
	t.Helper()
	p, err := e.drv.List(context.Background(), pellenzDestination, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

// checkFailed checks a failed Submit: the typed error with its code and
// step, the application Submitted (stored so too) and not forwarded.
func (e *retryEnv) checkFailed(t *testing.T, err error, code ozg.Code, step string) {
	t.Helper()
	var de *onlinedienst.DeliveryError
	if !errors.As(err, &de) || de.Step != step || ozg.CodeOf(err) != code {
		t.Fatalf("err = %v (code %s), want a DeliveryError at %s with code %s", err, ozg.CodeOf(err), step, code)
	}
	// The destination is recorded once routing succeeded, before the send.
	want := ""
	if step != "route" {
		want = pellenzDestination
	}
	if got := destID(e.a.Destination); e.a.State != antrag.Submitted || got != want {
		t.Errorf("state %s, destination %q; want submitted, %q", e.a.State, got, want)
	}
	st, err := e.store.Get(context.Background(), e.a.ID)
	if err != nil || st.State != antrag.Submitted || st.Revision != e.a.Revision || destID(st.Destination) != want {
		t.Errorf("stored %v rev %d (in memory %d) destination %q: %v", st.State, st.Revision, e.a.Revision, destID(st.Destination), err)
	}
}

func destID(d *antrag.Destination) string {
	if d == nil {
		return ""
	}
	return d.ID
}

// checkDone checks a successful Submit after failures: forwarded to
// Pellenz, delivered exactly once, the application submitted once (the
// declaration and login of the first attempt) and the citizen told once
// of each step.
func (e *retryEnv) checkDone(t *testing.T, id string, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if e.a.State != antrag.Forwarded || e.a.Destination == nil || e.a.Destination.ID != pellenzDestination {
		t.Errorf("state %s destination %v", e.a.State, e.a.Destination)
	}
	if n := e.delivered(t); n != 1 || e.drv.submitted != 1 || e.drv.announced != 1 {
		t.Errorf("delivered %d, submitted %d, announced %d; want 1", n, e.drv.submitted, e.drv.announced)
	}
	var submits, forwards int
	for _, h := range e.a.History {
		switch h.To {
		case antrag.Submitted:
			submits++
		case antrag.Forwarded:
			forwards++
		}
	}
	if submits != 1 || forwards != 1 || e.a.Login == nil || e.a.Login.Level != ozg.NiveauHoch {
		t.Errorf("%d submits, %d forwards, login %+v", submits, forwards, e.a.Login)
	}
	if len(e.nt.texts) != 2 {
		t.Errorf("notifications %q", e.nt.texts)
	}
	for _, s := range e.snd.subs {
		if s.AntragID != e.a.ID || string(s.Data) != hundData {
			t.Errorf("sent %s %s", s.AntragID, s.Data)
		}
	}
	got, err := e.drv.Fetch(context.Background(), id)
	if err != nil || string(got.Data) != hundData {
		t.Errorf("received %v", err)
	}
}

var errNet = errors.New("dial tcp: connection refused") // unclassified

func TestSubmitRetryRouting(t *testing.T) {
	e := newRetryEnv(t)
	ctx := context.Background()
	e.router.set(fmt.Errorf("pvog: %w", ozg.ErrUnavailable))
	_, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
	e.checkFailed(t, err, ozg.Unavailable, "route")
	if len(e.snd.subs) != 0 {
		t.Errorf("sent without a destination")
	}
	// The submitted data and declaration are frozen while the delivery is
	// pending.
	if err := e.r.Fill(ctx, e.a, e.by, json.RawMessage(hundData), nil); !errors.Is(err, ozg.ErrFailedPrecondition) {
		t.Errorf("edit after submit: %v", err)
	}
	e.router.set(nil)
	// The retry does not check the login again: it was recorded with the
	// submission.
	id, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{})
	e.checkDone(t, id, err)
	if e.router.calls != 2 {
		t.Errorf("routed %d times", e.router.calls)
	}
	// Once forwarded, Submit is refused.
	if _, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch}); !errors.Is(err, ozg.ErrFailedPrecondition) {
		t.Errorf("submit after forward: %v", err)
	}
}

func TestSubmitRetrySend(t *testing.T) {
	for _, c := range []struct {
		name                  string
		failBefore, failAfter int
		err                   error
		code                  ozg.Code
	}{
		{"not reached, unclassified", 1, 0, errNet, ozg.Unavailable},
		{"not reached twice", 2, 0, ozg.Errorf(ozg.Unavailable, "zustelldienst", "503"), ozg.Unavailable},
		{"answer lost", 0, 1, ozg.Errorf(ozg.DeadlineExceeded, "zustelldienst", "timeout"), ozg.DeadlineExceeded},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newRetryEnv(t)
			ctx := context.Background()
			e.drv.failBefore, e.drv.failAfter, e.drv.err = c.failBefore, c.failAfter, c.err
			for i := range c.failBefore + c.failAfter {
				_, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
				e.checkFailed(t, err, c.code, "send")
				if !errors.Is(err, c.err) {
					t.Errorf("attempt %d: cause not wrapped: %v", i, err)
				}
			}
			id, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
			e.checkDone(t, id, err)
			if n := len(e.snd.subs); n != c.failBefore+c.failAfter+1 {
				t.Errorf("%d send attempts", n)
			}
		})
	}
}

// TestSubmitRetryPermanent: no verified destination is a permanent
// failure (FailedPrecondition); the application stays Submitted however
// often it is retried, and is delivered once the directory is fixed.
func TestSubmitRetryPermanent(t *testing.T) {
	e := newRetryEnv(t)
	ctx := context.Background()
	verified := e.router.next
	e.router.next = directory(t).Router(nil) // signatures not verified: no destination
	for range 3 {
		_, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
		e.checkFailed(t, err, ozg.FailedPrecondition, "route")
	}
	if len(e.snd.subs) != 0 || e.delivered(t) != 0 {
		t.Errorf("sent without a verified destination")
	}
	// A destination the Zustelldienst does not know is refused there.
	e.router.next = verified
	e.drv.failBefore, e.drv.err = 1, fmt.Errorf("%w: destination", messagingtest.ErrNotFound)
	_, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
	e.checkFailed(t, err, ozg.NotFound, "send")
	id, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
	e.checkDone(t, id, err)
}

// TestSubmitRetryRecord: the delivery succeeds but recording the
// forwarding fails; the retry gets the same submission from the outbox
// instead of sending a second one.
func TestSubmitRetryRecord(t *testing.T) {
	e := newRetryEnv(t)
	ctx := context.Background()
	e.store.fail = 1
	_, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
	e.checkFailed(t, err, ozg.Unavailable, "record")
	id, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
	e.checkDone(t, id, err)
	if len(e.snd.subs) != 2 {
		t.Errorf("%d send attempts", len(e.snd.subs))
	}
}

// switchRouter answers with a fixed destination for Pellenz.
type switchRouter struct{ id string }

func (s switchRouter) Route(ctx context.Context, l ozg.Leistungsschluessel, g ozg.ARS) ([]antrag.Zustaendigkeit, error) {
	return []antrag.Zustaendigkeit{{Destination: &antrag.Destination{ID: s.id}}}, nil
}

// TestSubmitRetryKeepsDestination: the first attempt routed and announced
// the submission to Pellenz's destination, then the send failed. The
// directory changes before the retry; the retry must neither route again
// nor deliver elsewhere, also when it runs in a new Runner (a restart)
// that loads the application from the store.
func TestSubmitRetryKeepsDestination(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprintf("restart=%v", restart), func(t *testing.T) {
			e := newRetryEnv(t)
			ctx := context.Background()
			e.drv.failBefore, e.drv.err = 1, errNet
			_, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
			e.checkFailed(t, err, ozg.Unavailable, "send")
			if e.router.calls != 1 {
				t.Fatalf("routed %d times", e.router.calls)
			}
			e.router.next = switchRouter{id: "8f0e1d2c-0000-4000-8000-000000000001"} // the directory changed
			if restart {
				st, err := e.store.Get(ctx, e.a.ID)
				if err != nil {
					t.Fatal(err)
				}
				e.a = st
			}
			id, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
			e.checkDone(t, id, err)
			if e.router.calls != 1 {
				t.Errorf("the retry routed again (%d calls)", e.router.calls)
			}
			for i, s := range e.snd.subs {
				if s.DestinationID != pellenzDestination {
					t.Errorf("attempt %d sent to %s", i, s.DestinationID)
				}
			}
		})
	}
}

// TestSubmitRecordDestinationFails: when the chosen destination cannot be
// stored nothing is sent, the application is as before, and the retry
// routes again.
func TestSubmitRecordDestinationFails(t *testing.T) {
	e := newRetryEnv(t)
	ctx := context.Background()
	e.store.failDestination = 1
	_, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
	var de *onlinedienst.DeliveryError
	if !errors.As(err, &de) || de.Step != "record" || ozg.CodeOf(err) != ozg.Unavailable {
		t.Fatalf("err = %v", err)
	}
	if e.a.Destination != nil || len(e.snd.subs) != 0 {
		t.Fatalf("destination %v, %d sends after the record failed", e.a.Destination, len(e.snd.subs))
	}
	id, err := e.r.Submit(ctx, e.a, e.by, antrag.Login{Level: ozg.NiveauHoch})
	e.checkDone(t, id, err)
	if e.router.calls != 2 {
		t.Errorf("routed %d times, want 2", e.router.calls)
	}
}
