package fitconnect

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// Destination is the public information of a destination (Zustellpunkt).
type Destination struct {
	DestinationID    string               `json:"destinationId"`
	Status           string               `json:"status"` // "active" to receive
	Services         []DestinationService `json:"services"`
	EncryptionKid    string               `json:"encryptionKid"`
	MetadataVersions []string             `json:"metadataVersions,omitempty"`
	ReplyChannels    json.RawMessage      `json:"replyChannels,omitempty"`
}

// DestinationService is one public service a destination accepts.
type DestinationService struct {
	Identifier        string             `json:"identifier"` // urn:de:fim:leika:leistung:…
	SubmissionSchemas []SubmissionSchema `json:"submissionSchemas"`
	Regions           []string           `json:"regions,omitempty"`
}

// Service returns the destination's service with the given identifier.
func (d *Destination) Service(identifier string) (*DestinationService, bool) {
	for i := range d.Services {
		if d.Services[i].Identifier == identifier {
			return &d.Services[i], true
		}
	}
	return nil, false
}

// AcceptsSchema reports whether the service accepts data of this schema.
func (s *DestinationService) AcceptsSchema(schemaURI, mimeType string) bool {
	return slices.ContainsFunc(s.SubmissionSchemas, func(x SubmissionSchema) bool {
		return x.SchemaURI == schemaURI && (mimeType == "" || x.MIMEType == mimeType)
	})
}

