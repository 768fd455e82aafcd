package antrag

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/xdatenfelder"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

func sample(t testing.TB) map[string]any {
	t.Helper()
	b, err := os.ReadFile("testdata/s00000094-sample.json")
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// set walks path (keys and, for arrays, indices as strings) and sets the
// last element; a nil value deletes it.
func set(t testing.TB, doc map[string]any, path string, v any) {
	t.Helper()
	parts := strings.Split(path, "/")
	var cur any = doc
	for _, p := range parts[:len(parts)-1] {
		m, ok := cur.(map[string]any)
		if !ok {
			t.Fatalf("%s: %s is not an object", path, p)
		}
		cur = m[p]
	}
	m := cur.(map[string]any)
	if v == nil {
		if _, ok := m[parts[len(parts)-1]]; !ok {
			t.Fatalf("%s: nothing to delete", path)
		}
		delete(m, parts[len(parts)-1])
		return
	}
	m[parts[len(parts)-1]] = v
}

func TestSamplePasses(t *testing.T) {
	f := loadS94(t)
	b, _ := json.Marshal(sample(t))
	rep, err := f.Validate(b)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Valid() {
		t.Fatalf("sample data invalid: %v", rep.Violations)
	}
}

func TestDefects(t *testing.T) {
	f := loadS94(t)
	long := strings.Repeat("x", 1001)
	tests := []struct {
		name  string
		path  string // set path
		value any    // nil deletes
		want  string // violation path
		rule  string
		label string
	}{
		{"missing required field", "G00000255/F60000227", nil, "G00000255/F60000227", "required", "Familienname"},
		{"missing required group", "G00000258", nil, "G00000258", "required", "Informationen zur beabsichtigten Beschäftigung der schwangeren oder stillenden Frau"},
		{"too long", "G00000253/F60000319", long, "G00000253/F60000319", "maxLength", "Eingetragener Name"},
		{"too short", "G00000253/G00001408/F00002483", "a@b", "G00000253/G00001408/F00002483", "minLength", "E-Mail-Adresse"},
		{"wrong pattern", "G00000253/G60000088/G60000086/F60000246", "00123", "G00000253/G60000088/G60000086/F60000246", "pattern", "Postleitzahl"},
		{"code not in list", "F00000463", "010", "F00000463", "enum", ""},
		{"state code not in list", "G00000255/G60000093/G60000091/F60000261", "998", "G00000255/G60000093/G60000091/F60000261", "enum", "Staat"},
		{"too many repetitions", "G00000255/G60000093/G60000091/G60000092/F60000262", []any{"1", "2", "3", "4", "5", "6"}, "G00000255/G60000093/G60000091/G60000092/F60000262", "maxItems", "Anschriftzeile"},
		{"too few repetitions", "G00000255/G60000093/G60000091/G60000092/F60000262", []any{"1"}, "G00000255/G60000093/G60000091/G60000092/F60000262", "minItems", "Anschriftzeile"},
		{"wrong type number", "G00000255/G60000083/F60000233", "1995", "G00000255/G60000083/F60000233", "type", "Jahr"},
		{"wrong type bool", "G00000258/F00000464", "ja", "G00000258/F00000464", "type", ""},
		{"wrong type integer", "G00000255/G60000083/F60000231", 1.5, "G00000255/G60000083/F60000231", "type", "Tag"},
		{"wrong type group", "G00000253/G00001914", "Erika", "G00000253/G00001914", "type", ""},
		{"above maximum", "G00000255/G60000083/F60000232", 13, "G00000255/G60000083/F60000232", "maximum", "Monat"},
		{"below minimum", "G00000255/G60000083/F60000233", 1700, "G00000255/G60000083/F60000233", "minimum", "Jahr"},
		{"bad date", "G00000255/F00000467", "01.03.2027", "G00000255/F00000467", "format", ""},
		{"unknown element", "G00000258/F99999999", "x", "G00000258/F99999999", "additionalProperties", ""},
		{"repeated element not an array", "G00000255/G60000093/G60000091/G60000092/F60000262", "Zeile", "G00000255/G60000093/G60000091/G60000092/F60000262", "type", "Anschriftzeile"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := sample(t)
			set(t, doc, tt.path, tt.value)
			b, _ := json.Marshal(doc)
			rep, err := f.Validate(b)
			if err != nil {
				t.Fatal(err)
			}
			var hit *Violation
			for i, v := range rep.Violations {
				if v.Path == tt.want && v.Rule == tt.rule {
					hit = &rep.Violations[i]
				}
			}
			if hit == nil {
				t.Fatalf("no %s violation at %s; got %v", tt.rule, tt.want, rep.Violations)
			}
			if hit.Source != "xdatenfelder" {
				t.Errorf("found only by %s", hit.Source)
			}
			if tt.label != "" && hit.Label != tt.label {
				t.Errorf("label %q, want %q", hit.Label, tt.label)
			}
			if hit.Message == "" || hit.MessageEN == "" || hit.Message == hit.MessageEN || !strings.Contains(hit.Message, hit.Label) {
				t.Errorf("messages %q / %q", hit.Message, hit.MessageEN)
			}
			if strings.Contains(hit.Message, long) || strings.Contains(hit.MessageEN, "00123") {
				t.Error("message repeats the value entered")
			}
			// Independent oracle: the JSON Schema alone rejects the data too.
			v, _ := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
			err = f.compiled.Validate(v)
			var ve *jsonschema.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("the generated JSON Schema accepts the defective data (%v)", err)
			}
			// Its findings map onto the same FIM path and rule.
			only := &validation{}
			only.addSchemaErrors(f, ve)
			found := false
			for _, sv := range only.out {
				if sv.Path == tt.want && sv.Rule == tt.rule && sv.Source == "jsonschema" {
					found = true
				}
			}
			if !found {
				t.Errorf("JSON Schema findings %v lack %s at %s", only.out, tt.rule, tt.want)
			}
			// Merged, the report names each (value, rule) once.
			seen := map[string]bool{}
			for _, v := range rep.Violations {
				k := v.Pointer + " " + v.Rule
				if seen[k] {
					t.Errorf("duplicate violation %v", v)
				}
				seen[k] = true
			}
		})
	}
}

