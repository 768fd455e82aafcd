package messaging_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
	"github.com/ozg-baukasten/baukasten/ozg"
)

var errCrash = errors.New("simulated crash")

// crashy wraps the in-memory driver, counts calls and fails chosen ones
// once, simulating a process that dies at that point.
type crashy struct {
	*messagingtest.Driver
	mu                       sync.Mutex
	announces, uploads, subs int
	failUpload               int  // fail the n-th upload (1-based), once
	failAnnounceAfter        bool // announce succeeds at the driver, then the call "crashes"
}

func (c *crashy) Announce(ctx context.Context, a *driver.Announcement) (driver.Ref, error) {
	c.mu.Lock()
	c.announces++
	fail := c.failAnnounceAfter
	c.failAnnounceAfter = false
	c.mu.Unlock()
	ref, err := c.Driver.Announce(ctx, a)
	if fail {
		return driver.Ref{}, errCrash
	}
	return ref, err
}

func (c *crashy) Upload(ctx context.Context, ref driver.Ref, a *driver.Attachment, body io.Reader) error {
	c.mu.Lock()
	c.uploads++
	fail := c.uploads == c.failUpload
	c.mu.Unlock()
	if fail {
		io.Copy(io.Discard, body) //nolint:errcheck
		return errCrash
	}
	return c.Driver.Upload(ctx, ref, a, body)
}

func (c *crashy) Submit(ctx context.Context, ref driver.Ref, content *driver.Content) error {
	c.mu.Lock()
	c.subs++
	c.mu.Unlock()
	return c.Driver.Submit(ctx, ref, content)
}

// failingStore fails the Put that records StageSubmitted, once: the
// process dies right after the provider took the submission.
type failingStore struct {
	messaging.MemoryStore
	failed bool
}

func (s *failingStore) Put(ctx context.Context, e *messaging.OutboxEntry) error {
	if e.Stage == messaging.StageSubmitted && !s.failed {
		s.failed = true
		return errCrash
	}
	return s.MemoryStore.Put(ctx, e)
}

func sub(attachments ...string) *messaging.Submission {
	s := &messaging.Submission{DestinationID: "dest", Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:99400048079000"},
		Data: []byte(`{"a":1}`), DataMIMEType: "application/json", SchemaURI: "urn:schema"}
	for _, a := range attachments {
		s.Attachments = append(s.Attachments, messaging.Attachment{Filename: a + ".txt", MIMEType: "text/plain", Body: strings.NewReader(a)})
	}
	return s
}

func TestOutboxResumeAfterUploadCrash(t *testing.T) {
	ctx := context.Background()
	d := &crashy{Driver: messagingtest.New(nil), failUpload: 2}
	store := &messaging.MemoryStore{}
	c := messaging.NewClient(d, &messaging.ClientOptions{Store: store})
	opts := &messaging.SendOptions{IdempotencyKey: "k1"}
	if _, err := c.Send(ctx, sub("one", "two", "three"), opts); !errors.Is(err, errCrash) {
		t.Fatalf("first Send: got %v, want the crash", err)
	}
	pending, _ := c.Pending(ctx)
	if len(pending) != 1 || pending[0].Stage != messaging.StageAnnounced || len(pending[0].Uploaded) != 1 {
		t.Fatalf("pending after crash: %+v", pending)
	}
	// A new process: new client, same store, fresh readers.
	c2 := messaging.NewClient(d, &messaging.ClientOptions{Store: store})
	ref, err := c2.Send(ctx, sub("one", "two", "three"), opts)
	if err != nil {
		t.Fatalf("resumed Send: %v", err)
	}
	if d.announces != 1 || d.uploads != 4 || d.subs != 1 {
		t.Errorf("calls: %d announces, %d uploads, %d submits; want 1, 4 (1 ok + 1 crashed + 2 resumed), 1", d.announces, d.uploads, d.subs)
	}
	r, err := c2.Receive(ctx, ref.SubmissionID)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Attachments) != 3 || string(r.Attachments[2].Data) != "three" || string(r.Attachments[0].Data) != "one" {
		t.Errorf("received attachments %+v", r.Attachments)
	}
	if p, _ := c2.Pending(ctx); len(p) != 0 {
		t.Errorf("pending after completion: %d", len(p))
	}
	// A third Send with the key returns the same ref and sends nothing.
	again, err := c2.Send(ctx, sub("one", "two", "three"), opts)
	if err != nil || again != ref || d.announces != 1 || d.subs != 1 {
		t.Errorf("Send after completion: %+v, %v (announces %d, submits %d)", again, err, d.announces, d.subs)
	}
}

func TestOutboxResumeAfterSubmitCrash(t *testing.T) {
	ctx := context.Background()
	d := &crashy{Driver: messagingtest.New(nil)}
	store := &failingStore{}
	c := messaging.NewClient(d, &messaging.ClientOptions{Store: store})
	opts := &messaging.SendOptions{IdempotencyKey: "k2"}
	if _, err := c.Send(ctx, sub("x"), opts); !errors.Is(err, errCrash) {
		t.Fatalf("first Send: got %v, want the crash", err)
	}
	ref, err := c.Send(ctx, sub("x"), opts)
	if err != nil {
		t.Fatalf("resumed Send: %v", err)
	}
	if d.subs != 1 || d.announces != 1 {
		t.Fatalf("submitted %d times, announced %d times; want 1 and 1", d.subs, d.announces)
	}
	p, _ := c.List(ctx, "dest", 0, 10)
	if p.Total != 1 || p.Refs[0] != ref {
		t.Fatalf("List: %+v, want exactly the one submission", p)
	}
}

