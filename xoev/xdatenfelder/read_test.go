package xdatenfelder

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

const realSchema = "testdata/fim/xdf2-real/S00000094V1.0_xdf2.xml"

func readFile(t testing.TB, name string, opts *ReadOptions) (*Schema, error) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return ReadBytes(b, opts)
}

func registry(t testing.TB) *genericode.Registry {
	t.Helper()
	var reg genericode.Registry
	files, _ := filepath.Glob("testdata/fim/xdf2-real/C*_genericode.xml")
	if err := reg.LoadFiles(files...); err != nil {
		t.Fatal(err)
	}
	return &reg
}

// TestRealSchemaCounts counts the elements of S00000094 V1.0 in the file
// with regular expressions and compares them with what Read found.
func TestRealSchemaCounts(t *testing.T) {
	raw, err := os.ReadFile(realSchema)
	if err != nil {
		t.Fatal(err)
	}
	count := func(re string) int { return len(regexp.MustCompile(re).FindAll(raw, -1)) }
	want := Counts{
		Datenfeldgruppen: count(`<xdf:datenfeldgruppe>`),
		Datenfelder:      count(`<xdf:datenfeld>`),
		Regeln:           count(`<xdf:regel>`),
		Codelisten:       count(`<xdf:codelisteReferenz>`),
	}
	// The README of the shared data states 16 G, 44 F, 13 R, 4 code lists.
	if want != (Counts{16, 44, 13, 4}) {
		t.Fatalf("file counts %+v differ from the README's 16/44/13/4", want)
	}
	s, err := readFile(t, realSchema, &ReadOptions{Codelisten: registry(t), RequireCodelisten: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Count(); got != want {
		t.Errorf("Count() = %+v, want %+v", got, want)
	}
	if s.Identifikation != (Ref{"S00000094", "1.0"}) || s.Standard != 2 || s.Message != MessageStammdatenschema {
		t.Errorf("schema %v standard %d message %s", s.Identifikation, s.Standard, s.Message)
	}
	if s.NachrichtID != "44E40C16736EDB29" || s.Erstellungszeitpunkt.IsZero() {
		t.Errorf("header %q %v", s.NachrichtID, s.Erstellungszeitpunkt)
	}
	// Every anzahl, praezisierung, feldart and datentyp in the file is
	// accounted for.
	var anz, praez, feldart, datentyp []string
	s.Walk(func(_ []string, c *Struktur) bool {
		anz = append(anz, c.Anzahl.String())
		if f := c.Datenfeld; f != nil {
			praez = append(praez, f.Praezisierung.Text)
			feldart = append(feldart, f.Feldart)
			datentyp = append(datentyp, f.Datentyp)
			if f.Codeliste != nil && f.Codeliste.List == nil {
				t.Errorf("%s: code list %s not resolved", f.Identifikation, f.Codeliste.CanonicalURI)
			}
		}
		return true
	})
	// 60 struktur elements: one at schema level counted in Walk as well.
	if got, want := len(anz), count(`<xdf:anzahl>`); got != want {
		t.Errorf("%d cardinalities, file has %d", got, want)
	}
	joined := strings.Join(anz, ",")
	for _, a := range []string{"0:1", "1:1", "2:5"} {
		if !strings.Contains(joined, a) {
			t.Errorf("cardinality %s missing", a)
		}
	}
	nonEmpty := 0
	for _, p := range praez {
		if p != "" {
			nonEmpty++
		}
	}
	if want := count(`<xdf:praezisierung>[^<]`); nonEmpty != want {
		t.Errorf("%d non-empty praezisierung, file has %d", nonEmpty, want)
	}
	for _, v := range []struct {
		got  []string
		code string
	}{{feldart, "input"}, {feldart, "select"}, {datentyp, "text"}, {datentyp, "bool"}, {datentyp, "num_int"}, {datentyp, "date"}} {
		n := 0
		for _, g := range v.got {
			if g == v.code {
				n++
			}
		}
		if n == 0 {
			t.Errorf("no field with %s", v.code)
		}
	}
	if got, want := len(feldart), count(`<xdf:feldart`); got != want {
		t.Errorf("%d feldart, file has %d", got, want)
	}
}

// TestRealSchemaDetails checks a few elements of S00000094 against the file.
func TestRealSchemaDetails(t *testing.T) {
	s, err := readFile(t, realSchema, &ReadOptions{Codelisten: registry(t)})
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]*Struktur{}
	s.Walk(func(p []string, c *Struktur) bool {
		byPath[strings.Join(p, "/")] = c
		return true
	})
	first := s.Struktur[0]
	if g := first.Datenfeldgruppe; g == nil || g.Identifikation.ID != "G00000253" || g.BezeichnungEingabe != "Informationen zum Arbeitgeber / zur Arbeitgeberin" || g.Schemaelementart != "RNG" {
		t.Fatalf("first child = %+v", first.Element())
	}
	f := byPath["G00000253/F60000319"]
	if f == nil || f.Datenfeld == nil {
		t.Fatal("G00000253/F60000319 missing")
	}
	if p := f.Datenfeld.Praezisierung; p.MinLength != 1 || p.MaxLength != 1000 || f.Datenfeld.Identifikation.Version != "1.2" {
		t.Errorf("F60000319 praezisierung %+v version %s", p, f.Datenfeld.Identifikation.Version)
	}
	var plz *Datenfeld
	var repeated *Struktur
	s.Walk(func(_ []string, c *Struktur) bool {
		if c.Datenfeld != nil && c.Datenfeld.Praezisierung.Pattern != "" && c.Datenfeld.Praezisierung.MaxLength == 5 {
			plz = c.Datenfeld
		}
		if c.Anzahl == (Anzahl{2, 5}) {
			repeated = c
		}
		return true
	})
	if plz == nil || plz.Praezisierung.Pattern != "([0]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{3}" || plz.Praezisierung.MinLength != 5 {
		t.Errorf("PLZ field = %+v", plz)
	}
	if repeated == nil || !repeated.Anzahl.Repeated() {
		t.Error("no 2:5 child")
	}
	if r := s.Regeln[0]; r.Identifikation.ID != "R00000849" || !strings.Contains(r.Definition, "F00000601") || !strings.HasPrefix(r.Script, "function script()") {
		t.Errorf("schema rule = %+v", r)
	}
	if _, err := s.Identifikation.ElementRef(); err != nil {
		t.Errorf("ElementRef: %v", err)
	}
}

func TestParserCases(t *testing.T) {
	tests := []struct {
		file    string
		kind    error // nil: must read
		line    int
		element string
	}{
		{"v2/minimal.xml", nil, 0, ""},
		{"v2/simple.xml", nil, 0, ""},
		{"v2/select.xml", nil, 0, ""},
		{"v2/rule.xml", nil, 0, ""},
		{"v2/data-field-rule.xml", nil, 0, ""},
		{"v2/label.xml", nil, 0, ""},
		{"v2/unknown-namespace.xml", ErrUnknownNamespace, 2, "xdf:xdatenfelder.stammdatenschema.0102"},
		{"v2/duplicate-required-value.xml", ErrDuplicateElement, 13, "xdf:name"},
		{"v3/simple.xml", nil, 0, ""},
		{"v3/input.xml", nil, 0, ""},
		{"v3/invalid-freigabestatus.xml", ErrInvalidValue, 18, "code"},
		{"v3/duplicate-id-node.xml", ErrDuplicateElement, 11, "xdf:id"},
		{"v3/empty-id-node.xml", ErrEmptyValue, 10, "xdf:id"},
		{"v3/missing-id-node.xml", ErrMissingElement, 9, "xdf:identifikation"},
		{"v3/unexpected-node.xml", ErrUnexpectedElement, 11, "xdf:unknown"},
		{"v3/unknown-namespace.xml", ErrUnknownNamespace, 3, "xdf:xdatenfelder.datenfeldgruppe.0103"},
	}
	files, _ := filepath.Glob("testdata/fim/v*/*.xml")
	if len(files) != len(tests) {
		t.Errorf("%d case files, %d table rows", len(files), len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			s, err := readFile(t, filepath.Join("testdata/fim", tt.file), nil)
			if tt.kind == nil {
				if err != nil {
					t.Fatalf("Read: %v", err)
				}
				if s.Identifikation.ID == "" || s.Name == "" {
					t.Errorf("schema without identification: %+v", s.Element)
				}
				return
			}
			if err == nil {
				t.Fatal("Read succeeded, want an error")
			}
			var re *ReadError
			if !errors.As(err, &re) || !errors.Is(err, tt.kind) || !errors.Is(err, ozg.ErrInvalidArgument) {
				t.Fatalf("error %v (%T), want a *ReadError of kind %v", err, err, tt.kind)
			}
			if re.Pos.Line != tt.line || re.Element != tt.element {
				t.Errorf("error at line %d element %s, want line %d element %s (%v)", re.Pos.Line, re.Element, tt.line, tt.element, err)
			}
		})
	}
}

