package fitconnect

import (
	"bufio"
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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

// Sealed is an attachment encrypted by Seal: the JWE is held as its parts
// with the ciphertext in binary, so a 100 MiB attachment costs about 100 MiB
// of memory and the compact serialisation is produced only while it is
// written.
type Sealed struct {
	prefix string // header "." encrypted key "." iv "."
	ct     []byte // ciphertext followed by the 16-byte tag
	Hash   string // lowercase hex SHA-512 of the plaintext
	Size   int64  // plaintext length in bytes
	Tag    string // base64url authentication tag
}

// Len returns the length of the compact serialisation in bytes.
func (s *Sealed) Len() int64 {
	return int64(len(s.prefix)) + int64(b64.EncodedLen(len(s.ct)-16)) + 1 + int64(len(s.Tag))
}

// WriteTo writes the compact serialisation to w.
func (s *Sealed) WriteTo(w io.Writer) (int64, error) {
	cw := &countWriter{w: w}
	if _, err := io.WriteString(cw, s.prefix); err != nil {
		return cw.n, err
	}
	const chunk = 48 << 10 // a multiple of 3: no padding between chunks
	out := make([]byte, b64.EncodedLen(chunk))
	body := s.ct[:len(s.ct)-16]
	for len(body) > 0 {
		k := min(chunk, len(body))
		n := b64.EncodedLen(k)
		b64.Encode(out[:n], body[:k])
		if _, err := cw.Write(out[:n]); err != nil {
			return cw.n, err
		}
		body = body[k:]
	}
	_, err := io.WriteString(cw, "."+s.Tag)
	return cw.n, err
}

// Reader returns a new reader of the compact serialisation; each call
// starts from the beginning, so an upload can be retried.
func (s *Sealed) Reader() io.ReadCloser {
	pr, pw := io.Pipe()
	go func() {
		_, err := s.WriteTo(pw)
		pw.CloseWithError(err)
	}()
	return pr
}

// String returns the compact serialisation.
func (s *Sealed) String() string {
	var b strings.Builder
	b.Grow(int(s.Len()))
	s.WriteTo(&b) //nolint:errcheck // strings.Builder does not fail
	return b.String()
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// SealOptions tune Seal. A nil *SealOptions means the defaults.
type SealOptions struct {
	KeyID       string    // the "kid" header
	ContentType string    // the "cty" header: the media type of the plaintext
	SizeHint    int64     // the plaintext size if known; saves reallocations
	Rand        io.Reader // randomness for the key and IV; nil = crypto/rand
	// Buffer, if not nil, is reused for the plaintext when its capacity
	// suffices.
	Buffer []byte
	// NoHash skips the SHA-512 of the plaintext (Sealed.Hash stays empty),
	// for callers that hash while they read, like messaging.Client. Without
	// it the hash runs on a second core while AES-GCM encrypts, at the cost
	// of a separate ciphertext buffer (2× the size instead of 1×).
	NoHash bool
}

// Seal reads the plaintext from r and encrypts it for pub into a JWE
// (RSA-OAEP-256, A256GCM) held in memory in binary, and computes the
// SHA-512 of the plaintext (unless opts.NoHash). It is the streaming counterpart of
// Encrypt for attachments; both produce the same format.
func Seal(r io.Reader, pub *rsa.PublicKey, opts *SealOptions) (*Sealed, error) {
	if pub == nil {
		return nil, errors.New("fitconnect: Seal: nil public key")
	}
	if opts == nil {
		opts = &SealOptions{}
	}
	rnd := opts.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	hint := opts.SizeHint
	if hint < 0 || hint > 1<<34 {
		hint = 0
	}
	var buf *bytes.Buffer
	if opts.Buffer != nil && int64(cap(opts.Buffer)) >= hint+16+bytes.MinRead {
		buf = bytes.NewBuffer(opts.Buffer[:0])
	} else {
		buf = bytes.NewBuffer(make([]byte, 0, hint+16+bytes.MinRead))
	}
	n, err := buf.ReadFrom(r)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: Seal: read: %w", err)
	}
	var key [32]byte
	var iv [12]byte
	if _, err := io.ReadFull(rnd, key[:]); err != nil {
		return nil, fmt.Errorf("fitconnect: Seal: %w", err)
	}
	if _, err := io.ReadFull(rnd, iv[:]); err != nil {
		return nil, fmt.Errorf("fitconnect: Seal: %w", err)
	}
	ek, err := rsa.EncryptOAEP(sha256.New(), rnd, pub, key[:], nil)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: Seal: wrap key: %w", err)
	}
	hdr, _ := json.Marshal(JWEHeader{Algorithm: KeyAlgorithm, Encryption: ContentEncryption, KeyID: opts.KeyID, ContentType: opts.ContentType})
	hdrB64 := b64.EncodeToString(hdr)
	block, _ := aes.NewCipher(key[:])
	gcm, _ := cipher.NewGCM(block)
	pt := buf.Bytes()
	var ct []byte
	var sum string
	if opts.NoHash {
		ct = gcm.Seal(pt[:0], iv[:], pt, []byte(hdrB64))
	} else {
		done := make(chan string, 1)
		go func() { done <- HashSHA512(pt) }()
		ct = gcm.Seal(make([]byte, 0, len(pt)+16), iv[:], pt, []byte(hdrB64))
		sum = <-done
	}
	clear(key[:])
	return &Sealed{
		prefix: hdrB64 + "." + b64.EncodeToString(ek) + "." + b64.EncodeToString(iv[:]) + ".",
		ct:     ct,
		Hash:   sum,
		Size:   n,
		Tag:    b64.EncodeToString(ct[len(ct)-16:]),
	}, nil
}

