package fitconnect_test

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
)

var b64 = base64.RawURLEncoding

func keys(t testing.TB) *fitconnecttest.Keys {
	t.Helper()
	k, err := fitconnecttest.TestKeys()
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// decrypters runs a case against both decryption paths: go-jose (Decrypt)
// and the streaming one (Open).
var decrypters = []struct {
	name string
	fn   func(jwe string, k *rsa.PrivateKey) ([]byte, error)
}{
	{"Decrypt", func(jwe string, k *rsa.PrivateKey) ([]byte, error) {
		pt, _, _, err := fitconnect.Decrypt(jwe, k)
		return pt, err
	}},
	{"Open", func(jwe string, k *rsa.PrivateKey) ([]byte, error) {
		o, err := fitconnect.Open(strings.NewReader(jwe), k, nil)
		if err != nil {
			return nil, err
		}
		return o.Plaintext, nil
	}},
}

// encrypters makes JWEs both ways: go-jose (Encrypt) and streaming (Seal).
var encrypters = []struct {
	name string
	fn   func(pt []byte, pub *rsa.PublicKey, kid string) (string, error)
}{
	{"Encrypt", func(pt []byte, pub *rsa.PublicKey, kid string) (string, error) {
		s, _, err := fitconnect.Encrypt(pt, pub, kid, "text/plain")
		return s, err
	}},
	{"Seal", func(pt []byte, pub *rsa.PublicKey, kid string) (string, error) {
		s, err := fitconnect.Seal(bytes.NewReader(pt), pub, &fitconnect.SealOptions{KeyID: kid, ContentType: "text/plain"})
		if err != nil {
			return "", err
		}
		return s.String(), nil
	}},
}

func TestRoundTrip(t *testing.T) {
	k := keys(t)
	for _, size := range []int{0, 1, 47, 48, 49, 100_000} {
		pt := make([]byte, size)
		rand.Read(pt)
		for _, e := range encrypters {
			jwe, err := e.fn(pt, &k.Encryption.PublicKey, "kid-1")
			if err != nil {
				t.Fatalf("%s: %v", e.name, err)
			}
			h, err := fitconnect.ParseJWEHeader(jwe)
			if err != nil || h.Algorithm != "RSA-OAEP-256" || h.Encryption != "A256GCM" || h.KeyID != "kid-1" || h.ContentType != "text/plain" {
				t.Fatalf("%s: header %+v, %v", e.name, h, err)
			}
			for _, d := range decrypters {
				got, err := d.fn(jwe, k.Encryption)
				if err != nil {
					t.Fatalf("%s→%s size %d: %v", e.name, d.name, size, err)
				}
				if !bytes.Equal(got, pt) {
					t.Fatalf("%s→%s size %d: plaintext differs", e.name, d.name, size)
				}
			}
		}
	}
}

func TestSealHashAndTag(t *testing.T) {
	k := keys(t)
	pt := []byte("hash me while you read me")
	s, err := fitconnect.Seal(bytes.NewReader(pt), &k.Encryption.PublicKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Hash != fitconnect.HashSHA512(pt) || s.Size != int64(len(pt)) {
		t.Errorf("Seal: hash %s… size %d, want %s… %d", s.Hash[:8], s.Size, fitconnect.HashSHA512(pt)[:8], len(pt))
	}
	jwe := s.String()
	if int64(len(jwe)) != s.Len() {
		t.Errorf("Len: got %d, serialisation has %d", s.Len(), len(jwe))
	}
	if !strings.HasSuffix(jwe, "."+s.Tag) {
		t.Errorf("Tag %q is not the fifth part", s.Tag)
	}
	o, err := fitconnect.Open(s.Reader(), k.Encryption, &fitconnect.OpenOptions{SizeHint: s.Len()})
	if err != nil {
		t.Fatal(err)
	}
	if o.Hash != s.Hash || o.Tag != s.Tag {
		t.Errorf("Open: hash/tag differ from Seal's")
	}
}

// part replaces part i (0-based) of a compact JWE.
func part(jwe string, i int, f func(string) string) string {
	p := strings.Split(jwe, ".")
	p[i] = f(p[i])
	return strings.Join(p, ".")
}

// flip flips one bit in the decoded bytes of a base64url part.
func flip(s string) string {
	b, _ := b64.DecodeString(s)
	if len(b) == 0 {
		return s
	}
	b[len(b)/2] ^= 1
	return b64.EncodeToString(b)
}

func header(h map[string]any) string {
	b, _ := json.Marshal(h)
	return b64.EncodeToString(b)
}

// handmade builds a JWE with any header, encrypting properly with the key
// so that only the header decides the outcome.
func handmade(t *testing.T, pub *rsa.PublicKey, h map[string]any, pt []byte) string {
	t.Helper()
	key := make([]byte, 32)
	iv := make([]byte, 12)
	rand.Read(key)
	rand.Read(iv)
	ek, err := rsa.EncryptOAEP(sha256.New(), rand.Reader, pub, key, nil)
	if err != nil {
		t.Fatal(err)
	}
	hdr := header(h)
	blk, _ := aes.NewCipher(key)
	g, _ := cipher.NewGCM(blk)
	ct := g.Seal(nil, iv, pt, []byte(hdr))
	return hdr + "." + b64.EncodeToString(ek) + "." + b64.EncodeToString(iv) + "." + b64.EncodeToString(ct[:len(ct)-16]) + "." + b64.EncodeToString(ct[len(ct)-16:])
}

func TestDecryptNegative(t *testing.T) {
	k := keys(t)
	pt := []byte(`{"secret":"Antragsdaten"}`)
	good, _, err := fitconnect.Encrypt(pt, &k.Encryption.PublicKey, "kid-1", "application/json")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		jwe  string
		key  *rsa.PrivateKey
		want error
	}{
		{"tampered ciphertext", part(good, 3, flip), k.Encryption, fitconnect.ErrDecryption},
		{"tampered tag", part(good, 4, flip), k.Encryption, fitconnect.ErrDecryption},
		{"tampered IV", part(good, 2, flip), k.Encryption, fitconnect.ErrDecryption},
		{"tampered encrypted key", part(good, 1, flip), k.Encryption, fitconnect.ErrDecryption},
		{"tampered header (kid changed)", part(good, 0, func(string) string {
			return header(map[string]any{"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": "kid-2", "cty": "application/json"})
		}), k.Encryption, fitconnect.ErrDecryption},
		{"wrong key", good, k.Other, fitconnect.ErrDecryption},
		{"alg none", handmade(t, &k.Encryption.PublicKey, map[string]any{"alg": "none", "enc": "A256GCM"}, pt), k.Encryption, fitconnect.ErrAlgorithmNotAllowed},
		{"alg RSA1_5", handmade(t, &k.Encryption.PublicKey, map[string]any{"alg": "RSA1_5", "enc": "A256GCM"}, pt), k.Encryption, fitconnect.ErrAlgorithmNotAllowed},
		{"alg dir", handmade(t, &k.Encryption.PublicKey, map[string]any{"alg": "dir", "enc": "A256GCM"}, pt), k.Encryption, fitconnect.ErrAlgorithmNotAllowed},
		{"alg RSA-OAEP (SHA-1)", handmade(t, &k.Encryption.PublicKey, map[string]any{"alg": "RSA-OAEP", "enc": "A256GCM"}, pt), k.Encryption, fitconnect.ErrAlgorithmNotAllowed},
		{"enc A128GCM", handmade(t, &k.Encryption.PublicKey, map[string]any{"alg": "RSA-OAEP-256", "enc": "A128GCM"}, pt), k.Encryption, fitconnect.ErrAlgorithmNotAllowed},
		{"enc A256CBC-HS512", handmade(t, &k.Encryption.PublicKey, map[string]any{"alg": "RSA-OAEP-256", "enc": "A256CBC-HS512"}, pt), k.Encryption, fitconnect.ErrAlgorithmNotAllowed},
		{"zip DEF", handmade(t, &k.Encryption.PublicKey, map[string]any{"alg": "RSA-OAEP-256", "enc": "A256GCM", "zip": "DEF"}, pt), k.Encryption, fitconnect.ErrAlgorithmNotAllowed},
		{"crit", handmade(t, &k.Encryption.PublicKey, map[string]any{"alg": "RSA-OAEP-256", "enc": "A256GCM", "crit": []string{"x"}, "x": 1}, pt), k.Encryption, fitconnect.ErrMalformedJWE},
		{"four parts", strings.Join(strings.Split(good, ".")[:4], "."), k.Encryption, fitconnect.ErrMalformedJWE},
		{"header not JSON", part(good, 0, func(string) string { return b64.EncodeToString([]byte("nope")) }), k.Encryption, fitconnect.ErrMalformedJWE},
		{"header not base64", part(good, 0, func(string) string { return "!!!" }), k.Encryption, fitconnect.ErrMalformedJWE},
		{"short tag", part(good, 4, func(s string) string { return s[:10] }), k.Encryption, fitconnect.ErrMalformedJWE},
		{"empty", "", k.Encryption, fitconnect.ErrMalformedJWE},
	}
	for _, tc := range tests {
		for _, d := range decrypters {
			t.Run(tc.name+"/"+d.name, func(t *testing.T) {
				got, err := d.fn(tc.jwe, tc.key)
				if !errors.Is(err, tc.want) {
					t.Fatalf("got error %v, want %v", err, tc.want)
				}
				if got != nil {
					t.Fatalf("got plaintext on error")
				}
			})
		}
	}
	// The control: the untampered JWE decrypts with both.
	for _, d := range decrypters {
		if got, err := d.fn(good, k.Encryption); err != nil || !bytes.Equal(got, pt) {
			t.Fatalf("%s: control failed: %v", d.name, err)
		}
	}
}

func TestOpenMaxSize(t *testing.T) {
	k := keys(t)
	s, err := fitconnect.Seal(bytes.NewReader(make([]byte, 10_000)), &k.Encryption.PublicKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = fitconnect.Open(s.Reader(), k.Encryption, &fitconnect.OpenOptions{MaxSize: 1000})
	if !errors.Is(err, fitconnect.ErrMalformedJWE) {
		t.Fatalf("got %v, want ErrMalformedJWE for an oversized JWE", err)
	}
	if _, err := fitconnect.Open(s.Reader(), k.Encryption, &fitconnect.OpenOptions{MaxSize: s.Len()}); err != nil {
		t.Fatalf("exactly MaxSize: %v", err)
	}
	if _, err := fitconnect.Open(s.Reader(), k.Encryption, &fitconnect.OpenOptions{MaxSize: s.Len() - 1}); !errors.Is(err, fitconnect.ErrMalformedJWE) {
		t.Fatalf("one byte over MaxSize: got %v", err)
	}
}

func TestOpenOddReaders(t *testing.T) {
	k := keys(t)
	pt := make([]byte, 200_001)
	rand.Read(pt)
	s, err := fitconnect.Seal(bytes.NewReader(pt), &k.Encryption.PublicKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	jwe := s.String()
	for name, r := range map[string]io.Reader{
		"one byte":         iotest.OneByteReader(strings.NewReader(jwe)),
		"half":             iotest.HalfReader(strings.NewReader(jwe)),
		"data+EOF":         iotest.DataErrReader(strings.NewReader(jwe)),
		"trailing newline": strings.NewReader(jwe + "\n"),
	} {
		o, err := fitconnect.Open(r, k.Encryption, nil)
		if err != nil || !bytes.Equal(o.Plaintext, pt) {
			t.Errorf("%s: %v", name, err)
		}
	}
	buf := make([]byte, 0, 300_000)
	o, err := fitconnect.Open(strings.NewReader(jwe), k.Encryption, &fitconnect.OpenOptions{Buffer: buf})
	if err != nil || !bytes.Equal(o.Plaintext, pt) || &o.Plaintext[0] != &buf[:1][0] {
		t.Errorf("Buffer not reused: %v", err)
	}
	if _, err := fitconnect.Open(iotest.TimeoutReader(strings.NewReader(jwe)), k.Encryption, nil); err == nil {
		t.Error("reader error: got no error")
	}
}
