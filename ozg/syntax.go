package ozg

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// SyntaxError reports why a text is not a valid value of one of the
// identifier types of this package. Parse functions return it wrapped in an
// *Error with code InvalidArgument, so both
//
//	errors.Is(err, ozg.ErrInvalidArgument)
//	errors.As(err, new(*ozg.SyntaxError))
//
// work. Its message names the type, the input (cut after the offending
// character), the 1-based character position and the rule.
type SyntaxError struct {
	Type   string // the identifier type, e.g. "ARS" or "Leistungsschlüssel"
	Input  string // the input as given
	Pos    int    // 1-based character position of the fault; 0 if the input as a whole is at fault
	Reason string // the rule that is violated, e.g. "is not a digit"
}

// maxQuoted is how many characters of an input an error message shows.
const maxQuoted = 32

// Error formats the error as `TYPE "INPUT": character POS REASON` or, when
// Pos is 0, `TYPE "INPUT": REASON`.
func (e *SyntaxError) Error() string {
	var b strings.Builder
	b.WriteString(e.Type)
	b.WriteByte(' ')
	b.WriteString(quoteCut(e.Input, e.Pos))
	b.WriteString(": ")
	if e.Pos > 0 {
		b.WriteString("character ")
		b.WriteString(strconv.Itoa(e.Pos))
		b.WriteByte(' ')
	}
	b.WriteString(e.Reason)
	return b.String()
}

// quoteCut quotes s, cut after character pos (or after maxQuoted characters
// when pos is 0) with an ellipsis marking the cut, so the offending character
// is always the last one shown.
func quoteCut(s string, pos int) string {
	limit := maxQuoted
	if pos > 0 {
		limit = pos
	}
	if utf8.RuneCountInString(s) <= limit {
		return strconv.Quote(s)
	}
	n := 0
	for i := range s {
		if n == limit {
			return strconv.Quote(s[:i] + "…")
		}
		n++
	}
	return strconv.Quote(s)
}

// syntaxError builds the *Error returned by the parse functions.
func syntaxError(typ, input string, pos int, reason string) error {
	return &Error{Code: InvalidArgument, Op: "ozg", Err: &SyntaxError{Type: typ, Input: input, Pos: pos, Reason: reason}}
}
