package xoev

import (
	"context"
	"errors"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

func registry(t testing.TB) *genericode.Registry {
	t.Helper()
	var r genericode.Registry
	if _, err := r.LoadDir("genericode/testdata"); err != nil {
		t.Fatal(err)
	}
	return &r
}

func rules(r *Report) []string {
	var out []string
	for _, f := range r.Findings {
		out = append(out, f.Rule+" "+f.Path)
	}
	sort.Strings(out)
	return out
}

func TestCheckStrictXWasserExamples(t *testing.T) {
	reg := registry(t)
	tests := []struct {
		file string
		want []string
	}{
		{examples[0], []string{
			"XOEV-HDR-LIST-MISSING aktuellerStatusTechnisch line 32 col 5",
			"XOEV-HDR-NACHRICHTENTYP nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp",
			"XOEV-STRICT-EMPTY-CODE nachrichtenkopf.g2g/autor/verzeichnisdienst/code",
			"XOEV-STRICT-EMPTY-CODE nachrichtenkopf.g2g/leser/verzeichnisdienst/code",
			"XOEV-STRICT-EMPTY-LISTVERSION line 12 col 26",
			"XOEV-STRICT-EMPTY-LISTVERSION line 19 col 26",
			"XOEV-STRICT-TIMESTAMP-MS nachrichtenkopf.g2g/identifikation.nachricht/erstellungszeitpunkt",
			"XOEV-STRICT-TIMESTAMP-ZONE nachrichtenkopf.g2g/identifikation.nachricht/erstellungszeitpunkt",
		}},
		{examples[1], []string{
			"XOEV-HDR-LIST-MISSING dokumentTyp line 33 col 9",
			"XOEV-HDR-NACHRICHTENTYP nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp",
			"XOEV-HDR-PRAEFIX nachrichtenkopf.g2g/autor/kennung", // gha: not a DVDV prefix
			"XOEV-HDR-PRAEFIX nachrichtenkopf.g2g/leser/kennung", // olb: not a DVDV prefix
			"XOEV-STRICT-ESCAPE line 2 col 321",
			"XOEV-STRICT-ESCAPE line 2 col 357",
			"XOEV-STRICT-EMPTY-CODE nachrichtenkopf.g2g/autor/verzeichnisdienst/code",
			"XOEV-STRICT-EMPTY-CODE nachrichtenkopf.g2g/leser/verzeichnisdienst/code",
			"XOEV-STRICT-EMPTY-LISTVERSION line 12 col 26",
			"XOEV-STRICT-EMPTY-LISTVERSION line 19 col 26",
			"XOEV-STRICT-TIMESTAMP-MS nachrichtenkopf.g2g/identifikation.nachricht/erstellungszeitpunkt",
			"XOEV-STRICT-TIMESTAMP-ZONE nachrichtenkopf.g2g/identifikation.nachricht/erstellungszeitpunkt",
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			_, rep, err := Check(context.Background(), readFile(t, tt.file), &CheckOptions{Registry: reg, Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			got := rules(rep)
			sort.Strings(tt.want)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				for _, f := range rep.Findings {
					t.Log(f)
				}
			}
			if rep.OK() {
				t.Error("report OK despite errors")
			}
		})
	}
}

func TestCheckWithoutStrictFindsOnlyHeaderRules(t *testing.T) {
	_, rep, err := Check(context.Background(), readFile(t, examples[1]), &CheckOptions{Registry: registry(t)})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.Rule, "XOEV-STRICT") {
			t.Errorf("strict finding without strict mode: %v", f)
		}
	}
}

func TestCheckReusedUUID(t *testing.T) {
	store := new(MemorySeenStore)
	data := readFile(t, examples[1])
	var reused []int
	for i := range 3 {
		_, rep, err := Check(context.Background(), data, &CheckOptions{Strict: true, Seen: store})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Findings {
			if f.Rule == RuleStrictReused {
				reused = append(reused, i)
			}
		}
	}
	if len(reused) != 2 || reused[0] != 1 {
		t.Errorf("reuse found in runs %v, want [1 2]", reused)
	}
}