// TestV3Details checks the XDatenfelder 3 attributes of simple.xml and input.xml.
func TestV3Details(t *testing.T) {
	s, err := readFile(t, "testdata/fim/v3/simple.xml", nil)
	if err != nil {
		t.Fatal(err)
	}
	g := s.Datenfeldgruppe
	if g == nil || s.Message != MessageDatenfeldgruppe || s.Standard != 3 {
		t.Fatalf("not a group message: %+v", s)
	}
	if len(g.Relation) != 1 || g.Relation[0] != (Relation{"ERS", Ref{"G60000000088", "1.1.0"}}) {
		t.Errorf("relations %+v", g.Relation)
	}
	if len(g.Regeln) != 1 || g.Regeln[0].Typ != "V" || g.Regeln[0].Script != "some script content" || !strings.HasPrefix(g.Regeln[0].FreitextRegel, "Es muss entweder") {
		t.Errorf("rules %+v", g.Regeln)
	}
	if g.Freigabestatus != "6" || g.HilfetextEingabe != "Eingabehilfe" || len(g.Stichwort) != 1 || g.Stichwort[0].URI != "some reference" {
		t.Errorf("group metadata %+v", g.Element)
	}
	inner := g.Struktur[0]
	if inner.Anzahl != (Anzahl{0, 1}) || inner.Datenfeldgruppe == nil {
		t.Fatalf("inner %+v", inner)
	}
	f := inner.Datenfeldgruppe.Struktur[0].Datenfeld
	if f.Praezisierung.MinLength != 1 || f.Praezisierung.MaxLength != 55 || f.Vorbefuellung != "keine" || f.Feldart != "input" {
		t.Errorf("field %+v", f)
	}

	s, err = readFile(t, "testdata/fim/v3/input.xml", nil)
	if err != nil {
		t.Fatal(err)
	}
	f = s.Datenfeldgruppe.Struktur[0].Datenfeld
	want := Praezisierung{MinLength: 0, MaxLength: 1, MinValue: "0", MaxValue: "1", Pattern: "abc", Text: "Constraints"}
	if f.Praezisierung != want {
		t.Errorf("praezisierung %+v, want %+v", f.Praezisierung, want)
	}
	if f.Inhalt != "Some Content" || f.CodeKey != "CodeKey" || f.NameKey != "NameKey" || f.HelpKey != "HelpKey" || f.MaxSize != 10 || len(f.MediaType) != 1 || f.MediaType[0] != "application/json" || f.Feldart != "select" {
		t.Errorf("field %+v", f)
	}
}

