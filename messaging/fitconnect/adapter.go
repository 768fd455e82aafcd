package fitconnect

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// messagingDriver adapts a Client to driver.Driver and driver.Postbox.
type messagingDriver struct{ c *Client }

var (
	_ driver.Driver  = (*messagingDriver)(nil)
	_ driver.Postbox = (*messagingDriver)(nil)
)

// Driver returns the client as a messaging driver, for use with
// messaging.NewClient.
func (c *Client) Driver() driver.Driver { return &messagingDriver{c: c} }

// NewMessagingClient returns a portable *messaging.Client that sends and
// receives through FIT-Connect with this client.
func NewMessagingClient(c *Client, opts *messaging.ClientOptions) *messaging.Client {
	return messaging.NewClient(c.Driver(), opts)
}

func (d *messagingDriver) Announce(ctx context.Context, a *driver.Announcement) (driver.Ref, error) {
	ref, err := d.c.Announce(ctx, &Announcement{DestinationID: a.DestinationID, AnnouncedAttachments: a.AttachmentIDs,
		ServiceType: ServiceType{Name: a.Service.Name, Identifier: a.Service.Identifier}})
	if err != nil {
		return driver.Ref{}, err
	}
	return driver.Ref{DestinationID: ref.DestinationID, SubmissionID: ref.SubmissionID, CaseID: ref.CaseID}, nil
}

func (d *messagingDriver) Upload(ctx context.Context, ref driver.Ref, a *driver.Attachment, body io.Reader) error {
	_, key, err := d.c.EncryptionKey(ctx, ref.DestinationID)
	if err != nil {
		return err
	}
	s, err := Seal(body, key.Key, &SealOptions{KeyID: key.ID, ContentType: a.MIMEType, SizeHint: a.Size, Rand: d.c.opts.Rand, NoHash: true})
	if err != nil {
		return err
	}
	return d.c.UploadAttachment(ctx, ref.SubmissionID, a.ID, s)
}

// BuildMetadata returns the metadata (version 1.0.0) for content whose
// attachments carry their hashes, with c.Details as paymentInformation,
// authenticationInformation, replyChannel and additionalReferenceInfo.
// Metadata.Marshal validates it against the schema.
func BuildMetadata(c *driver.Content) *Metadata {
	m := &Metadata{Schema: MetadataSchema100,
		PublicServiceType: &PublicServiceType{Name: c.Service.Name, Identifier: c.Service.Identifier}}
	if len(c.Data) > 0 || c.SchemaURI != "" {
		m.ContentStructure.Data = &DataDescription{Hash: SHA512(HashSHA512(c.Data)),
			SubmissionSchema: SubmissionSchema{SchemaURI: c.SchemaURI, MIMEType: c.DataMIMEType}}
	}
	m.ContentStructure.Attachments = []AttachmentInfo{}
	for _, a := range c.Attachments {
		m.ContentStructure.Attachments = append(m.ContentStructure.Attachments, AttachmentInfo{
			Hash: SHA512(a.Hash), Purpose: cmpOr(a.Purpose, "attachment"), Filename: a.Filename,
			Description: a.Description, MIMEType: a.MIMEType, AttachmentID: a.ID})
	}
	setDetails(m, &c.Details)
	return m
}

func (d *messagingDriver) Submit(ctx context.Context, ref driver.Ref, c *driver.Content) error {
	dest, key, err := d.c.EncryptionKey(ctx, ref.DestinationID)
	if err != nil {
		return err
	}
	if svc, ok := dest.Service(c.Service.Identifier); !ok {
		return &Problem{Status: http.StatusUnprocessableEntity, Title: "destination does not offer the service"}
	} else if c.SchemaURI != "" && !svc.AcceptsSchema(c.SchemaURI, c.DataMIMEType) {
		return &Problem{Status: http.StatusUnprocessableEntity, Title: "destination does not accept the data schema"}
	}
	meta, err := BuildMetadata(c).Marshal()
	if err != nil {
		return err
	}
	encMeta, _, err := EncryptFor(meta, key, "application/json")
	if err != nil {
		return err
	}
	req := &SubmitRequest{EncryptedMetadata: encMeta}
	if len(c.Data) > 0 {
		if req.EncryptedData, _, err = EncryptFor(c.Data, key, c.DataMIMEType); err != nil {
			return err
		}
	}
	return d.c.Submit(ctx, ref.SubmissionID, req)
}