// TestEveryViolationReported checks that several defects are all reported.
func TestEveryViolationReported(t *testing.T) {
	f := loadS94(t)
	doc := sample(t)
	set(t, doc, "G00000255/F60000227", nil)
	set(t, doc, "F00000463", "010")
	set(t, doc, "G00000253/G60000088/G60000086/F60000246", "1")
	rep, err := f.Validate(mustJSON(t, doc))
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, v := range rep.Violations {
		rules[v.Path+" "+v.Rule] = true
	}
	for _, want := range []string{"G00000255/F60000227 required", "F00000463 enum", "G00000253/G60000088/G60000086/F60000246 minLength", "G00000253/G60000088/G60000086/F60000246 pattern"} {
		if !rules[want] {
			t.Errorf("missing %s in %v", want, rep.Violations)
		}
	}
}

func TestValidateNotJSON(t *testing.T) {
	f := loadS94(t)
	_, err := f.Validate([]byte(`{"G00000253":`))
	if !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("got %v, want InvalidArgument", err)
	}
	rep, err := f.Validate([]byte(`[]`))
	if err != nil || rep.Valid() || rep.Violations[0].Rule != "type" {
		t.Errorf("array root: %v %v", rep, err)
	}
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestJSONSchemaShape(t *testing.T) {
	f := loadS94(t)
	var s map[string]any
	if err := json.Unmarshal(f.JSONSchema(), &s); err != nil {
		t.Fatal(err)
	}
	if s["$schema"] != "https://json-schema.org/draft/2020-12/schema" || s["$id"] != "https://schema.fitko.de/fim/s00000094_1.0.schema.json" || s["type"] != "object" {
		t.Fatalf("header %v %v %v", s["$schema"], s["$id"], s["type"])
	}
	get := func(path ...string) map[string]any {
		cur := s
		for _, p := range path {
			if p == "items" {
				cur = cur["items"].(map[string]any)
				continue
			}
			props, _ := cur["properties"].(map[string]any)
			next, ok := props[p].(map[string]any)
			if !ok {
				t.Fatalf("no property %s in %v", p, path)
			}
			cur = next
		}
		return cur
	}
	plz := get("G00000253", "G60000088", "G60000086", "F60000246")
	if plz["type"] != "string" || plz["minLength"] != 5.0 || plz["maxLength"] != 5.0 || plz["pattern"] != "^(?:([0]{1}[1-9]{1}|[1-9]{1}[0-9]{1})[0-9]{3})$" {
		t.Errorf("PLZ %v", plz)
	}
	lines := get("G00000255", "G60000093", "G60000091", "G60000092", "F60000262")
	if lines["type"] != "array" || lines["minItems"] != 2.0 || lines["maxItems"] != 5.0 || get("G00000255", "G60000093", "G60000091", "G60000092", "F60000262", "items")["maxLength"] != 35.0 {
		t.Errorf("Anschriftzeile %v", lines)
	}
	staat := get("G00000255", "G60000093", "G60000091", "F60000261")
	if enum, _ := staat["enum"].([]any); len(enum) != 197 || staat["type"] != "string" {
		t.Errorf("Staat enum has %d codes", len(enum))
	}
	if d := get("G00000255", "F00000467"); d["format"] != "date" {
		t.Errorf("date %v", d)
	}
	if b := get("G00000258", "F00000464"); b["type"] != "boolean" {
		t.Errorf("bool %v", b)
	}
	if y := get("G00000255", "G60000083", "F60000233"); y["type"] != "integer" || y["minimum"] != 1850.0 || y["maximum"] != 2080.0 {
		t.Errorf("Jahr %v", y)
	}
	req, _ := get("G00000255")["required"].([]any)
	if len(req) != 5 {
		t.Errorf("G00000255 required %v", req)
	}
	// Every field of the form appears in the schema.
	n := 0
	var count func(m map[string]any)
	count = func(m map[string]any) {
		if it, ok := m["items"].(map[string]any); ok {
			count(it)
			return
		}
		props, ok := m["properties"].(map[string]any)
		if !ok {
			n++
			return
		}
		for _, p := range props {
			count(p.(map[string]any))
		}
	}
	count(s)
	if n != 44 {
		t.Errorf("%d fields in the JSON Schema, want 44", n)
	}
}

