package ozg

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestParseElementID(t *testing.T) {
	tests := []struct {
		in           string
		kind         ElementKind
		xdf          int
		nummernkreis string
		laufend      string
		xdf3         string // "" if XDF3 reports !ok
	}{
		{"F60000227", ElementDatenfeld, 2, "60", "000227", "F60000000227"},
		{"S00000094", ElementDatenschema, 2, "00", "000094", "S00000000094"},
		{"G60000088", ElementDatenfeldgruppe, 2, "60", "000088", "G60000000088"},
		{"R20001224", ElementRegel, 2, "20", "001224", "R20000001224"},
		{"C60000020", ElementCodeliste, 2, "60", "000020", ""},
		{"D99000001", ElementDokumentsteckbrief, 2, "99", "000001", "D99000000001"},
		{"G60000000088", ElementDatenfeldgruppe, 3, "60000", "000088", "G60000000088"},
		{"F60000000243", ElementDatenfeld, 3, "60000", "000243", "F60000000243"},
		{"R60000000019", ElementRegel, 3, "60000", "000019", "R60000000019"},
		{"D12345678901", ElementDokumentsteckbrief, 3, "12345", "678901", "D12345678901"},
		{"S99999999999", ElementDatenschema, 3, "99999", "999999", "S99999999999"},
	}
	for _, tt := range tests {
		id, err := ParseElementID(tt.in)
		if err != nil {
			t.Errorf("ParseElementID(%q): %v", tt.in, err)
			continue
		}
		if got := id.String(); got != tt.in {
			t.Errorf("String() = %q, want %q", got, tt.in)
		}
		if id.Kind() != tt.kind || id.XDatenfelder() != tt.xdf || id.Nummernkreis() != tt.nummernkreis || id.LaufendeNummer() != tt.laufend {
			t.Errorf("%s: Kind %v XDatenfelder %d Nummernkreis %q LaufendeNummer %q, want %v %d %q %q",
				tt.in, id.Kind(), id.XDatenfelder(), id.Nummernkreis(), id.LaufendeNummer(), tt.kind, tt.xdf, tt.nummernkreis, tt.laufend)
		}
		x3, ok := id.XDF3()
		if got := x3.String(); ok != (tt.xdf3 != "") || got != tt.xdf3 {
			t.Errorf("%s: XDF3() = %q, %v, want %q", tt.in, got, ok, tt.xdf3)
		}
	}
}

func TestParseElementIDErrors(t *testing.T) {
	tests := []struct {
		in      string
		pos     int
		message string
	}{
		{"", 0, `FIM-ID "": is empty`},
		{"F123", 0, `FIM-ID "F123": has 3 digits after the letter, want 8 (XDatenfelder 2) or 11 (XDatenfelder 3)`},
		{"F6000022", 0, `FIM-ID "F6000022": has 7 digits after the letter, want 8 (XDatenfelder 2) or 11 (XDatenfelder 3)`},
		{"F600002270", 0, `FIM-ID "F600002270": has 9 digits after the letter, want 8 (XDatenfelder 2) or 11 (XDatenfelder 3)`},
		{"F600000002270", 0, ""},
		{"X60000227", 1, `FIM-ID "X…": character 1 is not an element letter (S, G, F, R, C or D)`},
		{"f60000227", 1, `FIM-ID "f…": character 1 is not an element letter (S, G, F, R, C or D)`},
		{"60000227", 1, ""},
		{"F6000a227", 6, `FIM-ID "F6000a…": character 6 is not a digit`},
		{"F60000227V1.0", 10, `FIM-ID "F60000227V…": character 10 is not a digit`},
		{"F6000ä227", 6, `FIM-ID "F6000ä…": character 6 is not a digit`},
		{"Ä60000227", 1, `FIM-ID "Ä…": character 1 is not an element letter (S, G, F, R, C or D)`},
		{"C60000000020", 1, `FIM-ID "C…": character 1 (Codeliste) is not an element letter of XDatenfelder 3`},
		{"C00000000020", 1, `FIM-ID "C…": character 1 (Codeliste) is not an element letter of XDatenfelder 3`},
		{" F60000227", 1, ""},
	}
	for _, tt := range tests {
		id, err := ParseElementID(tt.in)
		if err == nil {
			t.Errorf("ParseElementID(%q) = %v, want an error", tt.in, id)
			continue
		}
		checkSyntaxError(t, err, elementIDType, tt.in, tt.pos, tt.message)
	}
}

