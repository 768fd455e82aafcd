package einvoice

import (
	"strconv"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// LeitwegID is the Leitweg-ID, the routing identifier of a German public
// buyer that an XRechnung carries in BT-10 Buyer reference (and, with
// scheme "0204", as the buyer's electronic address BT-49). Its structure
// follows the KoSIT "Format-Spezifikation Leitweg-ID":
//
//	Grobadressierung - Feinadressierung - Prüfziffer
//	04011000         - 1234512345       - 06
//
// The Grobadressierung (coarse addressing) is 2 to 12 digits, the optional
// Feinadressierung (fine addressing) up to 30 letters A–Z and digits, the
// Prüfziffer (check digits) two digits by ISO/IEC 7064 MOD 97-10 over
// Grobadressierung and Feinadressierung without hyphens, letters replaced
// by their value A=10 … Z=35 (the conversion IBANs use).
type LeitwegID struct {
	Grob  string // Grobadressierung: 2–12 digits
	Fein  string // Feinadressierung: 0–30 letters and digits
	Check string // Prüfziffer: 2 digits
}

// The limits of the Leitweg-ID's parts.
const (
	leitwegGrobMin = 2
	leitwegGrobMax = 12
	leitwegFeinMax = 30
)

func leitwegError(input string, pos int, reason string) error {
	return &ozg.Error{Code: ozg.InvalidArgument, Op: "einvoice.ParseLeitwegID", Err: &ozg.SyntaxError{Type: "Leitweg-ID", Input: input, Pos: pos, Reason: reason}}
}

// ParseLeitwegID parses and checks a Leitweg-ID such as
// "04011000-1234512345-06" or "992-90009-96": structure, lengths, character
// classes and check digits. Letters of the Feinadressierung may be upper or
// lower case (both count alike in the check). An error is an *ozg.Error
// with code InvalidArgument wrapping an *ozg.SyntaxError that gives the
// 1-based position of the fault.
func ParseLeitwegID(s string) (LeitwegID, error) {
	first := strings.IndexByte(s, '-')
	last := strings.LastIndexByte(s, '-')
	if first < 0 {
		return LeitwegID{}, leitwegError(s, 0, "has no hyphen before the check digits")
	}
	l := LeitwegID{Grob: s[:first], Check: s[last+1:]}
	if first != last {
		l.Fein = s[first+1 : last]
	}
	for i := 0; i < len(l.Grob); i++ {
		if c := l.Grob[i]; c < '0' || c > '9' {
			return LeitwegID{}, leitwegError(s, i+1, "is not a digit (the Grobadressierung is numeric)")
		}
	}
	if len(l.Grob) < leitwegGrobMin || len(l.Grob) > leitwegGrobMax {
		return LeitwegID{}, leitwegError(s, 0, "has a Grobadressierung of "+strconv.Itoa(len(l.Grob))+" digits, want 2 to 12")
	}
	if first != last {
		if l.Fein == "" {
			return LeitwegID{}, leitwegError(s, first+2, "has an empty Feinadressierung")
		}
		for i := 0; i < len(l.Fein); i++ {
			if !isAlnum(l.Fein[i]) {
				return LeitwegID{}, leitwegError(s, first+2+i, "is not a letter or digit (the Feinadressierung is alphanumeric)")
			}
		}
		if len(l.Fein) > leitwegFeinMax {
			return LeitwegID{}, leitwegError(s, first+2+leitwegFeinMax, "exceeds the Feinadressierung's 30 characters")
		}
	}
	if len(l.Check) != 2 {
		return LeitwegID{}, leitwegError(s, 0, "has "+strconv.Itoa(len(l.Check))+" check digits, want 2")
	}
	for i := 0; i < 2; i++ {
		if c := l.Check[i]; c < '0' || c > '9' {
			return LeitwegID{}, leitwegError(s, last+2+i, "is not a digit (the check digits are numeric)")
		}
	}
	if mod97(l.Grob+l.Fein+l.Check) != 1 {
		want := leitwegCheck(l.Grob, l.Fein)
		return LeitwegID{}, leitwegError(s, last+2, "check digits "+l.Check+" do not match (ISO 7064 MOD 97-10 gives "+want+")")
	}
	return l, nil
}

// NewLeitwegID returns the Leitweg-ID of a Grobadressierung and an optional
// Feinadressierung, with its check digits computed.
func NewLeitwegID(grob, fein string) (LeitwegID, error) {
	s := grob
	if fein != "" {
		s += "-" + fein
	}
	s += "-" + leitwegCheck(grob, fein)
	return ParseLeitwegID(s)
}

// String returns the Leitweg-ID with hyphens, e.g. "04011000-1234512345-06".
func (l LeitwegID) String() string {
	if l.Fein == "" {
		return l.Grob + "-" + l.Check
	}
	return l.Grob + "-" + l.Fein + "-" + l.Check
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// leitwegCheck computes the two check digits: 98 - (digits·100 mod 97).
func leitwegCheck(grob, fein string) string {
	r := mod97(grob + fein + "00")
	return strconv.Itoa((98-r)/10) + strconv.Itoa((98-r)%10)
}

// mod97 returns the value of s mod 97, where digits count as themselves
// and letters as A=10 … Z=35 (case-insensitive). s must be alphanumeric.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			r = (r*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			r = (r*100 + int(c-'A') + 10) % 97
		case c >= 'a' && c <= 'z':
			r = (r*100 + int(c-'a') + 10) % 97
		}
	}
	return r
}