func stateOf(s State) driver.State {
	switch s {
	case StateIncomplete:
		return driver.StateIncomplete
	case StateSubmitted:
		return driver.StateSubmitted
	case StateForwarded:
		return driver.StateForwarded
	case StateAccepted:
		return driver.StateAccepted
	case StateRejected:
		return driver.StateRejected
	case StateDeleted:
		return driver.StateDeleted
	}
	return ""
}

func (d *messagingDriver) Status(ctx context.Context, ref driver.Ref) (*driver.Status, error) {
	log, err := d.c.EventLog(ctx, SubmissionRef{DestinationID: ref.DestinationID, SubmissionID: ref.SubmissionID, CaseID: ref.CaseID})
	if err != nil {
		return nil, err
	}
	st, problems := StateOf(log, ref.SubmissionID)
	if st == "" {
		return nil, &Problem{Status: http.StatusNotFound, Title: "no events for the submission"}
	}
	out := &driver.Status{State: stateOf(st)}
	for _, p := range problems {
		out.Problems = append(out.Problems, driver.Problem{Type: p.Type, Title: p.Title, Detail: p.Detail, Instance: p.Instance})
	}
	return out, nil
}

func (d *messagingDriver) List(ctx context.Context, destinationID string, offset, limit int) (*driver.Page, error) {
	p, err := d.c.ListSubmissions(ctx, offset, limit)
	if err != nil {
		return nil, err
	}
	out := &driver.Page{Total: p.TotalCount}
	for _, s := range p.Submissions {
		if destinationID != "" && s.DestinationID != destinationID {
			continue
		}
		out.Refs = append(out.Refs, driver.Ref{DestinationID: s.DestinationID, SubmissionID: s.SubmissionID, CaseID: s.CaseID})
	}
	return out, nil
}

func (d *messagingDriver) Fetch(ctx context.Context, submissionID string) (*driver.Received, error) {
	es, err := d.c.Submission(ctx, submissionID)
	if err != nil {
		return nil, err
	}
	var schemas []SubmissionSchema
	if dest, err := d.c.Destination(ctx, es.DestinationID); err == nil {
		if svc, ok := dest.Service(es.ServiceType.Identifier); ok {
			schemas = svc.SubmissionSchemas
		} else {
			schemas = []SubmissionSchema{}
		}
	} else {
		return nil, err
	}
	r, err := d.c.Receive(ctx, submissionID, schemas)
	if err != nil {
		return nil, err
	}
	details, err := detailsOf(r.Metadata)
	if err != nil {
		return nil, err
	}
	out := &driver.Received{
		Ref:      driver.Ref{DestinationID: r.DestinationID, SubmissionID: r.SubmissionID, CaseID: r.CaseID},
		Service:  driver.Service{Name: r.ServiceType.Name, Identifier: r.ServiceType.Identifier},
		Data:     r.Data,
		Details:  details,
		Metadata: r.Metadata.Raw,
		Receipt:  r,
	}
	if dd := r.Metadata.ContentStructure.Data; dd != nil {
		out.DataMIMEType, out.SchemaURI = dd.SubmissionSchema.MIMEType, dd.SubmissionSchema.SchemaURI
	}
	for _, a := range r.Attachments {
		out.Attachments = append(out.Attachments, driver.ReceivedAttachment{Attachment: driver.Attachment{
			ID: a.Info.AttachmentID, Filename: a.Info.Filename, MIMEType: a.Info.MIMEType, Purpose: a.Info.Purpose,
			Description: a.Info.Description, Hash: a.Info.Hash.Content, Size: int64(len(a.Data))}, Data: a.Data})
	}
	return out, nil
}

func (d *messagingDriver) Accept(ctx context.Context, r *driver.Received) error {
	rec, ok := r.Receipt.(*Received)
	if !ok {
		return fmt.Errorf("fitconnect: Accept: submission was not fetched by this driver: %w", ozg.ErrFailedPrecondition)
	}
	return d.c.Accept(ctx, rec)
}

func (d *messagingDriver) Reject(ctx context.Context, ref driver.Ref, problems []driver.Problem) error {
	ps := make([]Problem, 0, len(problems))
	for _, p := range problems {
		ps = append(ps, Problem{Type: p.Type, Title: p.Title, Detail: p.Detail, Instance: p.Instance})
	}
	return d.c.Reject(ctx, SubmissionRef{DestinationID: ref.DestinationID, SubmissionID: ref.SubmissionID, CaseID: ref.CaseID}, ps)
}

func (d *messagingDriver) ErrorCode(err error) ozg.Code {
	if errors.Is(err, errUUID) {
		return ozg.InvalidArgument
	}
	return ErrorCode(err)
}

func (d *messagingDriver) Close() error { return nil }
