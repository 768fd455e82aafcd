package din91379

//go:generate go run gen.go

import (
	"fmt"
	"sort"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Datatype is one of the five DIN 91379 data types.
type Datatype int

// The DIN 91379 data types (XÖV-Bibliothek datatypeA … datatypeE).
const (
	// A: names of natural persons (Latin letters and the name-forming
	// characters only).
	A Datatype = iota
	// B: names of legal persons, products etc. (A plus the non-letters of
	// the normative set, no control characters).
	B
	// C: any text from the normative Latin set incl. tab, line feed and
	// carriage return.
	C
	// D: as B plus Greek letters and further symbols.
	D
	// E: as C plus Greek letters and further symbols.
	E
)

// String returns "datatypeA" … "datatypeE".
func (d Datatype) String() string {
	if d < A || d > E {
		return fmt.Sprintf("Datatype(%d)", int(d))
	}
	return "datatype" + string(rune('A'+d))
}

type rng struct{ lo, hi rune }

type table struct {
	singles   []rng
	sequences map[rune][]string // by first rune, longest first
}

// Error reports the first character of a string that is outside the data
// type, or that the string is not in Unicode NFC.
type Error struct {
	Datatype Datatype // the data type checked against
	Rune     rune     // the offending character (utf8.RuneError for invalid UTF-8)
	Pos      int      // 1-based character position
	Offset   int      // byte offset
	NotNFC   bool     // the string is not NFC-normalised (Rune/Pos give the first character that changes)
}

// Error formats the error as "din91379: datatypeC: character 5 U+0001 is
// not allowed" or "... is not in NFC".
func (e *Error) Error() string {
	if e.NotNFC {
		return fmt.Sprintf("din91379: %s: text is not in Unicode NFC (character %d %U)", e.Datatype, e.Pos, e.Rune)
	}
	return fmt.Sprintf("din91379: %s: character %d %U is not allowed", e.Datatype, e.Pos, e.Rune)
}

// Check reports whether s is NFC-normalised and consists only of
// characters (and combining sequences) of data type dt. The error is an
// *ozg.Error (InvalidArgument) wrapping an *Error with the offending
// character and its position.
func Check(dt Datatype, s string) error {
	if e := find(dt, s); e != nil {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: "din91379.Check", Err: e}
	}
	return nil
}

// Valid reports whether Check(dt, s) succeeds.
func Valid(dt Datatype, s string) bool { return find(dt, s) == nil }

// Normalize returns s in NFC, the form DIN 91379 requires.
func Normalize(s string) string { return norm.NFC.String(s) }

// findChar checks the character set only.
func findChar(dt Datatype, s string) *Error {
	if dt < A || dt > E {
		return &Error{Datatype: dt, Pos: 0}
	}
	t := &tables[dt]
	pos := 0
	for i := 0; i < len(s); {
		pos++
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			return &Error{Datatype: dt, Rune: r, Pos: pos, Offset: i}
		}
		matched := 0
		if seqs, ok := t.sequences[r]; ok {
			for _, q := range seqs {
				if len(s)-i >= len(q) && s[i:i+len(q)] == q {
					matched = len(q)
					break
				}
			}
		}
		if matched == 0 {
			if !inRanges(t.singles, r) {
				return &Error{Datatype: dt, Rune: r, Pos: pos, Offset: i}
			}
			matched = size
		} else {
			pos += utf8.RuneCountInString(s[i+size : i+matched])
		}
		i += matched
	}
	return nil
}

func find(dt Datatype, s string) *Error {
	if utf8.ValidString(s) && !norm.NFC.IsNormalString(s) {
		// locate the first character that NFC changes
		n := norm.NFC.String(s)
		pos := 0
		for i := 0; i < len(s); {
			pos++
			r, size := utf8.DecodeRuneInString(s[i:])
			if !hasPrefixAt(n, s[i:i+size], i) {
				return &Error{Datatype: dt, Rune: r, Pos: pos, Offset: i, NotNFC: true}
			}
			i += size
		}
		return &Error{Datatype: dt, Pos: 1, NotNFC: true}
	}
	return findChar(dt, s)
}

func hasPrefixAt(s, p string, i int) bool {
	return len(s)-i >= len(p) && s[i:i+len(p)] == p
}

func inRanges(rs []rng, r rune) bool {
	i := sort.Search(len(rs), func(i int) bool { return rs[i].hi >= r })
	return i < len(rs) && rs[i].lo <= r
}
