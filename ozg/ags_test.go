package ozg_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func TestParseAGS(t *testing.T) {
	tests := []struct {
		in            string
		level         ozg.RegionLevel
		land          ozg.Land
		rb, kreis, gm int
		parent        string
		ars           string // "" = not in the directory
	}{
		{"07", ozg.LevelLand, ozg.RheinlandPfalz, -1, -1, -1, "", "07"},
		{"073", ozg.LevelRegierungsbezirk, ozg.RheinlandPfalz, 3, -1, -1, "07", "073"},
		{"07315", ozg.LevelKreis, ozg.RheinlandPfalz, 3, 15, -1, "073", "07315"},
		{"07315000", ozg.LevelGemeinde, ozg.RheinlandPfalz, 3, 15, 0, "07315", "073150000000"},
		{"07131004", ozg.LevelGemeinde, ozg.RheinlandPfalz, 1, 31, 4, "07131", "071315001004"},
		{"07111000", ozg.LevelGemeinde, ozg.RheinlandPfalz, 1, 11, 0, "07111", "071110000000"},
		{"11000000", ozg.LevelGemeinde, ozg.Berlin, 0, 0, 0, "11000", "110000000000"},
		{"11000", ozg.LevelKreis, ozg.Berlin, 0, 0, -1, "11", "11000"},
		{"07000999", ozg.LevelGemeinde, ozg.RheinlandPfalz, 0, 0, 999, "07000", "070009999999"},
		{"16", ozg.LevelLand, ozg.Thueringen, -1, -1, -1, "", "16"},
		// Well-formed, but no such Gemeinde.
		{"07131999", ozg.LevelGemeinde, ozg.RheinlandPfalz, 1, 31, 999, "07131", ""},
		{"16999999", ozg.LevelGemeinde, ozg.Thueringen, 9, 99, 999, "16999", ""},
	}
	for _, tt := range tests {
		g, err := ozg.ParseAGS(tt.in)
		if err != nil {
			t.Errorf("ParseAGS(%q): %v", tt.in, err)
			continue
		}
		if got := g.String(); got != tt.in {
			t.Errorf("ParseAGS(%q).String() = %q", tt.in, got)
		}
		if g.Level() != tt.level || g.Len() != len(tt.in) || g.IsZero() {
			t.Errorf("%s: level %v, len %d, want %v, %d", tt.in, g.Level(), g.Len(), tt.level, len(tt.in))
		}
		if g.Land() != tt.land || g.Regierungsbezirk() != tt.rb || g.Kreis() != tt.kreis || g.Gemeinde() != tt.gm {
			t.Errorf("%s: parts %v %d %d %d, want %v %d %d %d", tt.in, g.Land(), g.Regierungsbezirk(), g.Kreis(), g.Gemeinde(), tt.land, tt.rb, tt.kreis, tt.gm)
		}
		if got := g.Parent().String(); got != tt.parent {
			t.Errorf("%s: Parent() = %q, want %q", tt.in, got, tt.parent)
		}
		a, ok := g.ARS()
		if tt.level != ozg.LevelGemeinde {
			// Above the Gemeinde the keys coincide, whatever the directory says.
			if !ok || a.String() != tt.in {
				t.Errorf("%s: ARS() = %q, %v, want %q, true", tt.in, a, ok, tt.in)
			}
		} else if ok != (tt.ars != "") || a.String() != tt.ars {
			t.Errorf("%s: ARS() = %q, %v, want %q", tt.in, a, ok, tt.ars)
		}
		if g.Exists() != (tt.ars != "") {
			t.Errorf("%s: Exists() = %v", tt.in, g.Exists())
		}
		if ok {
			back, ok2 := a.AGS()
			if !ok2 || back != g {
				t.Errorf("%s: ARS().AGS() = %q, %v", tt.in, back, ok2)
			}
		}
		if !g.Contains(g) || g.Parent().Contains(g) != (tt.level != ozg.LevelLand) || g.Parent().Compare(g) >= 0 {
			t.Errorf("%s: Contains or Compare with itself or its parent is wrong", tt.in)
		}
		if ozg.MustParseAGS(tt.in) != g {
			t.Errorf("MustParseAGS(%q) differs", tt.in)
		}
	}
}

