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

// FuzzClientAnswer: whatever the Suchdienst answers on any endpoint, the
// client returns data or an error wrapping ErrMalformed, never panics.
// The same body is served on every endpoint the client decodes.
func FuzzClientAnswer(f *testing.F) {
	seeds := []string{
		`[{"ars":"071375001057","ags":"07137057","name":"Kruft","zip":"56642","zipCodeCount":1}]`,
		`{"content":[{"id":"L100042.LB.101954","name":"x"}],"totalPages":1,"totalElements":1,"number":0,"size":5,"first":true,"last":true}`,
		`{"serviceDescriptions":{"content":[{"id":"B1.LB.1","name":"x","ars":["000000000000","071375001057"]}],"totalPages":1,"number":0}}`,
		`{"id":"L100042.LB.101954","name":"x","details":[{"text":"<p>y</p>"}]}`,
		`[{"id":"L100042.OE.2292","title":"Landratsamt Donau-Ries","role":{"code":"01"}}]`,
		`{"id":"L100042.OE.868","title":"Landgericht M\u00fcnchen I","lastUpdate":"2022-10-10T09:12:27.031512400Z","location":{"addresses":[{"type":"Hausanschrift","street":"s","zip":"1","city":"c"}],"communications":[{"code":"02","value":"1"}]},"internetAddresses":[{"uri":"https://x"}],"role":"Ansprechpunkt"}`,
		`{"id":"L100042.OD.123","links":[{"uri":"https://x"}]}`,
		`{"x":[{"idSekundaer":[{"value":"a.b.c","schemeID":"urn:de:fitko:fit-connect:xzufi:destination"}]}]}`,
		"ID-LB|Name\nL1.LB.1|x\n",
		`["Kruft (56642)",{"name":"Kruft","ars":"071375001057"}]`,
		`[{"ars":"071375001057","plz":"56642","name":"Kruft"}]`,
		`null`,
	}
	for _, s := range seeds {
		f.Add(s)
	}
	s, err := zufitest.New(readDocs(f, testFiles), nil)
	if err != nil {
		f.Fatal(err)
	}
	defer s.Close()
	c, err := zufi.NewClient(s.URL, &zufi.ClientOptions{HTTPClient: s.Client(), MaxPages: 5})
	if err != nil {
		f.Fatal(err)
	}
	kruft := ozg.MustParseARS("071375001057")
	paths := []string{"/v2/locations", "/v2/locations/suggestions", "/v3/locations/details", "/v3/servicedescriptions/leikaid", "/v7/servicedescriptions/071375001057",
		"/v6/servicedescriptions/L1.LB.1/detail", "/v5/servicedescriptions/csv", "/v2/organisationunits/titles",
		"/v5/organisationunits/detail", "/v2/onlineservices/detail", "/v1/relations/jzufi-2-3"}
	f.Fuzz(func(t *testing.T, body string) {
		for _, p := range paths {
			s.Break(p, body)
		}
		ctx := context.Background()
		check := func(what string, err error) {
			if err != nil && !errors.Is(err, zufi.ErrMalformed) {
				t.Fatalf("%s: %v", what, err)
			}
		}
		_, err := c.Orte(ctx, "56642")
		check("Orte", err)
		_, err = c.Ortsvorschlaege(ctx, "Kru")
		check("Ortsvorschlaege", err)
		_, err = c.OrtDetails(ctx, "56642", 3)
		check("OrtDetails", err)
		_, err = c.Leistungen(ctx, hundesteuer, kruft)
		check("Leistungen", err)
		_, err = c.Suche(ctx, kruft, "Hund")
		check("Suche", err)
		_, err = c.LeistungDetail(ctx, "L1.LB.1", kruft)
		check("LeistungDetail", err)
		_, err = c.LeistungenCSV(ctx, kruft)
		check("LeistungenCSV", err)
		_, err = c.Organisationseinheiten(ctx, "L1.LB.1", kruft)
		check("Organisationseinheiten", err)
		_, err = c.Organisationseinheit(ctx, "L1.OE.1", kruft, "L1.LB.1")
		check("Organisationseinheit", err)
		od, err := c.Onlinedienst(ctx, "L1.OD.1")
		check("Onlinedienst", err)
		if err == nil {
			_ = od.HasParameter("efa.datenschutzerklaerung.url")
		}
		rel, err := c.Relationen(ctx, kruft, "L1.LB.1")
		check("Relationen", err)
		for _, sig := range rel.DestinationSignatures() {
			if sig == "" {
				t.Fatal("empty signature")
			}
		}
	})
}
