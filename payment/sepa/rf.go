package sepa

import (
	"errors"
	"fmt"
	"strings"
)

// ErrRF is wrapped by every error NewRF and CheckRF return.
var ErrRF = errors.New("sepa: invalid RF creditor reference")

// NewRF builds an ISO 11649 structured creditor reference ("RF" + two check
// digits + ref) from ref: 1 to 21 letters or digits; spaces are removed and
// letters upper-cased.
func NewRF(ref string) (string, error) {
	r := strings.ToUpper(strings.ReplaceAll(ref, " ", ""))
	if len(r) == 0 || len(r) > 21 {
		return "", fmt.Errorf("%w: reference must have 1 to 21 characters, has %d", ErrRF, len(r))
	}
	for i := 0; i < len(r); i++ {
		if !isAlnumUpper(r[i]) {
			return "", fmt.Errorf("%w: position %d: want A-Z or 0-9", ErrRF, i)
		}
	}
	cd := 98 - mod97(r+"RF00")
	return fmt.Sprintf("RF%02d%s", cd, r), nil
}

// CheckRF validates an ISO 11649 creditor reference in electronic form
// (spaces are ignored): "RF", two check digits, 1 to 21 letters or digits,
// mod 97 = 1.
func CheckRF(s string) error {
	r := strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(r) < 5 || len(r) > 25 {
		return fmt.Errorf("%w: length %d, want 5 to 25", ErrRF, len(r))
	}
	if r[:2] != "RF" {
		return fmt.Errorf("%w: must start with RF", ErrRF)
	}
	for i := 2; i < len(r); i++ {
		if i < 4 && (r[i] < '0' || r[i] > '9') {
			return fmt.Errorf("%w: position %d: check digit expected", ErrRF, i)
		}
		if !isAlnumUpper(r[i]) {
			return fmt.Errorf("%w: position %d: want A-Z or 0-9", ErrRF, i)
		}
	}
	if mod97(r[4:]+r[:4]) != 1 {
		return fmt.Errorf("%w: check digits do not match", ErrRF)
	}
	return nil
}

func isAlnumUpper(c byte) bool { return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' }
