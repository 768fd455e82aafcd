package messaging

import (
	"context"
	"crypto/rand"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// Aliases of the driver types users handle directly.
type (
	// Ref identifies a submission: destination, submission and case IDs.
	Ref = driver.Ref
	// Service names the public service of a submission.
	Service = driver.Service
	// Status is the state of a submission and the problems of a rejection.
	Status = driver.Status
	// State is a submission state.
	State = driver.State
	// Problem is a reason for a rejection.
	Problem = driver.Problem
	// Received is a decrypted, verified submission.
	Received = driver.Received
	// ReceivedAttachment is a decrypted, verified attachment.
	ReceivedAttachment = driver.ReceivedAttachment
	// PostboxMessage is a message to a citizen's postbox.
	PostboxMessage = driver.PostboxMessage
	// PostboxAttachment is a file of a postbox message.
	PostboxAttachment = driver.PostboxAttachment
	// PostboxStatus is a status update for a citizen's postbox.
	PostboxStatus = driver.PostboxStatus

	// Details are the optional metadata parts of a submission: payment,
	// identification, reply channel and reference (FIT-Connect metadata
	// paymentInformation, authenticationInformation, replyChannel,
	// additionalReferenceInfo).
	Details = driver.Details
	// Payment is metadata paymentInformation: what the payment service reported.
	Payment = driver.Payment
	// PaymentMethod is metadata paymentInformation.paymentMethod.
	PaymentMethod = driver.PaymentMethod
	// PaymentStatus is metadata paymentInformation.status.
	PaymentStatus = driver.PaymentStatus
	// Authentication is an item of metadata authenticationInformation.
	Authentication = driver.Authentication
	// AuthenticationType is metadata authenticationInformation[].type.
	AuthenticationType = driver.AuthenticationType
	// ReplyChannel is metadata replyChannel; exactly one member is set.
	ReplyChannel = driver.ReplyChannel
	// EMailChannel is metadata replyChannel.eMail.
	EMailChannel = driver.EMailChannel
	// DeMailChannel is metadata replyChannel.deMail.
	DeMailChannel = driver.DeMailChannel
	// FINKChannel is metadata replyChannel.fink.
	FINKChannel = driver.FINKChannel
	// ElsterChannel is metadata replyChannel.elster.
	ElsterChannel = driver.ElsterChannel
	// ReferenceInfo is metadata additionalReferenceInfo.
	ReferenceInfo = driver.ReferenceInfo
)

// The payment methods, payment states and proof types (see driver).
const (
	PaymentGiropay    = driver.PaymentGiropay
	PaymentPaydirect  = driver.PaymentPaydirect
	PaymentCreditCard = driver.PaymentCreditCard
	PaymentPayPal     = driver.PaymentPayPal
	PaymentInvoice    = driver.PaymentInvoice
	PaymentOther      = driver.PaymentOther

	PaymentInitial  = driver.PaymentInitial
	PaymentBooked   = driver.PaymentBooked
	PaymentFailed   = driver.PaymentFailed
	PaymentCanceled = driver.PaymentCanceled

	AuthIdentificationReport = driver.AuthIdentificationReport
)

// The submission states (see driver.State).
const (
	StateIncomplete = driver.StateIncomplete
	StateSubmitted  = driver.StateSubmitted
	StateForwarded  = driver.StateForwarded
	StateAccepted   = driver.StateAccepted
	StateRejected   = driver.StateRejected
	StateDeleted    = driver.StateDeleted
)

// Attachment is a file sent with a submission. Body is read exactly once,
// to its end, and hashed with SHA-512 while it streams to the driver.
type Attachment struct {
	ID          string    // UUID; generated when empty
	Filename    string    // original file name
	MIMEType    string    // e.g. application/pdf; required
	Purpose     string    // form, attachment (default) or report
	Description string    // optional
	Body        io.Reader // the content; required
	Size        int64     // the exact size if known (checked); 0 = unknown
}

// Submission is an application for a destination.
type Submission struct {
	DestinationID string
	Service       Service
	Data          []byte // structured data (Fachdaten); may be empty
	DataMIMEType  string // application/json or application/xml
	SchemaURI     string // schema of Data; required with Data
	Attachments   []Attachment
	// Details are the optional payment, identification, reply channel
	// and reference; Send checks them (see Details) before it announces
	// anything, and the driver may check more (the FIT-Connect adapter
	// validates the metadata against its JSON Schema).
	Details
}

// SendOptions tune Send. A nil *SendOptions means the defaults.
type SendOptions struct {
	// IdempotencyKey names the submission in the outbox. Sending again with
	// the same key resumes an interrupted send (pass the same submission,
	// with fresh attachment readers) and returns the same Ref once it was
	// submitted. Empty = a random key, which protects only within this call.
	IdempotencyKey string
}

// ClientOptions configure a Client. A nil *ClientOptions means the
// defaults.
type ClientOptions struct {
	Store  Store            // the outbox; nil = a new MemoryStore
	Logger *slog.Logger     // nil = discard
	Now    func() time.Time // nil = time.Now
	Rand   io.Reader        // for attachment IDs and keys; nil = crypto/rand
}

// Client is the portable secure-messaging client. It is safe for
// concurrent use.
type Client struct {
	d     driver.Driver
	store Store
	log   *slog.Logger
	now   func() time.Time
	rand  io.Reader

	mu     sync.Mutex
	closed bool
	busy   map[string]bool // idempotency keys in flight
}

// NewClient returns a Client over the driver.
func NewClient(d driver.Driver, opts *ClientOptions) *Client {
	if opts == nil {
		opts = &ClientOptions{}
	}
	c := &Client{d: d, store: opts.Store, log: opts.Logger, now: opts.Now, rand: opts.Rand, busy: map[string]bool{}}
	if c.store == nil {
		c.store = &MemoryStore{}
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.rand == nil {
		c.rand = rand.Reader
	}
	return c
}

// ErrClosed is the cause of errors from a closed Client.
var ErrClosed = errors.New("messaging: client closed")

// wrap classifies err once and logs it once.
func (c *Client) wrap(ctx context.Context, op string, err error) error {
	if err == nil {
		return nil
	}
	if oe, ok := err.(*ozg.Error); ok && strings.HasPrefix(oe.Op, "messaging") {
		c.log.WarnContext(ctx, "messaging: operation failed", "op", op, "code", oe.Code.String(), "err", err)
		return err
	}
	var code ozg.Code
	var oe *ozg.Error
	switch {
	case errors.As(err, &oe):
		code = oe.Code
	case errors.Is(err, context.Canceled):
		code = ozg.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		code = ozg.DeadlineExceeded
	default:
		code = c.d.ErrorCode(err)
	}
	c.log.WarnContext(ctx, "messaging: operation failed", "op", op, "code", code.String(), "err", err)
	return &ozg.Error{Code: code, Op: "messaging." + op, Err: err}
}

func invalid(format string, args ...any) error {
	return &ozg.Error{Code: ozg.InvalidArgument, Op: "messaging", Err: fmt.Errorf(format, args...)}
}

func (c *Client) checkOpen() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return &ozg.Error{Code: ozg.FailedPrecondition, Err: ErrClosed}
	}
	return nil
}

