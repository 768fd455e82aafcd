package xoev

import (
	"unicode"
	"unicode/utf8"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Behoerdenkennung is the key of an authority in the DVDV (Deutsches
// Verwaltungsdiensteverzeichnis), written "präfix:kennung", e.g.
// "psw:01003110". The präfix comes from the DVDV prefix list
// (urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix); the kennung is
// assigned by the body the prefix belongs to.
type Behoerdenkennung struct {
	Praefix string // e.g. "psw", "MELDID", "töj"
	Kennung string // e.g. "01003110"
}

// String returns "präfix:kennung".
func (b Behoerdenkennung) String() string { return b.Praefix + ":" + b.Kennung }

// IsCurrent reports whether the key has today's shape: three lower-case
// letters and twelve digits. Older keys (shorter kennung, prefixes such as
// MELDID) are still valid; ParseBehoerdenkennung accepts them.
func (b Behoerdenkennung) IsCurrent() bool {
	if len(b.Praefix) != 3 || len(b.Kennung) != 12 {
		return false
	}
	for i := range 3 {
		if c := b.Praefix[i]; c < 'a' || c > 'z' {
			return false
		}
	}
	for i := range 12 {
		if c := b.Kennung[i]; c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// Limits of the lenient parser.
const (
	maxPraefix = 10
	maxKennung = 40
)

// ParseBehoerdenkennung parses "präfix:kennung" leniently: the präfix is
// 1–10 letters (any case, umlauts allowed: "töj", "MELDID"), the kennung is
// 1–40 characters of ASCII letters, digits, '-', '.' and '_'. Use
// IsCurrent for the strict current shape and a code list lookup for the
// präfix.
//
// Errors are *ozg.Error (InvalidArgument) wrapping an *ozg.SyntaxError with
// the 1-based character position of the fault.
func ParseBehoerdenkennung(s string) (Behoerdenkennung, error) {
	fail := func(pos int, reason string) (Behoerdenkennung, error) {
		return Behoerdenkennung{}, &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.ParseBehoerdenkennung",
			Err: &ozg.SyntaxError{Type: "Behördenkennung", Input: s, Pos: pos, Reason: reason}}
	}
	if s == "" {
		return fail(0, "is empty")
	}
	if !utf8.ValidString(s) {
		return fail(0, "is not valid UTF-8")
	}
	pos := 0
	colon := -1
	for i, r := range s {
		pos++
		if r == ':' {
			colon = i
			break
		}
		if !unicode.IsLetter(r) {
			return fail(pos, "is not a letter (präfix)")
		}
		if pos > maxPraefix {
			return fail(pos, "makes the präfix longer than 10 letters")
		}
	}
	if colon < 0 {
		return fail(0, "has no ':' between präfix and kennung")
	}
	if colon == 0 {
		return fail(1, "starts the key without a präfix")
	}
	kennung := s[colon+1:]
	if kennung == "" {
		return fail(pos, "ends the key without a kennung")
	}
	n := 0
	for _, r := range kennung {
		pos++
		n++
		ok := r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '-' || r == '.' || r == '_'
		if !ok {
			return fail(pos, "is not allowed in a kennung")
		}
		if n > maxKennung {
			return fail(pos, "makes the kennung longer than 40 characters")
		}
	}
	return Behoerdenkennung{Praefix: s[:colon], Kennung: kennung}, nil
}
