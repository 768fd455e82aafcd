package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"LeiKa 99102013104000",
		"Antweiler, ARS 071315001004, AGS 07131004, Rheinland-Pfalz",
		"Gemeindeverband  Adenau (071315001)",
		`login "STORK-QAA-Level-3" is substanziell: sufficient for substanziell: true`,
		`login "http://eidas.europa.eu/LoA/low" is niedrig: sufficient for substanziell: false`,
		`ozg: ARS "07a…": character 3 is not a digit`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