func TestMemorySeenStoreConcurrent(t *testing.T) {
	var s MemorySeenStore
	var wg sync.WaitGroup
	var mu sync.Mutex
	added := 0
	for range 50 {
		wg.Go(func() {
			ok, err := s.Add(context.Background(), "693C64D6-456F-4D14-ABE7-FE9681C74AAE")
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				added++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if added != 1 {
		t.Errorf("added %d times, want 1", added)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Add(ctx, "x"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled context: %v", err)
	}
}

func TestCheckLegacyXGewerbeanzeige(t *testing.T) {
	h, rep, err := Check(context.Background(), readFile(t, examples[2]), &CheckOptions{Registry: registry(t), Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	if h.Form != FormLegacy {
		t.Fatalf("form %v", h.Form)
	}
	// MELDID and azr are DVDV prefixes; the timestamp has a zone but no
	// milliseconds; the UUID is not random.
	got := rules(rep)
	want := []string{
		"XOEV-HDR-LIST-MISSING kennung line 85 col 16", // a body code from urn:de:bund:destatis:...:ags
		"XOEV-STRICT-TIMESTAMP-MS nachrichtenkopf/identifikation.nachricht/erstellungszeitpunkt",
		"XOEV-STRICT-UUID-VERSION nachrichtenkopf/identifikation.nachricht/nachrichtenUUID",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckHeaderRules(t *testing.T) {
	base := string(readFile(t, examples[0]))
	tests := []struct {
		name, old, new, rule string
	}{
		{"bad uuid", "693c64d6-456f-4d14-abe7-fe9681c74aaf", "not-a-uuid", RuleUUID},
		{"empty produkt", `produkt="SHAPTH CLI"`, `produkt=""`, RuleAttr},
		{"control char", `<name>Author</name>`, `<name>Au&#xAD;thor</name>`, RuleDIN91379},
		{"bad kennung", "psw:01003110", "psw01003110", RuleKennung},
		{"unknown praefix", "psw:01003110", "zzz:01003110", RulePraefix},
		{"unknown nachrichtentyp", "<code>0010</code>", "<code>9999</code>", RuleCode},
		{"type 4 without version", `listURI="urn:xoev-de:xwasser:codeliste:nachrichtentyp" listVersionID="1"`, `listURI="urn:xoev-de:xwasser:codeliste:nachrichtentyp"`, RuleCode},
		{"list not loaded", `listVersionID="1"`, `listVersionID="7"`, RuleListMissing},
		{"body code unknown", `listURI="urn:xoev-de:xewaffe:codeliste:statustechnisch" listVersionID="1">
      <code>200</code>`, `listURI="urn:de:xoev:codeliste:erreichbarkeit" listVersionID="3">
      <code>77</code>`, RuleCode},
		{"verzeichnisdienst list", "<verzeichnisdienst listVersionID=\"\">\n        <code></code>", "<verzeichnisdienst listVersionID=\"1\">\n        <code>DVDV</code>", RuleListMissing},
	}
	reg := registry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(base, tt.old, tt.new, 1)
			if in == base {
				t.Fatal("replacement did not apply")
			}
			_, rep, err := Check(context.Background(), []byte(in), &CheckOptions{Registry: reg})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range rep.Findings {
				if f.Rule == tt.rule {
					return
				}
			}
			t.Errorf("no %s finding; got %v", tt.rule, rep.Findings)
		})
	}
}

func TestCheckStrictNFC(t *testing.T) {
	in := strings.Replace(string(readFile(t, examples[1])), "<xwas:bemerkung>Bemerkung", "<xwas:bemerkung>Gro\u0308ße", 1)
	_, rep, err := Check(context.Background(), []byte(in), &CheckOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Rule == RuleStrictNFC {
			if f.Path != "line 45 col 23" {
				t.Errorf("position %s", f.Path)
			}
			return
		}
	}
	t.Errorf("no NFC finding: %v", rep.Findings)
}

func TestCheckStrictEmptyBodyCode(t *testing.T) {
	in := strings.Replace(string(readFile(t, examples[1])), "<code>1010</code>", "<code> </code>", 1)
	_, rep, err := Check(context.Background(), []byte(in), &CheckOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range rep.Findings {
		if f.Rule == RuleStrictEmpty {
			n++
			if strings.HasPrefix(f.Path, "line") && f.Path != "line 34 col 11" {
				t.Errorf("position %s", f.Path)
			}
		}
	}
	if n != 3 { // two in the header, one in the body
		t.Errorf("%d empty-code findings, want 3: %v", n, rep.Findings)
	}
}