func TestDescribe(t *testing.T) {
	f := loadS94(t)
	d := f.Describe()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var back Description
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.ID != "S00000094" || len(back.Items) != 5 || back.Items[0].Kind != "group" || back.SchemaURI != f.SchemaURI() {
		t.Fatalf("description %+v", back)
	}
	sel := back.Items[2]
	if sel.ID != "F00000463" || sel.Widget != "select" || len(sel.Options) != 9 || sel.Options[0].Value != "001" || sel.Options[0].Label == "" || !sel.Required {
		t.Errorf("select %+v", sel)
	}
	fields := 0
	var walk func([]Item)
	walk = func(items []Item) {
		for _, it := range items {
			if it.Kind == "field" {
				fields++
			}
			walk(it.Children)
		}
	}
	walk(back.Items)
	if fields != 44 {
		t.Errorf("%d fields, want 44", fields)
	}
}

func FuzzValidate(f *testing.F) {
	form := loadS94(f)
	b, _ := os.ReadFile("testdata/s00000094-sample.json")
	f.Add(b)
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"G00000255":{"G60000093":{"G60000091":{"G60000092":{"F60000262":[1,"2",null]}}}}}`))
	f.Add([]byte(`{"F00000463":"999","G00000258":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := form.Validate(data)
		if err != nil {
			if ozg.CodeOf(err) != ozg.InvalidArgument {
				t.Fatalf("error %v", err)
			}
			return
		}
		for _, v := range rep.Violations {
			if v.Path == "" || v.Rule == "" || v.Message == "" || v.MessageEN == "" {
				t.Fatalf("incomplete violation %+v", v)
			}
		}
		// The structural check and the JSON Schema agree on validity.
		v, _ := jsonschema.UnmarshalJSON(strings.NewReader(string(data)))
		if (form.compiled.Validate(v) == nil) != rep.Valid() {
			t.Fatalf("JSON Schema and structural check disagree: %v", rep.Violations)
		}
	})
}

