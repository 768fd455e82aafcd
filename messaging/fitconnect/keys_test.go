package fitconnect_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
)

var small2048 = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func modJWK(t *testing.T, b []byte, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	f(m)
	out, _ := json.Marshal(m)
	return out
}

func TestValidateKey(t *testing.T) {
	k := keys(t)
	ctx := context.Background()
	enc := fitconnecttest.JWK(&k.Encryption.PublicKey, "enc-1", "RSA-OAEP-256", "wrapKey", k.EncryptionCert, k.IntermediateCert)
	sig := fitconnecttest.JWK(&k.Signing.PublicKey, "sig-1", "PS512", "verify", k.SigningCert, k.IntermediateCert)
	opts := &fitconnect.KeyOptions{Roots: k.Roots}
	if got, err := fitconnect.ValidateKey(ctx, enc, fitconnect.KeyUseEncryption, opts); err != nil || got.ID != "enc-1" || len(got.Chain) != 3 {
		t.Fatalf("encryption key: %v (chain %d)", err, len(got.Chain))
	}
	if _, err := fitconnect.ValidateKey(ctx, sig, fitconnect.KeyUseSignature, opts); err != nil {
		t.Fatalf("signature key: %v", err)
	}
	revoked := errors.New("revoked")
	tests := []struct {
		name string
		jwk  []byte
		use  fitconnect.KeyUse
		opts *fitconnect.KeyOptions
		want error
	}{
		{"2048-bit key", fitconnecttest.JWK(&small2048().PublicKey, "enc-1", "RSA-OAEP-256", "wrapKey", k.EncryptionCert), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"e not AQAB", modJWK(t, enc, func(m map[string]any) { m["e"] = "Aw" }), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"key_ops encrypt", modJWK(t, enc, func(m map[string]any) { m["key_ops"] = []string{"encrypt"} }), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"key_ops wrapKey+verify", modJWK(t, enc, func(m map[string]any) { m["key_ops"] = []string{"wrapKey", "verify"} }), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"alg RSA1_5", modJWK(t, enc, func(m map[string]any) { m["alg"] = "RSA1_5" }), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"signature key used for encryption", sig, fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"no kid", modJWK(t, enc, func(m map[string]any) { delete(m, "kid") }), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"private key", modJWK(t, enc, func(m map[string]any) { m["d"] = "AQAB" }), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"kty EC", modJWK(t, enc, func(m map[string]any) { m["kty"] = "EC" }), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"no x5c", modJWK(t, enc, func(m map[string]any) { delete(m, "x5c") }), fitconnect.KeyUseEncryption, opts, fitconnect.ErrUntrustedKey},
		{"x5c of another key", fitconnecttest.JWK(&k.Encryption.PublicKey, "enc-1", "RSA-OAEP-256", "wrapKey", k.SigningCert, k.IntermediateCert), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
		{"self-signed, not under the anchor", fitconnecttest.JWK(&k.Other.PublicKey, "o", "RSA-OAEP-256", "wrapKey", k.OtherCert), fitconnect.KeyUseEncryption, opts, fitconnect.ErrUntrustedKey},
		{"chain without intermediate", fitconnecttest.JWK(&k.Encryption.PublicKey, "enc-1", "RSA-OAEP-256", "wrapKey", k.EncryptionCert), fitconnect.KeyUseEncryption, opts, fitconnect.ErrUntrustedKey},
		{"no trust anchor configured", enc, fitconnect.KeyUseEncryption, nil, fitconnect.ErrUntrustedKey},
		{"expired at Now", enc, fitconnect.KeyUseEncryption, &fitconnect.KeyOptions{Roots: k.Roots, Now: func() time.Time { return time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC) }}, fitconnect.ErrUntrustedKey},
		{"revoked", enc, fitconnect.KeyUseEncryption, &fitconnect.KeyOptions{Roots: k.Roots, CheckRevocation: func(context.Context, []*x509.Certificate) error { return revoked }}, fitconnect.ErrUntrustedKey},
		{"not JSON", []byte("{"), fitconnect.KeyUseEncryption, opts, fitconnect.ErrInvalidKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fitconnect.ValidateKey(ctx, tc.jwk, tc.use, tc.opts)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}
