package payment

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The length profiles of the Verwendungszweck in use.
const (
	PurposeXBezahldienste = 27  // XBezahldienste 1.0.0 purpose
	PurposeSEPA           = 140 // SEPA unstructured remittance information
)

// Charset is a character set a Verwendungszweck is cleaned to.
type Charset int

// The character sets.
const (
	// CharsetSEPA is the EPC basic Latin set of SEPA remittance
	// information: a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
	CharsetSEPA Charset = iota
	// CharsetXBezahldienste is the set XBezahldienste 1.0.0 allows in
	// purpose (pattern ^[\w\d\s-]+$): a-z A-Z 0-9 _ - and space.
	CharsetXBezahldienste
)

// ErrPurposeCharset and ErrPurposeLength are wrapped by the *PurposeError
// CleanPurpose returns.
var (
	ErrPurposeCharset = errors.New("character cannot be mapped to the allowed character set")
	ErrPurposeLength  = errors.New("too long")
)

// PurposeError reports why a Verwendungszweck cannot be cleaned. It holds a
// position, not the text (which may contain personal data).
type PurposeError struct {
	Pos int   // rune index in the input (charset) or the cleaned length (length)
	Max int   // the length limit
	Err error // ErrPurposeCharset or ErrPurposeLength
}

// Error formats the reason and position.
func (e *PurposeError) Error() string {
	if errors.Is(e.Err, ErrPurposeLength) {
		return fmt.Sprintf("payment: purpose: %v: %d characters, at most %d", e.Err, e.Pos, e.Max)
	}
	return fmt.Sprintf("payment: purpose: %v at position %d", e.Err, e.Pos)
}

// Unwrap returns the sentinel.
func (e *PurposeError) Unwrap() error { return e.Err }

// PurposeOptions configure CleanPurpose: a length profile and a character
// set.
type PurposeOptions struct {
	// MaxLen is the length limit in characters; 0 means PurposeSEPA (140).
	MaxLen int
	// Charset is the target character set; the zero value is CharsetSEPA.
	Charset Charset
	// Truncate cuts a cleaned text that is too long at MaxLen instead of
	// returning an error. Off by default: silent truncation can cut off
	// the Kassenzeichen the cash office matches the payment by.
	Truncate bool
}

// XBezahldienstePurpose returns the profile of the XBezahldienste purpose
// field: 27 characters of CharsetXBezahldienste, no truncation.
func XBezahldienstePurpose() *PurposeOptions {
	return &PurposeOptions{MaxLen: PurposeXBezahldienste, Charset: CharsetXBezahldienste}
}

// SEPAPurpose returns the profile of SEPA unstructured remittance
// information: 140 characters of CharsetSEPA, no truncation.
func SEPAPurpose() *PurposeOptions {
	return &PurposeOptions{MaxLen: PurposeSEPA, Charset: CharsetSEPA}
}

// transliterations of characters outside the SEPA set that have a
// conventional replacement.
var transliterations = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue", 'ß': "ss", 'ẞ': "SS",
	'æ': "ae", 'Æ': "AE", 'ø': "o", 'Ø': "O", 'œ': "oe", 'Œ': "OE", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D",
	'&': "+", ';': ",", '!': ".", '"': "'", '´': "'", '`': "'", '‘': "'", '’': "'", '„': "'", '“': "'", '”': "'",
	'–': "-", '—': "-", '#': "", '*': "", '\t': " ", '\n': " ", '\r': " ", '\u00a0': " ",
	'[': "(", ']': ")", '{': "(", '}': ")", '<': "(", '>': ")", '=': "-", '%': "", '$': "", '€': "EUR", '§': "",
	'@': "(at)",
}

