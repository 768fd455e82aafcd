package ozg_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// checkKeyError checks that err is the *Error with code InvalidArgument that
// the parse functions return, wrapping a *SyntaxError of type typ for input
// with position pos, and that its message is msg.
func checkKeyError(t *testing.T, err error, typ, input string, pos int, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s %q: got no error, want %q", typ, input, msg)
	}
	if got := err.Error(); got != msg {
		t.Errorf("%s %q: error %q, want %q", typ, input, got, msg)
	}
	if !errors.Is(err, ozg.ErrInvalidArgument) || ozg.CodeOf(err) != ozg.InvalidArgument {
		t.Errorf("%s %q: error %v is not InvalidArgument (code %v)", typ, input, err, ozg.CodeOf(err))
	}
	var e *ozg.Error
	if !errors.As(err, &e) {
		t.Errorf("%s %q: error %T is not an *ozg.Error", typ, input, err)
	}
	var se *ozg.SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("%s %q: error %T does not wrap a *SyntaxError", typ, input, err)
	}
	if se.Type != typ || se.Input != input || se.Pos != pos {
		t.Errorf("%s %q: SyntaxError{Type: %q, Input: %q, Pos: %d}, want {%q, %q, %d}", typ, input, se.Type, se.Input, se.Pos, typ, input, pos)
	}
}

func TestParseARS(t *testing.T) {
	tests := []struct {
		in                 string
		level              ozg.RegionLevel
		land               ozg.Land
		rb, kreis, gv, gem int
		parent             string
		ags                string // "" = no AGS form
		exists             bool
	}{
		{"07", ozg.LevelLand, ozg.RheinlandPfalz, -1, -1, -1, -1, "", "07", true},
		{"01", ozg.LevelLand, ozg.SchleswigHolstein, -1, -1, -1, -1, "", "01", true},
		{"16", ozg.LevelLand, ozg.Thueringen, -1, -1, -1, -1, "", "16", true},
		{"071", ozg.LevelRegierungsbezirk, ozg.RheinlandPfalz, 1, -1, -1, -1, "07", "071", true},
		{"07131", ozg.LevelKreis, ozg.RheinlandPfalz, 1, 31, -1, -1, "071", "07131", true},
		{"071315001", ozg.LevelGemeindeverband, ozg.RheinlandPfalz, 1, 31, 5001, -1, "07131", "", true},
		{"071315001004", ozg.LevelGemeinde, ozg.RheinlandPfalz, 1, 31, 5001, 4, "071315001", "07131004", true},
		{"073150000000", ozg.LevelGemeinde, ozg.RheinlandPfalz, 3, 15, 0, 0, "073150000", "07315000", true},
		{"07315", ozg.LevelKreis, ozg.RheinlandPfalz, 3, 15, -1, -1, "073", "07315", true},
		// Länder without Regierungsbezirke: the parent of a Kreis is the Land.
		{"11000", ozg.LevelKreis, ozg.Berlin, 0, 0, -1, -1, "11", "11000", true},
		{"110000000000", ozg.LevelGemeinde, ozg.Berlin, 0, 0, 0, 0, "110000000", "11000000", true},
		{"02000", ozg.LevelKreis, ozg.Hamburg, 0, 0, -1, -1, "02", "02000", true},
		{"010515163016", ozg.LevelGemeinde, ozg.SchleswigHolstein, 0, 51, 5163, 16, "010515163", "01051016", true},
		// Well-formed, but not in the directory.
		{"169999999999", ozg.LevelGemeinde, ozg.Thueringen, 9, 99, 9999, 999, "169999999", "16999999", false},
		{"071315001999", ozg.LevelGemeinde, ozg.RheinlandPfalz, 1, 31, 5001, 999, "071315001", "07131999", false},
		{"07999", ozg.LevelKreis, ozg.RheinlandPfalz, 9, 99, -1, -1, "079", "07999", false},
		{"079", ozg.LevelRegierungsbezirk, ozg.RheinlandPfalz, 9, -1, -1, -1, "07", "079", false},
	}
	for _, tt := range tests {
		a, err := ozg.ParseARS(tt.in)
		if err != nil {
			t.Errorf("ParseARS(%q): %v", tt.in, err)
			continue
		}
		if got := a.String(); got != tt.in {
			t.Errorf("ParseARS(%q).String() = %q", tt.in, got)
		}
		if a.Level() != tt.level || a.Len() != len(tt.in) {
			t.Errorf("%s: level %v, len %d, want %v, %d", tt.in, a.Level(), a.Len(), tt.level, len(tt.in))
		}
		if a.Land() != tt.land || a.Regierungsbezirk() != tt.rb || a.Kreis() != tt.kreis || a.Gemeindeverband() != tt.gv || a.Gemeinde() != tt.gem {
			t.Errorf("%s: parts %v %d %d %d %d, want %v %d %d %d %d", tt.in,
				a.Land(), a.Regierungsbezirk(), a.Kreis(), a.Gemeindeverband(), a.Gemeinde(),
				tt.land, tt.rb, tt.kreis, tt.gv, tt.gem)
		}
		if got := a.Parent().String(); got != tt.parent {
			t.Errorf("%s: Parent() = %q, want %q", tt.in, got, tt.parent)
		}
		g, ok := a.AGS()
		if ok != (tt.ags != "") || g.String() != tt.ags {
			t.Errorf("%s: AGS() = %q, %v, want %q", tt.in, g, ok, tt.ags)
		}
		if a.Exists() != tt.exists {
			t.Errorf("%s: Exists() = %v, want %v", tt.in, a.Exists(), tt.exists)
		}
		if a.IsZero() {
			t.Errorf("%s: IsZero", tt.in)
		}
		if !a.Contains(a) || a.Parent().Contains(a) != (tt.level != ozg.LevelLand) {
			t.Errorf("%s: Contains of itself or of its parent is wrong", tt.in)
		}
		if a.Parent().Compare(a) >= 0 {
			t.Errorf("%s: parent %s does not sort before it", tt.in, a.Parent())
		}
		if m := ozg.MustParseARS(tt.in); m != a {
			t.Errorf("MustParseARS(%q) = %v, want %v", tt.in, m, a)
		}
	}
}

