package ozg

import (
	"cmp"
	"strconv"
	"strings"
)

// ElementKind is the kind of a FIM element (Baukastenelement, schema,
// rule …) in the FIM building block Datenfelder, given by the letter that
// starts its ID.
type ElementKind byte

// The element kinds. XDatenfelder 2 knows all six; XDatenfelder 3 has no C
// IDs (its code lists are referenced by their XRepository URN).
const (
	ElementDatenschema        ElementKind = 'S' // data schema (Stammdatenschema)
	ElementDatenfeldgruppe    ElementKind = 'G' // field group
	ElementDatenfeld          ElementKind = 'F' // data field
	ElementRegel              ElementKind = 'R' // rule
	ElementCodeliste          ElementKind = 'C' // code list (XDatenfelder 2 only)
	ElementDokumentsteckbrief ElementKind = 'D' // document profile (Dokumentsteckbrief)
)

// String returns the German name of the kind, such as "Datenfeld", or
// "ElementKind(X)" for a letter that is not a kind.
func (k ElementKind) String() string {
	switch k {
	case ElementDatenschema:
		return "Datenschema"
	case ElementDatenfeldgruppe:
		return "Datenfeldgruppe"
	case ElementDatenfeld:
		return "Datenfeld"
	case ElementRegel:
		return "Regel"
	case ElementCodeliste:
		return "Codeliste"
	case ElementDokumentsteckbrief:
		return "Dokumentsteckbrief"
	}
	return "ElementKind(" + strconv.QuoteRune(rune(k)) + ")"
}

// inXDF reports whether the kind exists in XDatenfelder generation gen (2 or 3).
func (k ElementKind) inXDF(gen int) bool {
	switch k {
	case ElementDatenschema, ElementDatenfeldgruppe, ElementDatenfeld, ElementRegel, ElementDokumentsteckbrief:
		return true
	case ElementCodeliste:
		return gen == 2
	}
	return false
}

// ElementID is the ID of a FIM element as XDatenfelder writes it: the letter
// of its ElementKind followed by 8 digits (XDatenfelder 2, e.g. F60000227) or
// by 11 digits (XDatenfelder 3, e.g. F60000000227). The leading digits are
// the Nummernkreis, the number range of the editorial office (Redaktion)
// that issued the ID: 2 digits in XDatenfelder 2, 5 in XDatenfelder 3, where
// the 2-digit Nummernkreis is followed by a 3-digit Unternummernkreis. The
// last 6 digits are a running number. Elements migrated from XDatenfelder 2
// got the Unternummernkreis 000, so F60000227 became F60000000227 (see XDF3).
//
// ElementID is a small comparable value; parsing does not allocate. The zero
// value is not a valid ID; it encodes as the empty text.
type ElementID struct {
	kind ElementKind
	xdf  uint8  // 2 or 3; 0 for the zero value
	n    uint64 // the digits as a number
}

// The number of digits after the letter, and of the Nummernkreis, per generation.
const (
	xdf2Digits       = 8
	xdf3Digits       = 11
	xdf2Nummernkreis = 2
	xdf3Nummernkreis = 5
)

const elementIDType = "FIM-ID"

// ParseElementID parses the ID of a FIM element of XDatenfelder 2 or 3; the
// number of digits decides which. Bad input yields an *Error with code
// InvalidArgument wrapping a *SyntaxError.
func ParseElementID(s string) (ElementID, error) {
	id, pos, reason := parseElementID(s)
	if reason != "" {
		return ElementID{}, syntaxError(elementIDType, s, pos, reason)
	}
	return id, nil
}

// parseElementID parses an ElementID; on failure it returns the 1-based
// character position (0 for the whole input) and the violated rule.
func parseElementID(s string) (ElementID, int, string) {
	if s == "" {
		return ElementID{}, 0, "is empty"
	}
	k := ElementKind(s[0])
	if !k.inXDF(2) && !k.inXDF(3) {
		return ElementID{}, 1, "is not an element letter (S, G, F, R, C or D)"
	}
	var n uint64
	for i := 1; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return ElementID{}, idRunePos(s, i), "is not a digit"
		}
		if i <= xdf3Digits {
			n = n*10 + uint64(c-'0')
		}
	}
	var gen int
	switch len(s) - 1 {
	case xdf2Digits:
		gen = 2
	case xdf3Digits:
		gen = 3
	default:
		return ElementID{}, 0, "has " + strconv.Itoa(len(s)-1) + " digits after the letter, want 8 (XDatenfelder 2) or 11 (XDatenfelder 3)"
	}
	if !k.inXDF(gen) {
		return ElementID{}, 1, "(" + k.String() + ") is not an element letter of XDatenfelder " + strconv.Itoa(gen)
	}
	return ElementID{kind: k, xdf: uint8(gen), n: n}, 0, ""
}

