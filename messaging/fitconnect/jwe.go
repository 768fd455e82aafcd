package fitconnect

import (
	"crypto/rsa"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	jose "github.com/go-jose/go-jose/v4"
)

// The only algorithms FIT-Connect allows for end-to-end encryption. A JWE
// with any other "alg" or "enc" (none, RSA1_5, dir, A128GCM, …) is refused
// before any key is touched.
const (
	KeyAlgorithm      = "RSA-OAEP-256" // JWE "alg": RSA-OAEP with SHA-256 and MGF1-SHA-256
	ContentEncryption = "A256GCM"      // JWE "enc": AES-256 in Galois/Counter Mode
)

// maxHeaderLen bounds the protected header of a JWE or JWS; FIT-Connect
// headers are a few hundred bytes.
const maxHeaderLen = 16 << 10

var b64 = base64.RawURLEncoding

// JWEHeader is the protected header of a FIT-Connect JWE.
type JWEHeader struct {
	Algorithm         string   `json:"alg"`
	Encryption        string   `json:"enc"`
	KeyID             string   `json:"kid,omitempty"`
	ContentType       string   `json:"cty,omitempty"`
	Zip               string   `json:"zip,omitempty"`
	Critical          []string `json:"crit,omitempty"`
	JWK               any      `json:"jwk,omitempty"`
	JKU               string   `json:"jku,omitempty"`
	X5U               string   `json:"x5u,omitempty"`
	EphemeralKey      any      `json:"epk,omitempty"`
	PBES2Salt         string   `json:"p2s,omitempty"`
	PBES2Count        int      `json:"p2c,omitempty"`
	AuthenticationTag string   `json:"tag,omitempty"`
}

// checkJWEHeader applies the algorithm allow-list to a decoded header.
func checkJWEHeader(h *JWEHeader) error {
	if h.Algorithm != KeyAlgorithm {
		return fmt.Errorf("%w: alg %q (only %s)", ErrAlgorithmNotAllowed, h.Algorithm, KeyAlgorithm)
	}
	if h.Encryption != ContentEncryption {
		return fmt.Errorf("%w: enc %q (only %s)", ErrAlgorithmNotAllowed, h.Encryption, ContentEncryption)
	}
	if h.Zip != "" {
		return fmt.Errorf("%w: zip %q", ErrAlgorithmNotAllowed, h.Zip)
	}
	if len(h.Critical) > 0 {
		return fmt.Errorf("%w: unsupported critical header %q", ErrMalformedJWE, h.Critical[0])
	}
	return nil
}

// ParseJWEHeader decodes and checks the protected header of a compact JWE
// without decrypting it. It returns ErrMalformedJWE for input that is not
// five base64url parts with a JSON header, and ErrAlgorithmNotAllowed for any
// algorithm other than RSA-OAEP-256 with A256GCM.
func ParseJWEHeader(compact string) (*JWEHeader, error) {
	if strings.Count(compact, ".") != 4 {
		return nil, fmt.Errorf("%w: want 5 dot-separated parts, got %d", ErrMalformedJWE, strings.Count(compact, ".")+1)
	}
	h, _, _ := strings.Cut(compact, ".")
	return decodeJWEHeader([]byte(h))
}

func decodeJWEHeader(enc []byte) (*JWEHeader, error) {
	if len(enc) > maxHeaderLen {
		return nil, fmt.Errorf("%w: header longer than %d bytes", ErrMalformedJWE, maxHeaderLen)
	}
	raw := make([]byte, b64.DecodedLen(len(enc)))
	n, err := b64.Decode(raw, enc)
	if err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformedJWE, err)
	}
	var h JWEHeader
	if err := json.Unmarshal(raw[:n], &h); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformedJWE, err)
	}
	if err := checkJWEHeader(&h); err != nil {
		return nil, err
	}
	return &h, nil
}

// Encrypt encrypts plaintext for the public key pub into a compact JWE with
// alg RSA-OAEP-256 and enc A256GCM, using go-jose. kid names the key and cty
// the media type of the plaintext (both may be empty). It returns the JWE
// and its authentication tag (the fifth part, base64url), which a
// subscriber quotes when it accepts the submission.
func Encrypt(plaintext []byte, pub *rsa.PublicKey, kid, cty string) (jwe, tag string, err error) {
	if pub == nil {
		return "", "", errors.New("fitconnect: Encrypt: nil public key")
	}
	opts := &jose.EncrypterOptions{}
	if cty != "" {
		opts = opts.WithContentType(jose.ContentType(cty))
	}
	enc, err := jose.NewEncrypter(jose.A256GCM, jose.Recipient{Algorithm: jose.RSA_OAEP_256, Key: pub, KeyID: kid}, opts)
	if err != nil {
		return "", "", fmt.Errorf("fitconnect: Encrypt: %w", err)
	}
	obj, err := enc.Encrypt(plaintext)
	if err != nil {
		return "", "", fmt.Errorf("fitconnect: Encrypt: %w", err)
	}
	s, err := obj.CompactSerialize()
	if err != nil {
		return "", "", fmt.Errorf("fitconnect: Encrypt: %w", err)
	}
	return s, s[strings.LastIndexByte(s, '.')+1:], nil
}

// Decrypt checks the header of a compact JWE against the allow-list and
// decrypts it with priv, using go-jose. It returns the plaintext, the
// header and the authentication tag. A JWE whose ciphertext, tag, IV or
// protected header was altered, or that was made for another key, fails
// with ErrDecryption.
func Decrypt(compact string, priv *rsa.PrivateKey) (plaintext []byte, h *JWEHeader, tag string, err error) {
	if priv == nil {
		return nil, nil, "", errors.New("fitconnect: Decrypt: nil private key")
	}
	h, err = ParseJWEHeader(compact)
	if err != nil {
		return nil, nil, "", err
	}
	tag = compact[strings.LastIndexByte(compact, '.')+1:]
	if t, err := b64.DecodeString(tag); err != nil || len(t) != 16 {
		return nil, nil, "", fmt.Errorf("%w: authentication tag is not 16 bytes", ErrMalformedJWE)
	}
	obj, err := jose.ParseEncryptedCompact(compact, []jose.KeyAlgorithm{jose.RSA_OAEP_256}, []jose.ContentEncryption{jose.A256GCM})
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w: %v", ErrMalformedJWE, err)
	}
	plaintext, err = obj.Decrypt(priv)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w: %v", ErrDecryption, err)
	}
	return plaintext, h, tag, nil
}

// HashSHA512 returns the lowercase hex SHA-512 of b, the form metadata uses.
func HashSHA512(b []byte) string {
	s := sha512.Sum512(b)
	return hex.EncodeToString(s[:])
}
