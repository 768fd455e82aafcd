package einvoice

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// syntaxBenchDocs reads the 86 invoices of the XRechnung test suite.
func syntaxBenchDocs(b *testing.B) [][]byte {
	var names []string
	for f := range oracleFiles(b, "testdata/validation/oracle/xrechnung-testsuite.tsv") {
		names = append(names, f)
	}
	sort.Strings(names)
	var out [][]byte
	for _, f := range names {
		data, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, data)
	}
	return out
}

// BenchmarkSyntaxRules measures, per pass over the 86 test-suite invoices,
// the syntax and code-list rules (rules_syntax.go) and the SCHEMA check on
// the parsed documents, and ValidateBytes as a whole, as multiples (x-scan)
// of a bare encoding/xml token scan of the same bytes measured in the same
// run (sub-benchmark scan; run it with the others).
func BenchmarkSyntaxRules(b *testing.B) {
	docs := syntaxBenchDocs(b)
	var scan float64
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if err := tokenScan(d); err != nil {
					b.Fatal(err)
				}
			}
		}
		scan = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	type parsed struct {
		root *node
		syn  Syntax
	}
	var ps []parsed
	for _, d := range docs {
		root, name, err := parseTree("bench", bytes.NewReader(d), readPrefixes, nil)
		if err != nil {
			b.Fatal(err)
		}
		syn := UBL
		if name.Local == "CrossIndustryInvoice" {
			syn = CII
		}
		ps = append(ps, parsed{root, syn})
	}
	if _, err := compileSch(); err != nil {
		b.Fatal(err)
	}
	b.Run("syntax", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range ps {
				c := &vctx{inv: &Invoice{}, doc: p.root, syntax: p.syn, en: true}
				checkSyntaxRules(c)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scan, "x-scan")
	})
	b.Run("schema", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, p := range ps {
				if errs := schemaErrors(p.root); len(errs) > 0 {
					b.Fatal(errs[0].msg)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scan, "x-scan")
	})
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			for _, d := range docs {
				if _, _, err := ValidateBytes(d, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scan, "x-scan")
	})
}