func (c *Client) uuid() (string, error) {
	var u [16]byte
	if _, err := io.ReadFull(c.rand, u[:]); err != nil {
		return "", err
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:], nil
}

var purposes = map[string]bool{"form": true, "attachment": true, "report": true}

func checkSubmission(s *Submission) error {
	switch {
	case s == nil:
		return invalid("nil submission")
	case s.DestinationID == "":
		return invalid("DestinationID is required")
	case s.Service.Identifier == "":
		return invalid("Service.Identifier is required")
	case len(s.Data) > 0 && s.SchemaURI == "":
		return invalid("SchemaURI is required with Data")
	case len(s.Data) > 0 && s.DataMIMEType != "application/json" && s.DataMIMEType != "application/xml":
		return invalid("DataMIMEType %q: want application/json or application/xml", s.DataMIMEType)
	}
	if err := checkDetails(&s.Details); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, a := range s.Attachments {
		switch {
		case a.Body == nil:
			return invalid("Attachments[%d].Body is required", i)
		case a.MIMEType == "" || !strings.Contains(a.MIMEType, "/"):
			return invalid("Attachments[%d].MIMEType %q is not a media type", i, a.MIMEType)
		case a.Purpose != "" && !purposes[a.Purpose]:
			return invalid("Attachments[%d].Purpose %q: want form, attachment or report", i, a.Purpose)
		case a.ID != "" && seen[strings.ToLower(a.ID)]:
			return invalid("Attachments[%d].ID repeats an earlier ID", i)
		}
		seen[strings.ToLower(a.ID)] = true
	}
	return nil
}

