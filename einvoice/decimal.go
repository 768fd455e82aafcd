package einvoice

import (
	"errors"

	"github.com/shopspring/decimal"
)

// ErrDecimal is the cause of an error for a text that is not an xsd:decimal
// (optional sign, digits, optional fraction; no exponent).
var ErrDecimal = errors.New("not a decimal number")

// ParseDecimal parses an xsd:decimal such as "-12.50" into a decimal that
// keeps the text's scale (two fraction digits for "12.50"), so FormatDecimal
// gives the text back. An exponent ("1e3"), white space inside, or an empty
// text is an error.
func ParseDecimal(s string) (decimal.Decimal, error) {
	digitsSeen, dot := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digitsSeen = true
		case c == '.' && !dot:
			dot = true
		case (c == '+' || c == '-') && i == 0:
		default:
			return decimal.Decimal{}, ErrDecimal
		}
	}
	if !digitsSeen {
		return decimal.Decimal{}, ErrDecimal
	}
	if s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	if s[0] == '+' {
		s = s[1:]
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, ErrDecimal
	}
	return d, nil
}

// FormatDecimal formats d without exponent, with as many fraction digits
// as its scale: a decimal parsed from "100.00" gives "100.00", one built
// with decimal.New(1, 3) gives "1000".
func FormatDecimal(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// Dec parses s with ParseDecimal and returns a pointer to the result; it
// panics if s is not a decimal. It is meant for literals in code and tests.
func Dec(s string) *decimal.Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic("einvoice.Dec: " + err.Error() + ": " + s)
	}
	return &d
}

// ptr returns a pointer to d.
func ptr(d decimal.Decimal) *decimal.Decimal { return &d }