func TestOutboxResumeAfterAnnounceCrash(t *testing.T) {
	ctx := context.Background()
	d := &crashy{Driver: messagingtest.New(nil), failAnnounceAfter: true}
	c := messaging.NewClient(d, nil)
	opts := &messaging.SendOptions{IdempotencyKey: "k3"}
	if _, err := c.Send(ctx, sub("x"), opts); !errors.Is(err, errCrash) {
		t.Fatalf("first Send: got %v", err)
	}
	ref, err := c.Send(ctx, sub("x"), opts)
	if err != nil {
		t.Fatal(err)
	}
	// The orphan of the first announce stays incomplete and is never delivered.
	p, _ := c.List(ctx, "dest", 0, 10)
	if d.announces != 2 || d.subs != 1 || p.Total != 1 || p.Refs[0] != ref {
		t.Fatalf("announces %d submits %d listed %+v", d.announces, d.subs, p)
	}
}

func TestOutboxResumeMismatch(t *testing.T) {
	ctx := context.Background()
	d := &crashy{Driver: messagingtest.New(nil), failUpload: 1}
	c := messaging.NewClient(d, nil)
	opts := &messaging.SendOptions{IdempotencyKey: "k4"}
	c.Send(ctx, sub("a", "b"), opts) //nolint:errcheck
	_, err := c.Send(ctx, sub("a"), opts)
	if ozg.CodeOf(err) != ozg.FailedPrecondition {
		t.Fatalf("resume with other attachments: got %v", err)
	}
}

