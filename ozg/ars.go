package ozg

// ARS is an Amtlicher Regionalschlüssel (official regional key): 12 digits
// naming a Gemeinde, or a shorter prefix naming a larger area.
//
//	digits  1-2   3                 4-5    6-9              10-12
//	        Land  Regierungsbezirk  Kreis  Gemeindeverband  Gemeinde
//
// Routing uses keys at every level, so an ARS has 2 (Land), 3
// (Regierungsbezirk), 5 (Kreis), 9 (Gemeindeverband) or 12 (Gemeinde) digits:
// "07", "071", "07131", "071315001", "071315001004". A 3-digit key must not
// end in 0 (Länder without Regierungsbezirke have a 0 in digit 3 of their
// longer keys; the Land key names that area).
//
// ARS is a small comparable value: use it as a map key and compare it with
// ==. The zero value means "no key"; it prints as "" and is IsZero. ParseARS
// checks the syntax only; whether a key exists in the official region
// directory is answered by Exists and LookupRegion, because keys change
// over time (mergers of Gemeinden) and a directory is always of one date.
type ARS struct {
	v uint64 // the key padded to 12 digits, times 8, plus the level; 0 for no key
}

// ParseARS parses a regional key of 2, 3, 5, 9 or 12 digits. It checks the
// syntax and the Land (01 to 16), not the region directory; see Exists and
// ParseKnownARS for that. Errors are *Error with code InvalidArgument
// wrapping a *SyntaxError that names the 1-based character position:
//
//	ozg: ARS "07a": character 3 is not a digit
//
// Parsing a valid key does not allocate.
func ParseARS(s string) (ARS, error) {
	v, l, err := parseKey("ARS", s, &arsLens)
	if err != nil {
		return ARS{}, err
	}
	return ARS{v<<3 | uint64(l)}, nil
}

// MustParseARS is like ParseARS but panics if s is not a valid key. It is
// meant for constants in programs and tests.
func MustParseARS(s string) ARS {
	a, err := ParseARS(s)
	if err != nil {
		panic(err)
	}
	return a
}

// pad returns the key padded with zeros to 12 digits.
func (a ARS) pad() uint64 { return a.v >> 3 }

// IsZero reports whether a is the zero ARS ("no key").
func (a ARS) IsZero() bool { return a.v == 0 }

// Level returns the level of the key, from its length; 0 for the zero ARS.
func (a ARS) Level() RegionLevel { return RegionLevel(a.v & 7) }

// Len returns the number of digits of the key: 2, 3, 5, 9 or 12, or 0 for
// the zero ARS.
func (a ARS) Len() int { return arsLens[a.Level()] }

// String returns the key's digits, such as "071315001", or "" for the zero
// ARS.
func (a ARS) String() string {
	if a.v == 0 {
		return ""
	}
	var buf [12]byte
	return string(appendKey(buf[:0], a.pad(), 12, a.Len()))
}

// AppendText implements encoding.TextAppender: it appends the key's digits,
// or nothing for the zero ARS.
func (a ARS) AppendText(b []byte) ([]byte, error) {
	if a.v == 0 {
		return b, nil
	}
	return appendKey(b, a.pad(), 12, a.Len()), nil
}

// MarshalText implements encoding.TextMarshaler: the key's digits, or "" for
// the zero ARS. In JSON an ARS is therefore a string such as "073150000000"
// (a number would lose the leading zero).
func (a ARS) MarshalText() ([]byte, error) {
	return a.AppendText(nil)
}

// UnmarshalText implements encoding.TextUnmarshaler with the rules of
// ParseARS; empty text gives the zero ARS.
func (a *ARS) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*a = ARS{}
		return nil
	}
	v, l, err := parseKey("ARS", b, &arsLens)
	if err != nil {
		return err
	}
	*a = ARS{v<<3 | uint64(l)}
	return nil
}

// Compare returns -1, 0 or +1 as a sorts before, equal to or after b. The
// order is that of the region directory: a region comes right before the
// regions inside it, and those come in key order. The zero ARS sorts first.
func (a ARS) Compare(b ARS) int {
	switch {
	case a.v < b.v:
		return -1
	case a.v > b.v:
		return 1
	}
	return 0
}

