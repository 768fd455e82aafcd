package sepa

import (
	"errors"
	"fmt"
	"strings"
)

// ibanLengths is the length of an IBAN per country code, from the SWIFT IBAN
// registry (ISO 13616).
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
	"BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
	"DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
	"FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
	"GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
	"LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
	"MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
	"PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
	"YE": 30,
}

// IBANLength reports the length of an IBAN of the given ISO 3166-1 alpha-2
// country code, and whether the country is in the IBAN registry.
func IBANLength(country string) (int, bool) {
	n, ok := ibanLengths[country]
	return n, ok
}

// The ways an IBAN can be wrong. ParseIBAN returns them wrapped in an
// *IBANError, so errors.Is works.
var (
	ErrIBANCharacter = errors.New("character not allowed")
	ErrIBANCountry   = errors.New("country not in the IBAN registry")
	ErrIBANLength    = errors.New("wrong length for the country")
	ErrIBANChecksum  = errors.New("check digits do not match (ISO 7064 mod 97-10)")
)

// IBANError reports why a string is not a valid IBAN. It never contains the
// IBAN itself (an account number is personal data), only the position.
type IBANError struct {
	Pos int   // byte offset in the electronic form (without spaces), or -1
	Err error // one of the ErrIBAN* sentinels
}

// Error names the reason and position, never the IBAN.
func (e *IBANError) Error() string {
	if e.Pos >= 0 {
		return fmt.Sprintf("sepa: IBAN: %v at position %d", e.Err, e.Pos)
	}
	return "sepa: IBAN: " + e.Err.Error()
}

// Unwrap returns the sentinel.
func (e *IBANError) Unwrap() error { return e.Err }

// IBAN is a validated International Bank Account Number in its electronic
// form: upper case, without spaces. The zero value is not a valid IBAN.
type IBAN string

// ParseIBAN validates s as an IBAN (ISO 13616): it removes spaces, upper-cases
// letters, checks the characters, the country's length and the mod 97 check
// digits.
func ParseIBAN(s string) (IBAN, error) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
			continue
		case c >= 'a' && c <= 'z':
			c -= 'a' - 'A'
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		default:
			return "", &IBANError{Pos: b.Len(), Err: ErrIBANCharacter}
		}
		b.WriteByte(c)
	}
	e := b.String()
	if len(e) < 4 {
		return "", &IBANError{Pos: -1, Err: ErrIBANLength}
	}
	for i := 0; i < 2; i++ {
		if e[i] < 'A' || e[i] > 'Z' {
			return "", &IBANError{Pos: i, Err: ErrIBANCharacter}
		}
		if e[i+2] < '0' || e[i+2] > '9' {
			return "", &IBANError{Pos: i + 2, Err: ErrIBANCharacter}
		}
	}
	n, ok := ibanLengths[e[:2]]
	if !ok {
		return "", &IBANError{Pos: 0, Err: ErrIBANCountry}
	}
	if len(e) != n {
		return "", &IBANError{Pos: -1, Err: ErrIBANLength}
	}
	if mod97(e[4:]+e[:4]) != 1 {
		return "", &IBANError{Pos: 2, Err: ErrIBANChecksum}
	}
	return IBAN(e), nil
}

// mod97 computes the ISO 7064 mod 97-10 remainder of s, where letters count
// as two digits (A = 10 … Z = 35). s holds only 0-9 and A-Z.
func mod97(s string) int {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			v := int(c-'A') + 10
			r = (r*100 + v) % 97
		} else {
			r = (r*10 + int(c-'0')) % 97
		}
	}
	return r
}

// String returns the electronic form, e.g. "DE89370400440532013000".
func (i IBAN) String() string { return string(i) }

// Country returns the ISO 3166-1 alpha-2 country code.
func (i IBAN) Country() string {
	if len(i) < 2 {
		return ""
	}
	return string(i[:2])
}

// Format returns the paper form in groups of four characters separated by
// spaces, e.g. "DE89 3704 0044 0532 0130 00".
func (i IBAN) Format() string {
	var b strings.Builder
	for k := 0; k < len(i); k++ {
		if k > 0 && k%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteByte(i[k])
	}
	return b.String()
}
