package ozg

import (
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParseLeistungsschluessel(t *testing.T) {
	tests := []struct {
		in                                 string
		want                               string // String(); "" means an error is expected
		gruppierung, objekt, verr, verrDet string
		hasVerrichtung, hasVerrichtungsdet bool
	}{
		{in: "99050012104000", want: "99050012104000", gruppierung: "050", objekt: "012", verr: "104", verrDet: "000", hasVerrichtung: true},
		{in: "urn:de:fim:leika:leistung:99050012104000", want: "99050012104000", gruppierung: "050", objekt: "012", verr: "104", verrDet: "000", hasVerrichtung: true},
		{in: "URN:DE:FIM:LEIKA:LEISTUNG:99050012104000", want: "99050012104000", gruppierung: "050", objekt: "012", verr: "104", verrDet: "000", hasVerrichtung: true},
		// A Leistungsobjekt without Verrichtung (Bioabfall).
		{in: "99001003000000", want: "99001003000000", gruppierung: "001", objekt: "003", verr: "000", verrDet: "000"},
		{in: "99123456789012", want: "99123456789012", gruppierung: "123", objekt: "456", verr: "789", verrDet: "012", hasVerrichtung: true, hasVerrichtungsdet: true},
		{in: "99999999999999", want: "99999999999999", gruppierung: "999", objekt: "999", verr: "999", verrDet: "999", hasVerrichtung: true, hasVerrichtungsdet: true},
	}
	for _, tt := range tests {
		k, err := ParseLeistungsschluessel(tt.in)
		if err != nil {
			t.Errorf("ParseLeistungsschluessel(%q): %v", tt.in, err)
			continue
		}
		if got := k.String(); got != tt.want {
			t.Errorf("ParseLeistungsschluessel(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
		if got, want := k.URN(), LeiKaURNPrefix+tt.want; got != want {
			t.Errorf("URN() = %q, want %q", got, want)
		}
		if got := k.Leistungsgruppierung(); got != tt.gruppierung {
			t.Errorf("%s: Leistungsgruppierung() = %q, want %q", tt.in, got, tt.gruppierung)
		}
		if got := k.Leistungsobjekt(); got != tt.objekt {
			t.Errorf("%s: Leistungsobjekt() = %q, want %q", tt.in, got, tt.objekt)
		}
		if got := k.Verrichtung(); got != tt.verr {
			t.Errorf("%s: Verrichtung() = %q, want %q", tt.in, got, tt.verr)
		}
		if got := k.Verrichtungsdetail(); got != tt.verrDet {
			t.Errorf("%s: Verrichtungsdetail() = %q, want %q", tt.in, got, tt.verrDet)
		}
		if got := k.HasVerrichtung(); got != tt.hasVerrichtung {
			t.Errorf("%s: HasVerrichtung() = %v, want %v", tt.in, got, tt.hasVerrichtung)
		}
		if got := k.HasVerrichtungsdetail(); got != tt.hasVerrichtungsdet {
			t.Errorf("%s: HasVerrichtungsdetail() = %v, want %v", tt.in, got, tt.hasVerrichtungsdet)
		}
		if k.IsZero() {
			t.Errorf("%s: IsZero() = true", tt.in)
		}
		if k != MustParseLeistungsschluessel(tt.want) {
			t.Errorf("%s: not == to the key parsed from %q", tt.in, tt.want)
		}
	}
}

func TestParseLeistungsschluesselErrors(t *testing.T) {
	tests := []struct {
		in      string
		pos     int
		message string
	}{
		{"", 0, `Leistungsschlüssel "": has 0 digits, want 14`},
		{"9905001210400", 0, `Leistungsschlüssel "9905001210400": has 13 digits, want 14`},
		{"990500121040001", 0, `Leistungsschlüssel "990500121040001": has 15 digits, want 14`},
		{"99a50012104000", 3, `Leistungsschlüssel "99a…": character 3 is not a digit`},
		{"99050012104O00", 12, `Leistungsschlüssel "99050012104O…": character 12 is not a digit`},
		{"9905001210400 ", 14, `Leistungsschlüssel "9905001210400 ": character 14 is not a digit`},
		{" 99050012104000", 1, `Leistungsschlüssel " …": character 1 is not a digit`},
		{"99ä50012104000", 3, `Leistungsschlüssel "99ä…": character 3 is not a digit`},
		{"ää99050012104000", 1, `Leistungsschlüssel "ä…": character 1 is not a digit`},
		{"٩٩050012104000", 1, `Leistungsschlüssel "٩…": character 1 is not a digit`}, // Arabic-Indic digits
		{"12050012104000", 1, `Leistungsschlüssel "1…": character 1 is not 9 (a Leistungsschlüssel starts with 99)`},
		{"98050012104000", 2, `Leistungsschlüssel "98…": character 2 is not 9 (a Leistungsschlüssel starts with 99)`},
		{"99-050-012-104-000", 3, `Leistungsschlüssel "99-…": character 3 is not a digit`},
		{"urn:de:fim:leika:leistung:9905001210400x", 40, `Leistungsschlüssel "urn:de:fim:leika:leistung:9905001210400x": character 40 is not a digit`},
		{"urn:de:fim:leika:leistung:89050012104000", 27, `Leistungsschlüssel "urn:de:fim:leika:leistung:8…": character 27 is not 9 (a Leistungsschlüssel starts with 99)`},
		{"urn:de:fim:leika:leistung:", 0, `Leistungsschlüssel "urn:de:fim:leika:leistung:": has 0 digits, want 14`},
		{"urn:de:fim:leika:leistungen:99050012104000", 26, `Leistungsschlüssel "urn:de:fim:leika:leistunge…": character 26 does not match the prefix urn:de:fim:leika:leistung:`},
		{"urn:de:xoev:99050012104000", 8, `Leistungsschlüssel "urn:de:x…": character 8 does not match the prefix urn:de:fim:leika:leistung:`},
		{"urn:de:fim", 0, `Leistungsschlüssel "urn:de:fim": ends inside the prefix urn:de:fim:leika:leistung:`},
	}
	for _, tt := range tests {
		k, err := ParseLeistungsschluessel(tt.in)
		if err == nil {
			t.Errorf("ParseLeistungsschluessel(%q) = %v, want an error", tt.in, k)
			continue
		}
		checkSyntaxError(t, err, leikaType, tt.in, tt.pos, tt.message)
		if !k.IsZero() {
			t.Errorf("ParseLeistungsschluessel(%q) returned %v with the error", tt.in, k)
		}
	}
}

// checkSyntaxError checks the shape every parse error of the package has:
// an *Error with code InvalidArgument and Op "ozg" that wraps a *SyntaxError.
func checkSyntaxError(t *testing.T, err error, typ, in string, pos int, message string) {
	t.Helper()
	if got := CodeOf(err); got != InvalidArgument {
		t.Errorf("%q: CodeOf = %v, want InvalidArgument", in, got)
	}
	if !errors.Is(err, ErrInvalidArgument) {
		t.Errorf("%q: errors.Is(err, ErrInvalidArgument) = false", in)
	}
	var e *Error
	if !errors.As(err, &e) || e.Op != "ozg" {
		t.Errorf("%q: err = %#v, want an *Error with Op ozg", in, err)
	}
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("%q: err %v does not wrap a *SyntaxError", in, err)
	}
	if se.Type != typ || se.Input != in || se.Pos != pos {
		t.Errorf("%q: SyntaxError{Type %q, Input %q, Pos %d}, want {%q, %q, %d}", in, se.Type, se.Input, se.Pos, typ, in, pos)
	}
	if message != "" {
		if got, want := err.Error(), "ozg: "+message; got != want {
			t.Errorf("%q: error\n got  %s\n want %s", in, got, want)
		}
	}
}

func TestLeistungsschluesselOrderAndObjekt(t *testing.T) {
	a := MustParseLeistungsschluessel("99050012104000")
	b := MustParseLeistungsschluessel("99050012104001")
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Errorf("Compare order wrong: %d %d %d", a.Compare(b), b.Compare(a), a.Compare(a))
	}
	if got, want := b.LeistungsobjektSchluessel(), MustParseLeistungsschluessel("99050012000000"); got != want {
		t.Errorf("LeistungsobjektSchluessel() = %v, want %v", got, want)
	}
	var zero Leistungsschluessel
	if !zero.IsZero() || zero.String() != "" || zero.URN() != "" || zero.Leistungsgruppierung() != "" || zero.HasVerrichtung() {
		t.Errorf("zero value: IsZero %v String %q URN %q", zero.IsZero(), zero.String(), zero.URN())
	}
}

func TestLeistungsschluesselText(t *testing.T) {
	type doc struct {
		Leistung Leistungsschluessel `json:"leistung"`
		Optional Leistungsschluessel `json:"optional,omitzero"`
	}
	in := doc{Leistung: MustParseLeistungsschluessel("99050012104000")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"leistung":"99050012104000"}`; got != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip: got %+v, want %+v", out, in)
	}
	// The URN form decodes too.
	if err := json.Unmarshal([]byte(`{"leistung":"urn:de:fim:leika:leistung:99050012104000"}`), &out); err != nil || out.Leistung != in.Leistung {
		t.Errorf("URN form: %v, %v", out.Leistung, err)
	}
	// A bad key is an *Error with code InvalidArgument.
	err = json.Unmarshal([]byte(`{"leistung":"99a50012104000"}`), &out)
	if CodeOf(err) != InvalidArgument || !strings.Contains(err.Error(), "character 3 is not a digit") {
		t.Errorf("bad key: err = %v", err)
	}
	// Zero value: empty text both ways.
	var z Leistungsschluessel
	if b, err := z.MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("zero MarshalText = %q, %v", b, err)
	}
	if err := out.Leistung.UnmarshalText(nil); err != nil || !out.Leistung.IsZero() {
		t.Errorf("UnmarshalText(empty) = %v, %v", out.Leistung, err)
	}
	if b, _ := in.Leistung.AppendText([]byte("k=")); string(b) != "k=99050012104000" {
		t.Errorf("AppendText = %q", b)
	}
}

func TestMustLeistungsschluesselPanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("MustParseLeistungsschluessel(bad) did not panic")
		}
	}()
	MustParseLeistungsschluessel("123")
}

func FuzzParseLeistungsschluessel(f *testing.F) {
	for _, s := range []string{"99050012104000", "urn:de:fim:leika:leistung:99001003000000", "URN:de:FIM:leika:leistung:99999999999999", "", "99", "9905001210400x", "urn:de:fim", "ä", "0000000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseLeistungsschluessel(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || CodeOf(err) != InvalidArgument {
				t.Fatalf("error %v is not an InvalidArgument *SyntaxError", err)
			}
			if se.Pos < 0 || se.Pos > len([]rune(s))+1 {
				t.Fatalf("position %d outside the input %q", se.Pos, s)
			}
			return
		}
		// A parsed key prints back to the text it came from.
		str, urn := k.String(), k.URN()
		if s != str && !(len(s) == len(urn) && strings.EqualFold(s[:len(LeiKaURNPrefix)], LeiKaURNPrefix) && s[len(LeiKaURNPrefix):] == str) {
			t.Fatalf("Parse(%q) prints as %q / %q", s, str, urn)
		}
		if k2, err := ParseLeistungsschluessel(urn); err != nil || k2 != k {
			t.Fatalf("URN %q does not parse back: %v", urn, err)
		}
	})
}

// BenchmarkParseLeistungsschluessel compares ParseLeistungsschluessel with
// the baseline strconv.ParseUint of the same 14 digits.
func BenchmarkParseLeistungsschluessel(b *testing.B) {
	const in = "99050012104000"
	b.Run("baseline=strconv.ParseUint", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := strconv.ParseUint(in, 10, 64); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("digits", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParseLeistungsschluessel(in); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("urn", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ParseLeistungsschluessel(LeiKaURNPrefix + in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func TestParseLeistungsschluesselAllocs(t *testing.T) {
	for _, in := range []string{"99050012104000", LeiKaURNPrefix + "99050012104000"} {
		if n := testing.AllocsPerRun(100, func() { _, _ = ParseLeistungsschluessel(in) }); n != 0 {
			t.Errorf("ParseLeistungsschluessel(%q) allocates %v times, want 0", in, n)
		}
	}
}
