package genericode

import (
	"bytes"
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func loadAll(t testing.TB) *Registry {
	t.Helper()
	var r Registry
	n, err := r.LoadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Fatalf("loaded %d lists, want 5", n)
	}
	return &r
}

func TestAllListsPerGeneration(t *testing.T) {
	r := loadAll(t)
	tests := []struct {
		uri, version  string
		gen           Generation
		rows          int
		keyCol        string
		code, name    string
		column, value string
	}{
		{"urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:bundesland", "2010-04-01", GenerationXOEV1, 16, "SCHLUESSEL", "09", "Bayern", "Bezeichnung", "Bayern"},
		{"urn:xoev-de:xinneres:codeliste:geschlecht", "1", GenerationXOEV3, 4, "code", "d", "divers", "code", "d"},
		{"urn:de:xoev:codeliste:erreichbarkeit", "3", GenerationXOEV4, 9, "code", "09", "Web", "code", "09"},
		{"urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix", "51", GenerationXOEV4, 118, "praefix", "töj", "", "praefix", "töj"},
		{"urn:xoev-de:xwasser:codeliste:nachrichtentyp", "1", GenerationXOEV4, 9, "Key", "2010", "vorgang.transportieren.2010", "Nachricht", "vorgang.transportieren.2010"},
	}
	for _, tt := range tests {
		t.Run(tt.gen.String()+"/"+tt.uri, func(t *testing.T) {
			l, ok := r.Get(tt.uri, tt.version)
			if !ok {
				t.Fatalf("list %s %s not loaded", tt.uri, tt.version)
			}
			if l.Generation != tt.gen {
				t.Errorf("generation %v, want %v", l.Generation, tt.gen)
			}
			if l.Len() != tt.rows {
				t.Errorf("rows %d, want %d", l.Len(), tt.rows)
			}
			if got := l.Columns[l.KeyColumn].ID; got != tt.keyCol {
				t.Errorf("key column %q, want %q", got, tt.keyCol)
			}
			if l.Identification.CanonicalVersionURI != tt.uri+"_"+tt.version {
				t.Errorf("CanonicalVersionUri %q", l.Identification.CanonicalVersionURI)
			}
			row, ok := r.Lookup(tt.uri, tt.version, tt.code)
			if !ok {
				t.Fatalf("code %q not found", tt.code)
			}
			if row.Code() != tt.code {
				t.Errorf("Code() = %q, want %q", row.Code(), tt.code)
			}
			if tt.name != "" && row.Name() != tt.name {
				t.Errorf("Name() = %q, want %q", row.Name(), tt.name)
			}
			if got := row.Value(tt.column); got != tt.value {
				t.Errorf("Value(%q) = %q, want %q", tt.column, got, tt.value)
			}
			if _, ok := r.Lookup(tt.uri, tt.version, "no-such-code"); ok {
				t.Error("unknown code found")
			}
			if _, ok := r.Lookup(tt.uri, "999", tt.code); ok {
				t.Error("code found in a version that is not loaded")
			}
		})
	}
}

func TestDVDVPrefixRow(t *testing.T) {
	r := loadAll(t)
	row, ok := r.Lookup("urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix", "51", "MELDID")
	if !ok {
		t.Fatal("MELDID not in the DVDV prefix list")
	}
	if row.Value("behoerdenkategorie") == "" || row.Value("vergebendestelle") == "" {
		t.Errorf("empty columns in %v", row)
	}
}

func TestGenerationMarkers(t *testing.T) {
	r := loadAll(t)
	l, _ := r.Get("urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:bundesland", "2010-04-01")
	if len(l.Keys) != 2 || l.Keys[0].Marker != "xoev-code" || l.Keys[1].Marker != "xoev-codename" {
		t.Errorf("keys %+v", l.Keys)
	}
	if l.Columns[l.NameColumn].ID != "Bezeichnung" {
		t.Errorf("name column %q", l.Columns[l.NameColumn].ID)
	}
	l, _ = r.Get("urn:xoev-de:xinneres:codeliste:geschlecht", "1")
	if l.Keys[0].Marker != "empfohleneCodeSpalte" {
		t.Errorf("marker %q", l.Keys[0].Marker)
	}
}

