package xdatenfelder

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"testing"
)

// BenchmarkRead reads S00000094 V1.0 (187 KB); compare with
// BenchmarkBaselineTokenScan over the same bytes.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile(realSchema)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadBytes(data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineTokenScan is a bare encoding/xml token scan.
func BenchmarkBaselineTokenScan(b *testing.B) {
	data, err := os.ReadFile(realSchema)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.RawToken(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
