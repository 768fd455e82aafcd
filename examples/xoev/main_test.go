package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b, []string{"-codelists", "../../" + defaultCodelists, "../../" + defaultFile}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"message    XWasser 1.0.0, administration.quittung.0020 (test: true)",
		"uuid       693c64d6-456f-4d14-abe7-fe9681c74aaf",
		"created    2024-05-28T09:00:00",
		"author     psw:11113110",
		"reader     psw:01003110",
		"XOEV-STRICT-TIMESTAMP-ZONE",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
	if err := run(&b, []string{"-codelists", "../../" + defaultCodelists, "main.go"}); err == nil {
		t.Error("a Go file read as an XÖV message")
	}
}
