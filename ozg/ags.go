package ozg

// AGS is an Amtlicher Gemeindeschlüssel (official municipality key): 8 digits
// naming a Gemeinde, or a shorter prefix naming a larger area.
//
//	digits  1-2   3                 4-5    6-8
//	        Land  Regierungsbezirk  Kreis  Gemeinde
//
// An AGS has 2 (Land), 3 (Regierungsbezirk), 5 (Kreis) or 8 (Gemeinde)
// digits; unlike the ARS it has no Gemeindeverband level. A 3-digit key must
// not end in 0.
//
// AGS is a small comparable value: use it as a map key and compare it with
// ==. The zero value means "no key"; it prints as "" and is IsZero. ParseAGS
// checks the syntax only; Exists and ARS consult the region directory.
type AGS struct {
	v uint32 // the key padded to 8 digits, times 8, plus the level; 0 for no key
}

// ParseAGS parses a municipality key of 2, 3, 5 or 8 digits. It checks the
// syntax and the Land (01 to 16), not the region directory; see Exists and
// ParseKnownAGS for that. Errors are *Error with code InvalidArgument
// wrapping a *SyntaxError that names the 1-based character position.
// Parsing a valid key does not allocate.
func ParseAGS(s string) (AGS, error) {
	v, l, err := parseKey("AGS", s, &agsLens)
	if err != nil {
		return AGS{}, err
	}
	return AGS{uint32(v)<<3 | uint32(l)}, nil
}

// MustParseAGS is like ParseAGS but panics if s is not a valid key. It is
// meant for constants in programs and tests.
func MustParseAGS(s string) AGS {
	g, err := ParseAGS(s)
	if err != nil {
		panic(err)
	}
	return g
}

// pad returns the key padded with zeros to 8 digits.
func (g AGS) pad() uint64 { return uint64(g.v >> 3) }

// IsZero reports whether g is the zero AGS ("no key").
func (g AGS) IsZero() bool { return g.v == 0 }

// Level returns the level of the key, from its length: LevelLand,
// LevelRegierungsbezirk, LevelKreis or LevelGemeinde; 0 for the zero AGS.
func (g AGS) Level() RegionLevel { return RegionLevel(g.v & 7) }

// Len returns the number of digits of the key: 2, 3, 5 or 8, or 0 for the
// zero AGS.
func (g AGS) Len() int { return agsLens[g.Level()] }

// String returns the key's digits, such as "07131004", or "" for the zero
// AGS.
func (g AGS) String() string {
	if g.v == 0 {
		return ""
	}
	var buf [8]byte
	return string(appendKey(buf[:0], g.pad(), 8, g.Len()))
}

// AppendText implements encoding.TextAppender: it appends the key's digits,
// or nothing for the zero AGS.
func (g AGS) AppendText(b []byte) ([]byte, error) {
	if g.v == 0 {
		return b, nil
	}
	return appendKey(b, g.pad(), 8, g.Len()), nil
}

// MarshalText implements encoding.TextMarshaler: the key's digits, or "" for
// the zero AGS. In JSON an AGS is therefore a string such as "07315000".
func (g AGS) MarshalText() ([]byte, error) {
	return g.AppendText(nil)
}

// UnmarshalText implements encoding.TextUnmarshaler with the rules of
// ParseAGS; empty text gives the zero AGS.
func (g *AGS) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*g = AGS{}
		return nil
	}
	v, l, err := parseKey("AGS", b, &agsLens)
	if err != nil {
		return err
	}
	*g = AGS{uint32(v)<<3 | uint32(l)}
	return nil
}

// Compare returns -1, 0 or +1 as g sorts before, equal to or after h: a key
// comes right before the keys inside its area, and those come in key order.
// The zero AGS sorts first.
func (g AGS) Compare(h AGS) int {
	switch {
	case g.v < h.v:
		return -1
	case g.v > h.v:
		return 1
	}
	return 0
}

// Land returns the Land of the key (digits 1-2); 0 for the zero AGS.
func (g AGS) Land() Land { return Land(g.pad() / pow10[6]) }

// Regierungsbezirk returns digit 3, the Regierungsbezirk within the Land
// (0 where the Land has none), or -1 if the key is shorter.
func (g AGS) Regierungsbezirk() int { return g.part(LevelRegierungsbezirk, 5, 10) }

// Kreis returns digits 4-5, the Kreis within the Regierungsbezirk, or -1 if
// the key is shorter.
func (g AGS) Kreis() int { return g.part(LevelKreis, 3, 100) }

// Gemeinde returns digits 6-8, the Gemeinde within the Kreis, or -1 if the
// key is shorter.
func (g AGS) Gemeinde() int { return g.part(LevelGemeinde, 0, 1e3) }

func (g AGS) part(l RegionLevel, shift int, mod uint64) int {
	if g.Level() < l {
		return -1
	}
	return int(g.pad() / pow10[shift] % mod)
}

// Parent returns the key of the next larger area: the Kreis of a Gemeinde,
// the Regierungsbezirk of a Kreis (or the Land if digit 3 is 0), the Land of
// a Regierungsbezirk; the zero AGS for a Land or the zero AGS.
func (g AGS) Parent() AGS {
	switch g.Level() {
	case LevelGemeinde:
		p, _ := g.Prefix(LevelKreis)
		return p
	case LevelKreis:
		if p, ok := g.Prefix(LevelRegierungsbezirk); ok {
			return p
		}
		p, _ := g.Prefix(LevelLand)
		return p
	case LevelRegierungsbezirk:
		p, _ := g.Prefix(LevelLand)
		return p
	}
	return AGS{}
}

// Prefix returns the key cut to level l, such as the Kreis of a Gemeinde. It
// reports false if l is not a level of an AGS or is below g's level, or if l
// is LevelRegierungsbezirk and digit 3 is 0.
func (g AGS) Prefix(l RegionLevel) (AGS, bool) {
	if l < LevelLand || l > g.Level() || l == LevelGemeindeverband {
		return AGS{}, false
	}
	unit := pow10[8-agsLens[l]]
	p := g.pad() / unit * unit
	if l == LevelRegierungsbezirk && p/pow10[5]%10 == 0 {
		return AGS{}, false
	}
	return AGS{uint32(p)<<3 | uint32(l)}, true
}

// Contains reports whether h is g or lies within the area of g, such as a
// Gemeinde within its Kreis. The zero AGS contains nothing.
func (g AGS) Contains(h AGS) bool {
	if g.v == 0 {
		return false
	}
	p, ok := h.Prefix(g.Level())
	return ok && p == g
}
