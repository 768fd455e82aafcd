package fitconnect

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// KeyUse says what a destination key is for.
type KeyUse int

// The two kinds of destination keys.
const (
	KeyUseEncryption KeyUse = iota // key_ops ["wrapKey"], alg RSA-OAEP-256
	KeyUseSignature                // key_ops ["verify"], alg PS512
)

// KeyOptions configure the checks of ValidateKey. A nil *KeyOptions accepts
// no x5c chain: FIT-Connect keys must chain to a trust anchor, so Roots is
// required in practice.
type KeyOptions struct {
	// Roots are the trust anchors the x5c chain must lead to (for the
	// production environment the Verwaltungs-PKI root).
	Roots *x509.CertPool
	// Now is the time at which the chain must be valid; nil = time.Now.
	Now func() time.Time
	// CheckRevocation, if set, is called with the verified chain (leaf
	// first) and fails the key when it returns an error (OCSP, CRL).
	CheckRevocation func(ctx context.Context, chain []*x509.Certificate) error
}

// rawJWK holds the members go-jose does not keep.
type rawJWK struct {
	Kty    string   `json:"kty"`
	E      string   `json:"e"`
	N      string   `json:"n"`
	Alg    string   `json:"alg"`
	KeyOps []string `json:"key_ops"`
	Kid    string   `json:"kid"`
	X5c    []string `json:"x5c"`
	D      string   `json:"d"`
}

// Key is a validated public destination key.
type Key struct {
	ID    string
	Key   *rsa.PublicKey
	Chain []*x509.Certificate // the verified chain, leaf first
}

// ValidateKey parses a JWK and checks it against the FIT-Connect rules for
// use: kty RSA, a 4096-bit modulus, e = AQAB, key_ops exactly wrapKey
// (encryption) or verify (signature), alg RSA-OAEP-256 or PS512, a kid, no
// private members, and an x5c chain whose leaf carries this very key and
// that verifies to opts.Roots. Violations of the rules wrap ErrInvalidKey,
// chain failures ErrUntrustedKey.
func ValidateKey(ctx context.Context, jwk []byte, use KeyUse, opts *KeyOptions) (*Key, error) {
	var raw rawJWK
	if err := json.Unmarshal(jwk, &raw); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidKey, err)
	}
	wantOp, wantAlg := "wrapKey", KeyAlgorithm
	if use == KeyUseSignature {
		wantOp, wantAlg = "verify", SignatureAlgorithm
	}
	switch {
	case raw.Kty != "RSA":
		return nil, fmt.Errorf("%w: kty %q, want RSA", ErrInvalidKey, raw.Kty)
	case raw.D != "":
		return nil, fmt.Errorf("%w: contains a private key", ErrInvalidKey)
	case raw.E != "AQAB":
		return nil, fmt.Errorf("%w: e %q, want AQAB", ErrInvalidKey, raw.E)
	case raw.Alg != wantAlg:
		return nil, fmt.Errorf("%w: alg %q, want %s", ErrInvalidKey, raw.Alg, wantAlg)
	case !slices.Equal(raw.KeyOps, []string{wantOp}):
		return nil, fmt.Errorf("%w: key_ops %q, want [%s]", ErrInvalidKey, raw.KeyOps, wantOp)
	case raw.Kid == "":
		return nil, fmt.Errorf("%w: kid missing", ErrInvalidKey)
	case len(raw.X5c) == 0:
		return nil, fmt.Errorf("%w: x5c missing", ErrUntrustedKey)
	}
	var k jose.JSONWebKey
	// go-jose also checks that the x5c leaf certifies this key.
	if err := k.UnmarshalJSON(jwk); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidKey, err)
	}
	pub, ok := k.Key.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: not an RSA public key", ErrInvalidKey)
	}
	if pub.N.BitLen() != 4096 {
		return nil, fmt.Errorf("%w: modulus has %d bits, want 4096", ErrInvalidKey, pub.N.BitLen())
	}
	if len(k.Certificates) == 0 {
		return nil, fmt.Errorf("%w: x5c missing", ErrUntrustedKey)
	}
	if opts == nil || opts.Roots == nil {
		return nil, fmt.Errorf("%w: no trust anchor configured", ErrUntrustedKey)
	}
	leaf := k.Certificates[0]
	if lp, ok := leaf.PublicKey.(*rsa.PublicKey); !ok || !lp.Equal(pub) {
		return nil, fmt.Errorf("%w: x5c leaf does not certify the key", ErrUntrustedKey)
	}
	inter := x509.NewCertPool()
	for _, c := range k.Certificates[1:] {
		inter.AddCert(c)
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	chains, err := leaf.Verify(x509.VerifyOptions{
		Roots: opts.Roots, Intermediates: inter, CurrentTime: now(),
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUntrustedKey, err)
	}
	if opts.CheckRevocation != nil {
		if err := opts.CheckRevocation(ctx, chains[0]); err != nil {
			return nil, fmt.Errorf("%w: revocation check: %v", ErrUntrustedKey, err)
		}
	}
	return &Key{ID: raw.Kid, Key: pub, Chain: chains[0]}, nil
}