// MustParseElementID is like ParseElementID but panics if s is not a valid ID.
func MustParseElementID(s string) ElementID {
	id, err := ParseElementID(s)
	if err != nil {
		panic(err)
	}
	return id
}

// IsZero reports whether id is the zero value, which is not a valid ID.
func (id ElementID) IsZero() bool { return id.xdf == 0 }

// Kind returns the kind of element the ID names (0 for the zero value).
func (id ElementID) Kind() ElementKind { return id.kind }

// XDatenfelder returns the generation of the standard the ID belongs to: 2
// for 8 digits, 3 for 11 digits, 0 for the zero value.
func (id ElementID) XDatenfelder() int { return int(id.xdf) }

// digits returns the number of digits after the letter.
func (id ElementID) digits() int {
	if id.xdf == 2 {
		return xdf2Digits
	}
	return xdf3Digits
}

// appendDigits appends the digits of id (without the letter) to b.
func (id ElementID) appendDigits(b []byte) []byte {
	var d [xdf3Digits]byte
	nd := id.digits()
	n := id.n
	for i := nd - 1; i >= 0; i-- {
		d[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, d[:nd]...)
}

// Nummernkreis returns the number range of the issuing editorial office:
// the first 2 digits of an XDatenfelder 2 ID ("60" for F60000227), the first
// 5 digits (Nummernkreis and Unternummernkreis) of an XDatenfelder 3 ID
// ("60000" for F60000000227); "" for the zero value.
func (id ElementID) Nummernkreis() string {
	if id.xdf == 0 {
		return ""
	}
	var b [xdf3Digits]byte
	d := id.appendDigits(b[:0])
	if id.xdf == 2 {
		return string(d[:xdf2Nummernkreis])
	}
	return string(d[:xdf3Nummernkreis])
}

// LaufendeNummer returns the running number within the Nummernkreis: the
// last 6 digits of the ID ("000227" for F60000227); "" for the zero value.
func (id ElementID) LaufendeNummer() string {
	if id.xdf == 0 {
		return ""
	}
	var b [xdf3Digits]byte
	d := id.appendDigits(b[:0])
	return string(d[len(d)-6:])
}

// XDF3 returns the XDatenfelder 3 form of an XDatenfelder 2 ID as the
// migration to XDatenfelder 3 assigns it: the Unternummernkreis 000 is
// inserted after the 2-digit Nummernkreis, so F60000227 becomes
// F60000000227. An XDatenfelder 3 ID is returned unchanged. ok is
// false for the zero value and for code lists (C), which have no XDatenfelder
// 3 ID.
func (id ElementID) XDF3() (_ ElementID, ok bool) {
	switch {
	case id.xdf == 3:
		return id, true
	case id.xdf == 2 && id.kind.inXDF(3):
		// nnrrrrrr -> nn000rrrrrr
		hi, lo := id.n/1000000, id.n%1000000
		return ElementID{kind: id.kind, xdf: 3, n: hi*1000000000 + lo}, true
	}
	return ElementID{}, false
}

// String returns the ID as written in XDatenfelder, or "" for the zero value.
func (id ElementID) String() string {
	if id.xdf == 0 {
		return ""
	}
	var b [1 + xdf3Digits]byte
	return string(id.appendText(b[:0]))
}

// appendText appends the letter and digits of id to b.
func (id ElementID) appendText(b []byte) []byte {
	return id.appendDigits(append(b, byte(id.kind)))
}

// Compare orders IDs by generation, then letter, then number. It returns -1,
// 0 or +1.
func (id ElementID) Compare(o ElementID) int {
	switch {
	case id.xdf != o.xdf:
		return cmp.Compare(int(id.xdf), int(o.xdf))
	case id.kind != o.kind:
		return cmp.Compare(int(id.kind), int(o.kind))
	case id.n < o.n:
		return -1
	case id.n > o.n:
		return +1
	}
	return 0
}

// MarshalText encodes the ID as its text; the zero value as the empty text.
func (id ElementID) MarshalText() ([]byte, error) {
	if id.xdf == 0 {
		return []byte{}, nil
	}
	return id.appendText(make([]byte, 0, 1+id.digits())), nil
}

// AppendText implements encoding.TextAppender.
func (id ElementID) AppendText(b []byte) ([]byte, error) {
	if id.xdf == 0 {
		return b, nil
	}
	return id.appendText(b), nil
}

// UnmarshalText decodes an ID as ParseElementID does; the empty text decodes
// to the zero value.
func (id *ElementID) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*id = ElementID{}
		return nil
	}
	v, err := ParseElementID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// ElementVersion is the version of a FIM element: major.minor in