func TestConcurrentSendSameKey(t *testing.T) {
	ctx := context.Background()
	d := messagingtest.New(nil)
	c := messaging.NewClient(d, nil)
	var wg sync.WaitGroup
	refs := make([]messaging.Ref, 8)
	errs := make([]error, 8)
	for i := range refs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			refs[i], errs[i] = c.Send(ctx, sub("a"), &messaging.SendOptions{IdempotencyKey: "same"})
		}()
	}
	wg.Wait()
	var ok messaging.Ref
	for i, err := range errs {
		switch {
		case err == nil && ok.SubmissionID == "":
			ok = refs[i]
		case err == nil && refs[i] != ok:
			t.Fatalf("two different refs for one key: %+v %+v", ok, refs[i])
		case err != nil && ozg.CodeOf(err) != ozg.FailedPrecondition:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if p, _ := c.List(ctx, "dest", 0, 100); p.Total != 1 {
		t.Fatalf("%d submissions for one key", p.Total)
	}
}

func TestBehaviourDoubles(t *testing.T) {
	ctx := context.Background()
	c := messaging.NewClient(messagingtest.AlwaysAccepts(), nil)
	ref, _ := c.Send(ctx, sub(), nil)
	if st, _ := c.Status(ctx, ref); st.State != messaging.StateAccepted {
		t.Errorf("AlwaysAccepts: %q", st.State)
	}
	c = messaging.NewClient(messagingtest.AlwaysRejects(), nil)
	ref, _ = c.Send(ctx, sub(), nil)
	if st, _ := c.Status(ctx, ref); st.State != messaging.StateRejected || len(st.Problems) != 1 {
		t.Errorf("AlwaysRejects: %+v", st)
	}
	clock := messagingtest.NewClock(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	c = messaging.NewClient(messagingtest.NeverFetched(clock.Now), nil)
	ref, _ = c.Send(ctx, sub(), nil)
	if p, _ := c.List(ctx, "dest", 0, 10); p.Total != 0 {
		t.Errorf("NeverFetched lists %d", p.Total)
	}
	clock.Advance(14*24*time.Hour - time.Second)
	if st, _ := c.Status(ctx, ref); st.State != messaging.StateSubmitted {
		t.Errorf("NeverFetched before 14 days: %q", st.State)
	}
	clock.Advance(time.Second)
	if st, _ := c.Status(ctx, ref); st.State != messaging.StateRejected {
		t.Errorf("NeverFetched after 14 days: %q", st.State)
	}
}

func TestTamperingDetected(t *testing.T) {
	ctx := context.Background()
	d := messagingtest.New(nil)
	c := messaging.NewClient(d, nil)
	ref, err := c.Send(ctx, sub("original"), &messaging.SendOptions{IdempotencyKey: "t"})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := (&messaging.MemoryStore{}).Get(ctx, "t") // unrelated store: nil
	if e != nil {
		t.Fatal("MemoryStore zero value returned an entry")
	}
	r, _ := c.Receive(ctx, ref.SubmissionID)
	if err := d.Tamper(ref.SubmissionID, r.Attachments[0].ID, []byte("forged")); err != nil {
		t.Fatal(err)
	}
	_, err = c.Receive(ctx, ref.SubmissionID)
	if ozg.CodeOf(err) != ozg.InvalidArgument || !errors.Is(err, messagingtest.ErrTampering) {
		t.Fatalf("got %v", err)
	}
}

type recorder struct {
	mu   sync.Mutex
	recs []slog.Record
}

func (r *recorder) Enabled(context.Context, slog.Level) bool { return true }
func (r *recorder) Handle(_ context.Context, rec slog.Record) error {
	r.mu.Lock()
	r.recs = append(r.recs, rec)
	r.mu.Unlock()
	return nil
}
func (r *recorder) WithAttrs([]slog.Attr) slog.Handler { return r }
func (r *recorder) WithGroup(string) slog.Handler      { return r }

func TestErrorsWrappedAndLoggedOnce(t *testing.T) {
	ctx := context.Background()
	rec := &recorder{}
	c := messaging.NewClient(messagingtest.New(nil), &messaging.ClientOptions{Logger: slog.New(rec)})
	_, err := c.Status(ctx, messaging.Ref{SubmissionID: "missing"})
	var oe *ozg.Error
	if !errors.As(err, &oe) || oe.Code != ozg.NotFound || oe.Op != "messaging.Status" || !errors.Is(err, messagingtest.ErrNotFound) {
		t.Fatalf("got %#v", err)
	}
	if len(rec.recs) != 1 {
		t.Fatalf("logged %d records, want 1", len(rec.recs))
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Send(ctx, sub(), nil); ozg.CodeOf(err) != ozg.FailedPrecondition || !errors.Is(err, messaging.ErrClosed) {
		t.Fatalf("Send after Close: %v", err)
	}
	if err := c.Close(); ozg.CodeOf(err) != ozg.FailedPrecondition {
		t.Fatalf("second Close: %v", err)
	}
}

func TestArgumentChecks(t *testing.T) {
	ctx := context.Background()
	c := messaging.NewClient(messagingtest.New(nil), nil)
	for name, s := range map[string]*messaging.Submission{
		"nil":             nil,
		"no service":      {DestinationID: "d"},
		"data, no schema": {DestinationID: "d", Service: messaging.Service{Identifier: "x"}, Data: []byte("{}"), DataMIMEType: "application/json"},
		"data type":       {DestinationID: "d", Service: messaging.Service{Identifier: "x"}, Data: []byte("{}"), SchemaURI: "s", DataMIMEType: "text/plain"},
		"purpose": {DestinationID: "d", Service: messaging.Service{Identifier: "x"},
			Attachments: []messaging.Attachment{{MIMEType: "a/b", Purpose: "selfie", Body: strings.NewReader("")}}},
		"mime": {DestinationID: "d", Service: messaging.Service{Identifier: "x"},
			Attachments: []messaging.Attachment{{MIMEType: "pdf", Body: strings.NewReader("")}}},
		"duplicate id": {DestinationID: "d", Service: messaging.Service{Identifier: "x"}, Attachments: []messaging.Attachment{
			{ID: "a", MIMEType: "a/b", Body: strings.NewReader("")}, {ID: "A", MIMEType: "a/b", Body: strings.NewReader("")}}},
	} {
		if _, err := c.Send(ctx, s, nil); ozg.CodeOf(err) != ozg.InvalidArgument {
			t.Errorf("%s: got %v, want InvalidArgument", name, err)
		}
	}
	if _, err := c.List(ctx, "d", -1, 0); ozg.CodeOf(err) != ozg.InvalidArgument {
		t.Errorf("negative offset: %v", err)
	}
	if err := c.Reject(ctx, messaging.Ref{SubmissionID: "x"}, messaging.Problem{}); ozg.CodeOf(err) != ozg.InvalidArgument {
		t.Errorf("empty problem: %v", err)
	}
}

// noPostbox hides the in-memory driver's postbox capability.
type noPostbox struct{ driver.Driver }

func TestPostboxCapability(t *testing.T) {
	ctx := context.Background()
	c := messaging.NewClient(noPostbox{messagingtest.New(nil)}, nil)
	_, err := c.SendPostboxMessage(ctx, &messaging.PostboxMessage{MailboxID: "m", Sender: "s", Title: "t", Content: "c"}, nil)
	if ozg.CodeOf(err) != ozg.Unimplemented {
		t.Fatalf("got %v, want Unimplemented", err)
	}
	d := messagingtest.New(nil)
	c = messaging.NewClient(d, nil)
	ref, err := c.SendPostboxMessage(ctx, &messaging.PostboxMessage{MailboxID: "m", Sender: "s", Title: "t", Content: "c",
		Attachments: []messaging.PostboxAttachment{{Filename: "f.pdf", MIMEType: "application/pdf", Data: []byte("%PDF")}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Receive(ctx, ref.SubmissionID)
	if err != nil || ref.DestinationID != "postbox" || len(r.Attachments) != 1 || !strings.Contains(string(r.Data), `"Title":"t"`) {
		t.Fatalf("postbox message: %+v %v", r, err)
	}
}