func TestParseARSInvalid(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 0, `ozg: ARS "": is empty`},
		{"0", 0, `ozg: ARS "0": has 1 digit; an ARS has 2, 3, 5, 9 or 12 digits`},
		{"0731", 0, `ozg: ARS "0731": has 4 digits; an ARS has 2, 3, 5, 9 or 12 digits`},
		{"0731500", 0, `ozg: ARS "0731500": has 7 digits; an ARS has 2, 3, 5, 9 or 12 digits`},
		{"07315000000", 0, `ozg: ARS "07315000000": has 11 digits; an ARS has 2, 3, 5, 9 or 12 digits`},
		{"0731500000001", 0, `ozg: ARS "0731500000001": has 13 digits; an ARS has 2, 3, 5, 9 or 12 digits`},
		{"07a", 3, `ozg: ARS "07a": character 3 is not a digit`},
		{"07a150000000", 3, `ozg: ARS "07a…": character 3 is not a digit`},
		{"x7315", 1, `ozg: ARS "x…": character 1 is not a digit`},
		{" 07315", 1, `ozg: ARS " …": character 1 is not a digit`},
		{"07315 ", 6, `ozg: ARS "07315 ": character 6 is not a digit`},
		{"07315-000", 6, `ozg: ARS "07315-…": character 6 is not a digit`},
		{"-7315", 1, `ozg: ARS "-…": character 1 is not a digit`},
		{"00", 2, `ozg: ARS "00": character 2 ends the Land part (characters 1-2) "00", which is not a Land: Länder are 01 to 16`},
		{"17315", 2, `ozg: ARS "17…": character 2 ends the Land part (characters 1-2) "17", which is not a Land: Länder are 01 to 16`},
		{"990000000000", 2, `ozg: ARS "99…": character 2 ends the Land part (characters 1-2) "99", which is not a Land: Länder are 01 to 16`},
		{"110", 3, `ozg: ARS "110": character 3 is 0, which means no Regierungsbezirk: use the 2-digit key of the Land`},
		// Positions count characters, not bytes.
		{"07ä150000000", 3, `ozg: ARS "07ä…": character 3 is not a digit`},
		{"äö0731500000", 1, `ozg: ARS "ä…": character 1 is not a digit`},
		{"0731５", 5, `ozg: ARS "0731５": character 5 is not a digit`},
		{"07３15", 3, `ozg: ARS "07３…": character 3 is not a digit`},
		{"0\xff315", 2, `ozg: ARS "0\xff…": character 2 is not a digit`},
		{"07\u0663", 3, `ozg: ARS "07٣": character 3 is not a digit`}, // Arabic-Indic digit three
	}
	for _, tt := range tests {
		a, err := ozg.ParseARS(tt.in)
		checkKeyError(t, err, "ARS", tt.in, tt.pos, tt.msg)
		if !a.IsZero() {
			t.Errorf("ParseARS(%q) returned %v with the error", tt.in, a)
		}
		if tt.in == "" {
			continue // empty text is the zero ARS for UnmarshalText
		}
		var u ozg.ARS
		checkKeyError(t, u.UnmarshalText([]byte(tt.in)), "ARS", tt.in, tt.pos, tt.msg)
		_, err = ozg.ParseKnownARS(tt.in)
		checkKeyError(t, err, "ARS", tt.in, tt.pos, tt.msg)
	}
}

