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
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"slices"
	"strings"
	"sync"
)

// Streaming attachments: Seal and Open.
//
// Seal reads the plaintext (hashing it on a second goroutine while it is
// read and encrypted), encrypts it with AES-256-GCM straight into the tail
// of the buffer that will hold the compact serialisation, and then
// base64url-encodes the ciphertext forwards within that same buffer (each
// 3 bytes become 4, so the text never overtakes the ciphertext it is still
// to read). Open decodes the base64url ciphertext while it is read, and a
// second goroutine unwraps the content key and hashes the plaintext that
// AES-CTR (the keystream GCM uses) yields chunk by chunk, while the first
// finishes decoding and then checks the tag with one AES-GCM pass in
// place. The hash is returned only after the tag has been verified.

const (
	ioChunk   = 64 << 10  // base64 and I/O granularity
	hashChunk = 1 << 20   // plaintext handed to the hashing goroutine at once
	openRing  = 32 << 20  // Open: at most this much decrypted plaintext waits for the hasher
	maxHint   = 1<<34 - 1 // larger size hints are ignored
)

// Sealed is an attachment encrypted by Seal. It holds the compact
// serialisation, so a 100 MiB attachment costs about 134 MiB of memory,
// and writing it out is a plain copy.
type Sealed struct {
	text []byte // the compact serialisation
	Hash string // lowercase hex SHA-512 of the plaintext
	Size int64  // plaintext length in bytes
	Tag  string // base64url authentication tag
}

// Len returns the length of the compact serialisation in bytes.
func (s *Sealed) Len() int64 { return int64(len(s.text)) }

// WriteTo writes the compact serialisation to w.
func (s *Sealed) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(s.text)
	if err == nil && n < len(s.text) {
		err = io.ErrShortWrite
	}
	return int64(n), err
}

// Reader returns a new reader of the compact serialisation; each call
// starts from the beginning, so an upload can be retried.
func (s *Sealed) Reader() io.ReadCloser { return io.NopCloser(bytes.NewReader(s.text)) }

// String returns the compact serialisation.
func (s *Sealed) String() string { return string(s.text) }

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// SealOptions tune Seal. A nil *SealOptions means the defaults.
type SealOptions struct {
	KeyID       string    // the "kid" header
	ContentType string    // the "cty" header: the media type of the plaintext
	SizeHint    int64     // the plaintext size if known; saves reallocations
	Rand        io.Reader // randomness for the key and IV; nil = crypto/rand
	// Buffer, if not nil, is reused when its capacity suffices: for the
	// plaintext, or with NoHash for the serialisation, which the Sealed
	// then aliases.
	Buffer []byte
	// NoHash skips the SHA-512 of the plaintext (Sealed.Hash stays empty),
	// for callers that hash while they read, like messaging.Client. Without
	// it the hash runs on a second goroutine while AES-GCM encrypts, at the
	// cost of a separate plaintext buffer (about 2.3× the size in memory
	// instead of 1.3×).
	NoHash bool
}

// sealLayout returns the length of the compact serialisation of an n-byte
// plaintext after a prefix of p bytes, and the offset at which Seal puts
// the ciphertext and tag (n+16 bytes, ending with the buffer) so that it
// can be base64url-encoded forwards in place.
func sealLayout(p, n int) (total, ctOff int) {
	total = p + b64.EncodedLen(n) + 1 + b64.EncodedLen(16)
	return total, total - n - 16
}

