package fitconnect

import (
	"context"
	"crypto/rsa"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// SubmissionPage is one page of GET /submissions.
type SubmissionPage struct {
	Count       int             `json:"count"`
	Offset      int             `json:"offset"`
	TotalCount  int             `json:"totalCount"`
	Submissions []SubmissionRef `json:"submissions"`
}

// ListSubmissions lists the submissions ready for pickup at the configured
// destination, one page at a time (limit 0 = 100, the API maximum 500).
func (c *Client) ListSubmissions(ctx context.Context, offset, limit int) (*SubmissionPage, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 500)
	q := url.Values{"offset": {strconv.Itoa(max(offset, 0))}, "limit": {strconv.Itoa(limit)}}
	if c.opts.DestinationID != "" {
		q.Set("destinationId", c.opts.DestinationID)
	}
	var p SubmissionPage
	if err := c.getJSON(ctx, c.base+"/submissions?"+q.Encode(), &p); err != nil {
		return nil, err
	}
	return &p, nil
}

// EncryptedSubmission is a submission as the Zustelldienst returns it to
// the subscriber.
type EncryptedSubmission struct {
	DestinationID     string      `json:"destinationId"`
	SubmissionID      string      `json:"submissionId"`
	CaseID            string      `json:"caseId"`
	ServiceType       ServiceType `json:"serviceType"`
	Attachments       []string    `json:"attachments"`
	EncryptedMetadata string      `json:"encryptedMetadata"`
	EncryptedData     string      `json:"encryptedData,omitempty"`
}