func TestParseKnownARS(t *testing.T) {
	for _, in := range []string{"07", "071", "07131", "071315001", "071315001004", "073150000000", "110000000000"} {
		if _, err := ozg.ParseKnownARS(in); err != nil {
			t.Errorf("ParseKnownARS(%q): %v", in, err)
		}
	}
	for _, in := range []string{"071315001999", "07999", "079", "169999999999", "070", "07000"} {
		_, err := ozg.ParseKnownARS(in)
		if in == "070" {
			checkKeyError(t, err, "ARS", in, 3, `ozg: ARS "070": character 3 is 0, which means no Regierungsbezirk: use the 2-digit key of the Land`)
			continue
		}
		checkKeyError(t, err, "ARS", in, 0, `ozg: ARS "`+in+`": is not in the region directory (Gebietsstand 2023-11-30)`)
		if _, err := ozg.ParseARS(in); err != nil {
			t.Errorf("ParseARS(%q): %v; only ParseKnownARS consults the directory", in, err)
		}
	}
}

func TestMustParseARSPanics(t *testing.T) {
	defer func() {
		err, _ := recover().(error)
		if !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("MustParseARS panicked with %v, want an InvalidArgument error", err)
		}
	}()
	ozg.MustParseARS("07a")
	t.Error("MustParseARS did not panic")
}

func TestARSZero(t *testing.T) {
	var a ozg.ARS
	if !a.IsZero() || a.String() != "" || a.Level() != 0 || a.Len() != 0 || a.Land() != 0 || a.Kreis() != -1 {
		t.Errorf("zero ARS: IsZero %v, String %q, Level %v, Len %d, Land %v, Kreis %d", a.IsZero(), a.String(), a.Level(), a.Len(), a.Land(), a.Kreis())
	}
	if a.Exists() || !a.Parent().IsZero() || a.Contains(ozg.MustParseARS("07")) {
		t.Error("zero ARS exists, has a parent or contains a key")
	}
	if _, ok := a.AGS(); ok {
		t.Error("zero ARS has an AGS")
	}
	if _, ok := ozg.LookupRegion(a); ok {
		t.Error("zero ARS is in the directory")
	}
	b, err := a.MarshalText()
	if err != nil || len(b) != 0 {
		t.Errorf("zero ARS MarshalText = %q, %v", b, err)
	}
}