func TestParseElementVersion(t *testing.T) {
	tests := []struct {
		in                  string
		parts, maj, min, pa int
	}{
		{"1.0", 2, 1, 0, 0},
		{"0.1", 2, 0, 1, 0},
		{"1.2.0", 3, 1, 2, 0},
		{"10.20.30", 3, 10, 20, 30},
		{"999999999.0.999999999", 3, 999999999, 0, 999999999},
	}
	for _, tt := range tests {
		v, err := ParseElementVersion(tt.in)
		if err != nil {
			t.Errorf("ParseElementVersion(%q): %v", tt.in, err)
			continue
		}
		if v.String() != tt.in || v.Parts() != tt.parts || v.Major() != tt.maj || v.Minor() != tt.min || v.Patch() != tt.pa {
			t.Errorf("%q: got %q parts %d %d.%d.%d", tt.in, v.String(), v.Parts(), v.Major(), v.Minor(), v.Patch())
		}
	}
}

func TestParseElementVersionErrors(t *testing.T) {
	tests := []struct {
		in      string
		pos     int
		message string
	}{
		{"", 0, `FIM-Version "": is empty`},
		{"1", 0, `FIM-Version "1": has one part; want major.minor or major.minor.patch`},
		{"1.", 0, `FIM-Version "1.": ends with '.'`},
		{".1", 1, `FIM-Version ".…": character 1 '.' does not follow a number`},
		{"1..0", 3, `FIM-Version "1..…": character 3 '.' does not follow a number`},
		{"1.2.3.4", 6, `FIM-Version "1.2.3.…": character 6 starts a fourth part; want major.minor or major.minor.patch`},
		{"01.0", 1, `FIM-Version "0…": character 1 is a leading zero`},
		{"1.00", 3, `FIM-Version "1.0…": character 3 is a leading zero`},
		{"1.a", 3, `FIM-Version "1.a": character 3 is not a digit or '.'`},
		{"v1.0", 1, `FIM-Version "v…": character 1 is not a digit or '.'`},
		{"1.0 ", 4, `FIM-Version "1.0 ": character 4 is not a digit or '.'`},
		{"1,0", 2, `FIM-Version "1,…": character 2 is not a digit or '.'`},
		{"1.ä", 3, `FIM-Version "1.ä": character 3 is not a digit or '.'`},
		{"1.1234567890", 12, `FIM-Version "1.1234567890": character 12 makes a part longer than 9 digits`},
	}
	for _, tt := range tests {
		v, err := ParseElementVersion(tt.in)
		if err == nil {
			t.Errorf("ParseElementVersion(%q) = %v, want an error", tt.in, v)
			continue
		}
		checkSyntaxError(t, err, elementVersionType, tt.in, tt.pos, tt.message)
	}
}

func TestElementVersionOrder(t *testing.T) {
	// Sorted ascending.
	in := []string{"0.1", "0.9", "1.0", "1.0.0", "1.0.1", "1.1", "1.2.0", "1.10", "2.0", "10.0.0"}
	var vs []ElementVersion
	for _, s := range in {
		vs = append(vs, MustParseElementVersion(s))
	}
	shuffled := slices.Clone(vs)
	slices.Reverse(shuffled)
	slices.SortFunc(shuffled, ElementVersion.Compare)
	if !slices.Equal(shuffled, vs) {
		t.Errorf("sorted = %v, want %v", shuffled, vs)
	}
	for i := range vs {
		for j := range vs {
			if got, want := vs[i].Compare(vs[j]), cmpIndex(i, j); got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", vs[i], vs[j], got, want)
			}
		}
	}
}

