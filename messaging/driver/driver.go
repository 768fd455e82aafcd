package driver

import (
	"context"
	"io"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// State is the state of a submission: incomplete → submitted →
// (forwarded) → accepted | rejected. A submission that is not accepted
// within 14 days of submission is rejected by the delivery service.
type State string

// The submission states.
const (
	StateIncomplete State = "incomplete" // announced, content not complete
	StateSubmitted  State = "submitted"  // complete, waiting for the recipient
	StateForwarded  State = "forwarded"  // handed on to another system
	StateAccepted   State = "accepted"   // the recipient confirmed it
	StateRejected   State = "rejected"   // the recipient or the service refused it
	StateDeleted    State = "deleted"    // removed by the delivery service
)

// AutoRejectAfter is how long a submitted submission may wait for the
// recipient before the delivery service rejects it.
const AutoRejectAfter = 14 * 24 * time.Hour

// Service names the public service a submission is for.
type Service struct {
	Name       string // human-readable name
	Identifier string // URN, e.g. urn:de:fim:leika:leistung:99400048079000
}

// Problem is a reason for rejecting a submission (RFC 7807 shape).
type Problem struct {
	Type     string
	Title    string
	Detail   string
	Instance string
}

// Ref identifies a submission.
type Ref struct {
	DestinationID string
	SubmissionID  string
	CaseID        string
}

// Announcement opens a submission: destination, service and the IDs of
// the attachments that will be uploaded.
type Announcement struct {
	DestinationID string
	Service       Service
	AttachmentIDs []string
}

// Attachment describes an uploaded attachment.
type Attachment struct {
	ID          string // UUID
	Filename    string
	MIMEType    string
	Purpose     string // form, attachment or report
	Description string
	Hash        string // lowercase hex SHA-512 of the plaintext
	Size        int64
}

// Content completes a submission.
type Content struct {
	DestinationID string
	Service       Service
	Data          []byte // structured data (Fachdaten); may be empty
	DataMIMEType  string // application/json or application/xml
	SchemaURI     string // schema of Data
	Attachments   []Attachment
	Details       // payment, identification, reply channel, reference; optional
}

// Status is the state of a submission and, when rejected, the problems.
type Status struct {
	State    State
	Problems []Problem
}

// ReceivedAttachment is a decrypted attachment whose hash was verified.
type ReceivedAttachment struct {
	Attachment
	Data []byte
}

// Received is a decrypted submission whose every hash was verified.
type Received struct {
	Ref
	Service      Service
	Data         []byte
	DataMIMEType string
	SchemaURI    string
	Attachments  []ReceivedAttachment
	Details             // what the sender supplied of payment, identification, reply channel, reference
	Metadata     []byte // the provider's metadata document, verbatim
	// Receipt is driver state needed to accept the submission (for
	// FIT-Connect: the JWE authentication tags).
	Receipt any
}

// Page is one page of submissions waiting for pickup.
type Page struct {
	Refs  []Ref
	Total int
}

// Driver is a secure-messaging provider.
type Driver interface {
	// Announce opens a submission and returns its ID and case ID. It is not
	// idempotent: the portable client calls it once per outbox entry.
	Announce(ctx context.Context, a *Announcement) (Ref, error)
	// Upload encrypts and uploads one announced attachment, reading body
	// to its end. Uploading the same attachment again replaces it.
	Upload(ctx context.Context, ref Ref, a *Attachment, body io.Reader) error
	// Submit completes a submission; the attachments carry their hashes.
	Submit(ctx context.Context, ref Ref, c *Content) error
	// Status reports the state of a submission.
	Status(ctx context.Context, ref Ref) (*Status, error)

	// List returns the submissions waiting at a destination.
	List(ctx context.Context, destinationID string, offset, limit int) (*Page, error)
	// Fetch downloads, decrypts and verifies a submission.
	Fetch(ctx context.Context, submissionID string) (*Received, error)
	// Accept confirms a fetched submission.
	Accept(ctx context.Context, r *Received) error
	// Reject refuses a submission.
	Reject(ctx context.Context, ref Ref, problems []Problem) error

	// ErrorCode classifies an error this driver returned.
	ErrorCode(err error) ozg.Code
	// Close releases resources.
	Close() error
}

// PostboxAttachment is a file sent with a postbox message.
type PostboxAttachment struct {
	Filename string
	MIMEType string
	Data     []byte
}

// PostboxMessage is a message to a citizen's postbox (the central citizen
// postbox, ZBP, of the federal service account).
type PostboxMessage struct {
	MailboxID          string               // the postbox UUID
	Sender             string               // name of the sending authority
	Title              string               // subject line
	Content            string               // message text
	Service            string               // name of the public service
	TrustLevel         ozg.Vertrauensniveau // level needed to read the message
	ApplicationID      string               // UUID of the application it belongs to, optional
	ReplyAddress       string               // optional
	ReadReceiptAddress string               // address for the retrieval confirmation, optional
	Reference          string               // the authority's reference, optional
	SenderURL          string               // optional
	Attachments        []PostboxAttachment
}

// PostboxState is the state of an application as shown in the postbox.
type PostboxState string

// The postbox states.
const (
	PostboxInitiated      PostboxState = "INITIATED"
	PostboxSubmitted      PostboxState = "SUBMITTED"
	PostboxReceived       PostboxState = "RECEIVED"
	PostboxProcessing     PostboxState = "PROCESSING"
	PostboxActionRequired PostboxState = "ACTION_REQUIRED"
	PostboxCompleted      PostboxState = "COMPLETED"
)

// PostboxStatus is a status update of an application for the postbox.
type PostboxStatus struct {
	ApplicationID         string // UUID
	State                 PostboxState
	PublicServiceName     string
	SenderName            string
	Details               string // optional
	AdditionalInformation string // optional
	Reference             string // optional
	Created               time.Time
}

// Outgoing is a submission a Postbox driver built; the portable client
// sends it like any other.
type Outgoing struct {
	Content
	Bodies [][]byte // attachment contents, parallel to Content.Attachments
}

// Postbox is implemented by drivers that reach citizens' postboxes.
type Postbox interface {
	// PostboxMessage turns a message into a signed submission to the
	// postbox bridge.
	PostboxMessage(ctx context.Context, m *PostboxMessage) (*Outgoing, error)
	// PostboxStatus turns a status update into a signed submission.
	PostboxStatus(ctx context.Context, s *PostboxStatus) (*Outgoing, error)
}
