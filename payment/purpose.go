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

// ErrPurposeCharset and ErrPurposeLength are wrapped by the *PurposeError
// CleanPurpose returns.
var (
	ErrPurposeCharset = errors.New("character cannot be mapped to the SEPA character set")
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

// PurposeOptions configure CleanPurpose.
type PurposeOptions struct {
	// MaxLen is the length limit in characters; 0 means PurposeSEPA (140).
	MaxLen int
	// Truncate cuts a cleaned text that is too long at MaxLen instead of
	// returning an error. Off by default: silent truncation can cut off
	// the Kassenzeichen the cash office matches the payment by.
	Truncate bool
}

// transliterations of characters outside the SEPA set that have a
// conventional replacement.
var transliterations = map[rune]string{
	'ä': "ae", 'ö': "oe", 'ü': "ue", 'Ä': "Ae", 'Ö': "Oe", 'Ü': "Ue", 'ß': "ss", 'ẞ': "SS",
	'æ': "ae", 'Æ': "AE", 'ø': "o", 'Ø': "O", 'œ': "oe", 'Œ': "OE", 'ł': "l", 'Ł': "L", 'đ': "d", 'Đ': "D",
	'&': "+", '_': "-", ';': ",", '!': ".", '"': "'", '´': "'", '`': "'", '‘': "'", '’': "'", '„': "'", '“': "'", '”': "'",
	'–': "-", '—': "-", '#': "", '*': "", '\t': " ", '\n': " ", '\r': " ", '\u00a0': " ",
	'[': "(", ']': ")", '{': "(", '}': ")", '<': "(", '>': ")", '=': "-", '%': "", '$': "", '€': "EUR", '§': "",
	'@': "(at)",
}

// isSEPAChar reports whether r is in the EPC basic Latin character set:
// a-z A-Z 0-9 / - ? : ( ) . , ' + and space.
func isSEPAChar(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune("/-?:().,'+ ", r)
}

// invalidSEPAChar returns the rune index of the first character outside
// the SEPA set, or -1.
func invalidSEPAChar(s string) int {
	i := 0
	for _, r := range s {
		if !isSEPAChar(r) {
			return i
		}
		i++
	}
	return -1
}

// CleanPurpose maps a Verwendungszweck to the SEPA character set (EPC basic
// Latin: a-z A-Z 0-9 / - ? : ( ) . , ' + space): German umlauts and ß are
// transliterated (ä → ae), accents are removed (é → e), common punctuation
// is mapped (& → +), runs of spaces collapse and the ends are trimmed. A
// character with no mapping is an error naming its position; so is a result
// longer than the limit, unless opts.Truncate. A nil opts means the SEPA
// profile of 140 characters without truncation.
func CleanPurpose(s string, opts *PurposeOptions) (string, error) {
	max := PurposeSEPA
	trunc := false
	if opts != nil {
		if opts.MaxLen > 0 {
			max = opts.MaxLen
		}
		trunc = opts.Truncate
	}
	var b strings.Builder
	pos := 0
	space := true // drop leading spaces
	emit := func(r rune) {
		if r == ' ' {
			if space {
				return
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(r)
	}
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			return "", &PurposeError{Pos: pos, Max: max, Err: ErrPurposeCharset}
		case isSEPAChar(r):
			emit(r)
		default:
			if t, ok := transliterations[r]; ok {
				for _, tr := range t {
					emit(tr)
				}
				break
			}
			// Decompose and drop combining marks: é → e.
			d := norm.NFD.String(string(r))
			base := []rune(d)
			ok := len(base) > 0 && isSEPAChar(base[0])
			for _, m := range base[1:] {
				if !unicode.Is(unicode.Mn, m) {
					ok = false
				}
			}
			if !ok {
				return "", &PurposeError{Pos: pos, Max: max, Err: ErrPurposeCharset}
			}
			emit(base[0])
		}
		pos++
	}
	out := strings.TrimRight(b.String(), " ")
	if n := utf8.RuneCountInString(out); n > max {
		if !trunc {
			return "", &PurposeError{Pos: n, Max: max, Err: ErrPurposeLength}
		}
		out = strings.TrimRight(string([]rune(out)[:max]), " ")
	}
	return out, nil
}
