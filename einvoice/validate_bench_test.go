package einvoice

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"
)

// validateCorpus holds the 86 invoices of the XRechnung test suite (45 UBL,
// 41 CII).
var validateCorpus = sync.OnceValues(func() ([][]byte, error) {
	var names []string
	err := filepath.WalkDir("testdata/xrechnung-testsuite/src/test", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Ext(p) == ".xml" {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var docs [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		docs = append(docs, b)
	}
	return docs, nil
})

// BenchmarkValidate measures, over the 86 test-suite invoices of both
// syntaxes: the bare encoding/xml token scan (the baseline), validating
// invoices already read (the rules alone), and reading and validating
// together (ValidateBytes). Each op is one pass over the corpus; the
// metric x-scan is the time relative to the token scan of the same bytes
// measured in the same run (target for read+validate: ≤ 4).
func BenchmarkValidate(b *testing.B) {
	d, err := validateCorpus()
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, x := range d {
		size += int64(len(x))
	}
	scan := func() float64 {
		const passes = 5
		start := time.Now()
		for range passes {
			for _, doc := range d {
				_ = tokenScan(doc)
			}
		}
		return float64(time.Since(start).Nanoseconds()) / passes
	}
	var baseline float64
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, doc := range d {
				if err := tokenScan(doc); err != nil {
					b.Fatal(err)
				}
			}
		}
		baseline = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	ratio := func(b *testing.B) {
		if baseline == 0 {
			baseline = scan()
		}
		per := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		b.ReportMetric(per/baseline, "x-scan")
		b.ReportMetric(per/float64(len(d)), "ns/invoice")
	}
	b.Run("validate", func(b *testing.B) {
		type parsed struct {
			inv  *Invoice
			root *node
			syn  Syntax
			name string
		}
		var ps []parsed
		for _, doc := range d {
			root, name, err := parseTree("bench", bytes.NewReader(doc), readPrefixes, nil)
			if err != nil {
				b.Fatal(err)
			}
			var inv *Invoice
			syn := UBL
			if name.Local == "CrossIndustryInvoice" {
				syn = CII
				inv, err = readCIITree("bench", root)
			} else {
				inv, err = readUBLTree("bench", root)
			}
			if err != nil {
				b.Fatal(err)
			}
			ps = append(ps, parsed{inv, root, syn, name.Local})
		}
		b.SetBytes(size)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			for _, p := range ps {
				if rep := validate(p.inv, p.root, p.syn, p.name, nil, nil); !rep.Valid {
					b.Fatalf("invalid: %v", rep.Findings)
				}
			}
		}
		ratio(b)
	})
	b.Run("read+validate", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, doc := range d {
				_, rep, err := ValidateBytes(doc, nil)
				if err != nil || !rep.Valid {
					b.Fatalf("%v %v", err, rep)
				}
			}
		}
		ratio(b)
	})
}
