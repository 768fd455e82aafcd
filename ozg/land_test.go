package ozg_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func TestLands(t *testing.T) {
	want := []struct {
		key, name, abbrev string
		land              ozg.Land
	}{
		{"01", "Schleswig-Holstein", "SH", ozg.SchleswigHolstein},
		{"02", "Hamburg", "HH", ozg.Hamburg},
		{"03", "Niedersachsen", "NI", ozg.Niedersachsen},
		{"04", "Bremen", "HB", ozg.Bremen},
		{"05", "Nordrhein-Westfalen", "NW", ozg.NordrheinWestfalen},
		{"06", "Hessen", "HE", ozg.Hessen},
		{"07", "Rheinland-Pfalz", "RP", ozg.RheinlandPfalz},
		{"08", "Baden-Württemberg", "BW", ozg.BadenWuerttemberg},
		{"09", "Bayern", "BY", ozg.Bayern},
		{"10", "Saarland", "SL", ozg.Saarland},
		{"11", "Berlin", "BE", ozg.Berlin},
		{"12", "Brandenburg", "BB", ozg.Brandenburg},
		{"13", "Mecklenburg-Vorpommern", "MV", ozg.MecklenburgVorpommern},
		{"14", "Sachsen", "SN", ozg.Sachsen},
		{"15", "Sachsen-Anhalt", "ST", ozg.SachsenAnhalt},
		{"16", "Thüringen", "TH", ozg.Thueringen},
	}
	all := ozg.Lands()
	if len(all) != len(want) {
		t.Fatalf("%d Länder, want %d", len(all), len(want))
	}
	for i, w := range want {
		l, err := ozg.ParseLand(w.key)
		if err != nil {
			t.Errorf("ParseLand(%q): %v", w.key, err)
			continue
		}
		if l != w.land || all[i] != w.land || !l.IsValid() {
			t.Errorf("ParseLand(%q) = %d, Lands()[%d] = %d, want %d", w.key, l, i, all[i], w.land)
		}
		if l.String() != w.key || l.Name() != w.name || l.Abbrev() != w.abbrev {
			t.Errorf("Land %s: %q %q %q, want %q %q %q", w.key, l.String(), l.Name(), l.Abbrev(), w.key, w.name, w.abbrev)
		}
		if byAbbrev, ok := ozg.LandByAbbrev(w.abbrev); !ok || byAbbrev != l {
			t.Errorf("LandByAbbrev(%q) = %v, %v", w.abbrev, byAbbrev, ok)
		}
		if a := l.ARS(); a.String() != w.key || a.Level() != ozg.LevelLand || a.Land() != l {
			t.Errorf("Land %s: ARS() = %q", w.key, a)
		}
		if g := l.AGS(); g.String() != w.key || g.Level() != ozg.LevelLand || g.Land() != l {
			t.Errorf("Land %s: AGS() = %q", w.key, g)
		}
		// The directory agrees on the names.
		r, ok := ozg.LookupRegion(l.ARS())
		if !ok || r.Name != w.name {
			t.Errorf("directory entry of Land %s: %q, %v, want %q", w.key, r.Name, ok, w.name)
		}
	}
	if l, ok := ozg.LandByAbbrev("rp"); !ok || l != ozg.RheinlandPfalz {
		t.Errorf(`LandByAbbrev("rp") = %v, %v`, l, ok)
	}
	for _, bad := range []string{"", "R", "RPX", "XX", "DE", "r\x00", "Rß"} {
		if l, ok := ozg.LandByAbbrev(bad); ok {
			t.Errorf("LandByAbbrev(%q) = %v, true", bad, l)
		}
	}
}

func TestParseLandInvalid(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 0, `ozg: Land "": is empty`},
		{"7", 0, `ozg: Land "7": has 1 digit; a Land key has 2 digits`},
		{"017", 0, `ozg: Land "017": has 3 digits; a Land key has 2 digits`},
		{"00", 2, `ozg: Land "00": character 2 ends the Land part (characters 1-2) "00", which is not a Land: Länder are 01 to 16`},
		{"17", 2, `ozg: Land "17": character 2 ends the Land part (characters 1-2) "17", which is not a Land: Länder are 01 to 16`},
		{"99", 2, `ozg: Land "99": character 2 ends the Land part (characters 1-2) "99", which is not a Land: Länder are 01 to 16`},
		{"RP", 1, `ozg: Land "R…": character 1 is not a digit`},
		{"0x", 2, `ozg: Land "0x": character 2 is not a digit`},
		{"07 ", 3, `ozg: Land "07 ": character 3 is not a digit`},
		{"ü7", 1, `ozg: Land "ü…": character 1 is not a digit`},
	}
	for _, tt := range tests {
		l, err := ozg.ParseLand(tt.in)
		checkKeyError(t, err, "Land", tt.in, tt.pos, tt.msg)
		if l != 0 {
			t.Errorf("ParseLand(%q) returned %v with the error", tt.in, l)
		}
		if tt.in != "" {
			var u ozg.Land
			checkKeyError(t, u.UnmarshalText([]byte(tt.in)), "Land", tt.in, tt.pos, tt.msg)
		}
	}
}

func TestLandInvalidValues(t *testing.T) {
	for _, l := range []ozg.Land{0, 17, 255} {
		if l.IsValid() || l.Name() != "" || l.Abbrev() != "" || !l.ARS().IsZero() || !l.AGS().IsZero() {
			t.Errorf("Land(%d) looks valid", l)
		}
	}
	if s := ozg.Land(0).String(); s != "" {
		t.Errorf("Land(0).String() = %q", s)
	}
	if s := ozg.Land(17).String(); s != "Land(17)" {
		t.Errorf("Land(17).String() = %q", s)
	}
	if _, err := ozg.Land(17).MarshalText(); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("Land(17).MarshalText: %v", err)
	}
}

func TestLandJSON(t *testing.T) {
	type doc struct {
		Land ozg.Land `json:"land"`
		None ozg.Land `json:"none"`
	}
	b, err := json.Marshal(doc{Land: ozg.Bayern})
	if err != nil || string(b) != `{"land":"09","none":""}` {
		t.Fatalf("json.Marshal = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal(b, &d); err != nil || d.Land != ozg.Bayern || d.None != 0 {
		t.Errorf("json.Unmarshal = %+v, %v", d, err)
	}
	if err := json.Unmarshal([]byte(`{"land":"17"}`), &d); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("json.Unmarshal of Land 17: %v", err)
	}
}

func TestMustParseLandPanics(t *testing.T) {
	defer func() {
		if err, _ := recover().(error); !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("MustParseLand panicked with %v", err)
		}
	}()
	ozg.MustParseLand("17")
	t.Error("MustParseLand did not panic")
}
