package onlinedienst

import (
	"context"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
	"io"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// MessagingSender is the Sender over the portable messaging client
// (FIT-Connect adapter or the in-memory driver). It sends the submission's
// Details (payment, identification report, reply channel, reference) as
// the metadata's paymentInformation, authenticationInformation,
// replyChannel and additionalReferenceInfo. The application ID is the
// idempotency key, so a Submit retried after a crash resumes the same
// delivery instead of sending twice.
type MessagingSender struct {
	Client *messaging.Client
	// Content opens the bytes of an attachment (the portal keeps them);
	// required when applications carry attachments. The bytes are checked
	// against the size and SHA-512 the applicant's declaration covers.
	Content func(ctx context.Context, antragID string, a antrag.Attachment) (io.Reader, error)
}

// Send implements Sender; it returns the submission ID.
func (m *MessagingSender) Send(ctx context.Context, s *Submission) (string, error) {
	const op = "onlinedienst.MessagingSender"
	sub := &messaging.Submission{
		DestinationID: s.DestinationID,
		Service:       messaging.Service{Name: s.LeistungName, Identifier: s.Leistung.URN()},
		Data:          s.Data, DataMIMEType: "application/json", SchemaURI: s.SchemaURI,
		Details: s.Details.Clone(),
	}
	for _, a := range s.Attachments {
		if m.Content == nil {
			return "", ozg.Errorf(ozg.FailedPrecondition, op, "attachment %s but no Content function", a.ID)
		}
		r, err := m.Content(ctx, s.AntragID, a)
		if err != nil {
			return "", err
		}
		sub.Attachments = append(sub.Attachments, messaging.Attachment{
			ID: a.ID, Filename: a.Filename, MIMEType: a.MimeType, Purpose: a.Purpose, Size: a.Size,
			Body: &checkedReader{r: r, h: sha512.New(), want: a.SHA512, id: a.ID},
		})
	}
	ref, err := m.Client.Send(ctx, sub, &messaging.SendOptions{IdempotencyKey: SubmissionKey(s.AntragID)})
	if err != nil {
		return "", err
	}
	return ref.SubmissionID, nil
}

// SubmissionKey is the idempotency key MessagingSender sends the
// application with the ID under: the key of its entry in the messaging
// outbox, where a portal finds the submission's messaging.Ref (e.g. to ask
// messaging.Client.Status for the authority's answer).
func SubmissionKey(antragID string) string { return "antrag-" + antragID }

// checkedReader fails at the end of the content if its SHA-512 is not the
// one recorded when the applicant attached it.
type checkedReader struct {
	r    io.Reader
	h    hash.Hash
	want string
	id   string
}

func (c *checkedReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.h.Write(p[:n])
	if err == io.EOF && hex.EncodeToString(c.h.Sum(nil)) != c.want {
		return n, &ozg.Error{Code: ozg.FailedPrecondition, Op: "onlinedienst.MessagingSender",
			Err: fmt.Errorf("attachment %s changed since it was attached (SHA-512 differs)", c.id)}
	}
	return n, err
}