func TestLatestAndFS(t *testing.T) {
	data, err := os.ReadFile("testdata/urn_de_xoev_codeliste_erreichbarkeit_3.xml")
	if err != nil {
		t.Fatal(err)
	}
	v4 := bytes.ReplaceAll(data, []byte("<Version>3</Version>"), []byte("<Version>10</Version>"))
	fsys := fstest.MapFS{
		"lists/a.xml": {Data: data},
		"lists/b.xml": {Data: v4},
		"other.txt":   {Data: []byte("x")},
	}
	var r Registry
	n, err := r.LoadFS(fsys, "lists/*.xml")
	if err != nil || n != 2 {
		t.Fatalf("LoadFS: %d, %v", n, err)
	}
	l, ok := r.Latest("urn:de:xoev:codeliste:erreichbarkeit")
	if !ok || l.Identification.Version != "10" {
		t.Fatalf("Latest = %v (numeric order must put 10 after 3)", l.Identification.Version)
	}
}

func TestParseErrors(t *testing.T) {
	valid, _ := os.ReadFile("testdata/urn_de_xoev_codeliste_erreichbarkeit_3.xml")
	tests := []struct {
		name, old, new, field string
	}{
		{"no uri", "<CanonicalUri>urn:de:xoev:codeliste:erreichbarkeit</CanonicalUri>", "", "Identification/CanonicalUri"},
		{"no version", "<Version>3</Version>", "", "Identification/Version"},
		{"bad key ref", `<ColumnRef Ref="code"/>`, `<ColumnRef Ref="nope"/>`, "ColumnSet/Key[1]/ColumnRef"},
		{"bad value ref", `<Value ColumnRef="Beschreibung">`, `<Value ColumnRef="Nope">`, "SimpleCodeList/Row[1]/Value[2]/@ColumnRef"},
		{"wrong namespace", Namespace, "urn:x", "CodeList"},
		{"not xml", "<gc:CodeList", "<<", ""},
		{"doctype", `<?xml version="1.0" encoding="UTF-8"?>`, `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(string(valid), tt.old, tt.new, 1)
			_, err := ParseBytes([]byte(in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want *ParseError", err)
			}
			if pe.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", pe.Field, tt.field, err)
			}
			if !errors.Is(err, ozg.ErrInvalidArgument) {
				t.Errorf("not InvalidArgument: %v", err)
			}
		})
	}
	dup := strings.Replace(string(valid), "<SimpleValue>02</SimpleValue>", "<SimpleValue>01</SimpleValue>", 1)
	if _, err := ParseBytes([]byte(dup)); err == nil || !strings.Contains(err.Error(), `code "01" repeats row 1`) {
		t.Errorf("duplicate code: %v", err)
	}
}

func TestLookupAllocs(t *testing.T) {
	r := loadAll(t)
	code := strings.Clone("MELDID")
	allocs := testing.AllocsPerRun(100, func() {
		row, ok := r.Lookup("urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix", "51", code)
		if !ok || row.Name() == "" {
			t.Fatal("lookup failed")
		}
	})
	if allocs != 0 {
		t.Errorf("Lookup allocates %v times, want 0", allocs)
	}
}

func BenchmarkLookup(b *testing.B) {
	r := loadAll(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := r.Lookup("urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix", "51", "psw"); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data, _ := os.ReadFile("testdata/urn_xoev-de_bund_bmi_bit_codeliste_dvdv.praefix_51.xml")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseBytes(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseBaseline is a bare encoding/xml token scan of the same
// bytes as BenchmarkParse.
func BenchmarkParseBaseline(b *testing.B) {
	data, _ := os.ReadFile("testdata/urn_xoev-de_bund_bmi_bit_codeliste_dvdv.praefix_51.xml")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err != nil {
				break
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.xml")
	for _, p := range files {
		data, _ := os.ReadFile(p)
		if len(data) > 10000 {
			continue // large seeds make minimization crawl; the small lists cover every generation
		}
		f.Add(data)
	}
	f.Add([]byte(`<gc:CodeList xmlns:gc="` + Namespace + `"><Identification><CanonicalUri>u</CanonicalUri><Version>1</Version></Identification><ColumnSet><Column Id="a"/></ColumnSet><SimpleCodeList><Row><Value><SimpleValue>x</SimpleValue></Value><Value><SimpleValue>y</SimpleValue></Value></Row></SimpleCodeList></gc:CodeList>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ParseBytes(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *ParseError: %v", err)
			}
			return
		}
		for i := range l.Len() {
			row := l.Row(i)
			got, ok := l.Lookup(row.Code())
			if !ok || got.Code() != row.Code() {
				t.Fatalf("row %d code %q does not look up", i, row.Code())
			}
			_ = row.Name()
		}
	})
}