func cmpIndex(i, j int) int {
	switch {
	case i < j:
		return -1
	case i > j:
		return 1
	}
	return 0
}

func TestParseElementRef(t *testing.T) {
	for _, s := range []string{"F60000227V1.0", "S00000094V1.0", "G60000000088V1.2.0", "R60000000019V1.2.0", "C60000020V1.0"} {
		r, err := ParseElementRef(s)
		if err != nil {
			t.Errorf("ParseElementRef(%q): %v", s, err)
			continue
		}
		if r.String() != s {
			t.Errorf("String() = %q, want %q", r.String(), s)
		}
		i := strings.IndexByte(s, 'V')
		if r.ID != MustParseElementID(s[:i]) || r.Version != MustParseElementVersion(s[i+1:]) {
			t.Errorf("%q: got ID %v version %v", s, r.ID, r.Version)
		}
	}
	// Comparable: usable as a map key.
	m := map[ElementRef]int{MustParseElementRef("F60000227V1.0"): 1}
	if m[MustParseElementRef("F60000227V1.0")] != 1 || m[MustParseElementRef("F60000227V1.1")] != 0 {
		t.Error("ElementRef as a map key does not work")
	}
	// Migration to XDatenfelder 3.
	for in, want := range map[string]string{
		"F60000227V1.0":      "F60000000227V1.0.0",
		"S00000094V2.10":     "S00000000094V2.10.0",
		"G60000000088V1.2.0": "G60000000088V1.2.0",
		"C60000020V1.0":      "",
	} {
		got, ok := MustParseElementRef(in).XDF3()
		if ok != (want != "") || got.String() != want {
			t.Errorf("%s.XDF3() = %v, %v, want %q", in, got, ok, want)
		}
	}
	a, b, c := MustParseElementRef("F60000227V1.0"), MustParseElementRef("F60000227V1.1"), MustParseElementRef("F60000228V1.0")
	if a.Compare(b) != -1 || b.Compare(c) != -1 || c.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("ElementRef.Compare order wrong")
	}
}

func TestParseElementRefErrors(t *testing.T) {
	tests := []struct {
		in      string
		pos     int
		message string
	}{
		{"", 0, `FIM-Referenz "": is empty`},
		{"F60000227", 0, `FIM-Referenz "F60000227": has no V between ID and version`},
		{"F60000227 1.0", 10, `FIM-Referenz "F60000227 …": character 10 is not a digit`},
		{"F60000227v1.0", 10, `FIM-Referenz "F60000227v…": character 10 is not a digit`},
		{"F6000227V1.0", 0, `FIM-Referenz "F6000227V1.0": ID "F6000227" has 7 digits after the letter, want 8 (XDatenfelder 2) or 11 (XDatenfelder 3)`},
		{"X60000227V1.0", 1, `FIM-Referenz "X…": character 1 is not an element letter (S, G, F, R, C or D)`},
		{"F60000227V", 0, `FIM-Referenz "F60000227V": version is empty`},
		{"F60000227V1", 0, `FIM-Referenz "F60000227V1": version has one part; want major.minor or major.minor.patch`},
		{"F60000227V1.x", 13, `FIM-Referenz "F60000227V1.x": character 13 is not a digit or '.'`},
		{"F60000227V1.0V2.0", 14, `FIM-Referenz "F60000227V1.0V…": character 14 is not a digit or '.'`},
		{"V1.0", 1, `FIM-Referenz "V…": character 1 is not an element letter (S, G, F, R, C or D)`},
	}
	for _, tt := range tests {
		r, err := ParseElementRef(tt.in)
		if err == nil {
			t.Errorf("ParseElementRef(%q) = %v, want an error", tt.in, r)
			continue
		}
		checkSyntaxError(t, err, elementRefType, tt.in, tt.pos, tt.message)
	}
}

