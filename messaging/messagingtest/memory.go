package messagingtest

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// Behaviour says what the simulated recipient does with a submission.
type Behaviour int

// The behaviours.
const (
	// Manual: submissions wait until a receiver lists, fetches and accepts
	// or rejects them through the driver (the default).
	Manual Behaviour = iota
	// Accepting: the recipient accepts every submission as soon as it is
	// submitted.
	Accepting
	// Rejecting: the recipient rejects every submission as soon as it is
	// submitted.
	Rejecting
	// Ignoring: the recipient never fetches; the service rejects the
	// submission 14 days after submission.
	Ignoring
)

// Errors of the in-memory driver; ErrorCode maps them to ozg codes.
var (
	ErrNotFound  = errors.New("messagingtest: not found")
	ErrState     = errors.New("messagingtest: wrong state")
	ErrArgument  = errors.New("messagingtest: invalid argument")
	ErrClosed    = errors.New("messagingtest: driver closed")
	ErrTampering = errors.New("messagingtest: content does not match its hash")
)

// autoRejectProblem is the problem of the 14-day auto-reject.
func autoRejectProblem() driver.Problem {
	return driver.Problem{Type: "about:blank", Title: "not accepted within 14 days"}
}

// rejectProblem is the problem the Rejecting behaviour reports.
func rejectProblem() driver.Problem {
	return driver.Problem{Type: "about:blank", Title: "rejected by messagingtest"}
}

// Options configure a Driver. A nil *Options means the defaults.
type Options struct {
	Behaviour Behaviour
	// Now is the clock of the state machine (the 14-day auto-reject);
	// nil = time.Now.
	Now func() time.Time
	// Destinations lists the destination IDs that exist; nil = any ID.
	Destinations []string
	// PostboxDestinationID receives postbox messages; "" = the postbox
	// capability is still offered, to destination "postbox".
	PostboxDestinationID string
}

type submission struct {
	ref         driver.Ref
	service     driver.Service
	announced   []string
	uploaded    map[string][]byte
	content     *driver.Content
	state       driver.State
	problems    []driver.Problem
	submittedAt time.Time
}

// Driver is an in-memory messaging driver: a complete delivery service
// and recipient in one process, for tests and examples. It keeps
// everything in plaintext and is not for production. It is safe for
// concurrent use and deterministic: IDs count up, time comes from Now.
type Driver struct {
	opts Options

	mu     sync.Mutex
	seq    int
	subs   map[string]*submission
	order  []string
	closed bool
}

var (
	_ driver.Driver  = (*Driver)(nil)
	_ driver.Postbox = (*Driver)(nil)
)

// New returns an in-memory driver.
func New(opts *Options) *Driver {
	d := &Driver{subs: map[string]*submission{}}
	if opts != nil {
		d.opts = *opts
	}
	if d.opts.Now == nil {
		d.opts.Now = time.Now
	}
	if d.opts.PostboxDestinationID == "" {
		d.opts.PostboxDestinationID = "postbox"
	}
	return d
}

// AlwaysAccepts returns a driver whose recipient accepts every submission.
func AlwaysAccepts() *Driver { return New(&Options{Behaviour: Accepting}) }

// AlwaysRejects returns a driver whose recipient rejects every submission.
func AlwaysRejects() *Driver { return New(&Options{Behaviour: Rejecting}) }

// NeverFetched returns a driver whose recipient never fetches, so every
// submission is rejected by the service 14 days after it was submitted
// according to now.
func NeverFetched(now func() time.Time) *Driver {
	return New(&Options{Behaviour: Ignoring, Now: now})
}

// NewClient returns a portable client over a new in-memory driver.
func NewClient(opts *Options) (*messaging.Client, *Driver) {
	d := New(opts)
	return messaging.NewClient(d, nil), d
}

func (d *Driver) id() string {
	d.seq++
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", d.seq)
}

// expire applies the 14-day auto-reject. d.mu must be held.
func (d *Driver) expire() {
	now := d.opts.Now()
	for _, s := range d.subs {
		if s.state == driver.StateSubmitted && now.Sub(s.submittedAt) >= driver.AutoRejectAfter {
			s.state, s.problems = driver.StateRejected, []driver.Problem{autoRejectProblem()}
		}
	}
}

func (d *Driver) get(id string) (*submission, error) {
	if d.closed {
		return nil, ErrClosed
	}
	d.expire()
	s, ok := d.subs[id]
	if !ok {
		return nil, fmt.Errorf("%w: submission", ErrNotFound)
	}
	return s, nil
}

