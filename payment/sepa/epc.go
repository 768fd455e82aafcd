package sepa

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

// MaxEPCPayload is the largest EPC QR payload in bytes (EPC069-12).
const MaxEPCPayload = 331

// The EPC069-12 versions.
const (
	EPCVersion1 = "001" // BIC mandatory
	EPCVersion2 = "002" // BIC optional inside the EEA
)

// ErrEPC is wrapped by every error of building or parsing an EPC QR payload.
var ErrEPC = errors.New("sepa: invalid EPC QR payload")

// EPCError names the element of an EPC QR payload that is wrong. Field is
// the element's name in EPC069-12 ("BIC", "Name", "Amount", ...) and Line its
// 1-based line in the payload (0 when building).
type EPCError struct {
	Field string
	Line  int
	Err   error
}

// Error names the element, its line when parsing, and the cause.
func (e *EPCError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("sepa: EPC QR line %d (%s): %v", e.Line, e.Field, e.Err)
	}
	return fmt.Sprintf("sepa: EPC QR %s: %v", e.Field, e.Err)
}

// Unwrap returns the cause and ErrEPC.
func (e *EPCError) Unwrap() []error { return []error{e.Err, ErrEPC} }

// EPC is the content of an EPC QR code ("GiroCode", EPC069-12): a SEPA
// credit transfer a banking app can fill in by scanning. Reference and Text
// are mutually exclusive.
type EPC struct {
	Version      string          // "001" or "002"; "" means "002"
	CharacterSet int             // 1 UTF-8, 2 ISO 8859-1, 3 8859-2, 4 8859-4, 5 8859-5, 6 8859-7, 7 8859-10, 8 8859-15; 0 means 1
	BIC          string          // beneficiary's BIC; required in version 001
	Name         string          // beneficiary's name, 1 to 70 characters
	IBAN         string          // beneficiary's IBAN
	Amount       decimal.Decimal // EUR 0.01 to 999999999.99; zero leaves the amount to the payer
	Purpose      string          // ISO 20022 purpose code, 4 letters (optional)
	Reference    string          // RF creditor reference (ISO 11649), up to 35 characters
	Text         string          // unstructured remittance information (Verwendungszweck), up to 140 characters
	Information  string          // note to the payer, up to 70 characters
}

var charsets = map[int]encoding.Encoding{
	2: charmap.ISO8859_1,
	3: charmap.ISO8859_2,
	4: charmap.ISO8859_4,
	5: charmap.ISO8859_5,
	6: charmap.ISO8859_7,
	7: charmap.ISO8859_10,
	8: charmap.ISO8859_15,
}

var maxAmount = decimal.RequireFromString("999999999.99")

func epcErr(field string, line int, format string, args ...any) error {
	return &EPCError{Field: field, Line: line, Err: fmt.Errorf(format, args...)}
}