func BenchmarkValidate(b *testing.B) {
	f := loadS94(b)
	data, _ := os.ReadFile("testdata/s00000094-sample.json")
	b.ReportAllocs()
	for b.Loop() {
		rep, err := f.Validate(data)
		if err != nil || !rep.Valid() {
			b.Fatal(err, rep)
		}
	}
}

// BenchmarkBaselineDecode is the baseline: decoding the same JSON into any.
func BenchmarkBaselineDecode(b *testing.B) {
	data, _ := os.ReadFile("testdata/s00000094-sample.json")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := jsonschema.UnmarshalJSON(strings.NewReader(string(data))); err != nil {
			b.Fatal(err)
		}
	}
}

func TestNewFormErrors(t *testing.T) {
	field := func(id, pattern string) *xdatenfelder.Struktur {
		return &xdatenfelder.Struktur{Anzahl: xdatenfelder.Anzahl{Min: 1, Max: 1}, Datenfeld: &xdatenfelder.Datenfeld{
			Element: xdatenfelder.Element{Identifikation: xdatenfelder.Ref{ID: id}}, Feldart: "input", Datentyp: "text",
			Praezisierung: xdatenfelder.Praezisierung{MinLength: -1, MaxLength: -1, Pattern: pattern}}}
	}
	group := &xdatenfelder.Struktur{Anzahl: xdatenfelder.Anzahl{Min: 1, Max: 1}, Datenfeldgruppe: &xdatenfelder.Datenfeldgruppe{
		Element: xdatenfelder.Element{Identifikation: xdatenfelder.Ref{ID: "G1"}}, Struktur: []*xdatenfelder.Struktur{field("F1", ""), field("F1", "")}}}
	tests := []struct {
		name string
		s    *xdatenfelder.Schema
		want string
	}{
		{"duplicate", &xdatenfelder.Schema{Struktur: []*xdatenfelder.Struktur{group}}, "G1/F1"},
		{"bad pattern", &xdatenfelder.Schema{Struktur: []*xdatenfelder.Struktur{field("F2", "(")}}, "F2: pattern"},
	}
	for _, tt := range tests {
		_, err := NewForm(tt.s, nil)
		if !errors.Is(err, ozg.ErrInvalidArgument) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want InvalidArgument naming %s", tt.name, err, tt.want)
		}
	}
}

// TestXDF3Form compiles the XDatenfelder 3 group message: inline values
// become the options and enum.
func TestXDF3Form(t *testing.T) {
	f := loadForm(t, fimData+"/v3/simple.xml", nil)
	rep, err := f.Validate([]byte(`{"G60000000088":{"G60000000086":{"F60000000243":"Hauptstraße"}}}`))
	if err != nil || !rep.Valid() {
		t.Fatalf("%v %v", err, rep)
	}
	rep, _ = f.Validate([]byte(`{"G60000000088":{"G60000000086":{"F60000000243":""}}}`))
	if rep.Valid() || rep.Violations[0].Path != "G60000000088/G60000000086/F60000000243" || rep.Violations[0].Rule != "minLength" {
		t.Errorf("empty street: %v", rep.Violations)
	}
}

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestJSONSchemaGolden compares the generated JSON Schema of S00000094 with
// testdata/s00000094.schema.json (rewrite with -update after checking the
// diff).
func TestJSONSchemaGolden(t *testing.T) {
	got := append(loadS94(t).JSONSchema(), '\n')
	const golden = "testdata/s00000094.schema.json"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("JSON Schema differs from %s; run go test -run JSONSchemaGolden -update and review the diff", golden)
	}
}
