package einvoice

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzReadUBL reads arbitrary input: it must never panic, must return
// either an invoice or an error for input it cannot read, and an invoice
// read without error must survive writing and reading unchanged.
func FuzzReadUBL(f *testing.F) {
	for _, name := range corpus(f) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 16<<10 { // keep the seeds small enough to mutate
			f.Add(b)
		}
	}
	f.Add([]byte(`<Invoice xmlns="` + NamespaceUBLInvoice + `"/>`))
	f.Add([]byte(`<!DOCTYPE x><x/>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		inv, err := ReadUBL(bytes.NewReader(in), &ReadOptions{MaxBytes: 1 << 20})
		if inv == nil && err == nil {
			t.Fatal("no invoice and no error")
		}
		if err != nil {
			if len(FieldErrors(err)) == 0 {
				t.Fatalf("error without FieldError: %v", err)
			}
			return
		}
		var out bytes.Buffer
		if err := WriteUBL(&out, inv, nil); err != nil {
			return // e.g. a character XML cannot carry: refused, not written wrongly
		}
		inv2, err := ReadUBL(bytes.NewReader(out.Bytes()), nil)
		if err != nil {
			t.Fatalf("re-reading the written invoice: %v\n%s", err, out.Bytes())
		}
		if d := cmp.Diff(inv, inv2, ignoreSource); d != "" {
			t.Fatalf("model changed by write and read:\n%s", d)
		}
	})
}