// Destination fetches the public information of a destination.
func (c *Client) Destination(ctx context.Context, destinationID string) (*Destination, error) {
	if checkUUID(destinationID) != nil {
		return nil, fmt.Errorf("fitconnect: destination ID %w", errUUID)
	}
	var d Destination
	if err := c.getJSON(ctx, c.dest+"/destinations/"+pathEscape(destinationID), &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// DestinationKey fetches a key of a destination and validates it (see
// ValidateKey) against the configured trust anchors. Validated keys are
// cached by destination and kid.
func (c *Client) DestinationKey(ctx context.Context, destinationID, kid string, use KeyUse) (*Key, error) {
	ck := destinationID + "/" + kid
	c.mu.Lock()
	k, ok := c.destKeys[ck]
	c.mu.Unlock()
	if ok {
		return k, nil
	}
	var raw []byte
	if c.opts.APIVersion == "v2" && use == KeyUseEncryption {
		// v2: the Destination API publishes the encryption keys as a set.
		var set struct {
			Keys []json.RawMessage `json:"keys"`
		}
		if err := c.getJSON(ctx, c.dest+"/destinations/"+pathEscape(destinationID)+"/keys", &set); err != nil {
			return nil, err
		}
		for _, k := range set.Keys {
			var h struct {
				Kid string `json:"kid"`
			}
			if json.Unmarshal(k, &h) == nil && h.Kid == kid {
				raw = k
			}
		}
		if raw == nil {
			return nil, fmt.Errorf("%w: destination publishes no key %q", ErrUnknownKey, kid)
		}
	} else {
		u := c.base + "/destinations/" + pathEscape(destinationID) + "/keys/" + pathEscape(kid)
		if err := c.do(ctx, &request{method: http.MethodGet, url: u, idempotent: true, raw: &raw}, nil); err != nil {
			return nil, err
		}
	}
	k, err := ValidateKey(ctx, raw, use, &KeyOptions{Roots: c.opts.TrustAnchors, Now: c.now, CheckRevocation: c.opts.CheckRevocation})
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.destKeys[ck] = k
	c.mu.Unlock()
	return k, nil
}

// EncryptionKey fetches the destination and its validated encryption key.
// It refuses a destination that is not active.
func (c *Client) EncryptionKey(ctx context.Context, destinationID string) (*Destination, *Key, error) {
	d, err := c.Destination(ctx, destinationID)
	if err != nil {
		return nil, nil, err
	}
	if d.Status != "" && d.Status != "active" {
		return nil, nil, &Problem{Status: http.StatusConflict, Title: "destination not active", Detail: "status " + d.Status}
	}
	k, err := c.DestinationKey(ctx, destinationID, d.EncryptionKid, KeyUseEncryption)
	if err != nil {
		return nil, nil, err
	}
	return d, k, nil
}

// ServiceType names the public service of a submission.
type ServiceType struct {
	Name       string `json:"name,omitempty"`
	Identifier string `json:"identifier"` // urn:de:fim:leika:leistung:<LeiKa key>
}

// Announcement is the body of POST /submissions. The service goes out
// as serviceType (v1) or publicService (v2).
type Announcement struct {
	DestinationID        string       `json:"destinationId"`
	AnnouncedAttachments []string     `json:"announcedAttachments"`
	ServiceType          ServiceType  `json:"serviceType"`
	PublicService        *ServiceType `json:"publicService,omitempty"` // set by Announce for v2
}

// SubmissionRef identifies a submission and its case.
type SubmissionRef struct {
	DestinationID string `json:"destinationId"`
	SubmissionID  string `json:"submissionId"`
	CaseID        string `json:"caseId"`
}

// Announce creates a submission with the announced attachment IDs. It is
// not retried: a retry could create a second submission.
func (c *Client) Announce(ctx context.Context, a *Announcement) (*SubmissionRef, error) {
	if checkUUID(a.DestinationID) != nil {
		return nil, fmt.Errorf("fitconnect: Announce: destinationId %w", errUUID)
	}
	for i, id := range a.AnnouncedAttachments {
		if checkUUID(id) != nil {
			return nil, fmt.Errorf("fitconnect: Announce: announcedAttachments[%d] %w", i, errUUID)
		}
	}
	if a.AnnouncedAttachments == nil {
		a.AnnouncedAttachments = []string{}
	}
	var body func() io.Reader
	var n int64
	var err error
	if c.opts.APIVersion == "v2" {
		svc := a.ServiceType
		if a.PublicService != nil {
			svc = *a.PublicService
		}
		body, n, err = jsonBody(struct {
			DestinationID        string      `json:"destinationId"`
			AnnouncedAttachments []string    `json:"announcedAttachments"`
			PublicService        ServiceType `json:"publicService"`
		}{a.DestinationID, a.AnnouncedAttachments, svc})
	} else {
		body, n, err = jsonBody(a)
	}
	if err != nil {
		return nil, err
	}
	var ref SubmissionRef
	err = c.do(ctx, &request{method: http.MethodPost, url: c.base + "/submissions", contentType: "application/json", body: body, length: n}, &ref)
	if err != nil {
		return nil, err
	}
	if checkUUID(ref.SubmissionID) != nil || checkUUID(ref.CaseID) != nil {
		return nil, fmt.Errorf("fitconnect: Announce: response lacks submissionId or caseId")
	}
	return &ref, nil
}

// UploadAttachment uploads one encrypted attachment (PUT, application/jose).
// It is idempotent and retried.
func (c *Client) UploadAttachment(ctx context.Context, submissionID, attachmentID string, s *Sealed) error {
	u := c.base + "/submissions/" + pathEscape(submissionID) + "/attachments/" + pathEscape(attachmentID)
	return c.do(ctx, &request{method: http.MethodPut, url: u, contentType: "application/jose", idempotent: true,
		body: func() io.Reader { return s.Reader() }, length: s.Len()}, nil)
}

// SubmitRequest is the body of PUT /submissions/{id}.
type SubmitRequest struct {
	EncryptedMetadata string `json:"encryptedMetadata"`
	EncryptedData     string `json:"encryptedData,omitempty"`
}

// Submit completes a submission with its encrypted metadata and data. It is
// a PUT and retried.
func (c *Client) Submit(ctx context.Context, submissionID string, r *SubmitRequest) error {
	body, n, err := jsonBody(r)
	if err != nil {
		return err
	}
	return c.do(ctx, &request{method: http.MethodPut, url: c.base + "/submissions/" + pathEscape(submissionID),
		contentType: "application/json", body: body, length: n, idempotent: true}, nil)
}

// EncryptFor encrypts plaintext for the destination key.
func EncryptFor(plaintext []byte, k *Key, cty string) (jwe, tag string, err error) {
	return Encrypt(plaintext, k.Key, k.ID, cty)
}

// EventLog fetches the event log of a submission's case (v1:
// /cases/{caseId}/events; v2: /submissions/{submissionId}/events) and
// verifies every SET (see VerifySET); SETs of the Zustelldienst are checked
// with its JWK set, SETs of a destination with that destination's signature
// keys. One bad SET fails the whole log.
func (c *Client) EventLog(ctx context.Context, ref SubmissionRef) ([]*SET, error) {
	var resp struct {
		EventLog []string `json:"eventLog"`
	}
	caseID := ref.CaseID
	u := c.base + "/cases/" + pathEscape(caseID) + "/events"
	if c.opts.APIVersion == "v2" {
		u = c.base + "/submissions/" + pathEscape(ref.SubmissionID) + "/events?offset=0&limit=500"
	}
	if err := c.getJSON(ctx, u, &resp); err != nil {
		return nil, err
	}
	out := make([]*SET, 0, len(resp.EventLog))
	for i, s := range resp.EventLog {
		set, err := VerifySET(s, c.setKeyLookup(ctx))
		if err != nil {
			return nil, fmt.Errorf("fitconnect: event log entry %d: %w", i, err)
		}
		if caseID != "" && set.CaseID() != "" && set.CaseID() != caseID {
			return nil, fmt.Errorf("fitconnect: event log entry %d: %w: txn names another case", i, ErrSETClaims)
		}
		out = append(out, set)
	}
	return out, nil
}

// setKeyLookup finds SET keys: the Zustelldienst's JWK set for its issuer,
// a destination's validated signature keys for a destination UUID.
func (c *Client) setKeyLookup(ctx context.Context) KeyLookup {
	return func(iss, kid string) (*rsa.PublicKey, error) {
		if iss == c.issuer {
			return c.zustelldienstKey(ctx, kid)
		}
		if checkUUID(iss) == nil {
			k, err := c.DestinationKey(ctx, iss, kid, KeyUseSignature)
			if err != nil {
				return nil, err
			}
			return k.Key, nil
		}
		return nil, fmt.Errorf("%w: unknown issuer", ErrUnknownKey)
	}
}

func (c *Client) zustelldienstKey(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	c.mu.Lock()
	k, ok := c.zdKeys[kid]
	c.mu.Unlock()
	if ok {
		return k, nil
	}
	var set jose.JSONWebKeySet
	u := strings.TrimRight(c.opts.Environment.SubmissionURL, "/") + "/.well-known/jwks.json"
	if err := c.getJSON(ctx, u, &set); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range set.Keys {
		if pub, ok := k.Key.(*rsa.PublicKey); ok && k.Algorithm == SignatureAlgorithm && pub.N.BitLen() >= 2048 {
			c.zdKeys[k.KeyID] = pub
		}
	}
	if k, ok := c.zdKeys[kid]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("%w: kid %q not in the Zustelldienst key set", ErrUnknownKey, kid)
}

// State is the state of a submission as its event log tells it.
type State string

// The submission states.
const (
	StateIncomplete State = "incomplete" // announced, not yet submitted
	StateSubmitted  State = "submitted"
	StateForwarded  State = "forwarded"
	StateAccepted   State = "accepted"
	StateRejected   State = "rejected"
	StateDeleted    State = "deleted"
)

// StateOf derives the state of a submission from its verified event log.
// It also returns the problems of a rejection.
func StateOf(log []*SET, submissionID string) (State, []Problem) {
	st := State("")
	var problems []Problem
	for _, s := range log {
		if s.SubmissionID() != submissionID {
			continue
		}
		ev, payload := s.Event()
		switch ev {
		case EventCreate:
			st = StateIncomplete
		case EventSubmit:
			st = StateSubmitted
		case EventForward:
			st = StateForwarded
		case EventAccept:
			st = StateAccepted
		case EventReject:
			st = StateRejected
			var p RejectPayload
			if json.Unmarshal(payload, &p) == nil {
				problems = p.Problems
			}
		case EventDelete:
			st = StateDeleted
		}
	}
	return st, problems
}