// TestElementIDsInFIMData parses every element ID, version and code-list
// reference of the FIM test messages in ../xoev/xdatenfelder/testdata/fim (XDatenfelder 2 and
// 3). Placeholder IDs of the negative parser cases (T1234, G123, F123) are
// the only ones expected to fail.
func TestElementIDsInFIMData(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "xoev", "xdatenfelder", "testdata", "fim", "*", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no FIM test data: %v", err)
	}
	// <xdf:identifikation> / <xdf:objekt> carry <xdf:id> and, mostly, <xdf:version>.
	idVer := regexp.MustCompile(`<xdf:id>([^<]*)</xdf:id>\s*(?:<xdf:version>([^<]*)</xdf:version>)?`)
	placeholders := map[string]bool{"T1234": true, "G123": true, "F123": true, "C123": true, "": true}
	var ok2, ok3, vers int
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range idVer.FindAllStringSubmatch(string(data), -1) {
			id, err := ParseElementID(m[1])
			if placeholders[m[1]] {
				if err == nil {
					t.Errorf("%s: placeholder ID %q parsed", file, m[1])
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			if id.XDatenfelder() == 2 {
				ok2++
			} else {
				ok3++
			}
			if m[2] == "" {
				continue
			}
			v, err := ParseElementVersion(m[2])
			if err != nil {
				t.Errorf("%s: %v", file, err)
				continue
			}
			vers++
			// XDatenfelder 2 versions have two parts, XDatenfelder 3 versions three.
			if v.Parts() != id.XDatenfelder() {
				t.Errorf("%s: %v has a %d-part version %v", file, id, v.Parts(), v)
			}
			ref := ElementRef{ID: id, Version: v}
			if back, err := ParseElementRef(ref.String()); err != nil || back != ref {
				t.Errorf("%s: %v does not round-trip: %v", file, ref, err)
			}
		}
	}
	if ok2 != 83 || ok3 != 9 || vers != 88 {
		t.Errorf("parsed %d XDF2 IDs, %d XDF3 IDs, %d versions; want 83, 9, 88", ok2, ok3, vers)
	}
	t.Logf("parsed %d XDatenfelder 2 IDs, %d XDatenfelder 3 IDs, %d versions", ok2, ok3, vers)
}

