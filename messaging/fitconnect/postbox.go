package fitconnect

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// Identifiers of the postbox bridge (Zentrales Bürgerpostfach via
// FIT-Connect): the service identifiers of messages and status updates and
// the schema of the signed envelope they travel in.
const (
	PostboxMessageService = "urn:schema-fitko-de:fit-connect:id.bund.de:message_v6"
	PostboxStatusService  = "urn:schema-fitko-de:fit-connect:id.bund.de:status_v6"
	PostboxSchemaURI      = "https://schema.fitko.de/fit-connect/id.bund.de/message_v6/1.0.0/zbp-message.schema.json"
)

// PostboxOptions configure sending to citizens' postboxes. The author key
// and certificate are issued for the sending authority by the operator of
// the postbox.
type PostboxOptions struct {
	DestinationID     string            // the bridge's destination
	AuthorKey         *rsa.PrivateKey   // signs the envelope
	AuthorCertificate *x509.Certificate // certifies AuthorKey; its CN names the author
	// AuthorChain are intermediate certificates appended to the PEM of
	// authorCertificate, leaf first.
	AuthorChain []*x509.Certificate
}

// PostboxEnvelope is the signed envelope the bridge expects: the content
// JSON as a string, its RSA-SHA512 signature, a short-lived author token and
// the author's certificate.
type PostboxEnvelope struct {
	Content           string `json:"content"`
	SHA512Sum         string `json:"sha512sum"`   // base64 RSASSA-PKCS1-v1_5 SHA-512 signature of Content
	AuthorToken       string `json:"authorToken"` // JWS RS512 {iat, exp, signer, roles}
	AuthorCertificate string `json:"authorCertificate"`
}

type postboxMessageJSON struct {
	StorkQAALevel                int                     `json:"stork_qaa_level"`
	MailboxUUID                  string                  `json:"mailboxUuid"`
	Sender                       string                  `json:"sender"`
	Title                        string                  `json:"title"`
	Content                      string                  `json:"content"`
	Service                      string                  `json:"service"`
	ApplicationID                string                  `json:"applicationId,omitempty"`
	RetrievalConfirmationAddress string                  `json:"retrievalConfirmationAddress,omitempty"`
	ReplyAddress                 string                  `json:"replyAddress,omitempty"`
	Reference                    string                  `json:"reference,omitempty"`
	SenderURL                    string                  `json:"senderUrl,omitempty"`
	Attachments                  []postboxAttachmentJSON `json:"attachments,omitempty"`
}

type postboxAttachmentJSON struct {
	Filename      string `json:"filename"`
	SHA512Sum     string `json:"sha512sum"`
	ContentLength int    `json:"contentLength"`
}

type localized struct {
	DE string `json:"de"`
}

type postboxStatusJSON struct {
	ApplicationID         string     `json:"applicationId"`
	Status                string     `json:"status"`
	PublicServiceName     localized  `json:"publicServiceName"`
	SenderName            string     `json:"senderName"`
	CreatedDate           string     `json:"createdDate"`
	StatusDetails         *localized `json:"statusDetails,omitempty"`
	AdditionalInformation *localized `json:"additionalInformation,omitempty"`
	Reference             string     `json:"reference,omitempty"`
}

// fieldLen checks a length rule of the bridge and names the field.
func fieldLen(field, v string, minLen, maxLen int) error {
	n := utf8.RuneCountInString(v)
	if n < minLen || n > maxLen {
		if minLen > 0 && n == 0 {
			return ozg.Errorf(ozg.InvalidArgument, "fitconnect: postbox", "%s is required", field)
		}
		return ozg.Errorf(ozg.InvalidArgument, "fitconnect: postbox", "%s has %d characters, allowed %d–%d", field, n, minLen, maxLen)
	}
	return nil
}

