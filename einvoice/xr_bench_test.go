package einvoice

import (
	"os"
	"testing"
)

// BenchmarkXRechnungRules measures what the XRechnung rules add: the 86
// test-suite invoices validated (read included) with the EN 16931 rules
// only and with both rule sets, next to the bare token scan of the same
// bytes. Compare the ns/op of the sub-benchmarks (same run).
func BenchmarkXRechnungRules(b *testing.B) {
	var docs [][]byte
	var n int64
	for _, f := range testSuiteFiles(b) {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
		n += int64(len(d))
	}
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(n)
		for b.Loop() {
			for _, d := range docs {
				if err := tokenScan(d); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	for _, p := range []ValidationProfile{ValidateEN16931, ValidateXRechnung} {
		opts := &ValidateOptions{Profile: p}
		b.Run(string(p), func(b *testing.B) {
			b.SetBytes(n)
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range docs {
					if _, _, err := ValidateBytes(d, opts); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