// Announce implements driver.Driver.
func (d *Driver) Announce(_ context.Context, a *driver.Announcement) (driver.Ref, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return driver.Ref{}, ErrClosed
	}
	if d.opts.Destinations != nil && !slices.Contains(d.opts.Destinations, a.DestinationID) && a.DestinationID != d.opts.PostboxDestinationID {
		return driver.Ref{}, fmt.Errorf("%w: destination", ErrNotFound)
	}
	ref := driver.Ref{DestinationID: a.DestinationID, SubmissionID: d.id(), CaseID: d.id()}
	d.subs[ref.SubmissionID] = &submission{ref: ref, service: a.Service, announced: slices.Clone(a.AttachmentIDs),
		uploaded: map[string][]byte{}, state: driver.StateIncomplete}
	d.order = append(d.order, ref.SubmissionID)
	return ref, nil
}

// Upload implements driver.Driver.
func (d *Driver) Upload(_ context.Context, ref driver.Ref, a *driver.Attachment, body io.Reader) error {
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	s, err := d.get(ref.SubmissionID)
	if err != nil {
		return err
	}
	if s.state != driver.StateIncomplete {
		return fmt.Errorf("%w: submission is %s", ErrState, s.state)
	}
	if !slices.Contains(s.announced, a.ID) {
		return fmt.Errorf("%w: attachment was not announced", ErrArgument)
	}
	s.uploaded[a.ID] = b
	return nil
}

func hexSHA512(b []byte) string {
	s := sha512.Sum512(b)
	return hex.EncodeToString(s[:])
}

// Submit implements driver.Driver.
func (d *Driver) Submit(_ context.Context, ref driver.Ref, c *driver.Content) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, err := d.get(ref.SubmissionID)
	if err != nil {
		return err
	}
	if s.state != driver.StateIncomplete {
		return fmt.Errorf("%w: submission is %s", ErrState, s.state)
	}
	if len(c.Attachments) != len(s.announced) {
		return fmt.Errorf("%w: %d attachments announced, %d described", ErrArgument, len(s.announced), len(c.Attachments))
	}
	for _, a := range c.Attachments {
		b, ok := s.uploaded[a.ID]
		if !ok {
			return fmt.Errorf("%w: attachment not uploaded", ErrState)
		}
		if hexSHA512(b) != a.Hash {
			return fmt.Errorf("%w: attachment", ErrTampering)
		}
	}
	cc := *c
	cc.Data = slices.Clone(c.Data)
	cc.Attachments = slices.Clone(c.Attachments)
	cc.Details = c.Details.Clone()
	s.content, s.state, s.submittedAt = &cc, driver.StateSubmitted, d.opts.Now()
	switch d.opts.Behaviour {
	case Accepting:
		s.state = driver.StateAccepted
	case Rejecting:
		s.state, s.problems = driver.StateRejected, []driver.Problem{rejectProblem()}
	}
	return nil
}

// Status implements driver.Driver.
func (d *Driver) Status(_ context.Context, ref driver.Ref) (*driver.Status, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, err := d.get(ref.SubmissionID)
	if err != nil {
		return nil, err
	}
	return &driver.Status{State: s.state, Problems: slices.Clone(s.problems)}, nil
}

// List implements driver.Driver: the submitted submissions of the
// destination ("" = all), oldest first. Ignoring recipients see nothing.
func (d *Driver) List(_ context.Context, destinationID string, offset, limit int) (*driver.Page, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closed {
		return nil, ErrClosed
	}
	d.expire()
	var all []driver.Ref
	for _, id := range d.order {
		s := d.subs[id]
		if s.state == driver.StateSubmitted && (destinationID == "" || s.ref.DestinationID == destinationID) && d.opts.Behaviour != Ignoring {
			all = append(all, s.ref)
		}
	}
	p := &driver.Page{Total: len(all)}
	if offset < len(all) {
		p.Refs = all[offset:min(len(all), offset+limit)]
	}
	return p, nil
}