// Opened is an attachment decrypted by Open.
type Opened struct {
	Header    *JWEHeader
	Plaintext []byte
	Hash      string // lowercase hex SHA-512 of Plaintext
	Tag       string // base64url authentication tag
}

// OpenOptions tune Open. A nil *OpenOptions means the defaults.
type OpenOptions struct {
	SizeHint int64 // length of the compact JWE if known (e.g. Content-Length)
	MaxSize  int64 // refuse larger JWEs; 0 = no limit
	// Buffer, if not nil, is reused for the ciphertext and plaintext when
	// its capacity suffices (Opened.Plaintext then aliases it).
	Buffer []byte
}

// Open reads a compact JWE from r and decrypts it with priv without
// holding the base64 text in memory: the ciphertext is decoded while it is
// read and decrypted in place. It applies the same allow-list and returns
// the same errors as Decrypt.
func Open(r io.Reader, priv *rsa.PrivateKey, opts *OpenOptions) (*Opened, error) {
	if priv == nil {
		return nil, errors.New("fitconnect: Open: nil private key")
	}
	if opts == nil {
		opts = &OpenOptions{}
	}
	cr := &countReader{r: r}
	if opts.MaxSize > 0 {
		cr.r = io.LimitReader(r, opts.MaxSize+1)
	}
	br := bufio.NewReaderSize(cr, 64<<10)
	var parts [3][]byte
	limits := [3]int{maxHeaderLen, 2048, 64}
	for i := range parts {
		p, err := readPart(br, limits[i])
		if err != nil {
			return nil, fmt.Errorf("%w: part %d: %v", ErrMalformedJWE, i+1, err)
		}
		parts[i] = p
	}
	h, err := decodeJWEHeader(parts[0])
	if err != nil {
		return nil, err
	}
	ek, err := b64.DecodeString(string(parts[1]))
	if err != nil {
		return nil, fmt.Errorf("%w: encrypted key: %v", ErrMalformedJWE, err)
	}
	iv, err := b64.DecodeString(string(parts[2]))
	if err != nil || len(iv) != 12 {
		return nil, fmt.Errorf("%w: IV is not 12 bytes", ErrMalformedJWE)
	}
	hint := opts.SizeHint
	if hint < 0 || hint > 1<<35 {
		hint = 0
	}
	need := b64.DecodedLen(int(hint)) + 16
	var ct []byte
	if opts.Buffer != nil && cap(opts.Buffer) >= need {
		ct = opts.Buffer[:0]
	} else {
		ct = make([]byte, 0, need)
	}
	sr := &partReader{br: br}
	ct, err = decodeB64(ct, sr)
	if err != nil {
		return nil, fmt.Errorf("%w: ciphertext: %v", ErrMalformedJWE, err)
	}
	if !sr.done {
		return nil, fmt.Errorf("%w: missing authentication tag", ErrMalformedJWE)
	}
	rest, err := io.ReadAll(io.LimitReader(br, 64))
	if err != nil {
		return nil, fmt.Errorf("%w: tag: %v", ErrMalformedJWE, err)
	}
	if opts.MaxSize > 0 {
		br.ReadByte() //nolint:errcheck // only to reach the limit
		if cr.n > opts.MaxSize {
			return nil, fmt.Errorf("%w: longer than %d bytes", ErrMalformedJWE, opts.MaxSize)
		}
	}
	tagStr := strings.TrimRight(string(rest), "\r\n")
	tag, err := b64.DecodeString(tagStr)
	if err != nil || len(tag) != 16 {
		return nil, fmt.Errorf("%w: authentication tag is not 16 bytes", ErrMalformedJWE)
	}
	key, err := rsa.DecryptOAEP(sha256.New(), nil, priv, ek, nil)
	if err != nil || len(key) != 32 {
		// One error for every unwrap failure: no padding oracle.
		return nil, fmt.Errorf("%w: content key cannot be unwrapped", ErrDecryption)
	}
	block, _ := aes.NewCipher(key)
	gcm, _ := cipher.NewGCM(block)
	ct = append(ct, tag...)
	pt, err := gcm.Open(ct[:0], iv, ct, parts[0])
	clear(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecryption, err)
	}
	sum := sha512.Sum512(pt)
	return &Opened{Header: h, Plaintext: pt, Hash: hex.EncodeToString(sum[:]), Tag: tagStr}, nil
}