// Seal reads the plaintext from r and encrypts it for pub into a JWE
// (RSA-OAEP-256, A256GCM) held in memory, and computes the SHA-512 of the
// plaintext (unless opts.NoHash). It is the streaming counterpart of
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
	hint := int(opts.SizeHint)
	if opts.SizeHint < 0 || opts.SizeHint > maxHint {
		hint = 0
	}
	var key [32]byte
	var iv [12]byte
	if _, err := io.ReadFull(rnd, key[:]); err != nil {
		return nil, fmt.Errorf("fitconnect: Seal: %w", err)
	}
	if _, err := io.ReadFull(rnd, iv[:]); err != nil {
		return nil, fmt.Errorf("fitconnect: Seal: %w", err)
	}
	defer clear(key[:])
	hdr, _ := json.Marshal(JWEHeader{Algorithm: KeyAlgorithm, Encryption: ContentEncryption, KeyID: opts.KeyID, ContentType: opts.ContentType})
	hdrB64 := b64.EncodeToString(hdr)
	block, _ := aes.NewCipher(key[:])
	gcm, _ := cipher.NewGCM(block)
	// The prefix (header, wrapped key, IV) is written last: the key is
	// wrapped while the hasher works on the plaintext. Its length is known.
	p := len(hdrB64) + 1 + b64.EncodedLen(pub.Size()) + 1 + b64.EncodedLen(len(iv)) + 1

	var text, ct []byte
	var sum string
	var done chan string // the hash, unless NoHash
	if opts.NoHash {
		// Read straight into the place of the ciphertext and encrypt there.
		total, off := sealLayout(p, hint)
		buf := opts.Buffer
		if cap(buf) < total {
			buf = make([]byte, total)
		}
		buf = buf[:total]
		pt, err := readAll(r, buf[off:off:off+hint+16], nil)
		if err != nil {
			return nil, fmt.Errorf("fitconnect: Seal: read: %w", err)
		}
		total, off = sealLayout(p, len(pt))
		if len(pt) <= hint {
			// Still in buf, perhaps short of the hint: move it into place.
			text = buf[:total]
			copy(text[off:], pt)
		} else {
			text = make([]byte, total)
			copy(text[off:], pt)
		}
		n := len(pt)
		ct = gcm.Seal(text[off:off], iv[:], text[off:off+n], []byte(hdrB64))
	} else {
		var pt []byte
		switch {
		case cap(opts.Buffer) >= hint:
			pt = opts.Buffer[:0]
		case hint <= maxPooled:
			c := 16 // 64 KiB at least
			if hint > 1 {
				c = max(c, bits.Len(uint(hint-1)))
			}
			pooled := plainPools[c].Get().(*[]byte)
			if cap(*pooled) != 1<<c {
				*pooled = make([]byte, 0, 1<<c)
			}
			pt = (*pooled)[:0]
			defer func() {
				if cap(pt) == 1<<c { // not reallocated: clear the plaintext and keep it
					clear(pt[:cap(pt)])
					*pooled = pt[:0]
					plainPools[c].Put(pooled)
				}
			}()
		default:
			pt = make([]byte, 0, hint)
		}
		hc := make(chan []byte, 256)
		done = make(chan string, 1)
		go hashChunks(hc, nil, done)
		pt, err := readAll(r, pt, hc)
		close(hc)
		if err != nil {
			<-done
			return nil, fmt.Errorf("fitconnect: Seal: read: %w", err)
		}
		total, off := sealLayout(p, len(pt))
		text = make([]byte, total)
		// The hasher still reads pt; the ciphertext goes to text only.
		ct = gcm.Seal(text[off:off], iv[:], pt, []byte(hdrB64))
	}
	n := len(ct) - 16
	var tag [16]byte
	copy(tag[:], ct[n:])
	ek, err := rsa.EncryptOAEP(sha256.New(), rnd, pub, key[:], nil)
	if err == nil && len(ek) != pub.Size() {
		err = errors.New("unexpected length")
	}
	if err != nil {
		if done != nil {
			<-done // the hasher still reads pt
		}
		return nil, fmt.Errorf("fitconnect: Seal: wrap key: %w", err)
	}
	prefix := hdrB64 + "." + b64.EncodeToString(ek) + "." + b64.EncodeToString(iv[:]) + "."
	copy(text, prefix)
	encodeForward(text[p:], len(text)-p-n-16, n)
	e := p + b64.EncodedLen(n)
	text[e] = '.'
	b64.Encode(text[e+1:], tag[:])
	if done != nil {
		sum = <-done
	}
	return &Sealed{
		text: text,
		Hash: sum,
		Size: int64(n),
		Tag:  string(text[e+1:]),
	}, nil
}

// maxPooled is the size of the plaintext buffers Seal keeps in plainPool
// for attachments known to be smaller (the many small ones, for which
// allocating and faulting in a fresh buffer costs about as much as
// encrypting it); larger ones get a buffer of their own.
const maxPooled = 4 << 20

// plainPools[c] holds buffers of 1<<c bytes (64 KiB … maxPooled).
var plainPools [23]sync.Pool

