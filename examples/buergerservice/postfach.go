package main

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"log/slog"
	"sort"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
)

// Postfach plays the citizen postbox (Zentrales Bürgerpostfach) behind the
// FIT-Connect postbox bridge: it receives the messages and status updates
// authorities send to the bridge destination, verifies the signed envelope
// (author certificate chain, content signature, author token) and the
// attachment hashes the author signed, and keeps them for the citizen.
type Postfach struct {
	log   *slog.Logger
	fc    *fitconnect.Client
	roots *x509.CertPool
	kv    *kv
	wake  chan struct{}
}

// postMessage is one entry of a citizen's postbox.
type postMessage struct {
	ID            string           `json:"id"`   // FIT-Connect submission ID
	Kind          string           `json:"kind"` // "nachricht" or "status"
	Mailbox       string           `json:"mailbox,omitempty"`
	ApplicationID string           `json:"applicationId,omitempty"`
	Sender        string           `json:"sender"`
	Author        string           `json:"author"` // CN of the verified author certificate
	Title         string           `json:"title,omitempty"`
	Content       string           `json:"content,omitempty"`
	Reference     string           `json:"reference,omitempty"`
	State         string           `json:"state,omitempty"`
	Details       string           `json:"details,omitempty"`
	Information   string           `json:"information,omitempty"` // a status's additional information
	Received      time.Time        `json:"received"`
	Attachments   []postAttachment `json:"attachments,omitempty"`
}

type postAttachment struct {
	Filename string `json:"filename"`
	MIMEType string `json:"mimeType"`
	Data     []byte `json:"data"`
}

const kindPost = "postfach"

func newPostfach(zd *fitconnecttest.Server, store *kv, log *slog.Logger) (*Postfach, error) {
	o := zd.SubscriberOptions()
	o.DestinationID = fitconnecttest.DefaultPostbox // the bridge's destination uses the test keys too
	o.Logger = log
	fc, err := fitconnect.New(o)
	if err != nil {
		return nil, err
	}
	return &Postfach{log: log, fc: fc, roots: zd.Keys.Roots, kv: store, wake: make(chan struct{}, 1)}, nil
}

func (p *Postfach) wakeup() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

func (p *Postfach) run(ctx context.Context, tick time.Duration, onNew func(context.Context, *postMessage)) {
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		if page, err := p.fc.ListSubmissions(ctx, 0, 100); err == nil {
			for _, ref := range page.Submissions {
				if m := p.receive(ctx, ref); m != nil {
					onNew(ctx, m)
				}
			}
		} else if ctx.Err() == nil {
			p.log.Warn("listing postbox submissions failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-p.wake:
		}
	}
}

func (p *Postfach) receive(ctx context.Context, ref fitconnect.SubmissionRef) *postMessage {
	log := p.log.With("submission", ref.SubmissionID)
	r, err := p.fc.Receive(ctx, ref.SubmissionID, []fitconnect.SubmissionSchema{{SchemaURI: fitconnect.PostboxSchemaURI, MIMEType: "application/json"}})
	if err != nil {
		log.Warn("postbox submission does not verify", "err", err)
		return nil
	}
	content, cert, err := fitconnect.OpenPostboxEnvelope(r.Data, p.roots, time.Now())
	if err != nil {
		log.Warn("postbox envelope does not verify; rejecting", "err", err)
		_ = p.fc.Reject(ctx, r.SubmissionRef, []fitconnect.Problem{{Type: "about:blank", Title: "Umschlag ungültig"}})
		return nil
	}
	var c struct {
		MailboxUUID   string `json:"mailboxUuid"`
		Sender        string `json:"sender"`
		Title         string `json:"title"`
		Content       string `json:"content"`
		ApplicationID string `json:"applicationId"`
		Reference     string `json:"reference"`
		Status        string `json:"status"`
		SenderName    string `json:"senderName"`
		StatusDetails *struct {
			DE string `json:"de"`
		} `json:"statusDetails"`
		AdditionalInformation *struct {
			DE string `json:"de"`
		} `json:"additionalInformation"`
		Attachments []struct {
			Filename  string `json:"filename"`
			SHA512Sum string `json:"sha512sum"`
		} `json:"attachments"`
	}
	if err := json.Unmarshal(content, &c); err != nil {
		log.Warn("postbox content is not JSON", "err", err)
		return nil
	}
	m := &postMessage{ID: r.SubmissionID, Mailbox: c.MailboxUUID, ApplicationID: c.ApplicationID, Sender: c.Sender,
		Author: cert.Subject.CommonName, Title: c.Title, Content: c.Content, Reference: c.Reference, Received: time.Now()}
	switch r.ServiceType.Identifier {
	case fitconnect.PostboxStatusService:
		m.Kind, m.State, m.Sender = "status", c.Status, c.SenderName
		if c.StatusDetails != nil {
			m.Details = c.StatusDetails.DE
		}
		if c.AdditionalInformation != nil {
			m.Information = c.AdditionalInformation.DE
		}
	default:
		m.Kind = "nachricht"
	}
	// The author signed the attachments' hashes in the content; the
	// transport hashes were checked by Receive. Both must agree.
	signed := map[string]string{}
	for _, a := range c.Attachments {
		signed[a.Filename] = a.SHA512Sum
	}
	for _, a := range r.Attachments {
		if signed[a.Info.Filename] != fitconnect.HashSHA512(a.Data) {
			log.Warn("attachment not covered by the author's signature; rejecting", "attachment", a.Info.AttachmentID)
			_ = p.fc.Reject(ctx, r.SubmissionRef, []fitconnect.Problem{{Type: "about:blank", Title: "Anlage nicht signiert"}})
			return nil
		}
		m.Attachments = append(m.Attachments, postAttachment{Filename: a.Info.Filename, MIMEType: a.Info.MIMEType, Data: a.Data})
	}
	if err := p.kv.put(kindPost, m.ID, m); err != nil {
		log.Error("storing postbox message failed", "err", err)
		return nil
	}
	if err := p.fc.Accept(ctx, r); err != nil {
		log.Warn("accepting postbox submission failed", "err", err)
	}
	log.Info("postbox entry delivered", "kind", m.Kind, "state", m.State, "author", m.Author, "attachments", len(m.Attachments))
	return m
}

// entries returns the postbox entries of a mailbox or an application,
// oldest first.
func (p *Postfach) entries(mailbox, applicationID string) ([]*postMessage, error) {
	keys, err := p.kv.keys(kindPost)
	if err != nil {
		return nil, err
	}
	var out []*postMessage
	for _, k := range keys {
		var m postMessage
		if err := p.kv.get(kindPost, k, &m); err != nil {
			return nil, err
		}
		if (mailbox != "" && m.Mailbox == mailbox) || (applicationID != "" && m.ApplicationID == applicationID) {
			out = append(out, &m)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Received.Before(out[j].Received) })
	return out, nil
}