// lock marks an idempotency key busy so two concurrent calls with the same
// key cannot both announce.
func (c *Client) lock(key string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy[key] {
		return &ozg.Error{Code: ozg.FailedPrecondition, Op: "messaging.Send", Err: errors.New("a send with this idempotency key is in progress")}
	}
	c.busy[key] = true
	return nil
}

func (c *Client) unlock(key string) {
	c.mu.Lock()
	delete(c.busy, key)
	c.mu.Unlock()
}

// Send delivers a submission: it announces it with its attachment IDs,
// uploads every attachment (hashing it while it streams), and submits the
// data and the metadata with all hashes. Progress is recorded in the
// outbox after every step; calling Send again with the same
// IdempotencyKey after a crash resumes where it stopped and never delivers
// twice. Send returns the submission's Ref.
func (c *Client) Send(ctx context.Context, s *Submission, opts *SendOptions) (Ref, error) {
	if err := c.checkOpen(); err != nil {
		return Ref{}, err
	}
	if err := checkSubmission(s); err != nil {
		return Ref{}, err
	}
	key := ""
	if opts != nil {
		key = opts.IdempotencyKey
	}
	if key == "" {
		k, err := c.uuid()
		if err != nil {
			return Ref{}, c.wrap(ctx, "Send", err)
		}
		key = k
	}
	if err := c.lock(key); err != nil {
		return Ref{}, err
	}
	defer c.unlock(key)
	ref, err := c.send(ctx, key, s)
	return ref, c.wrap(ctx, "Send", err)
}

func (c *Client) send(ctx context.Context, key string, s *Submission) (Ref, error) {
	e, err := c.store.Get(ctx, key)
	if err != nil {
		return Ref{}, fmt.Errorf("outbox: %w", err)
	}
	now := c.now()
	if e == nil {
		e = &OutboxEntry{Key: key, Stage: StageAnnouncing, Created: now, Uploaded: map[string]UploadedAttachment{}}
		for _, a := range s.Attachments {
			id := a.ID
			if id == "" {
				if id, err = c.uuid(); err != nil {
					return Ref{}, err
				}
			}
			e.AttachmentIDs = append(e.AttachmentIDs, id)
		}
	}
	if e.Stage == StageSubmitted {
		return e.Ref, nil
	}
	if len(e.AttachmentIDs) != len(s.Attachments) {
		return Ref{}, &ozg.Error{Code: ozg.FailedPrecondition, Op: "messaging.Send",
			Err: fmt.Errorf("outbox entry has %d attachments, this call %d: resume with the same submission", len(e.AttachmentIDs), len(s.Attachments))}
	}
	if e.Uploaded == nil {
		e.Uploaded = map[string]UploadedAttachment{}
	}
	put := func() error {
		e.Updated = c.now()
		if err := c.store.Put(ctx, e); err != nil {
			return fmt.Errorf("outbox: %w", err)
		}
		return nil
	}
	if e.Stage == StageAnnouncing {
		// Recorded before the call: a crash during it leaves at most an
		// incomplete submission at the provider, which is never delivered.
		if err := put(); err != nil {
			return Ref{}, err
		}
		ref, err := c.d.Announce(ctx, &driver.Announcement{DestinationID: s.DestinationID, Service: s.Service, AttachmentIDs: e.AttachmentIDs})
		if err != nil {
			return Ref{}, err
		}
		if ref.DestinationID == "" {
			ref.DestinationID = s.DestinationID
		}
		e.Ref, e.Stage = ref, StageAnnounced
		if err := put(); err != nil {
			return Ref{}, err
		}
	} else {
		// Resuming: the submit may have reached the provider before the
		// crash; never submit twice.
		if st, err := c.d.Status(ctx, e.Ref); err == nil && st.State != StateIncomplete {
			e.Stage = StageSubmitted
			return e.Ref, put()
		}
	}
	atts := make([]driver.Attachment, len(s.Attachments))
	for i, a := range s.Attachments {
		id := e.AttachmentIDs[i]
		da := driver.Attachment{ID: id, Filename: a.Filename, MIMEType: a.MIMEType, Purpose: a.Purpose,
			Description: a.Description, Size: a.Size}
		if da.Purpose == "" {
			da.Purpose = "attachment"
		}
		if up, ok := e.Uploaded[id]; ok {
			da.Hash, da.Size = up.Hash, up.Size
			atts[i] = da
			continue
		}
		hr := &hashingReader{r: a.Body, h: sha512.New()}
		if err := c.d.Upload(ctx, e.Ref, &da, hr); err != nil {
			return Ref{}, fmt.Errorf("attachment %d: %w", i, err)
		}
		if a.Size > 0 && hr.n != a.Size {
			return Ref{}, &ozg.Error{Code: ozg.InvalidArgument, Op: "messaging.Send",
				Err: fmt.Errorf("attachment %d: read %d bytes, Size says %d", i, hr.n, a.Size)}
		}
		da.Hash, da.Size = hex.EncodeToString(hr.h.Sum(nil)), hr.n
		e.Uploaded[id] = UploadedAttachment{Hash: da.Hash, Size: da.Size}
		if err := put(); err != nil {
			return Ref{}, err
		}
		atts[i] = da
	}
	err = c.d.Submit(ctx, e.Ref, &driver.Content{DestinationID: s.DestinationID, Service: s.Service,
		Data: s.Data, DataMIMEType: s.DataMIMEType, SchemaURI: s.SchemaURI, Attachments: atts, Details: s.Details.Clone()})
	if err != nil {
		return Ref{}, err
	}
	e.Stage = StageSubmitted
	if err := put(); err != nil {
		return Ref{}, err
	}
	c.log.DebugContext(ctx, "messaging: submitted", "attachments", len(atts))
	return e.Ref, nil
}