func TestElementText(t *testing.T) {
	type doc struct {
		ID      ElementID      `json:"id"`
		Version ElementVersion `json:"version"`
		Ref     ElementRef     `json:"ref"`
		None    ElementRef     `json:"none,omitzero"`
	}
	in := doc{ID: MustParseElementID("F60000000227"), Version: MustParseElementVersion("1.2.0"), Ref: MustParseElementRef("S00000094V1.0")}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"id":"F60000000227","version":"1.2.0","ref":"S00000094V1.0"}`; got != want {
		t.Errorf("json = %s, want %s", got, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("round trip: %+v, %v", out, err)
	}
	for _, bad := range []string{`{"id":"F1"}`, `{"version":"1"}`, `{"ref":"F60000227"}`} {
		if err := json.Unmarshal([]byte(bad), &out); CodeOf(err) != InvalidArgument {
			t.Errorf("%s: err = %v, want InvalidArgument", bad, err)
		}
	}
	var z doc
	if err := json.Unmarshal([]byte(`{"id":"","version":"","ref":""}`), &z); err != nil || z != (doc{}) {
		t.Errorf("empty strings: %+v, %v", z, err)
	}
	if b, _ := in.Ref.AppendText([]byte("r=")); string(b) != "r=S00000094V1.0" {
		t.Errorf("AppendText = %q", b)
	}
	if ElementKind('X').String() != "ElementKind('X')" || ElementDokumentsteckbrief.String() != "Dokumentsteckbrief" {
		t.Errorf("ElementKind.String: %q %q", ElementKind('X'), ElementDokumentsteckbrief)
	}
}

func FuzzParseElementRef(f *testing.F) {
	for _, s := range []string{"F60000227V1.0", "G60000000088V1.2.0", "C60000020V1.0", "F60000227", "V", "F60000227V1..0", "S00000094V01.0", "D12345678901V0.0.0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkRoundTrip(t, s, ParseElementRef)
		checkRoundTrip(t, s, ParseElementID)
		checkRoundTrip(t, s, ParseElementVersion)
		// The parts of a reference parse on their own.
		if r, err := ParseElementRef(s); err == nil {
			if _, err := ParseElementID(r.ID.String()); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// checkRoundTrip checks that parse does not panic, fails with an
// InvalidArgument *SyntaxError, or succeeds with a value that prints back to
// s exactly.
func checkRoundTrip[T interface {
	comparable
	String() string
}](t *testing.T, s string, parse func(string) (T, error)) {
	t.Helper()
	v, err := parse(s)
	if err != nil {
		var se *SyntaxError
		if !errors.As(err, &se) || CodeOf(err) != InvalidArgument {
			t.Fatalf("%q: error %v is not an InvalidArgument *SyntaxError", s, err)
		}
		return
	}
	if v.String() != s {
		t.Fatalf("%q parses to a value that prints as %q", s, v.String())
	}
}

func BenchmarkParseElementRef(b *testing.B) {
	b.Run("baseline=strings.Cut", func(b *testing.B) {
		// The least any parser does: split at V.
		b.ReportAllocs()
		for b.Loop() {
			if _, _, ok := strings.Cut("G60000000088V1.2.0", "V"); !ok {
				b.Fatal("no V")
			}
		}
	})
	for _, in := range []string{"F60000227V1.0", "G60000000088V1.2.0"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseElementRef(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseElementID(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseElementID("G60000000088"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseFIMAllocs(t *testing.T) {
	for name, f := range map[string]func(){
		"ElementID":      func() { _, _ = ParseElementID("G60000000088") },
		"ElementVersion": func() { _, _ = ParseElementVersion("1.2.0") },
		"ElementRef":     func() { _, _ = ParseElementRef("G60000000088V1.2.0") },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("Parse%s allocates %v times, want 0", name, n)
		}
	}
}

func BenchmarkParseElementVersion(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseElementVersion("1.2.0"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestElementIDCompareAndAppend(t *testing.T) {
	// Sorted ascending: generation, then letter, then number.
	in := []string{"C60000020", "F00000001", "F60000227", "G00000001", "D12345678901", "F00000000001", "F60000000227", "S00000000094"}
	var ids []ElementID
	for _, s := range in {
		ids = append(ids, MustParseElementID(s))
	}
	for i := range ids {
		for j := range ids {
			if got, want := ids[i].Compare(ids[j]), cmpIndex(i, j); got != want {
				t.Errorf("%v.Compare(%v) = %d, want %d", ids[i], ids[j], got, want)
			}
		}
	}
	var zero ElementID
	if b, err := zero.AppendText([]byte("x")); err != nil || string(b) != "x" {
		t.Errorf("zero AppendText = %q, %v", b, err)
	}
	if b, err := ids[1].AppendText([]byte("id=")); err != nil || string(b) != "id=F00000001" {
		t.Errorf("AppendText = %q, %v", b, err)
	}
	if b, err := MustParseElementVersion("1.2.0").AppendText([]byte("v")); err != nil || string(b) != "v1.2.0" {
		t.Errorf("version AppendText = %q, %v", b, err)
	}
	if zero.String() != "" || zero.Nummernkreis() != "" || zero.LaufendeNummer() != "" || zero.XDatenfelder() != 0 {
		t.Error("zero ElementID is not empty")
	}
	if _, ok := zero.XDF3(); ok {
		t.Error("zero ElementID has an XDF3 form")
	}
}