func TestV2Select(t *testing.T) {
	s, err := readFile(t, "testdata/fim/v2/select.xml", nil)
	if err != nil {
		t.Fatal(err)
	}
	ref := s.Struktur[0].Datenfeld.Codeliste
	if ref == nil || ref.ID != "C123" || ref.CanonicalURI != "urn:de:example" || ref.Version != "1" || ref.CanonicalVersionURI != "urn:de:example_1" || ref.List != nil {
		t.Errorf("ref %+v", ref)
	}
	_, err = readFile(t, "testdata/fim/v2/select.xml", &ReadOptions{Codelisten: registry(t), RequireCodelisten: true})
	if !errors.Is(err, ErrCodelistMissing) {
		t.Errorf("RequireCodelisten: %v, want ErrCodelistMissing", err)
	}
	s, _ = readFile(t, "testdata/fim/v2/label.xml", nil)
	if f := s.Struktur[0].Datenfeld; f.Feldart != "label" || f.Inhalt != "Hinweis Inhalt" {
		t.Errorf("label %+v", f)
	}
}

// TestBrokenInput covers errors not in the shared cases.
func TestBrokenInput(t *testing.T) {
	base, err := os.ReadFile("testdata/fim/v2/select.xml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, old, new string
		kind           error
	}{
		{"bad xml", "</xdf:stammdatenschema>", "", ErrSyntax},
		{"bad feldart", "<code>select</code>", "<code>dropdown</code>", ErrInvalidValue},
		{"bad datentyp", "<code>text</code>", "<code>text_latin</code>", ErrInvalidValue},
		{"bad anzahl", "<xdf:anzahl>1:1</xdf:anzahl>", "<xdf:anzahl>2:1</xdf:anzahl>", ErrInvalidValue},
		{"missing anzahl", "<xdf:anzahl>1:1</xdf:anzahl>", "", ErrMissingElement},
		{"bad praezisierung", "<xdf:codelisteReferenz>", "<xdf:praezisierung>{minLength</xdf:praezisierung><xdf:codelisteReferenz>", ErrInvalidValue},
		{"v3 element in v2", "<xdf:codelisteReferenz>", "<xdf:maxSize>1</xdf:maxSize><xdf:codelisteReferenz>", ErrUnexpectedElement},
		{"foreign element", "<xdf:codelisteReferenz>", "<x:y xmlns:x='urn:x'/><xdf:codelisteReferenz>", ErrUnexpectedElement},
		{"undeclared prefix", "<xdf:codelisteReferenz>", "<q:y/><xdf:codelisteReferenz>", ErrUnknownNamespace},
		{"missing feldart", "<xdf:feldart listURI=\"urn:xoev-de:fim:codeliste:xdatenfelder.feldart\" listVersionID=\"1.0\">\n                        <code>select</code>\n                    </xdf:feldart>", "", ErrMissingElement},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(string(base), tt.old, tt.new, 1)
			if in == string(base) {
				t.Fatal("replacement did not apply")
			}
			_, err := ReadBytes([]byte(in), nil)
			var re *ReadError
			if !errors.Is(err, tt.kind) || !errors.As(err, &re) || re.Pos.Line == 0 {
				t.Errorf("got %v, want kind %v with a position", err, tt.kind)
			}
		})
	}
}

