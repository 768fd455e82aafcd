package fitconnect_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
)

func FuzzJWE(f *testing.F) {
	k := keys(f)
	good, _, _ := fitconnect.Encrypt([]byte(`{"a":1}`), &k.Encryption.PublicKey, "kid", "application/json")
	for _, s := range []string{good, part(good, 3, flip), part(good, 4, flip), strings.Repeat(".", 4), "a.b.c.d.e", "",
		header(map[string]any{"alg": "dir", "enc": "A256GCM"}) + "..AAAAAAAAAAAAAAAA..AAAAAAAAAAAAAAAAAAAAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, herr := fitconnect.ParseJWEHeader(s)
		pt, _, _, err := fitconnect.Decrypt(s, k.Encryption)
		o, oerr := fitconnect.Open(strings.NewReader(s), k.Encryption, &fitconnect.OpenOptions{MaxSize: 1 << 20})
		if herr != nil && (err == nil || oerr == nil) {
			t.Fatalf("header refused (%v) but decryption succeeded", herr)
		}
		if err == nil && h == nil {
			t.Fatal("decrypted without a header")
		}
		if err == nil && oerr == nil && !bytes.Equal(pt, o.Plaintext) {
			t.Fatal("Decrypt and Open disagree")
		}
	})
}

func FuzzSET(f *testing.F) {
	k := keys(f)
	set, _ := fitconnect.NewSET(destID, subID, caseID, fitconnect.EventAccept, struct{}{}, t0, nil)
	good, _ := (&fitconnect.Signer{Key: k.Signing, KeyID: "sig-1"}).SignSET(set)
	for _, s := range []string{good, part(good, 1, flip), part(good, 2, flip), "a.b.c", "..", "",
		b64.EncodeToString([]byte(`{"alg":"none","typ":"secevent+jwt","kid":"sig-1"}`)) + ".e30."} {
		f.Add(s)
	}
	keyFn := lookup(&k.Signing.PublicKey, "sig-1")
	f.Fuzz(func(t *testing.T, s string) {
		parsed, _, perr := fitconnect.ParseSET(s)
		v, err := fitconnect.VerifySET(s, keyFn)
		if err == nil {
			if perr != nil {
				t.Fatalf("verified but ParseSET failed: %v", perr)
			}
			if len(v.Events) != 1 || v.SubmissionID() == "" || parsed.ID != v.ID {
				t.Fatalf("verified SET breaks the rules: %+v", v)
			}
		}
	})
}

func FuzzMetadata(f *testing.F) {
	b, _ := fitconnect.BuildMetadata(&driverContent).Marshal()
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"$schema":"https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json","contentStructure":{"attachments":[]}}`))
	f.Add([]byte(`{"$schema":1}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := fitconnect.ParseMetadata(raw)
		if err != nil {
			return
		}
		// Whatever parsed must encode again and stay valid.
		out, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		if m.Schema == "" || fitconnect.ValidateMetadata(raw) != nil {
			t.Fatalf("accepted metadata without $schema or invalid: %s", out)
		}
	})
}

func FuzzCallbackBody(f *testing.F) {
	f.Add([]byte(cbBody), int64(0))
	f.Add([]byte(`{}`), int64(-301))
	f.Add([]byte(`{"type":"x","submissionIds":null}`), int64(10))
	f.Add([]byte(`null`), int64(0))
	opts := &fitconnect.CallbackOptions{Secrets: []string{"s"}, Now: func() time.Time { return t0 }}
	f.Fuzz(func(t *testing.T, body []byte, skew int64) {
		cb, err := fitconnect.ParseCallbackBody(body)
		if err == nil && cb.Type != fitconnect.CallbackTypeNewSubmissions {
			t.Fatalf("accepted type %q", cb.Type)
		}
		ts := t0.Unix() + skew%1000
		got, verr := fitconnect.VerifyCallback(cbHeader("s", ts, string(body)), body, opts)
		if verr == nil && (err != nil || skew%1000 > 300 || skew%1000 < -300 || got == nil) {
			t.Fatalf("VerifyCallback accepted body err=%v skew=%d", err, skew%1000)
		}
	})
}

var driverContent = driver.Content{
	Service: driver.Service{Name: "Test", Identifier: "urn:de:fim:leika:leistung:99400048079000"},
	Data:    []byte(`{}`), DataMIMEType: "application/json", SchemaURI: "https://schema.example.org/antrag.json",
	Attachments: []driver.Attachment{{ID: "0f3c2a1b-1111-4222-8333-444455556666", Filename: "a.pdf",
		MIMEType: "application/pdf", Purpose: "form", Hash: fitconnect.HashSHA512([]byte("a"))}},
}
