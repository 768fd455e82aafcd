package ozg

import (
	"strconv"
	"unicode/utf8"
)

// Leistungsschluessel is a key of the Leistungskatalog (LeiKa), the
// catalogue of the administrative services of German public administration:
// 14 digits that start with 99, for example 99050012104000 (Gewerbe
// anmelden). The digits are, by 1-based position:
//
//	1–2    99, the mark of a LeiKa key
//	3–5    Leistungsgruppierung (service group, e.g. 050)
//	6–8    Leistungsobjekt (the object of the service within the group, e.g. 012)
//	9–11   Verrichtung (the action, e.g. 104); 000 for the Leistungsobjekt itself
//	12–14  Verrichtungsdetail (a refinement of the action); 000 for none
//
// A key is also written as the URN urn:de:fim:leika:leistung:<key>.
//
// Leistungsschluessel is a small comparable value; parsing does not allocate.
// The zero value is not a valid key; IsZero reports it, and it encodes as the
// empty text so that it can stand for "no key" in JSON (with omitzero).
type Leistungsschluessel struct {
	n uint64 // the 14 digits as a number; 0 for the zero value
}

// LeiKaURNPrefix is the prefix of the URN form of a Leistungsschluessel.
const LeiKaURNPrefix = "urn:de:fim:leika:leistung:"

// leikaType names the type in error messages.
const leikaType = "Leistungsschlüssel"

// leikaLen is the number of digits of a Leistungsschluessel.
const leikaLen = 14

// ParseLeistungsschluessel parses a Leistungsschluessel from its 14 digits or
// from its URN form urn:de:fim:leika:leistung:<14 digits> (the "urn:de:fim:
// leika:leistung:" prefix is matched case-insensitively).
//
// A malformed key yields an *Error with code InvalidArgument wrapping a
// *SyntaxError; its position counts characters of the whole input, URN
// prefix included.
func ParseLeistungsschluessel(s string) (Leistungsschluessel, error) {
	digits, off := s, 0
	if len(s) >= len(LeiKaURNPrefix) && equalFoldASCII(s[:len(LeiKaURNPrefix)], LeiKaURNPrefix) {
		digits, off = s[len(LeiKaURNPrefix):], len(LeiKaURNPrefix)
	} else if len(s) >= 4 && equalFoldASCII(s[:4], "urn:") {
		i := 4
		for i < len(s) && i < len(LeiKaURNPrefix) && equalFoldASCII(s[i:i+1], LeiKaURNPrefix[i:i+1]) {
			i++
		}
		if i == len(s) {
			return Leistungsschluessel{}, syntaxError(leikaType, s, 0, "ends inside the prefix "+LeiKaURNPrefix)
		}
		return Leistungsschluessel{}, syntaxError(leikaType, s, idRunePos(s, i), "does not match the prefix "+LeiKaURNPrefix)
	}
	var n uint64
	for i := 0; i < len(digits); i++ {
		c := digits[i]
		if c < '0' || c > '9' {
			return Leistungsschluessel{}, syntaxError(leikaType, s, idRunePos(s, off+i), "is not a digit")
		}
		if i < leikaLen {
			n = n*10 + uint64(c-'0')
		}
	}
	if len(digits) != leikaLen {
		return Leistungsschluessel{}, syntaxError(leikaType, s, 0, "has "+strconv.Itoa(len(digits))+" digits, want 14")
	}
	if digits[0] != '9' {
		return Leistungsschluessel{}, syntaxError(leikaType, s, off+1, "is not 9 (a Leistungsschlüssel starts with 99)")
	}
	if digits[1] != '9' {
		return Leistungsschluessel{}, syntaxError(leikaType, s, off+2, "is not 9 (a Leistungsschlüssel starts with 99)")
	}
	return Leistungsschluessel{n: n}, nil
}

// MustParseLeistungsschluessel is like ParseLeistungsschluessel but panics if s is
// not a valid key. It is meant for constants in programs and tests.
func MustParseLeistungsschluessel(s string) Leistungsschluessel {
	k, err := ParseLeistungsschluessel(s)
	if err != nil {
		panic(err)
	}
	return k
}

// IsZero reports whether k is the zero value, which is not a valid key.
func (k Leistungsschluessel) IsZero() bool { return k.n == 0 }

