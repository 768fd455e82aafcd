package din91379

import (
	"encoding/xml"
	"errors"
	"os"
	"regexp"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// oracle compiles the XSD patterns themselves into Go regexps: an
// independent reading of the same source the tables are generated from.
func oracle(t testing.TB) map[Datatype]*regexp.Regexp {
	t.Helper()
	data, err := os.ReadFile("testdata/din-norm-91379-datatypes.xsd")
	if err != nil {
		t.Fatal(err)
	}
	var s struct {
		Types []struct {
			Name    string `xml:"name,attr"`
			Pattern struct {
				Value string `xml:"value,attr"`
			} `xml:"restriction>pattern"`
		} `xml:"simpleType"`
	}
	if err := xml.Unmarshal(data, &s); err != nil {
		t.Fatal(err)
	}
	out := map[Datatype]*regexp.Regexp{}
	for _, st := range s.Types {
		dt := Datatype(st.Name[len(st.Name)-1] - 'A')
		out[dt] = regexp.MustCompile(`^(?:` + st.Pattern.Value + `)$`)
	}
	if len(out) != 5 {
		t.Fatalf("found %d datatypes in the XSD, want 5", len(out))
	}
	return out
}

func TestTablesAgreeWithXSDPatterns(t *testing.T) {
	re := oracle(t)
	combining := []rune{0x0300, 0x0301, 0x0302, 0x0304, 0x0306, 0x0307, 0x0308, 0x030B, 0x030C, 0x030D, 0x0310, 0x0315, 0x031B, 0x0323, 0x0325, 0x0326, 0x0327, 0x0328, 0x0331, 0x035F}
	for dt := A; dt <= E; dt++ {
		n := 0
		for r := rune(0); r < 0x2300; r++ {
			if r >= 0xD800 && r <= 0xDFFF {
				continue
			}
			s := string(r)
			if got, want := findChar(dt, s) == nil, re[dt].MatchString(s); got != want {
				t.Errorf("%s %U: tables %v, XSD pattern %v", dt, r, got, want)
			}
			_, isBase := tables[dt].sequences[r]
			if isBase || r < 0x80 || (r >= 0xC0 && r < 0x250 && r%11 == 0) || (r >= 0x1E00 && r < 0x1F00 && r%11 == 0) {
				for _, c := range combining {
					for _, s := range []string{s + string(c), s + string(c) + "\u0304", s + "\u0328" + string(c), s + "\u035F" + "h"} {
						n++
						if got, want := findChar(dt, s) == nil, re[dt].MatchString(s); got != want {
							t.Errorf("%s %+q: tables %v, XSD pattern %v", dt, s, got, want)
						}
					}
				}
			}
		}
		if n == 0 {
			t.Fatal("no sequences tried")
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		dt     Datatype
		in     string
		ok     bool
		rune   rune
		pos    int
		notNFC bool
	}{
		{A, "Müller-Lüdenscheidt", true, 0, 0, false},
		{A, "Rodríguez", true, 0, 0, false},
		{A, "Ł\u0325\u0304", false, 0x0325, 2, false},
		{A, "L\u0325\u0304uise", true, 0, 0, false},
		{A, "Tibor 2", false, '2', 7, false},
		{B, "H & D GmbH", true, 0, 0, false},
		{B, "Zeile\nZwei", false, '\n', 6, false},
		{C, "Zeile\nZwei\t€", true, 0, 0, false},
		{C, "a\u0001b", false, 0x0001, 2, false},
		{C, "Größe", true, 0, 0, false},
		{C, "Gro\u0308ße", false, 'o', 3, true}, // decomposed ö: characters allowed, not NFC
		{C, "Ωmega", false, 'Ω', 1, false},
		{D, "Ωmega", true, 0, 0, false},
		{E, "Ωmega\n", true, 0, 0, false},
		{D, "Ωmega\n", false, '\n', 6, false},
		{C, "ok\xffno", false, 0xFFFD, 3, false},
		{C, "", true, 0, 0, false},
		{C, "😀", false, '😀', 1, false},
	}
	for _, tt := range tests {
		err := Check(tt.dt, tt.in)
		if tt.ok {
			if err != nil {
				t.Errorf("%s %q: %v", tt.dt, tt.in, err)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s %q: got %v, want *Error", tt.dt, tt.in, err)
			continue
		}
		if e.Rune != tt.rune || e.Pos != tt.pos || e.NotNFC != tt.notNFC {
			t.Errorf("%s %q: got rune %U pos %d nfc=%v, want %U %d %v", tt.dt, tt.in, e.Rune, e.Pos, e.NotNFC, tt.rune, tt.pos, tt.notNFC)
		}
		if !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("not InvalidArgument: %v", err)
		}
	}
	if got := Normalize("Gro\u0308ße"); got != "Größe" || !Valid(C, got) {
		t.Errorf("Normalize = %q", got)
	}
}

func BenchmarkCheckC(b *testing.B) {
	s := "Gewerbeamt Cottbus, Karl-Marx-Str. 67, 03044 Cottbus – Größe ÆØÅ ąčęėįšųūž"
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		_ = Valid(C, s)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("Müller", 0)
	f.Add("L\u0325\u0304", 2)
	f.Add("a\u0001", 4)
	f.Fuzz(func(t *testing.T, s string, d int) {
		dt := Datatype(((d % 5) + 5) % 5)
		err := Check(dt, s)
		if err == nil && Normalize(s) != s {
			t.Fatalf("%q accepted but not NFC", s)
		}
	})
}
