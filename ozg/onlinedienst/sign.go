package onlinedienst

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-jose/go-jose/v4"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// ContentType is the JWS "cty" of a signed definition.
const ContentType = "application/vnd.ozg-baukasten.onlinedienst+json"

// Errors of Import.
var (
	// ErrUnsigned: the definition is plain JSON and unsigned definitions
	// were not allowed.
	ErrUnsigned = errors.New("onlinedienst: definition is not signed")
	// ErrSignature: the JWS does not verify (tampered, unknown key, wrong
	// algorithm or content type).
	ErrSignature = errors.New("onlinedienst: definition signature does not verify")
)

// signAlgs are the algorithms Sign and Import accept.
var signAlgs = []jose.SignatureAlgorithm{jose.PS256, jose.PS512, jose.RS256, jose.ES256, jose.ES384, jose.EdDSA}

// Sign signs the definition for export by the publishing authority: a JWS
// in compact serialisation whose payload is the definition's JSON, with
// the key's kid and the content type ContentType. key must be a private
// key in a JSON Web Key with KeyID and Algorithm set (PS256, PS512, RS256,
// ES256, ES384 or EdDSA).
func Sign(d *Definition, key *jose.JSONWebKey) (string, error) {
	const op = "onlinedienst.Sign"
	if key == nil || key.KeyID == "" || key.IsPublic() {
		return "", ozg.Errorf(ozg.InvalidArgument, op, "a private JSON Web Key with a kid is required")
	}
	alg := jose.SignatureAlgorithm(key.Algorithm)
	found := false
	for _, a := range signAlgs {
		found = found || a == alg
	}
	if !found {
		return "", ozg.Errorf(ozg.InvalidArgument, op, "algorithm %q is not allowed", key.Algorithm)
	}
	payload, err := d.JSON()
	if err != nil {
		return "", err
	}
	if _, err := Load(payload); err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, (&jose.SignerOptions{}).WithContentType(ContentType))
	if err != nil {
		return "", &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: err}
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
	}
	return obj.CompactSerialize()
}

// ImportOptions configure Import. A nil *ImportOptions is valid and
// refuses unsigned definitions.
type ImportOptions struct {
	// Keys are the publishers' public keys the signature must verify
	// with, selected by kid.
	Keys *jose.JSONWebKeySet
	// AllowUnsigned accepts a plain JSON definition. Off by default.
	AllowUnsigned bool
}

// Import reads a definition exported by another authority: a JWS made by
// Sign, verified with a key of opts.Keys, or — only with
// opts.AllowUnsigned — plain JSON. The payload is then loaded like Load.
// An unsigned definition gives PermissionDenied wrapping ErrUnsigned, a
// signature that does not verify PermissionDenied wrapping ErrSignature,
// a defective definition InvalidArgument wrapping *DefinitionError.
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
	deny := func(format string, args ...any) error {
		return &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fmt.Errorf("%w: "+format, append([]any{ErrSignature}, args...)...)}
	}
	jws, err := jose.ParseSignedCompact(string(data), signAlgs)
	if err != nil {
		return nil, deny("%v", err)
	}
	h := jws.Signatures[0].Header
	if cty, _ := h.ExtraHeaders[jose.HeaderContentType].(string); cty != ContentType {
		return nil, deny("content type %q", cty)
	}
	if opts.Keys == nil {
		return nil, deny("no keys to verify with")
	}
	keys := opts.Keys.Key(h.KeyID)
	if len(keys) == 0 {
		return nil, deny("unknown kid %q", h.KeyID)
	}
	payload, err := jws.Verify(keys[0].Public())
	if err != nil {
		return nil, deny("%v", err)
	}
	return Load(payload)
}
