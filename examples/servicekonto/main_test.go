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
		"correct response                         accepted: Erika Mustermann, level substanziell via eID, encrypted true",
		"the same response again                  rejected: replay (Unauthenticated)",
		"trust level too low                      rejected: trust-level (Unauthenticated)",
		"attribute changed after signing          rejected: digest (Unauthenticated)",
		"signature wrapping (XSW3)                rejected: assertion-count (Unauthenticated)",
		"signed with a key not in the metadata    rejected: signature (Unauthenticated)",
		"XXE in a DOCTYPE                         rejected: doctype (Unauthenticated)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, b.String())
		}
	}
}
