package onlinedienst_test

import (
	"os"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
)

// FuzzLoad: Load never panics; it returns InvalidArgument or a definition
// that survives a JSON round trip.
func FuzzLoad(f *testing.F) {
	b, err := os.ReadFile(defFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"format":"baukasten.onlinedienst/1"}`))
	f.Add([]byte(`{"gebuehr":{"art":"tabelle","tabelle":[{"wert":"1","betrag":"{{param.x}}"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := onlinedienst.Load(data)
		if err != nil {
			if ozg.CodeOf(err) != ozg.InvalidArgument {
				t.Fatalf("code %v: %v", ozg.CodeOf(err), err)
			}
			return
		}
		out, err := d.JSON()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := onlinedienst.Load(out); err != nil {
			t.Fatalf("round trip: %v", err)
		}
	})
}

// FuzzImport: Import never panics and never accepts anything unsigned
// without AllowUnsigned.
func FuzzImport(f *testing.F) {
	signed, err := os.ReadFile("testdata/hundesteuer-anmeldung.definition.jws")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed)
	f.Add([]byte("eyJhbGciOiJFUzI1NiJ9.e30.AAAA"))
	keys := jwks(f, "testdata/publisher-test.jwks.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := onlinedienst.Import(data, &onlinedienst.ImportOptions{Keys: keys})
		if err == nil && d == nil {
			t.Fatal("nil definition without error")
		}
		if err != nil {
			if c := ozg.CodeOf(err); c != ozg.PermissionDenied && c != ozg.InvalidArgument {
				t.Fatalf("code %v: %v", c, err)
			}
		}
	})
}
