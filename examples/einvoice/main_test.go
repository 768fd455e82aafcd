package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	out := filepath.Join(t.TempDir(), "cii.xml")
	if err := run(&b, []string{"-o", out, "../../" + defaultFile}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`read: UBL, XRechnung 3.0, scenario "EN16931 XRechnung (UBL Invoice)": valid true`,
		"invoice 123456XX of 2016-04-04, 2 lines, due 336.9 EUR",
		`converted: CII, XRechnung 3.0, scenario "EN16931 XRechnung (CII)": valid true`,
		"same number and amount due: true",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
	// The converted file converts back.
	b.Reset()
	if err := run(&b, []string{out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "converted: UBL") || !strings.Contains(b.String(), "same number and amount due: true") {
		t.Errorf("round trip:\n%s", b.String())
	}
}
