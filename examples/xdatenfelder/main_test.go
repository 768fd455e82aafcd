package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	err := run(&b, []string{"-schema", "../../" + defaultSchema, "-codelists", "../../" + defaultCodelists, "../../" + defaultData})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "schema S00000094 V1.0: Benachrichtigung über die Beschäftigung") ||
		!strings.Contains(b.String(), "s00000094-sample.json: valid true, 0 violations") {
		t.Errorf("output:\n%s", b.String())
	}
}

// TestDefects runs the program's default with the paths of the test
// directory: the sample is valid, the defective copy has exactly the two
// violations, each with path, rule and German message.
func TestDefects(t *testing.T) {
	t.Chdir("../..")
	var b strings.Builder
	if err := run(&b, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"16 groups, 44 fields, 4 code lists; JSON Schema https://schema.fitko.de/fim/s00000094_1.0.schema.json",
		"with defects: valid false, 2 violations",
		"G00000255/F60000227 [required] Familienname: Pflichtangabe fehlt",
		"F99999999 [additionalProperties] Angabe ist im Formular nicht vorgesehen",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}
