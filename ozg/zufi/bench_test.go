package zufi_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
)

func benchDoc(b *testing.B) []byte {
	data, err := os.ReadFile(testFiles[0])
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkTokenScan is the baseline: a bare encoding/xml token scan of
// the same bytes BenchmarkRead reads.
func BenchmarkTokenScan(b *testing.B) {
	data := benchDoc(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRead reads the 2.2.0 test message (223 elements).
func BenchmarkRead(b *testing.B) {
	data := benchDoc(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := zufi.Read(bytes.NewReader(data), nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkZustaendig answers a query that walks from a Gemeinde up to its
// Gemeindeverband.
func BenchmarkZustaendig(b *testing.B) {
	d := directory(b)
	key, ars := ozg.MustParseLeistungsschluessel("99102013104000"), ozg.MustParseARS("071375001057")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := d.Zustaendig(key, ars); err != nil {
			b.Fatal(err)
		}
	}
}
