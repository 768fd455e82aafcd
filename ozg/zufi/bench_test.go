package zufi_test

import (
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
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

func benchFake(b *testing.B) *zufitest.Server {
	b.Helper()
	s, err := zufitest.New(readDocs(b, testFiles), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Close)
	return s
}

// BenchmarkSuchdienstGet is the baseline of BenchmarkClientZustaendig: one
// bare HTTP GET of one Suchdienst page (the /v3 listing of the Hundesteuer
// in the VG Pellenz) against the same fake over loopback, body read and
// nothing decoded.
func BenchmarkSuchdienstGet(b *testing.B) {
	s := benchFake(b)
	hc := s.Client()
	u := s.URL + "/v3/servicedescriptions/leikaid?leikaIds=99102013104000&ars=071375001&validDate=2026-03-01&page=0&size=50"
	b.ReportAllocs()
	for b.Loop() {
		resp, err := hc.Get(u)
		if err != nil {
			b.Fatal(err)
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			b.Fatal(resp.Status, err)
		}
	}
}

// BenchmarkClientZustaendig walks from the Gemeinde Kruft up to the VG
// Pellenz through the fake Suchdienst: four requests (listing and units at
// each level), decoded and checked. Compare with BenchmarkSuchdienstGet.
func BenchmarkClientZustaendig(b *testing.B) {
	s := benchFake(b)
	c, err := zufi.NewClient(s.URL, &zufi.ClientOptions{HTTPClient: s.Client()})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	key, ars := ozg.MustParseLeistungsschluessel("99102013104000"), ozg.MustParseARS("071375001057")
	before := len(s.Requests())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		got, err := c.Zustaendig(ctx, key, ars)
		if err != nil || len(got) != 1 || got[0].Organisationseinheit.ID != "OE-VG-PELLENZ-FIN" {
			b.Fatal(got, err)
		}
		n++
	}
	b.ReportMetric(float64(len(s.Requests())-before)/float64(n), "requests/op")
}
