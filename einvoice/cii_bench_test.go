package einvoice

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"runtime"
	"sync"
	"testing"
)

// ciiBenchCorpus holds the 41 CII invoices of the XRechnung test suite.
var ciiBenchCorpus = sync.OnceValues(func() ([][]byte, error) { return testSuiteDocs(ciiCorpusList) })

// bufTokenScan is tokenScan through a bufio.Reader, as the readers'
// decoder reads (tokenScan's bytes.Reader makes encoding/xml read byte by
// byte through an interface call).
func bufTokenScan(doc []byte) error {
	d := xml.NewDecoder(bufio.NewReader(bytes.NewReader(doc)))
	for {
		if _, err := d.Token(); err != nil {
			if err == io.EOF {
				return nil
			}
			return err
		}
	}
}

// BenchmarkCII measures, per pass over the 41 CII invoices of the
// XRechnung test suite (4.3 MB, most of it base64 attachments): the
// encoding/xml token scan of the same bytes (the baseline, run first in the
// same process; as BenchmarkUBL's), the same scan through a bufio.Reader,
// ReadCII and WriteCII. x-scan and x-bufscan are the time as a multiple of
// the two scans'; allocB/inB the bytes allocated per byte of input;
// ns/invoice the mean time per invoice.
func BenchmarkCII(b *testing.B) {
	d, err := ciiBenchCorpus()
	if err != nil {
		b.Fatal(err)
	}
	if len(d) != 41 {
		b.Fatalf("got %d CII test suite invoices, want 41", len(d))
	}
	var n int64
	for _, x := range d {
		n += int64(len(x))
	}
	var scan, bufScan float64 // ns per pass of the token scans
	measure := func(b *testing.B, pass func()) {
		b.SetBytes(n)
		b.ReportAllocs()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for b.Loop() {
			pass()
		}
		b.StopTimer()
		runtime.ReadMemStats(&after)
		perPass := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		if scan == 0 {
			scan = perPass
		}
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(n), "allocB/inB")
		b.ReportMetric(perPass/scan, "x-scan")
		if bufScan > 0 {
			b.ReportMetric(perPass/bufScan, "x-bufscan")
		}
		b.ReportMetric(perPass/float64(len(d)), "ns/invoice")
	}
	b.Run("scan", func(b *testing.B) {
		scan = 0
		measure(b, func() {
			for _, doc := range d {
				if err := tokenScan(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("bufscan", func(b *testing.B) {
		if scan == 0 {
			b.Skip("run with the scan sub-benchmark (-bench CII), the baseline")
		}
		bufScan = 0
		measure(b, func() {
			for _, doc := range d {
				if err := bufTokenScan(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		bufScan = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("read", func(b *testing.B) {
		if scan == 0 {
			b.Skip("run with the scan sub-benchmark (-bench CII), the baseline")
		}
		measure(b, func() {
			for _, doc := range d {
				if _, err := ReadCII(bytes.NewReader(doc), nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
	b.Run("write", func(b *testing.B) {
		if scan == 0 {
			b.Skip("run with the scan sub-benchmark (-bench CII), the baseline")
		}
		invs := make([]*Invoice, len(d))
		for i, doc := range d {
			inv, err := ReadCII(bytes.NewReader(doc), nil)
			if err != nil {
				b.Fatal(err)
			}
			invs[i] = inv
		}
		measure(b, func() {
			for _, inv := range invs {
				if err := WriteCII(io.Discard, inv, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}