// XDatenfelder 2 (e.g. 1.0), major.minor.patch in XDatenfelder 3 (e.g.
// 1.2.0). Versions are comparable with == and ordered by Compare.
//
// Each part is a decimal number without leading zeros (0 itself is allowed)
// of at most 9 digits. The zero value is not a valid version; it encodes as
// the empty text.
type ElementVersion struct {
	part  [3]uint32
	parts uint8 // 2 or 3; 0 for the zero value
}

const elementVersionType = "FIM-Version"

// ParseElementVersion parses a version of two (XDatenfelder 2) or three
// (XDatenfelder 3) parts. Bad input yields an *Error with code
// InvalidArgument wrapping a *SyntaxError.
func ParseElementVersion(s string) (ElementVersion, error) {
	v, pos, reason := parseElementVersion(s)
	if reason != "" {
		return ElementVersion{}, syntaxError(elementVersionType, s, pos, reason)
	}
	return v, nil
}

// parseElementVersion parses an ElementVersion; on failure it returns the
// 1-based character position (0 for the whole input) and the violated rule.
func parseElementVersion(s string) (ElementVersion, int, string) {
	if s == "" {
		return ElementVersion{}, 0, "is empty"
	}
	var v ElementVersion
	start := 0 // byte index where the current part starts
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] != '.' {
			c := s[i]
			if c < '0' || c > '9' {
				return ElementVersion{}, idRunePos(s, i), "is not a digit or '.'"
			}
			switch {
			case i-start == 1 && s[start] == '0':
				return ElementVersion{}, idRunePos(s, start), "is a leading zero"
			case i-start == 9:
				return ElementVersion{}, idRunePos(s, i), "makes a part longer than 9 digits"
			}
			continue
		}
		// s[start:i] is a complete part.
		if i == start {
			if i == len(s) {
				return ElementVersion{}, 0, "ends with '.'"
			}
			return ElementVersion{}, idRunePos(s, i), "'.' does not follow a number"
		}
		if v.parts == 3 {
			return ElementVersion{}, idRunePos(s, start-1), "starts a fourth part; want major.minor or major.minor.patch"
		}
		var n uint32
		for j := start; j < i; j++ {
			n = n*10 + uint32(s[j]-'0')
		}
		v.part[v.parts] = n
		v.parts++
		start = i + 1
	}
	if v.parts < 2 {
		return ElementVersion{}, 0, "has one part; want major.minor or major.minor.patch"
	}
	return v, 0, ""
}

// XDF3 returns the XDatenfelder 3 form of a version: a two-part version
// gets the patch 0 (1.0 becomes 1.0.0), as in the migration to XDatenfelder
// 3; a three-part version and the zero value are returned unchanged.
func (v ElementVersion) XDF3() ElementVersion {
	if v.parts == 2 {
		v.parts = 3
		v.part[2] = 0
	}
	return v
}

// MustParseElementVersion is like ParseElementVersion but panics on bad input.
func MustParseElementVersion(s string) ElementVersion {
	v, err := ParseElementVersion(s)
	if err != nil {
		panic(err)
	}
	return v
}

// IsZero reports whether v is the zero value, which is not a valid version.
func (v ElementVersion) IsZero() bool { return v.parts == 0 }

// Parts returns the number of parts: 2 (XDatenfelder 2), 3 (XDatenfelder 3),
// or 0 for the zero value.
func (v ElementVersion) Parts() int { return int(v.parts) }

// Major returns the first part of the version.
func (v ElementVersion) Major() int { return int(v.part[0]) }

// Minor returns the second part of the version.
func (v ElementVersion) Minor() int { return int(v.part[1]) }

// Patch returns the third part of the version, 0 if it has two parts.
func (v ElementVersion) Patch() int { return int(v.part[2]) }

// String returns the version as written in XDatenfelder, or "" for the zero
// value.
func (v ElementVersion) String() string {
	var b [32]byte
	return string(v.appendText(b[:0]))
}

// appendText appends the text of v (nothing for the zero value) to b.
func (v ElementVersion) appendText(b []byte) []byte {
	for i := 0; i < int(v.parts); i++ {
		if i > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendUint(b, uint64(v.part[i]), 10)
	}
	return b
}

// Compare orders versions part by part numerically, a missing patch counting
// as 0; when that ties, a two-part version sorts before a three-part one
// (1.0 < 1.0.0). It returns -1, 0 or +1.
func (v ElementVersion) Compare(o ElementVersion) int {
	for i := range v.part {
		if v.part[i] != o.part[i] {
			if v.part[i] < o.part[i] {
				return -1
			}
			return +1
		}
	}
	return cmp.Compare(int(v.parts), int(o.parts))
}