func init() {
	for i := range plainPools {
		plainPools[i].New = func() any { return new([]byte) }
	}
}

// readAll appends what r yields to dst, growing it (by half its size at
// least) only when it is full, and, if hc is not nil, hands the data over
// to hc in pieces of about hashChunk bytes as it arrives. Earlier pieces
// stay valid when dst is reallocated: they keep the old array.
func readAll(r io.Reader, dst []byte, hc chan<- []byte) ([]byte, error) {
	sent := len(dst)
	var one [1]byte
	for {
		var k int
		var err error
		if len(dst) < cap(dst) {
			k, err = r.Read(dst[len(dst):min(cap(dst), len(dst)+4*ioChunk)])
			dst = dst[:len(dst)+k]
		} else {
			// Full (sized to the hint, say): grow only if there is more.
			k, err = r.Read(one[:])
			if k > 0 {
				dst = append(slices.Grow(dst, max(len(dst)/2, ioChunk)), one[0])
			}
		}
		if hc != nil && (len(dst)-sent >= hashChunk || err != nil && len(dst) > sent) {
			hc <- dst[sent:]
			sent = len(dst)
		}
		if err == io.EOF {
			return dst, nil
		}
		if err != nil {
			return dst, err
		}
	}
}

// hashChunks hashes the chunks from hc until it is closed and sends the
// lowercase hex SHA-512 to done. If free is not nil, every chunk is given
// back to it after hashing.
func hashChunks(hc <-chan []byte, free chan<- []byte, done chan<- string) {
	h := sha512.New()
	for b := range hc {
		h.Write(b)
		if free != nil {
			free <- b
		}
	}
	done <- hex.EncodeToString(h.Sum(nil))
}

// encodeForward base64url-encodes the n bytes at buf[off:] to buf[0:] in
// place. It requires off ≥ b64.EncodedLen(n)-n, so the text written for a
// chunk never reaches past that chunk's end; a chunk whose text would
// overlap its own input is copied aside first.
func encodeForward(buf []byte, off, n int) {
	const c = 48 << 10 // a multiple of 3: no partial groups between chunks
	var tmp []byte
	for k := 0; k < n; k += c {
		m := min(c, n-k)
		src := buf[off+k : off+k+m]
		d := k / 3 * 4
		dl := b64.EncodedLen(m)
		if d+dl > off+k {
			if tmp == nil {
				tmp = make([]byte, c)
			}
			src = tmp[:copy(tmp, src)]
		}
		b64Encode(buf[d:d+dl], src)
	}
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
	br := bufio.NewReaderSize(cr, 4*ioChunk)
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

	// The second goroutine unwraps the key while this one starts decoding,
	// then hashes the plaintext chunks that this one decrypts with AES-CTR.
	o := &opener{keyc: make(chan []byte, 1), hc: make(chan []byte, openRing/hashChunk+1),
		free: make(chan []byte, openRing/hashChunk+1), done: make(chan string, 1), iv: iv}
	go func() {
		key, err := rsa.DecryptOAEP(sha256.New(), nil, priv, ek, nil)
		if err != nil || len(key) != 32 {
			key = nil
		}
		o.keyc <- key
		hashChunks(o.hc, o.free, o.done)
	}()
	defer o.stop()

	ct, err = decodeB64(ct, br, o.decrypt)
	if err != nil {
		return nil, fmt.Errorf("%w: ciphertext: %v", ErrMalformedJWE, err)
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
	if o.waitKey(); o.gcm == nil {
		// One error for every unwrap failure: no padding oracle.
		return nil, fmt.Errorf("%w: content key cannot be unwrapped", ErrDecryption)
	}
	o.decrypt(ct, true)
	o.stop()
	ct = append(ct, tag...)
	pt, err := o.gcm.Open(ct[:0], iv, ct, parts[0])
	sum := <-o.done
	o.recycle()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDecryption, err)
	}
	return &Opened{Header: h, Plaintext: pt, Hash: sum, Tag: tagStr}, nil
}

