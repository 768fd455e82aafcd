package einvoice

import (
	"bufio"
	"encoding/xml"
	"errors"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// TestRuleCatalogue reads testdata/validation/rules.tsv independently of
// the generator and compares every row with the generated catalogue.
func TestRuleCatalogue(t *testing.T) {
	f, err := os.Open("testdata/validation/rules.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.HasPrefix(l, "source\t") || l == "" {
			continue
		}
		c := strings.Split(l, "\t")
		r, ok := LookupRule(c[2])
		if !ok {
			t.Errorf("%s missing from the catalogue", c[2])
			continue
		}
		n++
		if r.Source.String() != c[0] || r.Family != c[1] || r.Message != c[5] {
			t.Errorf("%s: catalogue %v/%s/%q, rules.tsv %v", c[2], r.Source, r.Family, r.Message, c)
		}
		for _, syn := range []Syntax{UBL, CII} {
			want := ""
			if strings.Contains(c[4], string(syn)) {
				want = c[3]
				if strings.Contains(want, ";") {
					for _, p := range strings.Split(want, ";") {
						if v, ok := strings.CutPrefix(p, string(syn)+":"); ok {
							want = v
						}
					}
				}
			}
			if got := r.Severity(syn).String(); got != want {
				t.Errorf("%s %s: severity %q, want %q", c[2], syn, got, want)
			}
		}
	}
	if n != 1642 || len(Rules()) != 1643 {
		t.Errorf("%d rules in rules.tsv, %d in Rules(); want 1642 and 1642+SCHEMA", n, len(Rules()))
	}
}

// TestScenarios compares the scenario table with the KoSIT validator
// configuration's scenarios.xml.
func TestScenarios(t *testing.T) {
	data, err := os.ReadFile("testdata/validator-configuration-xrechnung/scenarios.xml")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Scenarios []struct {
			Name  string   `xml:"name"`
			Match string   `xml:"match"`
			Rules []string `xml:"validateWithSchematron>resource>location"`
		} `xml:"scenario"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Scenarios) != len(scenarios) {
		t.Fatalf("%d scenarios in scenarios.xml, %d in the table", len(doc.Scenarios), len(scenarios))
	}
	levels := customLevels(data)
	for i, s := range doc.Scenarios {
		g := scenarios[i]
		if g.name != s.Name {
			t.Errorf("scenario %d: name %q, want %q", i, g.name, s.Name)
		}
		lit := s.Match[strings.Index(s.Match, "'")+1:]
		lit = lit[:strings.Index(lit, "'")]
		if g.spec != lit {
			t.Errorf("%s: spec %q, want %q", s.Name, g.spec, lit)
		}
		root := "Invoice"
		if strings.Contains(s.Match, "creditnote:CreditNote") {
			root = "CreditNote"
		} else if strings.Contains(s.Match, "rsm:CrossIndustryInvoice") {
			root = "CrossIndustryInvoice"
		}
		if g.root != root {
			t.Errorf("%s: root %q, want %q", s.Name, g.root, root)
		}
		xr := strings.Contains(strings.Join(s.Rules, " "), "XRechnung")
		if g.xrechnung != xr {
			t.Errorf("%s: xrechnung %v, want %v", s.Name, g.xrechnung, xr)
		}
		want := levels[i]
		if len(want) != len(g.levels) {
			t.Errorf("%s: %d overrides, want %d", s.Name, len(g.levels), len(want))
		}
		for id, lv := range want {
			sev, _ := ParseSeverity(lv)
			if g.levels[id] != sev {
				t.Errorf("%s: %s level %v, want %s", s.Name, id, g.levels[id], lv)
			}
			if _, ok := LookupRule(id); !ok {
				t.Errorf("%s: override of unknown rule %s", s.Name, id)
			}
		}
	}
}

// customLevels returns the customLevel elements of each scenario, in order.
func customLevels(data []byte) []map[string]string {
	var out []map[string]string
	d := xml.NewDecoder(strings.NewReader(string(data)))
	var cur map[string]string
	for {
		tok, err := d.Token()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "scenario":
				cur = map[string]string{}
			case "customLevel":
				var s string
				if d.DecodeElement(&s, &t) == nil && cur != nil {
					for _, a := range t.Attr {
						if a.Name.Local == "level" {
							cur[strings.TrimSpace(s)] = a.Value
						}
					}
				}
			}
		case xml.EndElement:
			if t.Name.Local == "scenario" {
				out = append(out, cur)
				cur = nil
			}
		}
	}
}

// TestImplementedRules lists, per family, how many catalogue rules are
// implemented, and checks that every implemented id is in the catalogue.
func TestImplementedRules(t *testing.T) {
	type count struct{ done, all int }
	fam := map[string]*count{}
	var missing []string
	for _, r := range Rules() {
		c := fam[r.Family]
		if c == nil {
			c = &count{}
			fam[r.Family] = c
		}
		c.all++
		if Implemented(r.ID) {
			c.done++
		} else {
			missing = append(missing, r.ID)
		}
	}
	for id := range implemented {
		if _, ok := LookupRule(id); !ok {
			t.Errorf("implemented rule %s is not in the catalogue", id)
		}
	}
	var names []string
	for f := range fam {
		names = append(names, f)
	}
	sort.Strings(names)
	total := 0
	for _, f := range names {
		c := fam[f]
		total += c.done
		t.Logf("%-16s %4d of %4d implemented", f, c.done, c.all)
	}
	t.Logf("%d of %d rules implemented; not yet: %d", total, len(Rules()), len(missing))
}

func TestReportErr(t *testing.T) {
	rep := &Report{Valid: true, Findings: []Finding{{Rule: "BR-DE-TMP-32", Severity: SeverityInformation}}}
	if rep.Err() != nil {
		t.Fatalf("Err of a report without fatal findings: %v", rep.Err())
	}
	rep.Findings = append(rep.Findings, Finding{Rule: "BR-01", Severity: SeverityFatal, Location: Location{Path: "/Invoice"}, Message: "m"})
	err := rep.Err()
	if !errors.Is(err, ErrRuleViolated) || ozg.CodeOf(err) != ozg.InvalidArgument {
		t.Fatalf("Err = %v", err)
	}
	var re *RuleError
	if !errors.As(err, &re) || re.Finding.Rule != "BR-01" {
		t.Fatalf("Err = %v, want a *RuleError for BR-01", err)
	}
}

func TestMatchScenario(t *testing.T) {
	for _, tc := range []struct {
		root, spec, want string
	}{
		{"Invoice", SpecXRechnung, "EN16931 XRechnung (UBL Invoice)"},
		{"CreditNote", SpecXRechnungCVD, "EN16931 XRechnung CVD (UBL CreditNote)"},
		{"CrossIndustryInvoice", SpecXRechnungExtension, "EN16931 XRechnung Extension (CII)"},
		{"Invoice", " " + SpecXRechnung, ""},
		{"CreditNote", SpecXRechnungExtension, ""},
		{"Invoice", SpecPeppol, ""},
	} {
		got := ""
		if s := matchScenario(tc.root, tc.spec); s != nil {
			got = s.name
		}
		if got != tc.want {
			t.Errorf("matchScenario(%s, %q) = %q, want %q", tc.root, tc.spec, got, tc.want)
		}
	}
}