// MarshalText encodes the version as its text; the zero value as the empty
// text.
func (v ElementVersion) MarshalText() ([]byte, error) { return v.appendText(nil), nil }

// AppendText implements encoding.TextAppender.
func (v ElementVersion) AppendText(b []byte) ([]byte, error) { return v.appendText(b), nil }

// UnmarshalText decodes a version as ParseElementVersion does; the empty
// text decodes to the zero value.
func (v *ElementVersion) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*v = ElementVersion{}
		return nil
	}
	p, err := ParseElementVersion(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// ElementRef names one version of a FIM element. Its text form is the one
// the FIM repositories use for exports and file names: the ID, the letter V
// and the version, e.g. F60000227V1.0 or S00000000094V1.0.0.
//
// ElementRef is comparable and can be used as a map key. The zero value
// names nothing; it encodes as the empty text.
type ElementRef struct {
	ID      ElementID      // the element
	Version ElementVersion // its version
}

const elementRefType = "FIM-Referenz"

// ParseElementRef parses ID "V" version, e.g. F60000227V1.0. Bad input
// yields an *Error with code InvalidArgument wrapping a *SyntaxError whose
// position counts characters of the whole input.
func ParseElementRef(s string) (ElementRef, error) {
	i := strings.IndexByte(s, 'V')
	if i <= 0 {
		// Report a malformed ID before the missing separator.
		if _, pos, reason := parseElementID(s); reason != "" {
			return ElementRef{}, syntaxError(elementRefType, s, pos, reason)
		}
		return ElementRef{}, syntaxError(elementRefType, s, 0, "has no V between ID and version")
	}
	id, pos, reason := parseElementID(s[:i])
	if reason != "" {
		if pos == 0 {
			reason = "ID " + strconv.Quote(s[:i]) + " " + reason
		}
		return ElementRef{}, syntaxError(elementRefType, s, pos, reason)
	}
	v, pos, reason := parseElementVersion(s[i+1:])
	if reason != "" {
		if pos == 0 {
			reason = "version " + reason
		} else {
			pos += i + 1 // the ID and V are ASCII
		}
		return ElementRef{}, syntaxError(elementRefType, s, pos, reason)
	}
	return ElementRef{ID: id, Version: v}, nil
}

// MustParseElementRef is like ParseElementRef but panics on bad input.
func MustParseElementRef(s string) ElementRef {
	r, err := ParseElementRef(s)
	if err != nil {
		panic(err)
	}
	return r
}

// IsZero reports whether r is the zero value.
func (r ElementRef) IsZero() bool { return r.ID.IsZero() && r.Version.IsZero() }

// String returns ID "V" version, e.g. F60000227V1.0, or "" for the zero value.
func (r ElementRef) String() string {
	if r.IsZero() {
		return ""
	}
	var b [48]byte
	return string(r.appendText(b[:0]))
}

func (r ElementRef) appendText(b []byte) []byte {
	if r.ID.xdf != 0 {
		b = r.ID.appendText(b)
	}
	return r.Version.appendText(append(b, 'V'))
}

// XDF3 returns the XDatenfelder 3 form of the reference: the ID and the
// version converted by ElementID.XDF3 and ElementVersion.XDF3, so
// F60000227V1.0 becomes F60000000227V1.0.0. ok is false where the ID has no
// XDatenfelder 3 form.
func (r ElementRef) XDF3() (_ ElementRef, ok bool) {
	id, ok := r.ID.XDF3()
	if !ok {
		return ElementRef{}, false
	}
	return ElementRef{ID: id, Version: r.Version.XDF3()}, true
}

// Compare orders references by ID, then by version. It returns -1, 0 or +1.
func (r ElementRef) Compare(o ElementRef) int {
	if c := r.ID.Compare(o.ID); c != 0 {
		return c
	}
	return r.Version.Compare(o.Version)
}

// MarshalText encodes the reference as its text; the zero value as the
// empty text.
func (r ElementRef) MarshalText() ([]byte, error) {
	if r.IsZero() {
		return []byte{}, nil
	}
	return r.appendText(nil), nil
}

// AppendText implements encoding.TextAppender.
func (r ElementRef) AppendText(b []byte) ([]byte, error) {
	if r.IsZero() {
		return b, nil
	}
	return r.appendText(b), nil
}

// UnmarshalText decodes a reference as ParseElementRef does; the empty text
// decodes to the zero value.
func (r *ElementRef) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*r = ElementRef{}
		return nil
	}
	p, err := ParseElementRef(string(b))
	if err != nil {
		return err
	}
	*r = p
	return nil
}
