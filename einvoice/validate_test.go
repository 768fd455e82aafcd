package einvoice

import (
	"bufio"
	"encoding/xml"
	"errors"
	"flag"
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
	data, err := os.ReadFile("testdata/validation/validator-configuration-xrechnung/scenarios.xml")
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

var updateNotImplemented = flag.Bool("update-not-implemented", false, "rewrite testdata/validation/not-implemented.txt from the registered rules")

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

	// The committed list of rules not implemented yet must be exactly the
	// catalogue's unimplemented ids: implementing a rule means deleting
	// its line, and a rule can neither disappear silently nor be left
	// off the list.
	if *updateNotImplemented {
		var b strings.Builder
		b.WriteString("# Rules of the catalogue (rules.tsv) not implemented yet, in catalogue order; TestImplementedRules\n# checks this list against the registered rules. Delete a line when the rule is implemented\n# (or run go test -run TestImplementedRules -update-not-implemented).\n")
		fam := ""
		for _, r := range Rules() {
			if Implemented(r.ID) {
				continue
			}
			if r.Family != fam {
				fam = r.Family
				b.WriteString("# " + fam + "\n")
			}
			b.WriteString(r.ID + "\n")
		}
		if err := os.WriteFile("testdata/validation/not-implemented.txt", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile("testdata/validation/not-implemented.txt")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			listed[l] = true
		}
	}
	for _, id := range missing {
		if !listed[id] {
			t.Errorf("rule %s is not implemented and not in testdata/validation/not-implemented.txt", id)
		}
		delete(listed, id)
	}
	for id := range listed {
		t.Errorf("rule %s is implemented (or unknown): delete it from testdata/validation/not-implemented.txt", id)
	}
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

// TestXPathErrorStopsRules: a value the official XSLT cannot cast stops
// the EN 16931 business rules (as Saxon does) and is reported as a schema
// violation (where KoSIT rejects it).
func TestXPathErrorStopsRules(t *testing.T) {
	data, err := os.ReadFile("testdata/xrechnung-testsuite/src/test/business-cases/standard/01.02a-INVOICE_ubl.xml")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), `<cbc:Percent>7</cbc:Percent>`, `<cbc:Percent>sieben</cbc:Percent>`, 1)
	bad = strings.Replace(bad, `"EUR">12.6</cbc:PayableAmount>`, `"EUR">99</cbc:PayableAmount>`, 1)
	_, rep, err := ValidateBytes([]byte(bad), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Valid {
		t.Fatal("valid with a malformed decimal")
	}
	schema := 0
	for _, f := range rep.Findings {
		r, _ := LookupRule(f.Rule)
		if r.Source == SourceEN16931 && (strings.HasPrefix(r.Family, "BR-CO") || r.Family == "BR") {
			t.Errorf("business rule %s reported after an XPath error", f.Rule)
		}
		if f.Rule == RuleSchema {
			schema++
			if !strings.Contains(f.Location.Path, "cbc:Percent") {
				t.Errorf("SCHEMA finding at %s, want the malformed cbc:Percent", f.Location.Path)
			}
		}
	}
	if schema == 0 {
		t.Errorf("no SCHEMA finding: %v", rep.Findings)
	}
}

func TestParseValidationProfile(t *testing.T) {
	for in, want := range map[string]ValidationProfile{"": ValidateAuto, "auto": ValidateAuto, "en16931": ValidateEN16931, "xrechnung": ValidateXRechnung, "XRechnung": ""} {
		got, ok := ParseValidationProfile(in)
		if got != want || ok != (want != "") {
			t.Errorf("ParseValidationProfile(%q) = %q, %v", in, got, ok)
		}
	}
	for in, want := range map[string]Severity{"fatal": SeverityFatal, "error": SeverityFatal, "warning": SeverityWarning, "information": SeverityInformation} {
		if got, ok := ParseSeverity(in); !ok || got != want || (in != "error" && got.String() != in) {
			t.Errorf("ParseSeverity(%q) = %v, %v", in, got, ok)
		}
	}
	if _, ok := ParseSeverity("info"); ok {
		t.Error(`ParseSeverity("info") accepted`)
	}
}

// TestProfileOptions checks which rule sets apply: by scenario in auto
// mode, and as the options force them.
func TestProfileOptions(t *testing.T) {
	data, err := os.ReadFile("testdata/xrechnung-testsuite/src/test/business-cases/extension/05.01a-INVOICE_ubl.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		opts       *ValidateOptions
		xr         bool
		co16       Severity
		scenarioOK bool
	}{
		{nil, true, SeverityInformation, true},
		{&ValidateOptions{NoKoSITOverrides: true}, true, SeverityFatal, true},
		{&ValidateOptions{Profile: ValidateEN16931}, false, SeverityInformation, true},
		{&ValidateOptions{Profile: ValidateEN16931, NoKoSITOverrides: true}, false, SeverityFatal, true},
	} {
		_, rep, err := ValidateBytes(data, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if rep.XRechnung != tc.xr || !rep.EN16931 || (rep.Scenario != "") != tc.scenarioOK {
			t.Errorf("%+v: XRechnung %v EN %v scenario %q", tc.opts, rep.XRechnung, rep.EN16931, rep.Scenario)
		}
		var got Severity
		for _, f := range rep.Findings {
			if f.Rule == "BR-CO-16" {
				got = f.Severity
			}
		}
		if got != tc.co16 {
			t.Errorf("%+v: BR-CO-16 %v, want %v", tc.opts, got, tc.co16)
		}
	}
	// a Peppol invoice: EN 16931 only, unless forced
	pep := strings.Replace(string(data), SpecXRechnungExtension, SpecPeppol, 1)
	_, rep, _ := ValidateBytes([]byte(pep), nil)
	if rep.XRechnung || rep.Scenario != "" || rep.Profile != ProfilePeppol {
		t.Errorf("Peppol: XRechnung %v scenario %q profile %v", rep.XRechnung, rep.Scenario, rep.Profile)
	}
	_, rep, _ = ValidateBytes([]byte(pep), &ValidateOptions{Profile: ValidateXRechnung})
	if !rep.XRechnung {
		t.Error("Peppol with ValidateXRechnung: XRechnung rules not applied")
	}
}