// check validates e; line numbers are 0 (building).
func (e *EPC) check(line func(int) int) error {
	v := e.Version
	if v == "" {
		v = EPCVersion2
	}
	if v != EPCVersion1 && v != EPCVersion2 {
		return epcErr("Version", line(2), "want 001 or 002")
	}
	cs := e.CharacterSet
	if cs == 0 {
		cs = 1
	}
	if cs < 1 || cs > 8 {
		return epcErr("CharacterSet", line(3), "want 1 to 8, got %d", cs)
	}
	if e.BIC == "" {
		if v == EPCVersion1 {
			return epcErr("BIC", line(5), "required in version 001")
		}
	} else if err := ValidateBIC(e.BIC); err != nil {
		return &EPCError{Field: "BIC", Line: line(5), Err: err}
	}
	if n := utf8.RuneCountInString(e.Name); n == 0 || n > 70 {
		return epcErr("Name", line(6), "want 1 to 70 characters, got %d", n)
	}
	if _, err := ParseIBAN(e.IBAN); err != nil || strings.ContainsRune(e.IBAN, ' ') {
		if err == nil {
			err = errors.New("IBAN must be in electronic form without spaces")
		}
		return &EPCError{Field: "IBAN", Line: line(7), Err: err}
	}
	if !e.Amount.IsZero() {
		if e.Amount.LessThan(decimal.New(1, -2)) || e.Amount.GreaterThan(maxAmount) {
			return epcErr("Amount", line(8), "want 0.01 to 999999999.99")
		}
		if e.Amount.Exponent() < -2 && !e.Amount.Equal(e.Amount.Truncate(2)) {
			return epcErr("Amount", line(8), "more than two fraction digits")
		}
	}
	if e.Purpose != "" {
		if len(e.Purpose) != 4 {
			return epcErr("Purpose", line(9), "want 4 characters")
		}
		for i := 0; i < 4; i++ {
			if !isAlnumUpper(e.Purpose[i]) {
				return epcErr("Purpose", line(9), "want A-Z or 0-9")
			}
		}
	}
	if e.Reference != "" && e.Text != "" {
		return epcErr("Reference", line(10), "structured reference and text are mutually exclusive")
	}
	if e.Reference != "" {
		if len(e.Reference) > 35 {
			return epcErr("Reference", line(10), "more than 35 characters")
		}
		if strings.HasPrefix(strings.ToUpper(e.Reference), "RF") {
			if err := CheckRF(e.Reference); err != nil {
				return &EPCError{Field: "Reference", Line: line(10), Err: err}
			}
		}
	}
	if n := utf8.RuneCountInString(e.Text); n > 140 {
		return epcErr("Text", line(11), "%d characters, at most 140", n)
	}
	if n := utf8.RuneCountInString(e.Information); n > 70 {
		return epcErr("Information", line(12), "%d characters, at most 70", n)
	}
	for _, f := range []struct {
		name string
		line int
		s    string
	}{{"Name", 6, e.Name}, {"Reference", 10, e.Reference}, {"Text", 11, e.Text}, {"Information", 12, e.Information}} {
		if !utf8.ValidString(f.s) {
			return epcErr(f.name, line(f.line), "not valid UTF-8")
		}
		if strings.ContainsAny(f.s, "\r\n") {
			return epcErr(f.name, line(f.line), "contains a line break")
		}
	}
	return nil
}

// Payload validates e and returns the EPC QR payload, lines separated by
// LF, encoded in e's character set, without a line break after the last
// populated element. It fails when an element breaks a rule of EPC069-12,
// when a character cannot be encoded in the character set, or when the
// payload exceeds 331 bytes.
func (e *EPC) Payload() ([]byte, error) {
	if err := e.check(func(int) int { return 0 }); err != nil {
		return nil, err
	}
	v := e.Version
	if v == "" {
		v = EPCVersion2
	}
	cs := e.CharacterSet
	if cs == 0 {
		cs = 1
	}
	amount := ""
	if !e.Amount.IsZero() {
		amount = "EUR" + e.Amount.StringFixed(2)
	}
	lines := []string{"BCD", v, fmt.Sprint(cs), "SCT", e.BIC, e.Name, e.IBAN, amount, e.Purpose, e.Reference, e.Text, e.Information}
	for len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	s := strings.Join(lines, "\n")
	var out []byte
	if enc, ok := charsets[cs]; ok {
		b, err := enc.NewEncoder().Bytes([]byte(s))
		if err != nil {
			return nil, epcErr("CharacterSet", 0, "a character cannot be encoded in character set %d", cs)
		}
		out = b
	} else {
		out = []byte(s)
	}
	if len(out) > MaxEPCPayload {
		return nil, epcErr("Payload", 0, "%d bytes, at most %d", len(out), MaxEPCPayload)
	}
	return out, nil
}

