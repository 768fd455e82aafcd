package einvoice

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// benchCorpus holds the 45 UBL invoices of the XRechnung test suite.
var benchCorpus = sync.OnceValues(func() ([][]byte, error) { return testSuiteDocs(corpusList) })

// testSuiteDocs reads the XRechnung test-suite files among those list
// returns: the benchmark corpus of one syntax.
func testSuiteDocs(list func() ([]string, error)) ([][]byte, error) {
	var docs [][]byte
	files, err := list()
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if !strings.Contains(f, "xrechnung-testsuite") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		docs = append(docs, b)
	}
	return docs, nil
}

func docs(b *testing.B) ([][]byte, int64) {
	d, err := benchCorpus()
	if err != nil {
		b.Fatal(err)
	}
	var n int64
	for _, x := range d {
		n += int64(len(x))
	}
	return d, n
}

// tokenScan is the baseline: a bare encoding/xml token scan.
func tokenScan(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	for {
		if _, err := d.Token(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// scanNs is the token scan's time per pass over the corpus, set by the
// scan sub-benchmark (which runs first) or measured by scanTime.
var scanNs float64

// scanTime measures the token scan directly when its sub-benchmark did
// not run (e.g. -bench UBL/read).
func scanTime(d [][]byte) float64 {
	if scanNs > 0 {
		return scanNs
	}
	const passes = 5
	start := time.Now()
	for range passes {
		for _, doc := range d {
			_ = tokenScan(doc)
		}
	}
	scanNs = float64(time.Since(start).Nanoseconds()) / passes
	return scanNs
}

// report adds the ratio to the token scan (per pass over the corpus) and
// the bytes allocated per input byte.
func report(b *testing.B, before *runtime.MemStats, d [][]byte, inBytes int64) {
	b.StopTimer()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(inBytes), "allocB/inB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scanTime(d), "x-scan")
}

// BenchmarkUBL measures, per pass over the 45 UBL invoices of the
// XRechnung test suite: the encoding/xml token scan (the baseline), ReadUBL
// and WriteUBL. x-scan is the time as a multiple of the token scan's in the
// same run; allocB/inB the bytes allocated per byte of input.
func BenchmarkUBL(b *testing.B) {
	d, n := docs(b)
	b.Run("scan", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		for b.Loop() {
			for _, doc := range d {
				if err := tokenScan(doc); err != nil {
					b.Fatal(err)
				}
			}
		}
		scanNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		report(b, &ms, d, n)
	})
	b.Run("read", func(b *testing.B) {
		b.SetBytes(n)
		b.ReportAllocs()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		for b.Loop() {
			for _, doc := range d {
				if _, err := ReadUBL(bytes.NewReader(doc), nil); err != nil {
					b.Fatal(err)
				}
			}
		}
		report(b, &ms, d, n)
	})
	b.Run("write", func(b *testing.B) {
		invs := make([]*Invoice, len(d))
		for i, doc := range d {
			inv, err := ReadUBL(bytes.NewReader(doc), nil)
			if err != nil {
				b.Fatal(err)
			}
			invs[i] = inv
		}
		b.SetBytes(n)
		b.ReportAllocs()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		for b.Loop() {
			for _, inv := range invs {
				if err := WriteUBL(io.Discard, inv, nil); err != nil {
					b.Fatal(err)
				}
			}
		}
		report(b, &ms, d, n)
	})
}
