package fitconnect

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// SignatureAlgorithm is the only JWS algorithm FIT-Connect allows: RSASSA-PSS
// with SHA-512.
const SignatureAlgorithm = "PS512"

// SETType is the "typ" header of a Security Event Token.
const SETType = "secevent+jwt"

// SETSchema is the "$schema" claim of the SETs defined by FIT-Connect.
const SETSchema = "https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json"

// The event URIs of the FIT-Connect submission life cycle.
const (
	EventCreate  = "https://schema.fitko.de/fit-connect/events/create-submission"
	EventSubmit  = "https://schema.fitko.de/fit-connect/events/submit-submission"
	EventNotify  = "https://schema.fitko.de/fit-connect/events/notify-submission"
	EventForward = "https://schema.fitko.de/fit-connect/events/forward-submission"
	EventAccept  = "https://schema.fitko.de/fit-connect/events/accept-submission"
	EventReject  = "https://schema.fitko.de/fit-connect/events/reject-submission"
	EventDelete  = "https://schema.fitko.de/fit-connect/events/delete-submission"
)

// JWSHeader is the protected header of a JWS as FIT-Connect uses it.
type JWSHeader struct {
	Algorithm   string   `json:"alg"`
	KeyID       string   `json:"kid,omitempty"`
	Type        string   `json:"typ,omitempty"`
	ContentType string   `json:"cty,omitempty"`
	Critical    []string `json:"crit,omitempty"`
	B64         *bool    `json:"b64,omitempty"`
}

// SET is the claim set of a FIT-Connect Security Event Token (RFC 8417).
type SET struct {
	Schema      string                     `json:"$schema"`
	ID          string                     `json:"jti"`
	Issuer      string                     `json:"iss"`
	IssuedAt    int64                      `json:"iat"`
	Subject     string                     `json:"sub"`           // "submission:<uuid>"
	Transaction string                     `json:"txn,omitempty"` // "case:<uuid>"
	Events      map[string]json.RawMessage `json:"events"`
}

// Event returns the one event of the token: its URI and payload.
func (s *SET) Event() (uri string, payload json.RawMessage) {
	for k, v := range s.Events {
		return k, v
	}
	return "", nil
}

// SubmissionID returns the submission UUID from the sub claim, or "".
func (s *SET) SubmissionID() string {
	id, ok := strings.CutPrefix(s.Subject, "submission:")
	if !ok {
		return ""
	}
	return id
}

// CaseID returns the case UUID from the txn claim, or "".
func (s *SET) CaseID() string {
	id, ok := strings.CutPrefix(s.Transaction, "case:")
	if !ok {
		return ""
	}
	return id
}

// AuthenticationTags is the payload of accept-submission (and of
// submit-submission): the JWE authentication tags of everything the
// recipient received.
type AuthenticationTags struct {
	Metadata    string            `json:"metadata"`
	Data        string            `json:"data,omitempty"`
	Attachments map[string]string `json:"attachments,omitempty"`
}

// AcceptPayload is the payload of an accept-submission event.
type AcceptPayload struct {
	AuthenticationTags AuthenticationTags `json:"authenticationTags"`
}

// RejectPayload is the payload of a reject-submission event.
type RejectPayload struct {
	Problems []Problem `json:"problems"`
}

// Signer holds a private key that signs JWS with PS512.
type Signer struct {
	Key   *rsa.PrivateKey
	KeyID string
}

func (s *Signer) sign(payload []byte, typ string) (string, error) {
	if s == nil || s.Key == nil {
		return "", notConfigured("signing key")
	}
	opts := (&jose.SignerOptions{}).WithHeader("kid", s.KeyID)
	if typ != "" {
		opts = opts.WithType(jose.ContentType(typ))
	}
	sg, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS512, Key: s.Key}, opts)
	if err != nil {
		return "", err
	}
	obj, err := sg.Sign(payload)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

// SignJWS signs payload into a compact JWS (PS512) with the given typ
// header ("" for none).
func (s *Signer) SignJWS(payload []byte, typ string) (string, error) {
	out, err := s.sign(payload, typ)
	if err != nil {
		return "", fmt.Errorf("fitconnect: sign: %w", err)
	}
	return out, nil
}

// NewSET builds a SET for one event about a submission. rnd supplies the
// jti (nil = crypto/rand).
func NewSET(issuer, submissionID, caseID, event string, payload any, now time.Time, rnd io.Reader) (*SET, error) {
	p, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: SET payload: %w", err)
	}
	if payload == nil {
		p = []byte("{}")
	}
	jti, err := newUUID(rnd)
	if err != nil {
		return nil, err
	}
	s := &SET{Schema: SETSchema, ID: jti, Issuer: issuer, IssuedAt: now.Unix(),
		Subject: "submission:" + submissionID, Events: map[string]json.RawMessage{event: p}}
	if caseID != "" {
		s.Transaction = "case:" + caseID
	}
	return s, nil
}

// SignSET signs the token into a compact JWS with typ secevent+jwt and
// alg PS512.
func (s *Signer) SignSET(set *SET) (string, error) {
	if err := checkSETClaims(set); err != nil {
		return "", err
	}
	b, err := json.Marshal(set)
	if err != nil {
		return "", fmt.Errorf("fitconnect: SET: %w", err)
	}
	return s.SignJWS(b, SETType)
}

// KeyLookup returns the public key an issuer signs with under kid, or an
// error wrapping ErrUnknownKey.
type KeyLookup func(issuer, kid string) (*rsa.PublicKey, error)