// ParseEPC parses and validates an EPC QR payload. Lines may end in LF or
// CR LF; one trailing line break is tolerated. The text elements are
// decoded from the payload's character set into UTF-8.
func ParseEPC(payload []byte) (*EPC, error) {
	if len(payload) > MaxEPCPayload {
		return nil, epcErr("Payload", 0, "%d bytes, at most %d", len(payload), MaxEPCPayload)
	}
	if len(payload) < 3 || string(payload[:3]) != "BCD" {
		return nil, epcErr("ServiceTag", 1, "want BCD")
	}
	raw := payload
	if bytes.HasSuffix(raw, []byte("\n")) {
		raw = bytes.TrimSuffix(bytes.TrimSuffix(raw, []byte("\n")), []byte("\r"))
	}
	// The character set is on line 3, before any non-ASCII content.
	parts := bytes.Split(raw, []byte("\n"))
	for i := range parts {
		parts[i] = bytes.TrimSuffix(parts[i], []byte("\r"))
	}
	if len(parts) > 12 {
		return nil, epcErr("Payload", 13, "more than 12 lines")
	}
	if len(parts) < 7 {
		return nil, epcErr("Payload", len(parts)+1, "fewer than 7 lines (BCD to IBAN are required)")
	}
	if string(parts[0]) != "BCD" {
		return nil, epcErr("ServiceTag", 1, "want BCD")
	}
	e := &EPC{Version: string(parts[1])}
	if len(parts[2]) != 1 || parts[2][0] < '1' || parts[2][0] > '8' {
		return nil, epcErr("CharacterSet", 3, "want a digit 1 to 8")
	}
	e.CharacterSet = int(parts[2][0] - '0')
	if string(parts[3]) != "SCT" {
		return nil, epcErr("Identification", 4, "want SCT")
	}
	dec := func(b []byte, line int, field string) (string, error) {
		text := string(b)
		if enc, ok := charsets[e.CharacterSet]; ok {
			d, err := enc.NewDecoder().Bytes(b)
			if err != nil {
				return "", epcErr(field, line, "cannot decode character set %d", e.CharacterSet)
			}
			text = string(d)
		} else if !utf8.Valid(b) {
			return "", epcErr(field, line, "not valid UTF-8")
		}
		// Control characters (C0, C1) and bytes the character set does
		// not define carry no text; a payload with them cannot be
		// written back in its own character set.
		for i, r := range []rune(text) {
			if r == utf8.RuneError || unicode.IsControl(r) {
				return "", epcErr(field, line, "character %d (%U) is not allowed", i+1, r)
			}
		}
		return text, nil
	}
	get := func(i int) []byte {
		if i < len(parts) {
			return parts[i]
		}
		return nil
	}
	var err error
	e.BIC = string(get(4))
	if e.Name, err = dec(get(5), 6, "Name"); err != nil {
		return nil, err
	}
	e.IBAN = string(get(6))
	if a := string(get(7)); a != "" {
		if !strings.HasPrefix(a, "EUR") {
			return nil, epcErr("Amount", 8, "want EUR followed by the amount")
		}
		num := a[3:]
		if !validAmountSyntax(num) {
			return nil, epcErr("Amount", 8, "want digits with at most two fraction digits after a dot")
		}
		d, err := decimal.NewFromString(num)
		if err != nil {
			return nil, epcErr("Amount", 8, "not a number")
		}
		if d.IsZero() {
			return nil, epcErr("Amount", 8, "want 0.01 to 999999999.99")
		}
		e.Amount = d
	}
	e.Purpose = string(get(8))
	if e.Reference, err = dec(get(9), 10, "Reference"); err != nil {
		return nil, err
	}
	if e.Text, err = dec(get(10), 11, "Text"); err != nil {
		return nil, err
	}
	if e.Information, err = dec(get(11), 12, "Information"); err != nil {
		return nil, err
	}
	if err := e.check(func(n int) int { return n }); err != nil {
		return nil, err
	}
	return e, nil
}

// validAmountSyntax accepts "12", "12.3", "12.30", ".5" is refused.
func validAmountSyntax(s string) bool {
	intPart, frac, hasDot := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 9 {
		return false
	}
	if hasDot && (len(frac) == 0 || len(frac) > 2) {
		return false
	}
	for _, p := range []string{intPart, frac} {
		for i := 0; i < len(p); i++ {
			if p[i] < '0' || p[i] > '9' {
				return false
			}
		}
	}
	return true
}