func TestParseAnzahl(t *testing.T) {
	tests := []struct {
		in   string
		want Anzahl
		ok   bool
	}{
		{"0:1", Anzahl{0, 1}, true}, {"1:*", Anzahl{1, Unbounded}, true}, {"2:5", Anzahl{2, 5}, true},
		{"1", Anzahl{}, false}, {"a:1", Anzahl{}, false}, {"3:2", Anzahl{}, false}, {"0:0", Anzahl{}, false},
		{"-1:2", Anzahl{}, false}, {"+1:2", Anzahl{}, false}, {":", Anzahl{}, false},
	}
	for _, tt := range tests {
		got, ok := parseAnzahl(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseAnzahl(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok && got.String() != tt.in {
			t.Errorf("String() = %q, want %q", got.String(), tt.in)
		}
	}
}

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob("testdata/fim/v*/*.xml")
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadBytes(data, nil)
		if err != nil {
			var re *ReadError
			if !errors.As(err, &re) || ozg.CodeOf(err) != ozg.InvalidArgument {
				t.Fatalf("error %v is not a *ReadError with InvalidArgument", err)
			}
			return
		}
		c := s.Count()
		if c.Datenfelder < 0 || s.Identifikation.ID == "" {
			t.Fatalf("schema without ID: %+v", s.Element)
		}
	})
}

