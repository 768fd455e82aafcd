package fitconnect_test

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"math/big"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
)

// TestSealOpenSizes covers the buffer layout of Seal (ciphertext encoded
// forwards in place, chunks of 192 KiB, the last ones copied aside) and
// the chunked AES-CTR hashing of Open (1 MiB chunks) at and around their
// boundaries, with exact, short, long and missing size hints, with and
// without NoHash. go-jose's Decrypt is the independent oracle for what Seal
// makes; Open must agree with it and with the hash of the plaintext.
func TestSealOpenSizes(t *testing.T) {
	k := keys(t)
	const c = 48 << 10
	sizes := []int{0, 1, 2, 3, 4, 5, 47, c - 1, c, c + 1, 4*c - 2, 4*c + 7, 1<<20 - 1, 2<<20 + 5}
	if testing.Short() {
		sizes = sizes[:9]
	}
	for _, n := range sizes {
		pt := make([]byte, n)
		rand.Read(pt)
		want := fitconnect.HashSHA512(pt)
		hints := []int{n, 0, n / 2, n + 1000}
		if n > 4*c+7 {
			hints = []int{n, n / 2} // the small sizes try the others; -race is slow
		}
		for _, hint := range hints {
			for _, noHash := range []bool{false, true} {
				s, err := fitconnect.Seal(iotest.HalfReader(bytes.NewReader(pt)), &k.Encryption.PublicKey,
					&fitconnect.SealOptions{SizeHint: int64(hint), NoHash: noHash, KeyID: "k1"})
				if err != nil {
					t.Fatalf("n=%d hint=%d: Seal: %v", n, hint, err)
				}
				if s.Size != int64(n) || noHash != (s.Hash == "") || !noHash && s.Hash != want {
					t.Fatalf("n=%d hint=%d noHash=%v: size %d hash %q", n, hint, noHash, s.Size, s.Hash)
				}
				jwe := s.String()
				if int64(len(jwe)) != s.Len() || jwe[len(jwe)-len(s.Tag)-1:] != "."+s.Tag {
					t.Fatalf("n=%d hint=%d: Len %d, String %d bytes, tag %q", n, hint, s.Len(), len(jwe), s.Tag)
				}
				got, h, tag, err := fitconnect.Decrypt(jwe, k.Encryption)
				if err != nil || !bytes.Equal(got, pt) || h.KeyID != "k1" || tag != s.Tag {
					t.Fatalf("n=%d hint=%d noHash=%v: go-jose Decrypt: %v (plaintext equal %v)", n, hint, noHash, err, bytes.Equal(got, pt))
				}
				var w bytes.Buffer
				if m, err := s.WriteTo(&w); err != nil || m != s.Len() || w.String() != jwe {
					t.Fatalf("n=%d: WriteTo %d, %v", n, m, err)
				}
			}
		}
		jwe, _, err := fitconnect.Encrypt(pt, &k.Encryption.PublicKey, "k2", "")
		if err != nil {
			t.Fatal(err)
		}
		openHints := []int64{int64(len(jwe)), 0, 10}
		if n > 4*c+7 {
			openHints = openHints[:2]
		}
		for _, hint := range openHints {
			r := iotest.HalfReader(bytes.NewReader([]byte(jwe)))
			if n < c { // one byte at a time only for small inputs
				r = iotest.OneByteReader(bytes.NewReader([]byte(jwe)))
			}
			o, err := fitconnect.Open(r, k.Encryption, &fitconnect.OpenOptions{SizeHint: hint})
			if err != nil || !bytes.Equal(o.Plaintext, pt) || o.Hash != want || o.Header.KeyID != "k2" {
				t.Fatalf("n=%d hint=%d: Open: %v", n, hint, err)
			}
		}
	}
}

// TestOpenTamperedLate flips a byte far into a multi-chunk ciphertext: the
// hash of the speculatively decrypted plaintext must never come out.
func TestOpenTamperedLate(t *testing.T) {
	k := keys(t)
	pt := make([]byte, 3<<20)
	s, err := fitconnect.Seal(bytes.NewReader(pt), &k.Encryption.PublicKey, nil)
	if err != nil {
		t.Fatal(err)
	}
	jwe := []byte(s.String())
	i := len(jwe) - 100
	jwe[i] ^= 'A' ^ 'B'
	if jwe[i] == '.' || jwe[i]^('A'^'B') == '.' {
		t.Skip("hit a separator")
	}
	o, err := fitconnect.Open(bytes.NewReader(jwe), k.Encryption, nil)
	if !errors.Is(err, fitconnect.ErrDecryption) && !errors.Is(err, fitconnect.ErrMalformedJWE) || o != nil {
		t.Fatalf("tampered JWE: %v, want ErrDecryption or ErrMalformedJWE", err)
	}
}

// TestSealWrapKeyError: a key too small for RSA-OAEP-256 fails after the
// plaintext was read and hashed, with the error wrapped and nothing leaked.
func TestSealWrapKeyError(t *testing.T) {
	small := &rsa.PublicKey{N: new(big.Int).Lsh(big.NewInt(1), 511), E: 65537}
	small.N.Add(small.N, big.NewInt(1))
	for _, noHash := range []bool{false, true} {
		s, err := fitconnect.Seal(bytes.NewReader(make([]byte, 100_000)), small, &fitconnect.SealOptions{SizeHint: 100_000, NoHash: noHash})
		if err == nil || s != nil || !strings.Contains(err.Error(), "wrap key") {
			t.Fatalf("noHash=%v: Seal with a 512-bit key: %v", noHash, err)
		}
	}
}