func TestARSPrefixContains(t *testing.T) {
	a := ozg.MustParseARS("071315001004")
	want := map[ozg.RegionLevel]string{
		ozg.LevelLand:             "07",
		ozg.LevelRegierungsbezirk: "071",
		ozg.LevelKreis:            "07131",
		ozg.LevelGemeindeverband:  "071315001",
		ozg.LevelGemeinde:         "071315001004",
	}
	for l := ozg.RegionLevel(0); l <= 6; l++ {
		p, ok := a.Prefix(l)
		if ok != (want[l] != "") || p.String() != want[l] {
			t.Errorf("Prefix(%v) = %q, %v, want %q", l, p, ok, want[l])
		}
		if ok && (!p.Contains(a) || p.Level() != l) {
			t.Errorf("Prefix(%v) = %q does not contain %s or has level %v", l, p, a, p.Level())
		}
	}
	if p, ok := ozg.MustParseARS("07131").Prefix(ozg.LevelGemeinde); ok {
		t.Errorf("Kreis cut to Gemeinde = %q, true", p)
	}
	berlin := ozg.MustParseARS("110000000000")
	if p, ok := berlin.Prefix(ozg.LevelRegierungsbezirk); ok {
		t.Errorf("Berlin has Regierungsbezirk %q", p)
	}
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"07", "071315001004", true},
		{"073", "07315", true},
		{"071", "07315", false},
		{"07315", "073150000000", true},
		{"073150000", "073150000000", true},
		{"073150000000", "073150000", false},
		{"11", "11000", true},
		{"01", "11000", false},
		{"071315001", "071315002004", false},
	} {
		if got := ozg.MustParseARS(tt.a).Contains(ozg.MustParseARS(tt.b)); got != tt.want {
			t.Errorf("%s.Contains(%s) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestARSCompare(t *testing.T) {
	// Directory order: a region right before the regions inside it.
	keys := []string{"07", "071", "07131", "071315001", "071315001004", "071315001005", "071315002", "07133", "073", "07315", "073150000", "073150000000", "08"}
	for i := range keys {
		for j := range keys {
			a, b := ozg.MustParseARS(keys[i]), ozg.MustParseARS(keys[j])
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("Compare(%s, %s) = %d, want %d", a, b, got, want)
			}
		}
	}
	if (ozg.ARS{}).Compare(ozg.MustParseARS("01")) != -1 {
		t.Error("zero ARS does not sort first")
	}
}

func TestARSJSON(t *testing.T) {
	type doc struct {
		ARS   ozg.ARS         `json:"ars"`
		Empty ozg.ARS         `json:"empty"`
		Map   map[ozg.ARS]int `json:"map"`
	}
	in := doc{ARS: ozg.MustParseARS("073150000000"), Map: map[ozg.ARS]int{ozg.MustParseARS("07"): 1}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"ars":"073150000000","empty":"","map":{"07":1}}`
	if string(b) != want {
		t.Errorf("json.Marshal = %s, want %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.ARS != in.ARS || !out.Empty.IsZero() || out.Map[ozg.MustParseARS("07")] != 1 {
		t.Errorf("json round trip: got %+v, want %+v", out, in)
	}
	for _, bad := range []string{`{"ars":"07a"}`, `{"ars":7315}`, `{"ars":"00"}`, `{"map":{"0x":1}}`} {
		var d doc
		err := json.Unmarshal([]byte(bad), &d)
		if err == nil {
			t.Errorf("json.Unmarshal(%s): no error", bad)
		}
		if strings.Contains(bad, `"0`) && !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("json.Unmarshal(%s): error %v does not wrap ErrInvalidArgument", bad, err)
		}
	}
	ab, err := ozg.MustParseARS("071315001").AppendText([]byte("ARS="))
	if err != nil || string(ab) != "ARS=071315001" {
		t.Errorf("AppendText = %q, %v", ab, err)
	}
}

func TestRegionLevelString(t *testing.T) {
	want := []string{"", "Land", "Regierungsbezirk", "Kreis", "Gemeindeverband", "Gemeinde", "RegionLevel(6)"}
	for l, w := range want {
		if got := ozg.RegionLevel(l).String(); got != w {
			t.Errorf("RegionLevel(%d).String() = %q, want %q", l, got, w)
		}
	}
}
