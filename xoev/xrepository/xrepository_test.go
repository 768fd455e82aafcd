package xrepository

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

const testdata = "../genericode/testdata"

// fakeXRepository serves the genericode test data under the XRepository
// API paths and counts the requests.
func fakeXRepository(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/xrepository/{cvu}/genericode", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		cvu := r.PathValue("cvu")
		if cvu == "urn:broken_1" {
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		}
		if cvu == "urn:de:xoev:codeliste:erreichbarkeit_99" { // lies: serves version 3
			cvu = "urn:de:xoev:codeliste:erreichbarkeit_3"
		}
		data, err := os.ReadFile(filepath.Join(testdata, strings.ReplaceAll(cvu, ":", "_")+".xml"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Write(data)
	})
	mux.HandleFunc("GET /api/codeliste/{uri}/gueltigeVersion", func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		uri := r.PathValue("uri")
		matches, _ := filepath.Glob(filepath.Join(testdata, strings.ReplaceAll(uri, ":", "_")+"_*.xml"))
		if len(matches) != 1 {
			http.NotFound(w, r)
			return
		}
		l, err := genericode.ParseBytes(must(os.ReadFile(matches[0])))
		if err != nil {
			t.Error(err)
		}
		v := l.Identification.Version
		// The answer names the valid version (shape as XRepository's API).
		fmt.Fprintf(w, `<dat:VersionCodeliste xmlns:dat="urn:test:xrepository"><dat:kennung>%s</dat:kennung><dat:version>%s</dat:version></dat:VersionCodeliste>`,
			l.Identification.CanonicalVersionURI, v)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &n
}

func TestCodeListCached(t *testing.T) {
	srv, n := fakeXRepository(t)
	dir := t.TempDir()
	c := New(&Options{BaseURL: srv.URL, HTTPClient: srv.Client(), CacheDir: dir})
	ctx := context.Background()
	for range 3 {
		l, err := c.CodeList(ctx, "urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix", "51")
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := l.Lookup("psw"); !ok || l.Len() != 118 {
			t.Fatalf("list content: %d rows", l.Len())
		}
	}
	if got := n.Load(); got != 1 {
		t.Errorf("%d requests, want 1 (cache)", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "urn_xoev-de_bund_bmi_bit_codeliste_dvdv.praefix_51.xml")); err != nil {
		t.Errorf("cache file: %v", err)
	}
	// A second client on the same directory needs no network.
	c2 := New(&Options{BaseURL: "http://127.0.0.1:1", CacheDir: dir})
	if _, err := c2.CodeList(ctx, "urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix", "51"); err != nil {
		t.Errorf("from cache: %v", err)
	}
}

func TestErrors(t *testing.T) {
	srv, _ := fakeXRepository(t)
	c := New(&Options{BaseURL: srv.URL, HTTPClient: srv.Client()})
	ctx := context.Background()
	tests := []struct {
		uri, version string
		want         error
	}{
		{"urn:nope", "1", ozg.ErrNotFound},
		{"urn:broken", "1", ozg.ErrUnavailable},
		{"urn:de:xoev:codeliste:erreichbarkeit", "99", ozg.ErrInvalidArgument},
		{"", "1", ozg.ErrInvalidArgument},
	}
	for _, tt := range tests {
		if _, err := c.CodeList(ctx, tt.uri, tt.version); !errors.Is(err, tt.want) {
			t.Errorf("%s %s: got %v, want %v", tt.uri, tt.version, err, tt.want)
		}
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := c.CodeList(cctx, "urn:de:xoev:codeliste:erreichbarkeit", "3"); !errors.Is(err, ozg.ErrCanceled) {
		t.Errorf("canceled: %v", err)
	}
	down := New(&Options{BaseURL: "http://127.0.0.1:1"})
	if _, err := down.CodeList(ctx, "urn:de:xoev:codeliste:erreichbarkeit", "3"); !errors.Is(err, ozg.ErrUnavailable) {
		t.Errorf("unreachable: %v", err)
	}
}

func TestCurrentAndLoad(t *testing.T) {
	srv, _ := fakeXRepository(t)
	c := New(&Options{BaseURL: srv.URL, HTTPClient: srv.Client(), CacheDir: t.TempDir()})
	ctx := context.Background()
	l, err := c.Current(ctx, "urn:xoev-de:xinneres:codeliste:geschlecht")
	if err != nil {
		t.Fatal(err)
	}
	if l.Identification.Version != "1" || l.Len() != 4 {
		t.Errorf("version %q, %d rows", l.Identification.Version, l.Len())
	}
	if _, err := c.Current(ctx, "urn:nope"); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("unknown list: %v", err)
	}
	var reg genericode.Registry
	err = c.Load(ctx, &reg,
		genericode.ListKey{URI: "urn:de:xoev:codeliste:erreichbarkeit", Version: "3"},
		genericode.ListKey{URI: "urn:xoev-de:xwasser:codeliste:nachrichtentyp", Version: "1"})
	if err != nil {
		t.Fatal(err)
	}
	if row, ok := reg.Lookup("urn:xoev-de:xwasser:codeliste:nachrichtentyp", "1", "2010"); !ok || row.Name() != "vorgang.transportieren.2010" {
		t.Errorf("lookup after Load: %v %q", ok, row.Name())
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