// opener runs Open's AES-CTR decryption for the hash: the chunks go to
// the hashing goroutine through hc and come back through free.
type opener struct {
	keyc    chan []byte
	hc      chan []byte
	free    chan []byte
	done    chan string
	iv      []byte
	gcm     cipher.AEAD
	ctr     cipher.Stream
	gotKey  bool
	bufs    []*[hashChunk]byte // from chunkPool
	pos     int                // ciphertext bytes decrypted so far
	stopped bool
}

// setKey builds the ciphers once the key has arrived (nil: unwrap failed).
func (o *opener) setKey(key []byte) {
	o.gotKey = true
	if key == nil {
		return
	}
	block, _ := aes.NewCipher(key)
	clear(key)
	o.gcm, _ = cipher.NewGCM(block)
	// GCM encrypts with the counter block IV || 2, incremented in its low
	// 32 bits; a JWE (< 2^32 blocks) never carries into the IV, so AES-CTR
	// from IV || 2 yields the same keystream.
	var ctr [16]byte
	copy(ctr[:], o.iv)
	ctr[15] = 2
	o.ctr = cipher.NewCTR(block, ctr[:])
}

// waitKey blocks until the unwrapped key is there.
func (o *opener) waitKey() {
	if !o.gotKey {
		o.setKey(<-o.keyc)
	}
}

// decrypt is called with the ciphertext decoded so far; once the key is
// there, it decrypts every whole chunk not yet decrypted (every byte if
// final) and hands the plaintext to the hasher.
func (o *opener) decrypt(ct []byte, final bool) {
	if !o.gotKey {
		select {
		case key := <-o.keyc:
			o.setKey(key)
		default:
			return
		}
	}
	if o.ctr == nil {
		return
	}
	for len(ct)-o.pos >= hashChunk || final && len(ct) > o.pos {
		m := min(hashChunk, len(ct)-o.pos)
		var b []byte
		select {
		case b = <-o.free:
		default:
			if len(o.bufs) < cap(o.free) {
				c := chunkPool.Get().(*[hashChunk]byte)
				o.bufs = append(o.bufs, c)
				b = c[:]
			} else {
				b = <-o.free
			}
		}
		b = b[:m]
		o.ctr.XORKeyStream(b, ct[o.pos:o.pos+m])
		o.pos += m
		o.hc <- b
	}
}

// chunkPool keeps the plaintext chunks of Open for the hasher between
// calls (cleared), which spares allocating, zeroing and faulting in up to
// 32 MiB per call.
var chunkPool = sync.Pool{New: func() any { return new([hashChunk]byte) }}

// recycle clears the chunks and gives them back to chunkPool; only after
// the hasher is done.
func (o *opener) recycle() {
	for _, c := range o.bufs {
		clear(c[:])
		chunkPool.Put(c)
	}
	o.bufs = nil
}

// stop ends the hashing goroutine's input; it may be called twice.
func (o *opener) stop() {
	if !o.stopped {
		o.stopped = true
		close(o.hc)
	}
}

// decodeB64 appends the base64url decoding of the text up to the next '.'
// in br (which it consumes) to dst, straight from br's buffer, in pieces
// of whole 4-character groups, and calls progress with what has been
// decoded so far after each piece.
func decodeB64(dst []byte, br *bufio.Reader, progress func(dst []byte, final bool)) ([]byte, error) {
	for {
		var ferr error
		if br.Buffered() < 4 {
			_, ferr = br.Peek(br.Buffered() + 1) // read more, unless at the end
		}
		buf, _ := br.Peek(br.Buffered())
		i := bytes.IndexByte(buf, '.')
		full := len(buf) &^ 3
		if i >= 0 {
			full = i
		} else if full == 0 {
			if ferr == nil {
				continue
			}
			if ferr == io.EOF {
				ferr = io.ErrUnexpectedEOF
			}
			return dst, ferr
		}
		dl := b64.DecodedLen(full)
		if cap(dst)-len(dst) < dl {
			dst = slices.Grow(dst, max(dl, len(dst)/2))
		}
		m, err := b64Decode(dst[len(dst):len(dst)+dl], buf[:full])
		if err != nil {
			return dst, err
		}
		dst = dst[:len(dst)+m]
		if i >= 0 {
			br.Discard(full + 1) //nolint:errcheck // buffered
			progress(dst, false)
			return dst, nil
		}
		br.Discard(full) //nolint:errcheck // buffered
		progress(dst, false)
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
