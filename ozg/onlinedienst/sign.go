package onlinedienst

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v4"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// JWSType is the JWS "typ" header of a signed definition.
const JWSType = "baukasten-onlinedienst+json"

// Errors of Import. ErrSignature also wraps the messaging/fitconnect error
// that says why (fitconnect.ErrSignature, ErrUnknownKey,
// ErrAlgorithmNotAllowed, ErrMalformedJWS).
var (
	// ErrUnsigned: the definition is plain JSON and unsigned definitions
	// were not allowed.
	ErrUnsigned = errors.New("onlinedienst: definition is not signed")
	// ErrSignature: the JWS does not verify (tampered, unknown key, wrong
	// algorithm or type).
	ErrSignature = errors.New("onlinedienst: definition signature does not verify")
)

// Sign signs the definition for export by the publishing authority with
// the JOSE core of messaging/fitconnect: a compact JWS (PS512, the
// signer's kid, typ JWSType) whose payload is the definition's canonical
// JSON (members sorted, no insignificant whitespace). The definition is
// checked like Load first.
func Sign(d *Definition, signer *fitconnect.Signer) (string, error) {
	const op = "onlinedienst.Sign"
	if signer == nil || signer.Key == nil || signer.KeyID == "" {
		return "", ozg.Errorf(ozg.InvalidArgument, op, "a signer with key and kid is required")
	}
	js, err := d.JSON()
	if err != nil {
		return "", err
	}
	if _, err := Load(js); err != nil {
		return "", err
	}
	payload, err := fitconnect.CanonicalJSON(js)
	if err != nil {
		return "", &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
	}
	s, err := signer.SignJWS(payload, JWSType)
	if err != nil {
		return "", &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: err}
	}
	return s, nil
}

// ImportOptions configure Import. A nil *ImportOptions is valid and
// refuses unsigned definitions.
type ImportOptions struct {
	// Keys are the publishers' public RSA keys the signature must verify
	// with, selected by kid.
	Keys *jose.JSONWebKeySet
	// AllowUnsigned accepts a plain JSON definition. Off by default; a
	// signed definition that does not verify is refused regardless.
	AllowUnsigned bool
}

// Import reads a definition exported by another authority: a JWS made by
// Sign, verified with a key of opts.Keys through messaging/fitconnect, or —
// only with opts.AllowUnsigned — plain JSON. The payload is then loaded
// like Load. An unsigned definition gives PermissionDenied wrapping
// ErrUnsigned, a signature that does not verify PermissionDenied wrapping
// ErrSignature, a defective definition InvalidArgument wrapping
// *DefinitionError.
func Import(data []byte, opts *ImportOptions) (*Definition, error) {
	const op = "onlinedienst.Import"
	if opts == nil {
		opts = &ImportOptions{}
	}
	data = bytes.TrimSpace(data)
	if len(data) > MaxSize*2 {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "larger than %d bytes", MaxSize*2)
	}
	if len(data) > 0 && data[0] == '{' {
		if !opts.AllowUnsigned {
			return nil, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: ErrUnsigned}
		}
		return Load(data)
	}
	deny := func(err error) error {
		return &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	compact := string(data)
	h, err := fitconnect.ParseJWSHeader(compact)
	if err != nil {
		return nil, deny(err)
	}
	if h.Type != JWSType {
		return nil, deny(fmt.Errorf("%w: typ %q, want %s", fitconnect.ErrMalformedJWS, h.Type, JWSType))
	}
	if opts.Keys == nil {
		return nil, deny(fitconnect.ErrUnknownKey)
	}
	pub, err := fitconnect.KeySetLookup(opts.Keys)("", h.KeyID)
	if err != nil {
		return nil, deny(err)
	}
	payload, _, err := fitconnect.VerifyJWS(compact, pub)
	if err != nil {
		return nil, deny(err)
	}
	return Load(payload)
}