// KeySetLookup is a KeyLookup over a fixed JWK set, whatever the issuer.
func KeySetLookup(set *jose.JSONWebKeySet) KeyLookup {
	return func(_, kid string) (*rsa.PublicKey, error) {
		for _, k := range set.Key(kid) {
			if pub, ok := k.Key.(*rsa.PublicKey); ok {
				return pub, nil
			}
			if priv, ok := k.Key.(*rsa.PrivateKey); ok {
				return &priv.PublicKey, nil
			}
		}
		return nil, fmt.Errorf("%w: kid %q", ErrUnknownKey, kid)
	}
}

// ParseJWSHeader decodes the protected header of a compact JWS and checks
// that it is PS512 and names a key.
func ParseJWSHeader(compact string) (*JWSHeader, error) {
	if strings.Count(compact, ".") != 2 {
		return nil, fmt.Errorf("%w: want 3 dot-separated parts, got %d", ErrMalformedJWS, strings.Count(compact, ".")+1)
	}
	enc, _, _ := strings.Cut(compact, ".")
	if len(enc) > maxHeaderLen {
		return nil, fmt.Errorf("%w: header too long", ErrMalformedJWS)
	}
	raw, err := b64.DecodeString(enc)
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformedJWS, err)
	}
	var h JWSHeader
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformedJWS, err)
	}
	if h.Algorithm != SignatureAlgorithm {
		return nil, fmt.Errorf("%w: alg %q (only %s)", ErrAlgorithmNotAllowed, h.Algorithm, SignatureAlgorithm)
	}
	if len(h.Critical) > 0 || h.B64 != nil {
		return nil, fmt.Errorf("%w: unsupported header parameters", ErrMalformedJWS)
	}
	if h.KeyID == "" {
		return nil, fmt.Errorf("%w: header lacks kid", ErrMalformedJWS)
	}
	return &h, nil
}

// VerifyJWS verifies a compact PS512 JWS with the key pub and returns its
// payload.
func VerifyJWS(compact string, pub *rsa.PublicKey) ([]byte, *JWSHeader, error) {
	h, err := ParseJWSHeader(compact)
	if err != nil {
		return nil, nil, err
	}
	obj, err := jose.ParseSignedCompact(compact, []jose.SignatureAlgorithm{jose.PS512})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrMalformedJWS, err)
	}
	payload, err := obj.Verify(pub)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: kid %q", ErrSignature, h.KeyID)
	}
	return payload, h, nil
}

// ParseSET decodes a SET without verifying its signature: for inspection
// only, never to trust it. It checks the header and the claims.
func ParseSET(compact string) (*SET, *JWSHeader, error) {
	h, err := ParseJWSHeader(compact)
	if err != nil {
		return nil, nil, err
	}
	if h.Type != SETType {
		return nil, nil, fmt.Errorf("%w: typ %q, want %q", ErrSETClaims, h.Type, SETType)
	}
	parts := strings.Split(compact, ".")
	raw, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, nil, fmt.Errorf("%w: payload: %v", ErrMalformedJWS, err)
	}
	set, err := decodeSETClaims(raw)
	if err != nil {
		return nil, nil, err
	}
	return set, h, nil
}

func decodeSETClaims(raw []byte) (*SET, error) {
	var set SET
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSETClaims, err)
	}
	if err := checkSETClaims(&set); err != nil {
		return nil, err
	}
	return &set, nil
}

func checkSETClaims(s *SET) error {
	switch {
	case s.Schema != SETSchema:
		return fmt.Errorf("%w: $schema %q", ErrSETClaims, s.Schema)
	case s.ID == "":
		return fmt.Errorf("%w: jti missing", ErrSETClaims)
	case s.Issuer == "":
		return fmt.Errorf("%w: iss missing", ErrSETClaims)
	case s.IssuedAt <= 0:
		return fmt.Errorf("%w: iat missing", ErrSETClaims)
	case s.SubmissionID() == "":
		return fmt.Errorf("%w: sub %q is not submission:<id>", ErrSETClaims, s.Subject)
	case s.Transaction != "" && s.CaseID() == "":
		return fmt.Errorf("%w: txn %q is not case:<id>", ErrSETClaims, s.Transaction)
	case len(s.Events) != 1:
		return fmt.Errorf("%w: got %d", ErrSETEvents, len(s.Events))
	}
	return nil
}

// VerifySET checks a SET before anything of it is trusted: the header (typ
// secevent+jwt, alg PS512, kid), the signature with the key keys returns for
// the token's issuer and kid, and the claims ($schema, jti, iss, iat,
// sub=submission:<id>, txn=case:<id>, exactly one event).
func VerifySET(compact string, keys KeyLookup) (*SET, error) {
	set, h, err := ParseSET(compact)
	if err != nil {
		return nil, err
	}
	if keys == nil {
		return nil, notConfigured("SET key lookup")
	}
	pub, err := keys(set.Issuer, h.KeyID)
	if err != nil {
		return nil, err
	}
	payload, _, err := VerifyJWS(compact, pub)
	if err != nil {
		return nil, err
	}
	// Use only the signed bytes from here on.
	return decodeSETClaims(payload)
}

func newUUID(rnd io.Reader) (string, error) {
	if rnd == nil {
		rnd = rand.Reader
	}
	var u [16]byte
	if _, err := io.ReadFull(rnd, u[:]); err != nil {
		return "", fmt.Errorf("fitconnect: uuid: %w", err)
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	const hx = "0123456789abcdef"
	b := make([]byte, 0, 36)
	for i, c := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hx[c>>4], hx[c&15])
	}
	return string(b), nil
}

var errUUID = errors.New("not a UUID")

// checkUUID reports whether s is a canonical UUID.
func checkUUID(s string) error {
	if len(s) != 36 {
		return errUUID
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return errUUID
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return errUUID
			}
		}
	}
	return nil
}
