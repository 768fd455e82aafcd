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
		"created tx-00000001: Created 15.00 EUR",
		"sends the citizen back to https://gemeinde.example/bezahlen/zurueck?requestId=hundesteuer-0001",
		"poller: tx-00000001 Created → Paid (platform status PAYED, method CREDITCARD)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}