// String returns the 14 digits of the key, or "" for the zero value.
func (k Leistungsschluessel) String() string {
	if k.n == 0 {
		return ""
	}
	var b [leikaLen]byte
	return string(k.appendDigits(b[:0]))
}

// URN returns the key in its URN form urn:de:fim:leika:leistung:<key>, or ""
// for the zero value.
func (k Leistungsschluessel) URN() string {
	if k.n == 0 {
		return ""
	}
	var b [len(LeiKaURNPrefix) + leikaLen]byte
	return string(k.appendDigits(append(b[:0], LeiKaURNPrefix...)))
}

// appendDigits appends the 14 digits of k (which must not be zero) to b.
func (k Leistungsschluessel) appendDigits(b []byte) []byte {
	var d [leikaLen]byte
	n := k.n
	for i := leikaLen - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:]...)
}

// part returns the 3 digits of k that start at 0-based digit index from.
func (k Leistungsschluessel) part(from int) string {
	if k.n == 0 {
		return ""
	}
	var d [leikaLen]byte
	k.appendDigits(d[:0])
	return string(d[from : from+3])
}

// Leistungsgruppierung returns the service group, digits 3–5 (e.g. "050"),
// or "" for the zero value.
func (k Leistungsschluessel) Leistungsgruppierung() string { return k.part(2) }

// Leistungsobjekt returns the object of the service within its group, digits
// 6–8 (e.g. "012"), or "" for the zero value.
func (k Leistungsschluessel) Leistungsobjekt() string { return k.part(5) }

// Verrichtung returns the action, digits 9–11 (e.g. "104"); "000" means the
// key denotes the Leistungsobjekt itself. It returns "" for the zero value.
func (k Leistungsschluessel) Verrichtung() string { return k.part(8) }

// Verrichtungsdetail returns the refinement of the action, digits 12–14;
// "000" means none. It returns "" for the zero value.
func (k Leistungsschluessel) Verrichtungsdetail() string { return k.part(11) }

// HasVerrichtung reports whether the key names an action (digits 9–11 are
// not 000) rather than a bare Leistungsobjekt.
func (k Leistungsschluessel) HasVerrichtung() bool { return k.n != 0 && k.n/1000%1000 != 0 }

// HasVerrichtungsdetail reports whether the key carries a Verrichtungsdetail
// (digits 12–14 are not 000).
func (k Leistungsschluessel) HasVerrichtungsdetail() bool { return k.n%1000 != 0 }

// LeistungsobjektSchluessel returns the key of the Leistungsobjekt that k
// belongs to: k with Verrichtung and Verrichtungsdetail set to 000. For
// 99050012104000 it is 99050012000000.
func (k Leistungsschluessel) LeistungsobjektSchluessel() Leistungsschluessel {
	return Leistungsschluessel{n: k.n / 1000000 * 1000000}
}

// Compare returns -1, 0 or +1 as k sorts before, equal to or after o in the
// numeric order of the keys (the order of the catalogue).
func (k Leistungsschluessel) Compare(o Leistungsschluessel) int {
	switch {
	case k.n < o.n:
		return -1
	case k.n > o.n:
		return +1
	}
	return 0
}

// MarshalText encodes the key as its 14 digits; the zero value encodes as
// the empty text.
func (k Leistungsschluessel) MarshalText() ([]byte, error) {
	if k.n == 0 {
		return []byte{}, nil
	}
	return k.appendDigits(make([]byte, 0, leikaLen)), nil
}

// AppendText appends the 14 digits of the key to b (nothing for the zero
// value). It implements encoding.TextAppender.
func (k Leistungsschluessel) AppendText(b []byte) ([]byte, error) {
	if k.n == 0 {
		return b, nil
	}
	return k.appendDigits(b), nil
}

// UnmarshalText decodes a key in either form accepted by
// ParseLeistungsschluessel; the empty text decodes to the zero value.
func (k *Leistungsschluessel) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*k = Leistungsschluessel{}
		return nil
	}
	v, err := ParseLeistungsschluessel(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// idRunePos converts the byte offset i in s to a 1-based character position.
func idRunePos(s string, i int) int {
	if i > len(s) {
		i = len(s)
	}
	return utf8.RuneCountInString(s[:i]) + 1
}

// equalFoldASCII reports whether a and b are equal under ASCII case folding.
// Unlike strings.EqualFold it does not fold non-ASCII letters, which the
// identifiers of this package never contain.
func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
