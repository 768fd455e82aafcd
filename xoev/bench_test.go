package xoev

import (
	"bytes"
	"encoding/xml"
	"testing"
	"time"
)

// BenchmarkTokenScanBaseline is the baseline: a bare encoding/xml token
// scan of the whole message, the least any decoder must do.
func BenchmarkTokenScanBaseline(b *testing.B) {
	data := readFile(b, examples[1])
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err != nil {
				break
			}
		}
	}
}

// BenchmarkDecodeHeader decodes the header only (it stops after it).
func BenchmarkDecodeHeader(b *testing.B) {
	data := readFile(b, examples[1])
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeHeader(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnmarshalRaw decodes the header and scans the body to the end
// of the root (Message[RawXML]): the same bytes as the baseline.
func BenchmarkUnmarshalRaw(b *testing.B) {
	data := readFile(b, examples[1])
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var m Message[RawXML]
		if err := Unmarshal(data, &m); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalRaw(b *testing.B) {
	var m Message[RawXML]
	if err := Unmarshal(readFile(b, examples[1]), &m); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Marshal(&m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRatioToTokenScan interleaves a bare token scan and a full
// Unmarshal (header decoded, body scanned to the end) of the same bytes and
// reports their time ratio as "x-scan" (target ≤ 2).
func BenchmarkRatioToTokenScan(b *testing.B) {
	data := readFile(b, examples[1])
	var scan, dec time.Duration
	b.ReportAllocs()
	for b.Loop() {
		t0 := time.Now()
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			if _, err := d.Token(); err != nil {
				break
			}
		}
		t1 := time.Now()
		var m Message[RawXML]
		if err := Unmarshal(data, &m); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		scan += t1.Sub(t0)
		dec += t2.Sub(t1)
	}
	b.ReportMetric(float64(dec)/float64(scan), "x-scan")
}