// Land returns the Land of the key (digits 1-2); 0 for the zero ARS.
func (a ARS) Land() Land { return Land(a.pad() / pow10[10]) }

// Regierungsbezirk returns digit 3, the Regierungsbezirk within the Land
// (0 where the Land has none), or -1 if the key is shorter.
func (a ARS) Regierungsbezirk() int { return a.part(LevelRegierungsbezirk, 9, 10) }

// Kreis returns digits 4-5, the Kreis within the Regierungsbezirk, or -1 if
// the key is shorter.
func (a ARS) Kreis() int { return a.part(LevelKreis, 7, 100) }

// Gemeindeverband returns digits 6-9, the Gemeindeverband within the Kreis,
// or -1 if the key is shorter.
func (a ARS) Gemeindeverband() int { return a.part(LevelGemeindeverband, 3, 1e4) }

// Gemeinde returns digits 10-12, the Gemeinde within the Kreis, or -1 if the
// key is shorter.
func (a ARS) Gemeinde() int { return a.part(LevelGemeinde, 0, 1e3) }

func (a ARS) part(l RegionLevel, shift int, mod uint64) int {
	if a.Level() < l {
		return -1
	}
	return int(a.pad() / pow10[shift] % mod)
}

// Parent returns the key of the next larger area: the Gemeindeverband of a
// Gemeinde, the Kreis of a Gemeindeverband, the Regierungsbezirk of a Kreis
// (or the Land if digit 3 is 0), the Land of a Regierungsbezirk; the zero ARS
// for a Land or the zero ARS. Parent works on the digits alone; the parent of
// a key in the directory is in the directory too, with one exception there:
// the Gemeindeverbände 070009999 and 130009999 (gemeindefreie Gebiete
// outside any Kreis) belong directly to their Land.
func (a ARS) Parent() ARS {
	switch a.Level() {
	case LevelGemeinde:
		p, _ := a.Prefix(LevelGemeindeverband)
		return p
	case LevelGemeindeverband:
		p, _ := a.Prefix(LevelKreis)
		return p
	case LevelKreis:
		if p, ok := a.Prefix(LevelRegierungsbezirk); ok {
			return p
		}
		p, _ := a.Prefix(LevelLand)
		return p
	case LevelRegierungsbezirk:
		p, _ := a.Prefix(LevelLand)
		return p
	}
	return ARS{}
}

// Prefix returns the key cut to level l, such as the Kreis of a Gemeinde. It
// reports false if l is not a level or is below a's level, or if l is
// LevelRegierungsbezirk and digit 3 is 0.
func (a ARS) Prefix(l RegionLevel) (ARS, bool) {
	if l < LevelLand || l > a.Level() {
		return ARS{}, false
	}
	unit := pow10[12-arsLens[l]]
	p := a.pad() / unit * unit
	if l == LevelRegierungsbezirk && p/pow10[9]%10 == 0 {
		return ARS{}, false
	}
	return ARS{p<<3 | uint64(l)}, true
}

// Contains reports whether b is a or lies within the area of a, such as a
// Gemeinde within its Kreis. The zero ARS contains nothing.
func (a ARS) Contains(b ARS) bool {
	if a.v == 0 {
		return false
	}
	p, ok := b.Prefix(a.Level())
	return ok && p == a
}

// AGS returns the Amtlicher Gemeindeschlüssel of the same area. For a
// Gemeinde the AGS is digits 1-5 and 10-12 of the ARS; for a Land,
// Regierungsbezirk or Kreis both keys have the same digits. A
// Gemeindeverband has no AGS: AGS reports false for it and for the zero ARS.
func (a ARS) AGS() (AGS, bool) {
	p := a.pad()
	switch l := a.Level(); l {
	case LevelGemeinde:
		g := p/pow10[7]*1000 + p%1000
		return AGS{uint32(g)<<3 | uint32(l)}, true
	case LevelLand, LevelRegierungsbezirk, LevelKreis:
		return AGS{uint32(p/pow10[4])<<3 | uint32(l)}, true
	}
	return AGS{}, false
}
