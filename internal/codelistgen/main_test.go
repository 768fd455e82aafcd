package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGenerated checks that the committed tables are what the generator
// makes of the committed sources.
func TestGenerated(t *testing.T) {
	got, err := generate("data")
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../einvoice/codelist/tables.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("einvoice/codelist/tables.go is stale: run go generate ./einvoice/codelist")
	}
}
