package zufi_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

// FuzzRead: the reader never panics; it returns a message or an
// InvalidArgument error, and a message's elements are all accounted for.
func FuzzRead(f *testing.F) {
	for _, name := range testFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<x:schreibe xmlns:x="http://xoev.de/schemata/xzufi/2_3_1"><x:leistung><x:referenzLeiKa>99102013104000</x:referenzLeiKa></x:leistung></x:schreibe>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := zufi.Read(bytes.NewReader(b), nil)
		if err != nil {
			if ozg.CodeOf(err) != ozg.InvalidArgument {
				t.Fatalf("code %v: %v", ozg.CodeOf(err), err)
			}
			return
		}
		if m.Mapped < 1 {
			t.Fatalf("mapped %d", m.Mapped)
		}
		d := zufi.NewDirectory(m)
		for _, l := range m.Leistungen {
			for _, k := range l.ReferenzLeiKa {
				_, _ = d.Zustaendig(k, ozg.MustParseARS("071375001057"))
			}
		}
	})
}

// FuzzClientAnswer: whatever the PVOG answers, the client returns data or
// a classified error, never panics.
func FuzzClientAnswer(f *testing.F) {
	f.Add(`{"items":[{"ars":"071375001057","name":"Kruft","plz":"56642"}],"page":0,"totalPages":1}`, `{"xzufiObjekte":"","vollstaendig":true,"naechsterIndex":1}`)
	f.Add(`{"items":[],"page":0,"totalPages":0}`, `{"xzufiObjekte":"<x:schreibe xmlns:x=\"http://xoev.de/schemata/xzufi/2_3_1\"/>","vollstaendig":true,"naechsterIndex":1}`)
	f.Add(`[]`, `null`)
	var docs [][]byte
	for _, name := range testFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		docs = append(docs, b)
	}
	s, err := zufitest.New(docs, nil)
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	c, err := zufi.NewClient(s.URL, &zufi.ClientOptions{HTTPClient: s.Client(), MaxPages: 5})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, orte, objekte string) {
		s.Break("/suchdienst/api/v1/orte", orte)
		s.Break("/bereitstelldienst/api/v2/verwaltungsobjekte", objekte)
		ctx := context.Background()
		if _, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"}); err != nil && !errors.Is(err, zufi.ErrMalformed) {
			t.Fatalf("orte: %v", err)
		}
		if _, err := c.Verwaltungsobjekte(ctx, ozg.MustParseARS("07137")); err != nil && !errors.Is(err, zufi.ErrMalformed) {
			t.Fatalf("verwaltungsobjekte: %v", err)
		}
	})
}
