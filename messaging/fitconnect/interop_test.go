package fitconnect_test

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
)

const interopDir = "testdata/jose-interop"

// nodeJose returns the node binary, skipping the test outside CI when node
// or the installed jose package is missing; in CI (CI=true) their absence
// fails the test. CI installs the package with
// npm ci --prefix messaging/fitconnect/testdata/jose-interop
func nodeJose(t *testing.T) string {
	t.Helper()
	miss := func(what string) {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s; run: npm ci --prefix messaging/fitconnect/testdata/jose-interop", what)
		}
		t.Skipf("%s (set CI=true to make this fatal)", what)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		miss("node not found")
	}
	if _, err := os.Stat(filepath.Join(interopDir, "node_modules", "jose", "package.json")); err != nil {
		miss("npm package jose not installed in " + interopDir)
	}
	return node
}

type interopOp struct {
	Op        string          `json:"op"`
	JWK       json.RawMessage `json:"jwk"`
	JWE       string          `json:"jwe,omitempty"`
	JWS       string          `json:"jws,omitempty"`
	Plaintext string          `json:"plaintext,omitempty"`
	Payload   string          `json:"payload,omitempty"`
	KID       string          `json:"kid,omitempty"`
	CTY       string          `json:"cty,omitempty"`
	Typ       string          `json:"typ,omitempty"`
}

type interopResult struct {
	Plaintext string         `json:"plaintext"`
	Payload   string         `json:"payload"`
	Header    map[string]any `json:"header"`
	JWE       string         `json:"jwe"`
	JWS       string         `json:"jws"`
	Error     string         `json:"error"`
}

func runJose(t *testing.T, node string, ops []interopOp) []interopResult {
	t.Helper()
	in, _ := json.Marshal(ops)
	cmd := exec.Command(node, "interop.mjs")
	cmd.Dir = interopDir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v: %s", err, stderr.String())
	}
	var res []interopResult
	if err := json.Unmarshal(out, &res); err != nil || len(res) != len(ops) {
		t.Fatalf("node output %q: %v", out, err)
	}
	return res
}

func jwkJSON(t *testing.T, key any) json.RawMessage {
	t.Helper()
	b, err := (&jose.JSONWebKey{Key: key}).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestInteropJose(t *testing.T) {
	node := nodeJose(t)
	k := keys(t)
	encPriv, encPub := jwkJSON(t, k.Encryption), jwkJSON(t, &k.Encryption.PublicKey)
	sigPriv, sigPub := jwkJSON(t, k.Signing), jwkJSON(t, &k.Signing.PublicKey)

	// Made here, checked by jose.
	small := []byte(`{"antrag":"Grüße aus Go"}`)
	big := make([]byte, 300_000)
	rand.Read(big)
	jwe1, _, err := fitconnect.Encrypt(small, &k.Encryption.PublicKey, "enc-1", "application/json")
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := fitconnect.Seal(bytes.NewReader(big), &k.Encryption.PublicKey, &fitconnect.SealOptions{KeyID: "enc-1", ContentType: "application/pdf"})
	if err != nil {
		t.Fatal(err)
	}
	set, _ := fitconnect.NewSET(destID, subID, caseID, fitconnect.EventAccept,
		fitconnect.AcceptPayload{AuthenticationTags: fitconnect.AuthenticationTags{Metadata: "m"}}, t0, nil)
	setJWS, err := (&fitconnect.Signer{Key: k.Signing, KeyID: "sig-1"}).SignSET(set)
	if err != nil {
		t.Fatal(err)
	}
	// Made by jose, checked here.
	joseSET, _ := json.Marshal(map[string]any{"$schema": fitconnect.SETSchema, "jti": "3f3c2a1b-1111-4222-8333-444455556666",
		"iss": destID, "iat": t0.Unix(), "sub": "submission:" + subID, "txn": "case:" + caseID,
		"events": map[string]any{fitconnect.EventReject: map[string]any{"problems": []any{map[string]any{"title": "x"}}}}})

	res := runJose(t, node, []interopOp{
		{Op: "decrypt", JWK: encPriv, JWE: jwe1},
		{Op: "decrypt", JWK: encPriv, JWE: sealed.String()},
		{Op: "verify", JWK: sigPub, JWS: setJWS},
		{Op: "encrypt", JWK: encPub, Plaintext: base64.StdEncoding.EncodeToString(big), KID: "enc-1", CTY: "application/pdf"},
		{Op: "sign", JWK: sigPriv, Payload: string(joseSET), KID: "sig-1", Typ: "secevent+jwt"},
		// Negative controls: jose must refuse a tampered JWE and a forged SET made here.
		{Op: "decrypt", JWK: encPriv, JWE: part(jwe1, 3, flip)},
		{Op: "verify", JWK: sigPub, JWS: func() string {
			s, _ := (&fitconnect.Signer{Key: k.Other, KeyID: "sig-1"}).SignSET(set)
			return s
		}()},
	})
	for i, r := range res[:5] {
		if r.Error != "" {
			t.Fatalf("jose op %d: %s", i, r.Error)
		}
	}
	if got, _ := base64.StdEncoding.DecodeString(res[0].Plaintext); !bytes.Equal(got, small) || res[0].Header["cty"] != "application/json" || res[0].Header["kid"] != "enc-1" {
		t.Errorf("jose decrypt of Encrypt: %q %v", got, res[0].Header)
	}
	if got, _ := base64.StdEncoding.DecodeString(res[1].Plaintext); !bytes.Equal(got, big) {
		t.Errorf("jose decrypt of Seal: plaintext differs")
	}
	if res[2].Header["typ"] != "secevent+jwt" || !strings.Contains(res[2].Payload, `"sub":"submission:`+subID+`"`) {
		t.Errorf("jose verify of SET: %v %s", res[2].Header, res[2].Payload)
	}
	if res[5].Error == "" || res[6].Error == "" {
		t.Errorf("jose accepted tampered input: %q %q", res[5].Error, res[6].Error)
	}

	// jose's JWE through both decryption paths.
	pt, h, _, err := fitconnect.Decrypt(res[3].JWE, k.Encryption)
	if err != nil || !bytes.Equal(pt, big) || h.ContentType != "application/pdf" {
		t.Fatalf("Decrypt of jose JWE: %v", err)
	}
	o, err := fitconnect.Open(strings.NewReader(res[3].JWE), k.Encryption, nil)
	if err != nil || !bytes.Equal(o.Plaintext, big) || o.Hash != fitconnect.HashSHA512(big) {
		t.Fatalf("Open of jose JWE: %v", err)
	}
	got, err := fitconnect.VerifySET(res[4].JWS, lookup(&k.Signing.PublicKey, "sig-1"))
	if err != nil {
		t.Fatalf("VerifySET of jose SET: %v", err)
	}
	if ev, _ := got.Event(); ev != fitconnect.EventReject || got.CaseID() != caseID {
		t.Errorf("jose SET: event %q case %q", ev, got.CaseID())
	}
	// And a jose SET with a flipped signature byte is refused here.
	if _, err := fitconnect.VerifySET(part(res[4].JWS, 2, flip), lookup(&k.Signing.PublicKey, "sig-1")); !errors.Is(err, fitconnect.ErrSignature) {
		t.Errorf("tampered jose SET: got %v", err)
	}
}