type hashingReader struct {
	r io.Reader
	h hash.Hash
	n int64
}

func (h *hashingReader) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

// Pending returns the outbox entries that are not yet submitted: sends to
// resume after a restart.
func (c *Client) Pending(ctx context.Context) ([]*OutboxEntry, error) {
	es, err := c.store.Pending(ctx)
	if err != nil {
		return nil, c.wrap(ctx, "Pending", err)
	}
	return es, nil
}

// Status reports the state of a sent submission.
func (c *Client) Status(ctx context.Context, ref Ref) (*Status, error) {
	if err := c.checkOpen(); err != nil {
		return nil, err
	}
	if ref.SubmissionID == "" {
		return nil, invalid("Ref.SubmissionID is required")
	}
	st, err := c.d.Status(ctx, ref)
	if err != nil {
		return nil, c.wrap(ctx, "Status", err)
	}
	return st, nil
}

// Page is one page of submissions waiting for pickup.
type Page = driver.Page

// List returns a page of the submissions waiting at a destination (limit
// 0 = 100).
func (c *Client) List(ctx context.Context, destinationID string, offset, limit int) (*Page, error) {
	if err := c.checkOpen(); err != nil {
		return nil, err
	}
	if offset < 0 || limit < 0 {
		return nil, invalid("offset and limit must not be negative")
	}
	if limit == 0 {
		limit = 100
	}
	p, err := c.d.List(ctx, destinationID, offset, limit)
	if err != nil {
		return nil, c.wrap(ctx, "List", err)
	}
	return p, nil
}

// Receive fetches a submission, decrypts it and verifies every hash; the
// Client checks the attachment hashes once more. Accept or Reject it next.
func (c *Client) Receive(ctx context.Context, submissionID string) (*Received, error) {
	if err := c.checkOpen(); err != nil {
		return nil, err
	}
	if submissionID == "" {
		return nil, invalid("submission ID is required")
	}
	r, err := c.d.Fetch(ctx, submissionID)
	if err != nil {
		return nil, c.wrap(ctx, "Receive", err)
	}
	for i, a := range r.Attachments {
		s := sha512.Sum512(a.Data)
		if hex.EncodeToString(s[:]) != a.Hash {
			return nil, c.wrap(ctx, "Receive", &ozg.Error{Code: ozg.InvalidArgument, Err: fmt.Errorf("attachment %d: hash mismatch", i)})
		}
	}
	return r, nil
}

