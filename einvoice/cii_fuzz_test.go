package einvoice

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzReadCII reads arbitrary input: it must never panic, must return
// either an invoice or an error for input it cannot read, and an invoice
// read without error must survive writing and reading unchanged (or be
// refused by the writer as not representable in CII).
func FuzzReadCII(f *testing.F) {
	for _, name := range ciiCorpus(f) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) < 64<<10 { // keep the seeds small enough to mutate
			f.Add(b)
		}
	}
	f.Add([]byte(`<rsm:CrossIndustryInvoice xmlns:rsm="` + NamespaceCII + `"/>`))
	f.Add([]byte(`<!DOCTYPE x><x/>`))
	f.Fuzz(func(t *testing.T, in []byte) {
		inv, err := ReadCII(bytes.NewReader(in), &ReadOptions{MaxBytes: 1 << 20})
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
		if err := WriteCII(&out, inv, nil); err != nil {
			// ErrNotRepresentable (e.g. two BG-3) or a character XML cannot
			// carry: refused, not written wrongly
			return
		}
		inv2, err := ReadCII(bytes.NewReader(out.Bytes()), nil)
		if err != nil {
			t.Fatalf("re-reading the written invoice: %v\n%s", err, out.Bytes())
		}
		if d := cmp.Diff(inv, inv2, ignoreSource); d != "" {
			t.Fatalf("model changed by write and read:\n%s", d)
		}
	})
}
