package ozg

import "strconv"

// Vertrauensniveau is the trust level (level of assurance) of an identity
// or of one of its attributes, as the German service accounts (BundID and
// the Länder accounts) report it. The four levels are ordered:
//
//	Basisregistrierung < niedrig < substanziell < hoch
//
// They map one to one onto the STORK QAA levels 1–4; niedrig, substanziell
// and hoch map onto the eIDAS levels of assurance low, substantial and high
// (Basisregistrierung, a self-registration with user name and password, has
// no eIDAS level).
//
// The zero value means "not known". It is below every level, AtLeast never
// reports true for it, and it encodes as the empty text.
type Vertrauensniveau uint8

// The trust levels. Their numbers equal the STORK QAA levels.
const (
	NiveauBasisregistrierung Vertrauensniveau = 1 // STORK-QAA-Level-1, no eIDAS level
	NiveauNiedrig            Vertrauensniveau = 2 // STORK-QAA-Level-2, eIDAS low
	NiveauSubstanziell       Vertrauensniveau = 3 // STORK-QAA-Level-3, eIDAS substantial
	NiveauHoch               Vertrauensniveau = 4 // STORK-QAA-Level-4, eIDAS high
)

// The eIDAS level-of-assurance URIs (Commission Implementing Regulation (EU)
// 2015/1502, SAML AuthnContextClassRef of the eIDAS nodes).
const (
	EIDASLoALow         = "http://eidas.europa.eu/LoA/low"
	EIDASLoASubstantial = "http://eidas.europa.eu/LoA/substantial"
	EIDASLoAHigh        = "http://eidas.europa.eu/LoA/high"
)

const vertrauensniveauType = "Vertrauensniveau"

// vertrauensniveauNames lists the accepted spellings per level; the first
// is the canonical one that String returns.
var vertrauensniveauNames = [...][]string{
	NiveauBasisregistrierung: {"Basisregistrierung", "UNTERGEORDNET", "STORK-QAA-Level-1"},
	NiveauNiedrig:            {"niedrig", "NORMAL", "STORK-QAA-Level-2", EIDASLoALow},
	NiveauSubstanziell:       {"substanziell", "substantiell", "STORK-QAA-Level-3", EIDASLoASubstantial},
	NiveauHoch:               {"hoch", "STORK-QAA-Level-4", EIDASLoAHigh},
}

// ParseVertrauensniveau parses a trust level from any of the vocabularies
// in use, case-insensitively:
//
//   - the German names Basisregistrierung, niedrig, substanziell (also
//     spelt substantiell, as BundID does) and hoch;
//   - the BundID per-attribute vocabulary UNTERGEORDNET, NORMAL,
//     SUBSTANTIELL, HOCH (Basisregistrierung … hoch in that order);
//   - STORK-QAA-Level-1 … STORK-QAA-Level-4;
//   - the eIDAS URIs http://eidas.europa.eu/LoA/low, …/substantial, …/high.
//
// Other text yields an *Error with code InvalidArgument wrapping a
// *SyntaxError.
func ParseVertrauensniveau(s string) (Vertrauensniveau, error) {
	for v, names := range vertrauensniveauNames {
		for _, name := range names {
			if equalFoldASCII(s, name) {
				return Vertrauensniveau(v), nil
			}
		}
	}
	return 0, syntaxError(vertrauensniveauType, s, 0, "is not a known trust level (Basisregistrierung, niedrig, substanziell, hoch, their BundID, STORK or eIDAS names)")
}

// MustParseVertrauensniveau is like ParseVertrauensniveau but panics on bad input.
func MustParseVertrauensniveau(s string) Vertrauensniveau {
	v, err := ParseVertrauensniveau(s)
	if err != nil {
		panic(err)
	}
	return v
}

// IsValid reports whether v is one of the four levels.
func (v Vertrauensniveau) IsValid() bool {
	return v >= NiveauBasisregistrierung && v <= NiveauHoch
}

// String returns the German name of the level (Basisregistrierung, niedrig,
// substanziell, hoch), "" for the zero value and "Vertrauensniveau(N)" for
// an undefined value.
func (v Vertrauensniveau) String() string {
	switch {
	case v == 0:
		return ""
	case v.IsValid():
		return vertrauensniveauNames[v][0]
	}
	return "Vertrauensniveau(" + strconv.Itoa(int(v)) + ")"
}

// STORK returns the STORK QAA level of v, "STORK-QAA-Level-1" for
// Basisregistrierung up to "STORK-QAA-Level-4" for hoch, or "" for a value
// that is not a level.
func (v Vertrauensniveau) STORK() string {
	if !v.IsValid() {
		return ""
	}
	return "STORK-QAA-Level-" + string(rune('0'+v))
}

// EIDAS returns the eIDAS level-of-assurance URI of v: EIDASLoALow for
// niedrig, EIDASLoASubstantial for substanziell, EIDASLoAHigh for hoch. It
// returns "" for Basisregistrierung, which has no eIDAS level, and for a
// value that is not a level.
func (v Vertrauensniveau) EIDAS() string {
	switch v {
	case NiveauNiedrig:
		return EIDASLoALow
	case NiveauSubstanziell:
		return EIDASLoASubstantial
	case NiveauHoch:
		return EIDASLoAHigh
	}
	return ""
}

// AtLeast reports whether v is a level and not below required. A service that
// requires substanziell checks got.AtLeast(NiveauSubstanziell). The zero
// value (not known) is never at least anything.
func (v Vertrauensniveau) AtLeast(required Vertrauensniveau) bool {
	return v.IsValid() && v >= required
}

// MarshalText encodes the level as its German name; the zero value as the
// empty text. An undefined value is an error.
func (v Vertrauensniveau) MarshalText() ([]byte, error) {
	if v == 0 {
		return []byte{}, nil
	}
	if !v.IsValid() {
		return nil, Errorf(InvalidArgument, "ozg", "Vertrauensniveau: undefined value %d", uint8(v))
	}
	return []byte(v.String()), nil
}

// UnmarshalText decodes any form ParseVertrauensniveau accepts; the empty
// text decodes to the zero value.
func (v *Vertrauensniveau) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*v = 0
		return nil
	}
	p, err := ParseVertrauensniveau(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}
