package sepa

import (
	"errors"
	"fmt"
)

// ErrBIC is wrapped by every error ValidateBIC returns.
var ErrBIC = errors.New("sepa: invalid BIC")

// ValidateBIC checks the format of a Business Identifier Code (ISO 9362):
// 8 or 11 characters, four letters for the institution (upper case letters
// or digits since the 2014 revision), two letters for the country, two
// letters or digits for the location and optionally three for the branch.
// It checks the form only, not whether the BIC is assigned.
func ValidateBIC(s string) error {
	if len(s) != 8 && len(s) != 11 {
		return fmt.Errorf("%w: length %d, want 8 or 11", ErrBIC, len(s))
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		upper := c >= 'A' && c <= 'Z'
		digit := c >= '0' && c <= '9'
		switch {
		case i >= 4 && i < 6:
			if !upper {
				return fmt.Errorf("%w: position %d: country code must be letters", ErrBIC, i)
			}
		default:
			if !upper && !digit {
				return fmt.Errorf("%w: position %d: want A-Z or 0-9", ErrBIC, i)
			}
		}
	}
	return nil
}