// PostboxMessageContent checks a postbox message and returns its content
// JSON (before signing).
func PostboxMessageContent(m *driver.PostboxMessage) ([]byte, error) {
	if checkUUID(m.MailboxID) != nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, "fitconnect: postbox", "MailboxID is not a UUID")
	}
	if m.ApplicationID != "" && checkUUID(m.ApplicationID) != nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, "fitconnect: postbox", "ApplicationID is not a UUID")
	}
	for _, c := range []struct {
		f, v     string
		min, max int
	}{
		{"Sender", m.Sender, 1, 255}, {"Title", m.Title, 1, 1024}, {"Content", m.Content, 1, 1 << 20},
		{"Service", m.Service, 1, 255}, {"ReplyAddress", m.ReplyAddress, 0, 320},
		{"ReadReceiptAddress", m.ReadReceiptAddress, 0, 320}, {"Reference", m.Reference, 0, 255},
		{"SenderURL", m.SenderURL, 0, 255},
	} {
		if err := fieldLen(c.f, c.v, c.min, c.max); err != nil {
			return nil, err
		}
	}
	level := int(m.TrustLevel)
	if level == 0 {
		level = int(ozg.NiveauBasisregistrierung)
	}
	if level < 1 || level > 4 {
		return nil, ozg.Errorf(ozg.InvalidArgument, "fitconnect: postbox", "TrustLevel %d is not a STORK QAA level 1–4", level)
	}
	j := postboxMessageJSON{StorkQAALevel: level, MailboxUUID: m.MailboxID, Sender: m.Sender, Title: m.Title,
		Content: m.Content, Service: m.Service, ApplicationID: m.ApplicationID,
		RetrievalConfirmationAddress: m.ReadReceiptAddress, ReplyAddress: m.ReplyAddress,
		Reference: m.Reference, SenderURL: m.SenderURL}
	for i, a := range m.Attachments {
		if a.Filename == "" {
			return nil, ozg.Errorf(ozg.InvalidArgument, "fitconnect: postbox", "Attachments[%d].Filename is required", i)
		}
		j.Attachments = append(j.Attachments, postboxAttachmentJSON{Filename: a.Filename, SHA512Sum: HashSHA512(a.Data), ContentLength: len(a.Data)})
	}
	return json.Marshal(j)
}

// PostboxStatusContent checks a status update and returns its content JSON.
func PostboxStatusContent(s *driver.PostboxStatus, now time.Time) ([]byte, error) {
	if checkUUID(s.ApplicationID) != nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, "fitconnect: postbox", "ApplicationID is not a UUID")
	}
	switch s.State {
	case driver.PostboxInitiated, driver.PostboxSubmitted, driver.PostboxReceived, driver.PostboxProcessing,
		driver.PostboxActionRequired, driver.PostboxCompleted:
	default:
		return nil, ozg.Errorf(ozg.InvalidArgument, "fitconnect: postbox", "State %q is not a postbox state", s.State)
	}
	for _, c := range []struct {
		f, v     string
		min, max int
	}{
		{"PublicServiceName", s.PublicServiceName, 1, 100}, {"SenderName", s.SenderName, 1, 100},
		{"Details", s.Details, 0, 50}, {"AdditionalInformation", s.AdditionalInformation, 0, 100},
		{"Reference", s.Reference, 0, 50},
	} {
		if err := fieldLen(c.f, c.v, c.min, c.max); err != nil {
			return nil, err
		}
	}
	created := s.Created
	if created.IsZero() {
		created = now
	}
	j := postboxStatusJSON{ApplicationID: s.ApplicationID, Status: string(s.State),
		PublicServiceName: localized{s.PublicServiceName}, SenderName: s.SenderName,
		CreatedDate: created.UTC().Format("2006-01-02T15:04:05.000Z"), Reference: s.Reference}
	if s.Details != "" {
		j.StatusDetails = &localized{s.Details}
	}
	if s.AdditionalInformation != "" {
		j.AdditionalInformation = &localized{s.AdditionalInformation}
	}
	return json.Marshal(j)
}

// SealPostboxEnvelope signs content into the envelope the bridge expects.
func SealPostboxEnvelope(content []byte, o *PostboxOptions, now time.Time) ([]byte, error) {
	if o == nil || o.AuthorKey == nil || o.AuthorCertificate == nil {
		return nil, notConfigured("Postbox author key and certificate")
	}
	sum := sha512.Sum512(content)
	sig, err := rsa.SignPKCS1v15(nil, o.AuthorKey, crypto.SHA512, sum[:])
	if err != nil {
		return nil, fmt.Errorf("fitconnect: postbox: sign: %w", err)
	}
	claims, _ := json.Marshal(map[string]any{
		"iat": now.Unix(), "exp": now.Add(30 * time.Minute).Unix(),
		"signer": o.AuthorCertificate.Subject.CommonName, "roles": []string{"THIRD_PARTY"},
	})
	sg, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS512, Key: o.AuthorKey}, (&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return nil, fmt.Errorf("fitconnect: postbox: %w", err)
	}
	obj, err := sg.Sign(claims)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: postbox: %w", err)
	}
	tok, _ := obj.CompactSerialize()
	return json.Marshal(PostboxEnvelope{
		Content:           string(content),
		SHA512Sum:         base64.StdEncoding.EncodeToString(sig),
		AuthorToken:       tok,
		AuthorCertificate: certPEM(append([]*x509.Certificate{o.AuthorCertificate}, o.AuthorChain...)),
	})
}