// Accept confirms a received submission.
func (c *Client) Accept(ctx context.Context, r *Received) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if r == nil || r.SubmissionID == "" {
		return invalid("a received submission is required")
	}
	return c.wrap(ctx, "Accept", c.d.Accept(ctx, r))
}

// Reject refuses a submission with at least one problem.
func (c *Client) Reject(ctx context.Context, ref Ref, problems ...Problem) error {
	if err := c.checkOpen(); err != nil {
		return err
	}
	if ref.SubmissionID == "" {
		return invalid("Ref.SubmissionID is required")
	}
	if len(problems) == 0 {
		return invalid("at least one problem is required")
	}
	for i, p := range problems {
		if p.Title == "" && p.Type == "" {
			return invalid("problems[%d] needs a Type or Title", i)
		}
	}
	return c.wrap(ctx, "Reject", c.d.Reject(ctx, ref, problems))
}

func (c *Client) postbox() (driver.Postbox, error) {
	p, ok := c.d.(driver.Postbox)
	if !ok {
		return nil, &ozg.Error{Code: ozg.Unimplemented, Op: "messaging", Err: errors.New("the driver does not reach citizens' postboxes")}
	}
	return p, nil
}

func (c *Client) sendOutgoing(ctx context.Context, op string, o *driver.Outgoing, opts *SendOptions) (Ref, error) {
	s := &Submission{DestinationID: o.DestinationID, Service: o.Service, Data: o.Data, DataMIMEType: o.DataMIMEType, SchemaURI: o.SchemaURI, Details: o.Details}
	for i, a := range o.Attachments {
		s.Attachments = append(s.Attachments, Attachment{Filename: a.Filename, MIMEType: a.MIMEType, Purpose: a.Purpose,
			Body: strings.NewReader(string(o.Bodies[i])), Size: int64(len(o.Bodies[i]))})
	}
	ref, err := c.Send(ctx, s, opts)
	if err != nil {
		var oe *ozg.Error
		if errors.As(err, &oe) {
			oe.Op = "messaging." + op
		}
	}
	return ref, err
}

// SendPostboxMessage sends a message to a citizen's postbox through the
// driver's postbox bridge, with the outbox guarantees of Send.
func (c *Client) SendPostboxMessage(ctx context.Context, m *PostboxMessage, opts *SendOptions) (Ref, error) {
	if err := c.checkOpen(); err != nil {
		return Ref{}, err
	}
	if m == nil {
		return Ref{}, invalid("nil postbox message")
	}
	p, err := c.postbox()
	if err != nil {
		return Ref{}, err
	}
	o, err := p.PostboxMessage(ctx, m)
	if err != nil {
		return Ref{}, c.wrap(ctx, "SendPostboxMessage", err)
	}
	return c.sendOutgoing(ctx, "SendPostboxMessage", o, opts)
}

// SendPostboxStatus sends a status update of an application to the
// citizen's postbox.
func (c *Client) SendPostboxStatus(ctx context.Context, s *PostboxStatus, opts *SendOptions) (Ref, error) {
	if err := c.checkOpen(); err != nil {
		return Ref{}, err
	}
	if s == nil {
		return Ref{}, invalid("nil postbox status")
	}
	p, err := c.postbox()
	if err != nil {
		return Ref{}, err
	}
	o, err := p.PostboxStatus(ctx, s)
	if err != nil {
		return Ref{}, c.wrap(ctx, "SendPostboxStatus", err)
	}
	return c.sendOutgoing(ctx, "SendPostboxStatus", o, opts)
}

// Close closes the client and its driver. Later calls fail with
// FailedPrecondition.
func (c *Client) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return &ozg.Error{Code: ozg.FailedPrecondition, Op: "messaging.Close", Err: ErrClosed}
	}
	c.closed = true
	c.mu.Unlock()
	if err := c.d.Close(); err != nil {
		return &ozg.Error{Code: c.d.ErrorCode(err), Op: "messaging.Close", Err: err}
	}
	return nil
}
