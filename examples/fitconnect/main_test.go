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
	for _, want := range []string{
		"route: 6b2b0c1e-8d3c-4c53-9d1a-7a2f1b7c9e01 (Testbehörde)",
		`received: data {"antrag":"Beispiel"}, attachment nachweis.txt: "Nachweis"`,
		"event: submit-submission",
		"event: accept-submission",
		"state: accepted",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}