func certPEM(certs []*x509.Certificate) string {
	var b []byte
	for _, c := range certs {
		b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return string(b)
}

// OpenPostboxEnvelope verifies an envelope: the author certificate must
// chain to roots, and both the content signature and the author token must
// verify with its key. It returns the content JSON.
func OpenPostboxEnvelope(data []byte, roots *x509.CertPool, now time.Time) ([]byte, *x509.Certificate, error) {
	var env PostboxEnvelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, nil, fmt.Errorf("fitconnect: postbox envelope: %w", err)
	}
	var certs []*x509.Certificate
	rest := []byte(env.AuthorCertificate)
	for {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, nil, fmt.Errorf("fitconnect: postbox envelope: %w", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, nil, errors.New("fitconnect: postbox envelope: authorCertificate is not PEM")
	}
	cert := certs[0]
	inter := x509.NewCertPool()
	for _, c := range certs[1:] {
		inter.AddCert(c)
	}
	if _, err := cert.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: now, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}}); err != nil {
		return nil, nil, fmt.Errorf("%w: author certificate: %v", ErrUntrustedKey, err)
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, nil, fmt.Errorf("%w: author key is not RSA", ErrInvalidKey)
	}
	sig, err := base64.StdEncoding.DecodeString(env.SHA512Sum)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: sha512sum is not base64", ErrSignature)
	}
	sum := sha512.Sum512([]byte(env.Content))
	if err := rsa.VerifyPKCS1v15(pub, crypto.SHA512, sum[:], sig); err != nil {
		return nil, nil, fmt.Errorf("%w: content signature", ErrSignature)
	}
	tok, err := jose.ParseSignedCompact(env.AuthorToken, []jose.SignatureAlgorithm{jose.RS512})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: author token: %v", ErrMalformedJWS, err)
	}
	claims, err := tok.Verify(pub)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: author token", ErrSignature)
	}
	var c struct {
		Exp int64 `json:"exp"`
	}
	if json.Unmarshal(claims, &c) != nil || now.Unix() > c.Exp {
		return nil, nil, fmt.Errorf("%w: author token expired", ErrSignature)
	}
	return []byte(env.Content), cert, nil
}

// postboxOutgoing wraps signed content into a submission for the bridge.
func (c *Client) postboxOutgoing(content []byte, service, serviceName string, atts []driver.PostboxAttachment) (*driver.Outgoing, error) {
	o := c.opts.Postbox
	if o == nil || o.DestinationID == "" {
		return nil, notConfigured("Postbox.DestinationID")
	}
	env, err := SealPostboxEnvelope(content, o, c.now())
	if err != nil {
		return nil, err
	}
	out := &driver.Outgoing{Content: driver.Content{
		DestinationID: o.DestinationID,
		Service:       driver.Service{Name: serviceName, Identifier: service},
		Data:          env, DataMIMEType: "application/json", SchemaURI: PostboxSchemaURI,
	}}
	for _, a := range atts {
		mt := cmpOr(a.MIMEType, "application/octet-stream")
		out.Attachments = append(out.Attachments, driver.Attachment{Filename: a.Filename, MIMEType: mt, Purpose: "attachment", Size: int64(len(a.Data))})
		out.Bodies = append(out.Bodies, a.Data)
	}
	return out, nil
}

// PostboxMessage implements driver.Postbox.
func (d *messagingDriver) PostboxMessage(_ context.Context, m *driver.PostboxMessage) (*driver.Outgoing, error) {
	content, err := PostboxMessageContent(m)
	if err != nil {
		return nil, err
	}
	return d.c.postboxOutgoing(content, PostboxMessageService, m.Service, m.Attachments)
}

// PostboxStatus implements driver.Postbox.
func (d *messagingDriver) PostboxStatus(_ context.Context, s *driver.PostboxStatus) (*driver.Outgoing, error) {
	content, err := PostboxStatusContent(s, d.c.now())
	if err != nil {
		return nil, err
	}
	return d.c.postboxOutgoing(content, PostboxStatusService, s.PublicServiceName, nil)
}
