package ozg

import "strconv"

// Land is one of the 16 German Länder (federal states), identified by its
// two-digit key, the first two digits of every ARS and AGS. The zero value
// means "no Land".
type Land uint8

// The Länder in the order of their keys.
const (
	SchleswigHolstein     Land = 1  // 01 Schleswig-Holstein (SH)
	Hamburg               Land = 2  // 02 Hamburg (HH)
	Niedersachsen         Land = 3  // 03 Niedersachsen (NI)
	Bremen                Land = 4  // 04 Bremen (HB)
	NordrheinWestfalen    Land = 5  // 05 Nordrhein-Westfalen (NW)
	Hessen                Land = 6  // 06 Hessen (HE)
	RheinlandPfalz        Land = 7  // 07 Rheinland-Pfalz (RP)
	BadenWuerttemberg     Land = 8  // 08 Baden-Württemberg (BW)
	Bayern                Land = 9  // 09 Bayern (BY)
	Saarland              Land = 10 // 10 Saarland (SL)
	Berlin                Land = 11 // 11 Berlin (BE)
	Brandenburg           Land = 12 // 12 Brandenburg (BB)
	MecklenburgVorpommern Land = 13 // 13 Mecklenburg-Vorpommern (MV)
	Sachsen               Land = 14 // 14 Sachsen (SN)
	SachsenAnhalt         Land = 15 // 15 Sachsen-Anhalt (ST)
	Thueringen            Land = 16 // 16 Thüringen (TH)
)

var landNames = [...]string{"",
	"Schleswig-Holstein", "Hamburg", "Niedersachsen", "Bremen", "Nordrhein-Westfalen",
	"Hessen", "Rheinland-Pfalz", "Baden-Württemberg", "Bayern", "Saarland", "Berlin",
	"Brandenburg", "Mecklenburg-Vorpommern", "Sachsen", "Sachsen-Anhalt", "Thüringen",
}

// landAbbrevs are the two-letter abbreviations of the Länder used by the
// federal administration (ISO 3166-2:DE without the "DE-" prefix).
var landAbbrevs = [...]string{"",
	"SH", "HH", "NI", "HB", "NW", "HE", "RP", "BW", "BY", "SL", "BE", "BB", "MV", "SN", "ST", "TH",
}

// landKeys are the two-digit keys, so that String does not allocate.
const landKeys = "000102030405060708091011121314151617"

// Lands returns the 16 Länder in the order of their keys.
func Lands() [16]Land {
	var ls [16]Land
	for i := range ls {
		ls[i] = Land(i + 1)
	}
	return ls
}

// ParseLand parses the two-digit key of a Land, "01" to "16". Errors are
// *Error with code InvalidArgument wrapping a *SyntaxError.
func ParseLand(s string) (Land, error) {
	return parseLand(s)
}

func parseLand[T string | []byte](s T) (Land, error) {
	if len(s) == 0 {
		return 0, syntaxError("Land", "", 0, "is empty")
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, syntaxError("Land", string(s), runePos(s, i), "is not a digit")
		}
		if i == 1 {
			if l := Land((s[0]-'0')*10 + s[1] - '0'); !l.IsValid() {
				return 0, unknownLand("Land", string(s))
			}
		}
	}
	if len(s) != 2 {
		return 0, syntaxError("Land", string(s), 0, "has "+digitCount(len(s))+"; a Land key has 2 digits")
	}
	return Land((s[0]-'0')*10 + s[1] - '0'), nil
}

// MustParseLand is like ParseLand but panics if s is not a Land key. It is
// meant for constants in programs and tests.
func MustParseLand(s string) Land {
	l, err := ParseLand(s)
	if err != nil {
		panic(err)
	}
	return l
}

// LandByAbbrev returns the Land with the two-letter abbreviation abbrev
// ("SH", "HH", "NI", "HB", "NW", "HE", "RP", "BW", "BY", "SL", "BE", "BB",
// "MV", "SN", "ST", "TH"; case-insensitive), and whether there is one.
func LandByAbbrev(abbrev string) (Land, bool) {
	if len(abbrev) != 2 {
		return 0, false
	}
	a, b := abbrev[0]&^0x20, abbrev[1]&^0x20 // ASCII upper case
	for l := SchleswigHolstein; l <= Thueringen; l++ {
		if x := landAbbrevs[l]; x[0] == a && x[1] == b {
			return l, true
		}
	}
	return 0, false
}

// IsValid reports whether l is one of the 16 Länder.
func (l Land) IsValid() bool { return l >= SchleswigHolstein && l <= Thueringen }

// String returns the two-digit key of the Land, such as "07"; "" for the zero
// value and "Land(N)" for a value that is not a Land.
func (l Land) String() string {
	switch {
	case l == 0:
		return ""
	case l.IsValid():
		return landKeys[2*l : 2*l+2]
	}
	return "Land(" + strconv.Itoa(int(l)) + ")"
}

// Name returns the official name of the Land, such as "Rheinland-Pfalz", or
// "" if l is not a Land.
func (l Land) Name() string {
	if !l.IsValid() {
		return ""
	}
	return landNames[l]
}

// Abbrev returns the two-letter abbreviation of the Land, such as "RP", or ""
// if l is not a Land.
func (l Land) Abbrev() string {
	if !l.IsValid() {
		return ""
	}
	return landAbbrevs[l]
}

// ARS returns the Land's regional key at level Land (the zero ARS if l is not
// a Land).
func (l Land) ARS() ARS {
	if !l.IsValid() {
		return ARS{}
	}
	return ARS{uint64(l)*pow10[10]<<3 | uint64(LevelLand)}
}

// AGS returns the Land's municipality key at level Land (the zero AGS if l is
// not a Land).
func (l Land) AGS() AGS {
	if !l.IsValid() {
		return AGS{}
	}
	return AGS{uint32(l)*uint32(pow10[6])<<3 | uint32(LevelLand)}
}

// AppendText implements encoding.TextAppender: it appends the key, or
// nothing for the zero value.
func (l Land) AppendText(b []byte) ([]byte, error) {
	if l == 0 {
		return b, nil
	}
	if !l.IsValid() {
		return b, Errorf(InvalidArgument, "ozg", "Land %d is not a Land", int(l))
	}
	return append(b, landKeys[2*l:2*l+2]...), nil
}

// MarshalText implements encoding.TextMarshaler: the two-digit key, or ""
// for the zero value. In JSON a Land is therefore a string such as "07".
func (l Land) MarshalText() ([]byte, error) {
	return l.AppendText(nil)
}

// UnmarshalText implements encoding.TextUnmarshaler with ParseLand; empty
// text gives the zero value.
func (l *Land) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*l = 0
		return nil
	}
	v, err := parseLand(b)
	if err != nil {
		return err
	}
	*l = v
	return nil
}