// decodeB64 appends the base64url decoding of r to dst, decoding in
// chunks that are a multiple of 4 characters.
func decodeB64(dst []byte, r io.Reader) ([]byte, error) {
	in := make([]byte, 64<<10)
	have := 0
	for {
		n, err := r.Read(in[have:])
		have += n
		if err != nil && err != io.EOF {
			return dst, err
		}
		full := have &^ 3
		if err == io.EOF {
			full = have
		}
		if full > 0 {
			dl := b64.DecodedLen(full)
			if cap(dst)-len(dst) < dl {
				dst = append(dst[:cap(dst)], make([]byte, max(dl, cap(dst)))...)[:len(dst)]
			}
			m, derr := b64.Decode(dst[len(dst):len(dst)+dl], in[:full])
			if derr != nil {
				return dst, derr
			}
			dst = dst[:len(dst)+m]
			have = copy(in, in[full:have])
		}
		if err == io.EOF {
			return dst, nil
		}
	}
}

// readPart reads up to the next '.' (not included), at most limit bytes.
func readPart(br *bufio.Reader, limit int) ([]byte, error) {
	var out []byte
	for {
		b, err := br.ReadSlice('.')
		out = append(out, b...)
		if len(out) > limit+1 {
			return nil, fmt.Errorf("longer than %d bytes", limit)
		}
		if err == nil {
			return out[:len(out)-1], nil
		}
		if err != bufio.ErrBufferFull {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
}

// partReader yields bytes up to the next '.', which it consumes.
type partReader struct {
	br   *bufio.Reader
	done bool
}

func (p *partReader) Read(b []byte) (int, error) {
	if p.done {
		return 0, io.EOF
	}
	buf, err := p.br.Peek(1)
	if len(buf) == 0 {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, err
	}
	n := min(p.br.Buffered(), len(b))
	buf, _ = p.br.Peek(n)
	if i := bytes.IndexByte(buf, '.'); i >= 0 {
		copy(b, buf[:i])
		p.br.Discard(i + 1) //nolint:errcheck // buffered
		p.done = true
		return i, nil
	}
	copy(b, buf)
	p.br.Discard(n) //nolint:errcheck // buffered
	return n, nil
}

// HashSHA512 returns the lowercase hex SHA-512 of b, the form metadata uses.
func HashSHA512(b []byte) string {
	s := sha512.Sum512(b)
	return hex.EncodeToString(s[:])
}