func isAlnum(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// isSEPAChar reports whether r is in CharsetSEPA.
func isSEPAChar(r rune) bool {
	return isAlnum(r) || strings.ContainsRune("/-?:().,'+ ", r)
}

// allowed reports whether r is in cs.
func allowed(cs Charset, r rune) bool {
	if cs == CharsetXBezahldienste {
		return isAlnum(r) || r == '_' || r == '-' || r == ' '
	}
	return isSEPAChar(r)
}

// invalidChar returns the rune index of the first character of s outside
// cs, or -1.
func invalidChar(cs Charset, s string) int {
	i := 0
	for _, r := range s {
		if !allowed(cs, r) {
			return i
		}
		i++
	}
	return -1
}

// narrow maps a character of the SEPA set or '_' to cs: for
// CharsetXBezahldienste '/' becomes '-', the other SEPA punctuation a
// space; for CharsetSEPA '_' becomes '-'. ok is false when r has no
// mapping.
func narrow(cs Charset, r rune) (rune, bool) {
	if allowed(cs, r) {
		return r, true
	}
	switch {
	case cs == CharsetSEPA && r == '_':
		return '-', true
	case cs == CharsetXBezahldienste && r == '/':
		return '-', true
	case cs == CharsetXBezahldienste && isSEPAChar(r):
		return ' ', true
	}
	return 0, false
}

// CleanPurpose maps a Verwendungszweck to a character set and checks its
// length. German umlauts and ß are transliterated (ä → ae), accents are
// removed (é → e), common punctuation is mapped (& → +, or to a space or
// hyphen where the set has no punctuation), runs of spaces collapse and
// the ends are trimmed. A character with no mapping is an error naming its
// position; so is a result longer than the limit, unless opts.Truncate. A
// nil opts means SEPAPurpose().
func CleanPurpose(s string, opts *PurposeOptions) (string, error) {
	if opts == nil {
		opts = SEPAPurpose()
	}
	max := opts.MaxLen
	if max <= 0 {
		max = PurposeSEPA
	}
	cs := opts.Charset
	var b strings.Builder
	space := true // drop leading spaces
	emit := func(r rune) bool {
		r, ok := narrow(cs, r)
		if !ok {
			return false
		}
		if r == ' ' {
			if space {
				return true
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
		return true
	}
	pos := 0
	for _, r := range s {
		ok := false
		switch {
		case r == utf8.RuneError:
		case allowed(cs, r) || isSEPAChar(r) || r == '_':
			ok = emit(r)
		default:
			if t, found := transliterations[r]; found {
				ok = true
				for _, tr := range t {
					ok = ok && emit(tr)
				}
				break
			}
			// Decompose and drop combining marks: é → e.
			base := []rune(norm.NFD.String(string(r)))
			ok = len(base) > 0 && isSEPAChar(base[0])
			for _, m := range base[1:] {
				if !unicode.Is(unicode.Mn, m) {
					ok = false
				}
			}
			ok = ok && emit(base[0])
		}
		if !ok {
			return "", &PurposeError{Pos: pos, Max: max, Err: ErrPurposeCharset}
		}
		pos++
	}
	out := strings.TrimRight(b.String(), " ")
	if n := utf8.RuneCountInString(out); n > max {
		if !opts.Truncate {
			return "", &PurposeError{Pos: n, Max: max, Err: ErrPurposeLength}
		}
		out = strings.TrimRight(string([]rune(out)[:max]), " ")
	}
	return out, nil
}

// isDescriptionChar reports whether r may appear in an XBezahldienste
// description (pattern ^[\w\d\s-,\.\u00C0-\u017F]+$).
func isDescriptionChar(r rune) bool {
	return isAlnum(r) || r == '_' || r == '-' || r == ',' || r == '.' ||
		r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' ||
		r >= 0x00C0 && r <= 0x017F
}

// CleanDescription maps a description to the characters XBezahldienste
// allows there (letters including Latin-1 and Latin Extended-A such as ä,
// ß, é, digits, whitespace, _ - , .): other characters become a space,
// runs of spaces collapse. It fails when the result exceeds 250
// characters rather than cutting it.
func CleanDescription(s string) (string, error) {
	var b strings.Builder
	space := true
	for _, r := range s {
		if !isDescriptionChar(r) || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f' {
			r = ' '
		}
		if r == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	out := strings.TrimRight(b.String(), " ")
	if n := utf8.RuneCountInString(out); n > MaxDescriptionLen {
		return "", fmt.Errorf("payment: description: %d characters, at most %d", n, MaxDescriptionLen)
	}
	return out, nil
}
