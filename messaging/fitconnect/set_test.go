package fitconnect_test

import (
	"crypto/rsa"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
)

const (
	subID  = "0f3c2a1b-1111-4222-8333-444455556666"
	caseID = "1f3c2a1b-1111-4222-8333-444455556666"
	destID = "2f3c2a1b-1111-4222-8333-444455556666"
)

var t0 = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func lookup(k *rsa.PublicKey, kid string) fitconnect.KeyLookup {
	return func(_, gotKid string) (*rsa.PublicKey, error) {
		if gotKid != kid {
			return nil, fitconnect.ErrUnknownKey
		}
		return k, nil
	}
}

// rawJWS signs an arbitrary header and payload with go-jose-independent
// code paths where needed (alg none).
func signRaw(t *testing.T, key *rsa.PrivateKey, alg jose.SignatureAlgorithm, hdr map[string]any, payload []byte) string {
	t.Helper()
	opts := &jose.SignerOptions{}
	for k, v := range hdr {
		opts = opts.WithHeader(jose.HeaderKey(k), v)
	}
	sg, err := jose.NewSigner(jose.SigningKey{Algorithm: alg, Key: key}, opts)
	if err != nil {
		t.Fatal(err)
	}
	o, err := sg.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := o.CompactSerialize()
	return s
}

func TestSETRoundTrip(t *testing.T) {
	k := keys(t)
	sg := &fitconnect.Signer{Key: k.Signing, KeyID: "sig-1"}
	tags := fitconnect.AcceptPayload{AuthenticationTags: fitconnect.AuthenticationTags{Metadata: "m", Data: "d", Attachments: map[string]string{"a": "t"}}}
	set, err := fitconnect.NewSET(destID, subID, caseID, fitconnect.EventAccept, tags, t0, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := sg.SignSET(set)
	if err != nil {
		t.Fatal(err)
	}
	h, err := fitconnect.ParseJWSHeader(s)
	if err != nil || h.Type != "secevent+jwt" || h.Algorithm != "PS512" || h.KeyID != "sig-1" {
		t.Fatalf("header %+v, %v", h, err)
	}
	got, err := fitconnect.VerifySET(s, lookup(&k.Signing.PublicKey, "sig-1"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Subject != "submission:"+subID || got.Transaction != "case:"+caseID || got.Issuer != destID ||
		got.IssuedAt != t0.Unix() || got.Schema != fitconnect.SETSchema || len(got.ID) != 36 {
		t.Errorf("claims: %+v", got)
	}
	ev, payload := got.Event()
	var p fitconnect.AcceptPayload
	if ev != fitconnect.EventAccept || json.Unmarshal(payload, &p) != nil || p.AuthenticationTags.Attachments["a"] != "t" {
		t.Errorf("event %q payload %s", ev, payload)
	}
}

func TestVerifySETNegative(t *testing.T) {
	k := keys(t)
	sg := &fitconnect.Signer{Key: k.Signing, KeyID: "sig-1"}
	claims := func(mod func(m map[string]any)) []byte {
		m := map[string]any{"$schema": fitconnect.SETSchema, "jti": "3f3c2a1b-1111-4222-8333-444455556666", "iss": destID,
			"iat": t0.Unix(), "sub": "submission:" + subID, "txn": "case:" + caseID,
			"events": map[string]any{fitconnect.EventAccept: map[string]any{}}}
		if mod != nil {
			mod(m)
		}
		b, _ := json.Marshal(m)
		return b
	}
	good, _ := sg.SignJWS(claims(nil), "secevent+jwt")
	tests := []struct {
		name string
		set  string
		want error
	}{
		{"forged signature (other key, same kid)", func() string {
			s, _ := (&fitconnect.Signer{Key: k.Other, KeyID: "sig-1"}).SignJWS(claims(nil), "secevent+jwt")
			return s
		}(), fitconnect.ErrSignature},
		{"payload swapped after signing", func() string {
			p := strings.Split(good, ".")
			p[1] = b64.EncodeToString(claims(func(m map[string]any) { m["events"] = map[string]any{fitconnect.EventReject: map[string]any{}} }))
			return strings.Join(p, ".")
		}(), fitconnect.ErrSignature},
		{"two events", func() string {
			s, _ := sg.SignJWS(claims(func(m map[string]any) {
				m["events"] = map[string]any{fitconnect.EventAccept: map[string]any{}, fitconnect.EventReject: map[string]any{}}
			}), "secevent+jwt")
			return s
		}(), fitconnect.ErrSETEvents},
		{"no event", func() string {
			s, _ := sg.SignJWS(claims(func(m map[string]any) { m["events"] = map[string]any{} }), "secevent+jwt")
			return s
		}(), fitconnect.ErrSETEvents},
		{"typ JWT", func() string { s, _ := sg.SignJWS(claims(nil), "JWT"); return s }(), fitconnect.ErrSETClaims},
		{"alg RS512", signRaw(t, k.Signing, jose.RS512, map[string]any{"kid": "sig-1", "typ": "secevent+jwt"}, claims(nil)), fitconnect.ErrAlgorithmNotAllowed},
		{"alg none", b64.EncodeToString([]byte(`{"alg":"none","typ":"secevent+jwt","kid":"sig-1"}`)) + "." + b64.EncodeToString(claims(nil)) + ".", fitconnect.ErrAlgorithmNotAllowed},
		{"no kid", signRaw(t, k.Signing, jose.PS512, map[string]any{"typ": "secevent+jwt"}, claims(nil)), fitconnect.ErrMalformedJWS},
		{"unknown kid", func() string {
			s, _ := (&fitconnect.Signer{Key: k.Signing, KeyID: "sig-2"}).SignJWS(claims(nil), "secevent+jwt")
			return s
		}(), fitconnect.ErrUnknownKey},
		{"missing jti", func() string {
			s, _ := sg.SignJWS(claims(func(m map[string]any) { delete(m, "jti") }), "secevent+jwt")
			return s
		}(), fitconnect.ErrSETClaims},
		{"missing iat", func() string {
			s, _ := sg.SignJWS(claims(func(m map[string]any) { delete(m, "iat") }), "secevent+jwt")
			return s
		}(), fitconnect.ErrSETClaims},
		{"missing iss", func() string {
			s, _ := sg.SignJWS(claims(func(m map[string]any) { delete(m, "iss") }), "secevent+jwt")
			return s
		}(), fitconnect.ErrSETClaims},
		{"wrong $schema", func() string {
			s, _ := sg.SignJWS(claims(func(m map[string]any) { m["$schema"] = "https://example.org/x" }), "secevent+jwt")
			return s
		}(), fitconnect.ErrSETClaims},
		{"sub without prefix", func() string {
			s, _ := sg.SignJWS(claims(func(m map[string]any) { m["sub"] = subID }), "secevent+jwt")
			return s
		}(), fitconnect.ErrSETClaims},
		{"txn without prefix", func() string {
			s, _ := sg.SignJWS(claims(func(m map[string]any) { m["txn"] = caseID }), "secevent+jwt")
			return s
		}(), fitconnect.ErrSETClaims},
		{"two parts", "a.b", fitconnect.ErrMalformedJWS},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fitconnect.VerifySET(tc.set, lookup(&k.Signing.PublicKey, "sig-1"))
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if got != nil {
				t.Fatal("got a SET with an error")
			}
		})
	}
	if _, err := fitconnect.VerifySET(good, lookup(&k.Signing.PublicKey, "sig-1")); err != nil {
		t.Fatalf("control: %v", err)
	}
}
