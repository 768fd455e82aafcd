package fitconnect

import (
	"encoding/base64"
	"encoding/binary"
	"errors"
)

// A table-driven base64url codec for the bulk of a JWE's ciphertext: the
// 4096-entry encoding table turns 12 bits into two characters, the
// 65536-entry decoding table two characters into 12 bits, so six bytes
// take four look-ups and one 8-byte store each way. It is about twice as
// fast as encoding/base64, which handles the tails (and every input with a
// character outside the alphabet, so that errors and the skipping of CR
// and LF stay exactly those of base64.RawURLEncoding).

const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

var (
	b64Enc12 [1 << 12]uint16 // 12 bits → two characters (first in the low byte)
	b64Dec16 [1 << 16]uint16 // two characters (first in the low byte) → 12 bits; 0xffff = invalid
)

func init() {
	for i := range b64Enc12 {
		b64Enc12[i] = uint16(b64Alphabet[i>>6]) | uint16(b64Alphabet[i&63])<<8
	}
	var val [256]int
	for i := range val {
		val[i] = -1
	}
	for i := range len(b64Alphabet) {
		val[b64Alphabet[i]] = i
	}
	for i := range b64Dec16 {
		a, b := val[i&0xff], val[i>>8]
		if a < 0 || b < 0 {
			b64Dec16[i] = 0xffff
		} else {
			b64Dec16[i] = uint16(a<<6 | b)
		}
	}
}

// b64Encode is b64.Encode: it writes b64.EncodedLen(len(src)) bytes to dst.
func b64Encode(dst, src []byte) {
	for len(src) >= 14 && len(dst) >= 16 { // 12 bytes, read as two overlapping 8-byte words
		x := binary.BigEndian.Uint64(src) // the top 48 bits are six bytes
		y := binary.BigEndian.Uint64(src[6:])
		binary.LittleEndian.PutUint64(dst, uint64(b64Enc12[x>>52&0xfff])|uint64(b64Enc12[x>>40&0xfff])<<16|
			uint64(b64Enc12[x>>28&0xfff])<<32|uint64(b64Enc12[x>>16&0xfff])<<48)
		binary.LittleEndian.PutUint64(dst[8:], uint64(b64Enc12[y>>52&0xfff])|uint64(b64Enc12[y>>40&0xfff])<<16|
			uint64(b64Enc12[y>>28&0xfff])<<32|uint64(b64Enc12[y>>16&0xfff])<<48)
		src, dst = src[12:], dst[16:]
	}
	b64.Encode(dst, src)
}

// b64Decode is b64.Decode, with the same results and errors.
func b64Decode(dst, src []byte) (int, error) {
	n0, s0 := len(dst), len(src)
	for len(src) >= 16 && len(dst) >= 14 { // 12 bytes, written as two overlapping 8-byte words
		x := binary.LittleEndian.Uint64(src)
		y := binary.LittleEndian.Uint64(src[8:])
		a, b, c, d := b64Dec16[x&0xffff], b64Dec16[x>>16&0xffff], b64Dec16[x>>32&0xffff], b64Dec16[x>>48]
		e, f, g, h := b64Dec16[y&0xffff], b64Dec16[y>>16&0xffff], b64Dec16[y>>32&0xffff], b64Dec16[y>>48]
		if (a|b|c|d|e|f|g|h)&0xf000 != 0 {
			break // not the alphabet: encoding/base64 says what
		}
		binary.BigEndian.PutUint64(dst, uint64(a)<<52|uint64(b)<<40|uint64(c)<<28|uint64(d)<<16)
		binary.BigEndian.PutUint64(dst[6:], uint64(e)<<52|uint64(f)<<40|uint64(g)<<28|uint64(h)<<16)
		src, dst = src[16:], dst[12:]
	}
	n, err := b64.Decode(dst, src)
	if ce, ok := errors.AsType[base64.CorruptInputError](err); ok {
		err = ce + base64.CorruptInputError(s0-len(src))
	}
	return n0 - len(dst) + n, err
}