// Submission fetches a submission (encrypted).
func (c *Client) Submission(ctx context.Context, submissionID string) (*EncryptedSubmission, error) {
	if checkUUID(submissionID) != nil {
		return nil, fmt.Errorf("fitconnect: submission ID %w", errUUID)
	}
	var s EncryptedSubmission
	if err := c.getJSON(ctx, c.base+"/submissions/"+pathEscape(submissionID), &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// ReceivedAttachment is a decrypted, hash-checked attachment.
type ReceivedAttachment struct {
	Info AttachmentInfo
	Data []byte
	Tag  string
}

// Received is a decrypted submission whose data and attachments matched
// the hashes in its metadata.
type Received struct {
	SubmissionRef
	ServiceType ServiceType
	Metadata    *Metadata
	Data        []byte
	Attachments []ReceivedAttachment
	Tags        AuthenticationTags // for accept-submission
}

func (c *Client) decryptionKey(kid string) (*rsa.PrivateKey, error) {
	if len(c.opts.DecryptionKeys) == 0 {
		return nil, notConfigured("decryption keys")
	}
	k, ok := c.opts.DecryptionKeys[kid]
	if !ok {
		return nil, fmt.Errorf("%w: no decryption key with kid %q", ErrDecryption, kid)
	}
	return k, nil
}

func (c *Client) decrypt(jwe string) ([]byte, string, error) {
	h, err := ParseJWEHeader(jwe)
	if err != nil {
		return nil, "", err
	}
	key, err := c.decryptionKey(h.KeyID)
	if err != nil {
		return nil, "", err
	}
	pt, _, tag, err := Decrypt(jwe, key)
	return pt, tag, err
}

// FetchAttachment downloads one attachment and decrypts it while reading.
func (c *Client) FetchAttachment(ctx context.Context, submissionID, attachmentID string) (*Opened, error) {
	var out *Opened
	u := c.base + "/submissions/" + pathEscape(submissionID) + "/attachments/" + pathEscape(attachmentID)
	err := c.do(ctx, &request{method: http.MethodGet, url: u, idempotent: true, accept: "application/jose, application/problem+json",
		stream: func(r io.Reader, n int64) error {
			o, err := c.openAttachment(r, n)
			out = o
			return err
		}}, nil)
	return out, err
}

// openAttachment reads the JWE header to pick the decryption key by kid,
// then decrypts the rest while reading.
func (c *Client) openAttachment(r io.Reader, n int64) (*Opened, error) {
	var head []byte
	buf := make([]byte, 1)
	for {
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, fmt.Errorf("%w: header: %v", ErrMalformedJWE, err)
		}
		if buf[0] == '.' {
			break
		}
		if len(head) >= maxHeaderLen {
			return nil, fmt.Errorf("%w: header longer than %d bytes", ErrMalformedJWE, maxHeaderLen)
		}
		head = append(head, buf[0])
	}
	h, err := decodeJWEHeader(head)
	if err != nil {
		return nil, err
	}
	key, err := c.decryptionKey(h.KeyID)
	if err != nil {
		return nil, err
	}
	rest := io.MultiReader(strings.NewReader(string(head)+"."), r)
	return Open(rest, key, &OpenOptions{SizeHint: n, MaxSize: c.opts.MaxAttachmentSize})
}

// Receive fetches a submission, decrypts metadata, data and every
// attachment, validates the metadata against its schema and checks every
// SHA-512 hash, the announced attachments, and that the data schema is one
// the destination accepts for the service (when schemas is not nil). Only
// then is the submission returned; otherwise the error says which check
// failed (ErrHashMismatch, ErrDecryption, *MetadataError, …), and the
// caller should reject the submission.
func (c *Client) Receive(ctx context.Context, submissionID string, schemas []SubmissionSchema) (*Received, error) {
	es, err := c.Submission(ctx, submissionID)
	if err != nil {
		return nil, err
	}
	rawMeta, metaTag, err := c.decrypt(es.EncryptedMetadata)
	if err != nil {
		return nil, fmt.Errorf("metadata: %w", err)
	}
	meta, err := ParseMetadata(rawMeta)
	if err != nil {
		return nil, err
	}
	r := &Received{SubmissionRef: SubmissionRef{DestinationID: es.DestinationID, SubmissionID: es.SubmissionID, CaseID: es.CaseID},
		ServiceType: es.ServiceType, Metadata: meta, Tags: AuthenticationTags{Metadata: metaTag}}
	if d := meta.ContentStructure.Data; d != nil {
		if es.EncryptedData == "" {
			return nil, fmt.Errorf("fitconnect: metadata describes data but the submission has none: %w", ErrHashMismatch)
		}
		data, tag, err := c.decrypt(es.EncryptedData)
		if err != nil {
			return nil, fmt.Errorf("data: %w", err)
		}
		if got := HashSHA512(data); got != d.Hash.Content {
			return nil, fmt.Errorf("%w: data", ErrHashMismatch)
		}
		if schemas != nil && !accepts(schemas, d.SubmissionSchema) {
			return nil, &Problem{Status: http.StatusUnprocessableEntity, Title: "data schema not accepted by the destination", Type: "about:blank"}
		}
		r.Data, r.Tags.Data = data, tag
	} else if es.EncryptedData != "" {
		return nil, fmt.Errorf("fitconnect: data present but not described in metadata: %w", ErrHashMismatch)
	}
	described := map[string]AttachmentInfo{}
	for _, a := range meta.ContentStructure.Attachments {
		described[strings.ToLower(a.AttachmentID)] = a
	}
	if len(described) != len(es.Attachments) {
		return nil, fmt.Errorf("%w: metadata describes %d attachments, submission has %d", ErrHashMismatch, len(described), len(es.Attachments))
	}
	for _, id := range es.Attachments {
		info, ok := described[strings.ToLower(id)]
		if !ok {
			return nil, fmt.Errorf("%w: attachment %s not described in metadata", ErrHashMismatch, id)
		}
		o, err := c.FetchAttachment(ctx, submissionID, id)
		if err != nil {
			return nil, fmt.Errorf("attachment %s: %w", id, err)
		}
		if o.Hash != info.Hash.Content {
			return nil, fmt.Errorf("%w: attachment %s", ErrHashMismatch, id)
		}
		if r.Tags.Attachments == nil {
			r.Tags.Attachments = map[string]string{}
		}
		r.Tags.Attachments[id] = o.Tag
		r.Attachments = append(r.Attachments, ReceivedAttachment{Info: info, Data: o.Plaintext, Tag: o.Tag})
	}
	return r, nil
}

func accepts(schemas []SubmissionSchema, s SubmissionSchema) bool {
	for _, x := range schemas {
		if x.SchemaURI == s.SchemaURI && x.MIMEType == s.MIMEType {
			return true
		}
	}
	return false
}

// PostEvent posts a signed SET to the event log of a case.
func (c *Client) PostEvent(ctx context.Context, caseID, set string) error {
	return c.do(ctx, &request{method: http.MethodPost, url: c.base + "/cases/" + pathEscape(caseID) + "/events",
		contentType: "application/jose", body: func() io.Reader { return strings.NewReader(set) }, length: int64(len(set))}, nil)
}

func (c *Client) postSubmissionEvent(ctx context.Context, ref SubmissionRef, event string, payload any) error {
	if c.opts.EventSigner == nil {
		return notConfigured("EventSigner")
	}
	iss := cmpOr(c.opts.DestinationID, ref.DestinationID)
	set, err := NewSET(iss, ref.SubmissionID, ref.CaseID, event, payload, c.now(), c.rand)
	if err != nil {
		return err
	}
	s, err := c.opts.EventSigner.SignSET(set)
	if err != nil {
		return err
	}
	return c.PostEvent(ctx, ref.CaseID, s)
}

// Accept confirms a received submission: it posts an accept-submission SET
// carrying the authentication tags of everything that was decrypted.
func (c *Client) Accept(ctx context.Context, r *Received) error {
	return c.postSubmissionEvent(ctx, r.SubmissionRef, EventAccept, AcceptPayload{AuthenticationTags: r.Tags})
}

// Reject refuses a submission with the given problems (at least one).
func (c *Client) Reject(ctx context.Context, ref SubmissionRef, problems []Problem) error {
	if len(problems) == 0 {
		return fmt.Errorf("fitconnect: Reject: at least one problem is required")
	}
	return c.postSubmissionEvent(ctx, ref, EventReject, RejectPayload{Problems: problems})
}