func TestParseAGSInvalid(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 0, `ozg: AGS "": is empty`},
		{"7", 0, `ozg: AGS "7": has 1 digit; an AGS has 2, 3, 5 or 8 digits`},
		{"0731", 0, `ozg: AGS "0731": has 4 digits; an AGS has 2, 3, 5 or 8 digits`},
		{"071315001", 0, `ozg: AGS "071315001": has 9 digits; an AGS has 2, 3, 5 or 8 digits`},
		{"073150000000", 0, `ozg: AGS "073150000000": has 12 digits; an AGS has 2, 3, 5 or 8 digits`},
		{"07a15000", 3, `ozg: AGS "07a…": character 3 is not a digit`},
		{"0731500O", 8, `ozg: AGS "0731500O": character 8 is not a digit`},
		{"00315000", 2, `ozg: AGS "00…": character 2 ends the Land part (characters 1-2) "00", which is not a Land: Länder are 01 to 16`},
		{"17", 2, `ozg: AGS "17": character 2 ends the Land part (characters 1-2) "17", which is not a Land: Länder are 01 to 16`},
		{"020", 3, `ozg: AGS "020": character 3 is 0, which means no Regierungsbezirk: use the 2-digit key of the Land`},
		{"07ß15000", 3, `ozg: AGS "07ß…": character 3 is not a digit`},
		{"€7315000", 1, `ozg: AGS "€…": character 1 is not a digit`},
	}
	for _, tt := range tests {
		g, err := ozg.ParseAGS(tt.in)
		checkKeyError(t, err, "AGS", tt.in, tt.pos, tt.msg)
		if !g.IsZero() {
			t.Errorf("ParseAGS(%q) returned %v with the error", tt.in, g)
		}
		if tt.in != "" {
			var u ozg.AGS
			checkKeyError(t, u.UnmarshalText([]byte(tt.in)), "AGS", tt.in, tt.pos, tt.msg)
		}
	}
}

func TestParseKnownAGS(t *testing.T) {
	for _, in := range []string{"07", "073", "07315", "07315000", "07131004", "02000000"} {
		if _, err := ozg.ParseKnownAGS(in); err != nil {
			t.Errorf("ParseKnownAGS(%q): %v", in, err)
		}
	}
	for _, in := range []string{"07131999", "079", "07999", "16999999"} {
		_, err := ozg.ParseKnownAGS(in)
		checkKeyError(t, err, "AGS", in, 0, `ozg: AGS "`+in+`": is not in the region directory (Gebietsstand 2023-11-30)`)
	}
	_, err := ozg.ParseKnownAGS("07a")
	checkKeyError(t, err, "AGS", "07a", 3, `ozg: AGS "07a": character 3 is not a digit`)
}

func TestAGSPrefix(t *testing.T) {
	g := ozg.MustParseAGS("07131004")
	want := map[ozg.RegionLevel]string{
		ozg.LevelLand:             "07",
		ozg.LevelRegierungsbezirk: "071",
		ozg.LevelKreis:            "07131",
		ozg.LevelGemeinde:         "07131004",
	}
	for l := ozg.RegionLevel(0); l <= 6; l++ {
		p, ok := g.Prefix(l)
		if ok != (want[l] != "") || p.String() != want[l] {
			t.Errorf("Prefix(%v) = %q, %v, want %q", l, p, ok, want[l])
		}
	}
	if p, ok := ozg.MustParseAGS("11000000").Prefix(ozg.LevelRegierungsbezirk); ok {
		t.Errorf("Berlin has Regierungsbezirk %q", p)
	}
	if ozg.MustParseAGS("071").Contains(ozg.MustParseAGS("07315000")) || !ozg.MustParseAGS("073").Contains(ozg.MustParseAGS("07315000")) {
		t.Error("Contains across Regierungsbezirke is wrong")
	}
}

func TestAGSZero(t *testing.T) {
	var g ozg.AGS
	if !g.IsZero() || g.String() != "" || g.Level() != 0 || g.Len() != 0 || g.Exists() || !g.Parent().IsZero() || g.Gemeinde() != -1 {
		t.Errorf("zero AGS: %q level %v exists %v", g, g.Level(), g.Exists())
	}
	if _, ok := g.ARS(); ok {
		t.Error("zero AGS has an ARS")
	}
	if _, ok := ozg.LookupRegionAGS(g); ok {
		t.Error("zero AGS is in the directory")
	}
	if _, ok := ozg.MustParseARS("071315001").AGS(); ok {
		t.Error("a Gemeindeverband has an AGS")
	}
}

func TestAGSJSON(t *testing.T) {
	type doc struct {
		AGS ozg.AGS `json:"ags"`
		Nil ozg.AGS `json:"nil"`
	}
	b, err := json.Marshal(doc{AGS: ozg.MustParseAGS("07315000")})
	if err != nil || string(b) != `{"ags":"07315000","nil":""}` {
		t.Errorf("json.Marshal = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal(b, &d); err != nil || d.AGS != ozg.MustParseAGS("07315000") || !d.Nil.IsZero() {
		t.Errorf("json.Unmarshal = %+v, %v", d, err)
	}
	if err := json.Unmarshal([]byte(`{"ags":"0731500"}`), &d); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("json.Unmarshal of a 7-digit AGS: %v", err)
	}
}

func TestMustParseAGSPanics(t *testing.T) {
	defer func() {
		if err, _ := recover().(error); !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("MustParseAGS panicked with %v", err)
		}
	}()
	ozg.MustParseAGS("1")
	t.Error("MustParseAGS did not panic")
}