// Fetch implements driver.Driver.
func (d *Driver) Fetch(_ context.Context, submissionID string) (*driver.Received, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, err := d.get(submissionID)
	if err != nil {
		return nil, err
	}
	if s.state != driver.StateSubmitted {
		return nil, fmt.Errorf("%w: submission is %s", ErrState, s.state)
	}
	c := s.content
	meta, _ := json.Marshal(map[string]any{"service": c.Service, "schemaUri": c.SchemaURI, "dataHash": hexSHA512(c.Data),
		"attachments": c.Attachments, "details": c.Details})
	r := &driver.Received{Ref: s.ref, Service: s.service, Data: slices.Clone(c.Data), DataMIMEType: c.DataMIMEType,
		SchemaURI: c.SchemaURI, Details: c.Details.Clone(), Metadata: meta}
	for _, a := range c.Attachments {
		b := s.uploaded[a.ID]
		if hexSHA512(b) != a.Hash {
			return nil, fmt.Errorf("%w: attachment", ErrTampering)
		}
		aa := a
		aa.Size = int64(len(b))
		r.Attachments = append(r.Attachments, driver.ReceivedAttachment{Attachment: aa, Data: slices.Clone(b)})
	}
	return r, nil
}

// Accept implements driver.Driver.
func (d *Driver) Accept(_ context.Context, r *driver.Received) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, err := d.get(r.SubmissionID)
	if err != nil {
		return err
	}
	if s.state != driver.StateSubmitted {
		return fmt.Errorf("%w: submission is %s", ErrState, s.state)
	}
	s.state = driver.StateAccepted
	return nil
}

// Reject implements driver.Driver.
func (d *Driver) Reject(_ context.Context, ref driver.Ref, problems []driver.Problem) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, err := d.get(ref.SubmissionID)
	if err != nil {
		return err
	}
	if s.state != driver.StateSubmitted {
		return fmt.Errorf("%w: submission is %s", ErrState, s.state)
	}
	s.state, s.problems = driver.StateRejected, slices.Clone(problems)
	return nil
}

// ErrorCode implements driver.Driver.
func (d *Driver) ErrorCode(err error) ozg.Code {
	switch {
	case errors.Is(err, ErrNotFound):
		return ozg.NotFound
	case errors.Is(err, ErrState), errors.Is(err, ErrClosed):
		return ozg.FailedPrecondition
	case errors.Is(err, ErrArgument), errors.Is(err, ErrTampering):
		return ozg.InvalidArgument
	}
	return ozg.CodeOf(err)
}

// Close implements driver.Driver.
func (d *Driver) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.closed = true
	return nil
}

// PostboxMessage implements driver.Postbox: the message becomes a JSON
// submission to the postbox destination (unsigned: in memory only).
func (d *Driver) PostboxMessage(_ context.Context, m *driver.PostboxMessage) (*driver.Outgoing, error) {
	if m.MailboxID == "" || m.Title == "" || m.Content == "" || m.Sender == "" {
		return nil, fmt.Errorf("%w: MailboxID, Sender, Title and Content are required", ErrArgument)
	}
	b, _ := json.Marshal(m)
	o := &driver.Outgoing{Content: driver.Content{DestinationID: d.opts.PostboxDestinationID,
		Service: driver.Service{Name: m.Service, Identifier: "urn:messagingtest:postbox:message"},
		Data:    b, DataMIMEType: "application/json", SchemaURI: "urn:messagingtest:postbox"}}
	for _, a := range m.Attachments {
		o.Attachments = append(o.Attachments, driver.Attachment{Filename: a.Filename, MIMEType: a.MIMEType, Purpose: "attachment"})
		o.Bodies = append(o.Bodies, a.Data)
	}
	return o, nil
}

// PostboxStatus implements driver.Postbox.
func (d *Driver) PostboxStatus(_ context.Context, s *driver.PostboxStatus) (*driver.Outgoing, error) {
	if s.ApplicationID == "" || s.State == "" {
		return nil, fmt.Errorf("%w: ApplicationID and State are required", ErrArgument)
	}
	b, _ := json.Marshal(s)
	return &driver.Outgoing{Content: driver.Content{DestinationID: d.opts.PostboxDestinationID,
		Service: driver.Service{Name: s.PublicServiceName, Identifier: "urn:messagingtest:postbox:status"},
		Data:    b, DataMIMEType: "application/json", SchemaURI: "urn:messagingtest:postbox"}}, nil
}

// Tamper replaces the stored content of an uploaded attachment, so tests
// can check that a receiver detects it.
func (d *Driver) Tamper(submissionID, attachmentID string, content []byte) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	s, err := d.get(submissionID)
	if err != nil {
		return err
	}
	if _, ok := s.uploaded[attachmentID]; !ok {
		return fmt.Errorf("%w: attachment", ErrNotFound)
	}
	s.uploaded[attachmentID] = slices.Clone(content)
	return nil
}