// TestV3CodelistAndWerte covers the XDatenfelder 3 code-list reference
// (canonicalURI, version) and inline values, built from input.xml.
func TestV3CodelistAndWerte(t *testing.T) {
	base, err := os.ReadFile("testdata/fim/v3/input.xml")
	if err != nil {
		t.Fatal(err)
	}
	ref := `<xdf:codelisteReferenz>
                        <xdf:canonicalURI>urn:de:fim:codeliste:artbeschäftigungsverhältnis</xdf:canonicalURI>
                        <xdf:version>2018-05-09</xdf:version>
                    </xdf:codelisteReferenz>
                    <xdf:werte><xdf:wert><xdf:code>A</xdf:code><xdf:name>Eins</xdf:name><xdf:hilfe>Hilfe</xdf:hilfe></xdf:wert><xdf:wert><xdf:code>B</xdf:code><xdf:name>Zwei</xdf:name></xdf:wert></xdf:werte>`
	in := regexp.MustCompile(`(?s)<xdf:codelisteReferenz>\s*</xdf:codelisteReferenz>`).ReplaceAllString(string(base), ref)
	if in == string(base) {
		t.Fatal("replacement did not apply")
	}
	s, err := ReadBytes([]byte(in), &ReadOptions{Codelisten: registry(t), RequireCodelisten: true})
	if err != nil {
		t.Fatal(err)
	}
	f := s.Datenfeldgruppe.Struktur[0].Datenfeld
	if f.Codeliste == nil || f.Codeliste.List == nil || f.Codeliste.List.Len() != 9 || f.Codeliste.Version != "2018-05-09" {
		t.Errorf("code list %+v", f.Codeliste)
	}
	if len(f.Werte) != 2 || f.Werte[0] != (Wert{"A", "Eins", "Hilfe"}) || f.Werte[1].Name != "Zwei" {
		t.Errorf("werte %+v", f.Werte)
	}
	bad := strings.Replace(in, "<xdf:name>Zwei</xdf:name>", "", 1)
	if _, err := ReadBytes([]byte(bad), nil); !errors.Is(err, ErrMissingElement) {
		t.Errorf("wert without name: %v", err)
	}
}

// TestV3Stammdatenschema reads a Stammdatenschema in the XDatenfelder 3
// namespace, built from the group of v3/simple.xml.
func TestV3Stammdatenschema(t *testing.T) {
	base, err := os.ReadFile("testdata/fim/v3/simple.xml")
	if err != nil {
		t.Fatal(err)
	}
	// Cut the root group out and wrap it in a schema.
	src := string(base)
	i := strings.Index(src, "<xdf:datenfeldgruppe>")
	j := strings.LastIndex(src, "</xdf:datenfeldgruppe>") + len("</xdf:datenfeldgruppe>")
	group := src[i:j]
	msg := `<?xml version="1.0" encoding="UTF-8"?>
<xdf:xdatenfelder.stammdatenschema.0102 xmlns:xdf="urn:xoev-de:fim:standard:xdatenfelder_3.0.0">
  <xdf:header><xdf:nachrichtID>X1</xdf:nachrichtID><xdf:erstellungszeitpunkt>2024-01-02T03:04:05Z</xdf:erstellungszeitpunkt></xdf:header>
  <xdf:stammdatenschema>
    <xdf:identifikation><xdf:id>S99000000001</xdf:id><xdf:version>1.0.0</xdf:version></xdf:identifikation>
    <xdf:name>Test</xdf:name>
    <xdf:freigabestatus listVersionID="2020-03-19"><code>6</code></xdf:freigabestatus>
    <xdf:bezeichnung>Testschema</xdf:bezeichnung>
    <xdf:hilfetext>Hilfe</xdf:hilfetext>
    <xdf:ableitungsmodifikationenStruktur><code>0</code></xdf:ableitungsmodifikationenStruktur>
    <xdf:ableitungsmodifikationenRepraesentation><code>0</code></xdf:ableitungsmodifikationenRepraesentation>
    <xdf:dokumentsteckbrief><xdf:id>D99000000001</xdf:id><xdf:version>1.0.0</xdf:version></xdf:dokumentsteckbrief>
    <xdf:struktur><xdf:anzahl>1:*</xdf:anzahl><xdf:enthaelt>` + group + `</xdf:enthaelt></xdf:struktur>
  </xdf:stammdatenschema>
</xdf:xdatenfelder.stammdatenschema.0102>`
	s, err := ReadBytes([]byte(msg), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Standard != 3 || s.Datenfeldgruppe != nil || s.BezeichnungEingabe != "Testschema" || s.HilfetextEingabe != "Hilfe" ||
		s.Dokumentsteckbrief != (Ref{"D99000000001", "1.0.0"}) || s.Struktur[0].Anzahl != (Anzahl{1, Unbounded}) {
		t.Errorf("schema %+v", s)
	}
	if c := s.Count(); c != (Counts{Datenfeldgruppen: 2, Datenfelder: 1, Regeln: 2}) {
		t.Errorf("counts %+v", c)
	}
}
