package ozg

import (
	"encoding/json"
	"testing"
)

func TestParseVertrauensniveau(t *testing.T) {
	tests := []struct {
		in   string
		want Vertrauensniveau
	}{
		// German names, in both spellings.
		{"Basisregistrierung", NiveauBasisregistrierung},
		{"basisregistrierung", NiveauBasisregistrierung},
		{"Niedrig", NiveauNiedrig},
		{"niedrig", NiveauNiedrig},
		{"Substantiell", NiveauSubstanziell},
		{"substanziell", NiveauSubstanziell},
		{"Hoch", NiveauHoch},
		// BundID per-attribute vocabulary.
		{"UNTERGEORDNET", NiveauBasisregistrierung},
		{"NORMAL", NiveauNiedrig},
		{"normal", NiveauNiedrig},
		{"SUBSTANTIELL", NiveauSubstanziell},
		{"HOCH", NiveauHoch},
		// STORK QAA.
		{"STORK-QAA-Level-1", NiveauBasisregistrierung},
		{"STORK-QAA-Level-2", NiveauNiedrig},
		{"stork-qaa-level-3", NiveauSubstanziell},
		{"STORK-QAA-Level-4", NiveauHoch},
		// eIDAS.
		{"http://eidas.europa.eu/LoA/low", NiveauNiedrig},
		{"http://eidas.europa.eu/LoA/substantial", NiveauSubstanziell},
		{"http://eidas.europa.eu/LoA/high", NiveauHoch},
	}
	for _, tt := range tests {
		got, err := ParseVertrauensniveau(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseVertrauensniveau(%q) = %v, %v, want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "mittel", "STORK-QAA-Level-0", "STORK-QAA-Level-5", "http://eidas.europa.eu/LoA/NotNotified/low", " hoch", "hoch ", "höch", "substanzielll", "4"} {
		v, err := ParseVertrauensniveau(bad)
		if err == nil {
			t.Errorf("ParseVertrauensniveau(%q) = %v, want an error", bad, v)
			continue
		}
		checkSyntaxError(t, err, vertrauensniveauType, bad, 0, "")
	}
}

// TestVertrauensniveauMappings pins the exact mapping table.
func TestVertrauensniveauMappings(t *testing.T) {
	tests := []struct {
		v           Vertrauensniveau
		name, stork string
		eidas       string
		storkNumber int
	}{
		{NiveauBasisregistrierung, "Basisregistrierung", "STORK-QAA-Level-1", "", 1},
		{NiveauNiedrig, "niedrig", "STORK-QAA-Level-2", "http://eidas.europa.eu/LoA/low", 2},
		{NiveauSubstanziell, "substanziell", "STORK-QAA-Level-3", "http://eidas.europa.eu/LoA/substantial", 3},
		{NiveauHoch, "hoch", "STORK-QAA-Level-4", "http://eidas.europa.eu/LoA/high", 4},
	}
	for _, tt := range tests {
		if tt.v.String() != tt.name || tt.v.STORK() != tt.stork || tt.v.EIDAS() != tt.eidas || int(tt.v) != tt.storkNumber || !tt.v.IsValid() {
			t.Errorf("%d: String %q STORK %q EIDAS %q", tt.v, tt.v.String(), tt.v.STORK(), tt.v.EIDAS())
		}
		// Each form parses back to the level.
		for _, s := range []string{tt.name, tt.stork, tt.eidas} {
			if s == "" {
				continue
			}
			if got := MustParseVertrauensniveau(s); got != tt.v {
				t.Errorf("Parse(%q) = %v, want %v", s, got, tt.v)
			}
		}
	}
	var zero Vertrauensniveau
	if zero.IsValid() || zero.String() != "" || zero.STORK() != "" || zero.EIDAS() != "" {
		t.Errorf("zero value: valid %v String %q STORK %q EIDAS %q", zero.IsValid(), zero.String(), zero.STORK(), zero.EIDAS())
	}
	if s := Vertrauensniveau(17).String(); s != "Vertrauensniveau(17)" {
		t.Errorf("undefined String() = %q", s)
	}
}

func TestVertrauensniveauAtLeast(t *testing.T) {
	levels := []Vertrauensniveau{0, NiveauBasisregistrierung, NiveauNiedrig, NiveauSubstanziell, NiveauHoch}
	for i, v := range levels {
		for j, min := range levels {
			want := v != 0 && i >= j
			if got := v.AtLeast(min); got != want {
				t.Errorf("%q.AtLeast(%q) = %v, want %v", v, min, got, want)
			}
		}
	}
	if Vertrauensniveau(9).AtLeast(NiveauHoch) {
		t.Error("an undefined value is at least hoch")
	}
}

func TestVertrauensniveauText(t *testing.T) {
	type doc struct {
		Level Vertrauensniveau `json:"level,omitzero"`
	}
	for _, tt := range []struct {
		v    Vertrauensniveau
		json string
	}{
		{NiveauSubstanziell, `{"level":"substanziell"}`},
		{NiveauBasisregistrierung, `{"level":"Basisregistrierung"}`},
		{0, `{}`},
	} {
		b, err := json.Marshal(doc{tt.v})
		if err != nil || string(b) != tt.json {
			t.Errorf("Marshal(%v) = %s, %v, want %s", tt.v, b, err, tt.json)
		}
		var out doc
		if err := json.Unmarshal(b, &out); err != nil || out.Level != tt.v {
			t.Errorf("Unmarshal(%s) = %v, %v", b, out.Level, err)
		}
	}
	var out doc
	if err := json.Unmarshal([]byte(`{"level":"STORK-QAA-Level-4"}`), &out); err != nil || out.Level != NiveauHoch {
		t.Errorf("STORK form: %v, %v", out.Level, err)
	}
	if err := json.Unmarshal([]byte(`{"level":"sehr hoch"}`), &out); CodeOf(err) != InvalidArgument {
		t.Errorf("bad level: err = %v", err)
	}
	if _, err := Vertrauensniveau(7).MarshalText(); CodeOf(err) != InvalidArgument {
		t.Errorf("MarshalText(7): err = %v", err)
	}
}

func FuzzParseVertrauensniveau(f *testing.F) {
	for _, s := range []string{"hoch", "SUBSTANTIELL", "STORK-QAA-Level-3", EIDASLoAHigh, "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseVertrauensniveau(s)
		if err != nil {
			if CodeOf(err) != InvalidArgument {
				t.Fatalf("error %v is not InvalidArgument", err)
			}
			return
		}
		// The canonical forms parse back to the same level.
		for _, form := range []string{v.String(), v.STORK()} {
			if back, err := ParseVertrauensniveau(form); err != nil || back != v {
				t.Fatalf("%q -> %v -> %q -> %v, %v", s, v, form, back, err)
			}
		}
	})
}

func BenchmarkParseVertrauensniveau(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseVertrauensniveau("http://eidas.europa.eu/LoA/substantial"); err != nil {
			b.Fatal(err)
		}
	}
}
