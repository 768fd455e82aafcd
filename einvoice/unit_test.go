package einvoice

import (
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/beevik/etree"
)

// The rule unit tests of the official artefacts, expanded in Go the way
// the shared tool einvoice-expand-unit-tests does (the case names are the
// same, so its expectations.tsv and the oracle's output can be compared
// line by line):
//
//   - KoSIT XML-Mutate instances: each <?xmute?> processing instruction
//     mutates the next sibling element of the original document (identity,
//     remove, empty, whitespace, code values="a,b" with separator and
//     attribute); schematron-valid="P:RULE" means RULE must not fire,
//     schematron-invalid that it must (prefix xr*: XRechnung rules, cen*:
//     EN 16931 rules).
//   - CEN VEFA test sets: every <test> holds one invoice and an <assert>
//     with <success>RULE</success> (must not fire), <error> (must fire as
//     fatal) or <warning> (must fire as warning).
//
// The expanded cases are validated with both rule sets and the raw
// Schematron flags (ValidateXRechnung, NoKoSITOverrides), as the
// Schematron test runners of both projects do.

// raceSample is the share of unit-test files expanded under the race
// detector (one in raceSample).
const raceSample = 8

// unitCase is one expanded document with its expectations.
type unitCase struct {
	name   string // case file name as the Python expander names it
	origin string // source file and instruction id
	doc    []byte
	expect []unitExpect
}

// unitExpect is one expectation: rule must be absent, present, or fire
// with a severity.
type unitExpect struct {
	rule   string
	layer  string // "en16931" or "xrechnung"
	expect string // absent | present | fatal | warning
}

var caseNameRE = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// unitCaseName returns the case name for a source path relative to
// testdata (as the expander's relpath from the shared test data).
func unitCaseName(rel, suffix string) string {
	stem := strings.TrimSuffix(rel, filepath.Ext(rel))
	stem = strings.Trim(caseNameRE.ReplaceAllString(stem, "_"), "_")
	if len(stem) > 120 {
		stem = stem[len(stem)-120:]
	}
	return stem + "__" + suffix + ".xml"
}

var piAttrRE = regexp.MustCompile(`([\w-]+)="([^"]*)"`)

func piAttrs(s string) map[string]string {
	m := map[string]string{}
	for _, x := range piAttrRE.FindAllStringSubmatch(s, -1) {
		m[x[1]] = x[2]
	}
	return m
}

// xmuteTarget is an instruction and the index of its target among its
// parent's child tokens.
type xmuteTarget struct {
	parent int // index of the parent in preorder
	child  int // index of the target in parent.Child
	attrs  map[string]string
}

// preorder returns the elements of the tree under e in document order.
func preorder(e *etree.Element) []*etree.Element {
	out := []*etree.Element{e}
	for _, c := range e.ChildElements() {
		out = append(out, preorder(c)...)
	}
	return out
}

// expandXmute expands one XML-Mutate file.
func expandXmute(rel string, data []byte) ([]unitCase, error) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, err
	}
	var targets []xmuteTarget
	for pi, parent := range preorder(doc.Root()) {
		for i, tok := range parent.Child {
			p, ok := tok.(*etree.ProcInst)
			if !ok || p.Target != "xmute" {
				continue
			}
			j := i + 1
			for j < len(parent.Child) {
				if _, ok := parent.Child[j].(*etree.Element); ok {
					break
				}
				j++
			}
			if j < len(parent.Child) {
				targets = append(targets, xmuteTarget{pi, j, piAttrs(p.Inst)})
			}
		}
	}
	var out []unitCase
	for n, tg := range targets {
		a := tg.attrs
		m := a["mutator"]
		var variants []string
		switch m {
		case "code":
			sep := ","
			if s, ok := a["separator"]; ok {
				sep = s
			}
			for _, v := range strings.Split(a["values"], sep) {
				variants = append(variants, strings.TrimSpace(v))
			}
		case "identity", "remove", "empty", "whitespace":
			variants = []string{""}
		default:
			return nil, fmt.Errorf("%s: unsupported mutator %q", rel, m)
		}
		id := a["id"]
		if _, ok := a["id"]; !ok {
			id = fmt.Sprint(n)
		}
		var exp []unitExpect
		for _, kv := range [][2]string{{"schematron-valid", "absent"}, {"schematron-invalid", "present"}} {
			for _, ref := range strings.FieldsFunc(a[kv[0]], func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' || r == '\r' }) {
				pfx, rule, _ := strings.Cut(ref, ":")
				layer := "en16931"
				if strings.HasPrefix(pfx, "xr") {
					layer = "xrechnung"
				}
				exp = append(exp, unitExpect{rule: rule, layer: layer, expect: kv[1]})
			}
		}
		for k, val := range variants {
			d2 := doc.Copy()
			parent := preorder(d2.Root())[tg.parent]
			tgt := parent.Child[tg.child].(*etree.Element)
			attr := a["attribute"]
			switch m {
			case "remove":
				if attr != "" {
					tgt.RemoveAttr(attr)
				} else {
					parent.RemoveChildAt(tg.child)
				}
			case "empty":
				if attr != "" {
					tgt.CreateAttr(attr, "")
				} else {
					tgt.Child = nil
					tgt.SetText("")
				}
			case "whitespace":
				tgt.SetText(" " + tgt.Text() + " ")
			case "code":
				if attr != "" {
					tgt.CreateAttr(attr, val)
				} else {
					tgt.SetText(val)
				}
			}
			b, err := d2.WriteToBytes()
			if err != nil {
				return nil, err
			}
			out = append(out, unitCase{
				name:   unitCaseName(rel, fmt.Sprintf("m%03d_%02d", n, k)),
				origin: rel + "#" + id,
				doc:    b,
				expect: exp,
			})
		}
	}
	return out, nil
}

const vefaNS = "http://difi.no/xsd/vefa/validator/1.0"

// expandVEFA expands one CEN VEFA test set.
func expandVEFA(rel string, doc *etree.Document) ([]unitCase, error) {
	var out []unitCase
	root := doc.Root()
	i := 0
	for _, test := range root.ChildElements() {
		if test.Tag != "test" || test.NamespaceURI() != vefaNS {
			continue
		}
		n := i
		i++
		var as *etree.Element
		var inv *etree.Element
		for _, c := range test.ChildElements() {
			if c.Tag == "assert" && c.NamespaceURI() == vefaNS {
				if as == nil {
					as = c
				}
			} else if inv == nil {
				inv = c
			}
		}
		if as == nil || inv == nil {
			continue
		}
		el := inv.Copy()
		// namespace declarations of the ancestors the invoice relies on
		have := map[string]bool{}
		for _, at := range el.Attr {
			have[at.FullKey()] = true
		}
		for p := inv.Parent(); p != nil; p = p.Parent() {
			for _, at := range p.Attr {
				if (at.Space == "xmlns" || at.Space == "" && at.Key == "xmlns") && !have[at.FullKey()] {
					have[at.FullKey()] = true
					if at.Space == "" && at.Value == vefaNS {
						continue
					}
					el.CreateAttr(at.FullKey(), at.Value)
				}
			}
		}
		d2 := etree.NewDocument()
		d2.SetRoot(el)
		b, err := d2.WriteToBytes()
		if err != nil {
			return nil, err
		}
		c := unitCase{name: unitCaseName(rel, fmt.Sprintf("t%03d", n)), origin: rel, doc: b}
		for _, kv := range [][2]string{{"success", "absent"}, {"error", "fatal"}, {"warning", "warning"}} {
			for _, e := range as.ChildElements() {
				if e.Tag == kv[0] {
					c.expect = append(c.expect, unitExpect{rule: strings.TrimSpace(e.Text()), layer: "en16931", expect: kv[1]})
				}
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// expandUnitDirs expands every rule unit test under the directories
// dirs, named by their source paths (eInvoicing-EN16931/... lies under
// testdata/validation, xrechnung-schematron/... under testdata).
func expandUnitDirs(dirs []string) ([]unitCase, error) {
	var out []unitCase
	for _, dir := range dirs {
		// the CEN unit tests sit under testdata/validation, away from the
		// corpus of complete invoices the reader tests walk
		base := "testdata"
		if strings.HasPrefix(dir, "eInvoicing-EN16931/") {
			base = "testdata/validation"
		}
		var files []string
		err := filepath.WalkDir(filepath.Join(base, dir), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".xml") {
				files = append(files, p)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		sort.Strings(files)
		for i, p := range files {
			if raceDetector && i%raceSample != 0 {
				continue // the race detector makes parsing ~20× slower: a sample
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			rel, _ := filepath.Rel(base, p)
			rel = filepath.ToSlash(rel)
			doc := etree.NewDocument()
			if err := doc.ReadFromBytes(data); err != nil {
				continue // not well-formed: nothing to expand
			}
			var cs []unitCase
			if r := doc.Root(); r != nil && r.Tag == "testSet" && r.NamespaceURI() == vefaNS {
				cs, err = expandVEFA(rel, doc)
			} else if strings.Contains(string(data), "<?xmute") {
				cs, err = expandXmute(rel, data)
			}
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
		}
	}
	return out, nil
}

var (
	unitMu    sync.Mutex
	unitCache = map[string][]unitCase{}
)

// expandUnitTests returns the expanded cases of dirs, expanded once per
// test binary.
func expandUnitTests(t testing.TB, dirs ...string) []unitCase {
	key := strings.Join(dirs, "|")
	unitMu.Lock()
	defer unitMu.Unlock()
	if cs, ok := unitCache[key]; ok {
		return cs
	}
	cs, err := expandUnitDirs(dirs)
	if err != nil {
		t.Fatal(err)
	}
	unitCache[key] = cs
	return cs
}

var (
	unitRepMu sync.Mutex
	unitReps  = map[string]*Report{}
)

// unitReport validates a case (both rule sets, raw flags) once per test
// binary.
func unitReport(c *unitCase) (*Report, error) {
	unitRepMu.Lock()
	rep, ok := unitReps[c.name]
	unitRepMu.Unlock()
	if ok {
		return rep, nil
	}
	_, rep, err := ValidateBytes(c.doc, &ValidateOptions{Profile: ValidateXRechnung, NoKoSITOverrides: true})
	if err != nil {
		return nil, err
	}
	unitRepMu.Lock()
	unitReps[c.name] = rep
	unitRepMu.Unlock()
	return rep, nil
}

// officialUnit returns the expectations the official rules do not meet
// (testdata/validation/unit-official.tsv): case name + rule -> the result
// of the official Schematron (absent or the flag), which the tests assert
// instead of the expectation.
func officialUnit(t testing.TB) map[string]string {
	data, err := os.ReadFile("testdata/validation/unit-official.tsv")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) < 3 {
			t.Fatalf("unit-official.tsv: bad line %q", l)
		}
		m[c[0]+"\t"+c[1]] = c[2]
	}
	return m
}

// checkUnit validates the cases and checks every expectation. Expectations
// on rules not implemented yet are counted, not asserted.
func checkUnit(t *testing.T, cases []unitCase, wantExp int) {
	official := officialUnit(t)
	met, missing, total := 0, 0, 0
	perRule := map[string][2]int{}
	for i := range cases {
		c := &cases[i]
		rep, err := unitReport(c)
		if err != nil {
			t.Errorf("%s (%s): %v", c.name, c.origin, err)
			continue
		}
		got := map[string]Severity{}
		for _, f := range rep.Findings {
			if f.Severity > got[f.Rule] {
				got[f.Rule] = f.Severity
			}
		}
		for _, e := range c.expect {
			total++
			// A rule the catalogue does not know (BR-CO-25 was withdrawn
			// before CEN validation-1.3.16; its old unit tests still expect
			// it absent) is never reported, and is checked as such.
			if _, known := LookupRule(e.rule); known && !Implemented(e.rule) {
				missing++
				continue
			}
			want := e.expect
			if o, ok := official[c.name+"\t"+e.rule]; ok {
				want = o
			}
			sev, fired := got[e.rule]
			var ok bool
			switch want {
			case "absent":
				ok = !fired
			case "present":
				ok = fired
			default:
				ok = fired && sev.String() == want
			}
			pr := perRule[e.rule]
			pr[1]++
			if ok {
				met++
				pr[0]++
			} else {
				t.Errorf("%s (%s): %s expected %s, got %v", c.name, c.origin, e.rule, want, sev)
			}
			perRule[e.rule] = pr
		}
	}
	if total != wantExp && !raceDetector {
		t.Errorf("%d expectations expanded, want %d", total, wantExp)
	}
	t.Logf("%d cases; %d of %d expectations met; %d on rules not implemented yet", len(cases), met, total, missing)
}

// TestXRechnungUnitTests checks the 1,652 expectations of the KoSIT
// XRechnung Schematron rule unit tests.
func TestXRechnungUnitTests(t *testing.T) {
	cases := expandUnitTests(t, "xrechnung-schematron/test/instances")
	checkUnit(t, cases, 1652)
}

// TestCENUnitTests checks the 1,142 expectations of the CEN EN 16931 rule
// unit tests.
func TestCENUnitTests(t *testing.T) {
	cases := expandUnitTests(t, "eInvoicing-EN16931/test/Invoice-unit-UBL", "eInvoicing-EN16931/test/CreditNote-unit-UBL", "eInvoicing-EN16931/test/cii")
	checkUnit(t, cases, 1142)
}

// TestUnitExpansionAgrees compares the expansion with the expectation
// table of the shared Python expander where it is available (development
// machines only).
func TestUnitExpansionAgrees(t *testing.T) {
	if raceDetector {
		t.Skip("the race detector run expands a sample only")
	}
	// The reference: einvoice-expand-unit-tests (the project's shared
	// Python tool) over the same sources; columns case, expect, layer, rule.
	f, err := os.Open("testdata/validation/unit-expansion.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		want[l] = true
	}
	got := map[string]bool{}
	for _, dirs := range [][]string{
		{"xrechnung-schematron/test/instances"},
		{"eInvoicing-EN16931/test/Invoice-unit-UBL", "eInvoicing-EN16931/test/CreditNote-unit-UBL", "eInvoicing-EN16931/test/cii"},
	} {
		for _, c := range expandUnitTests(t, dirs...) {
			for _, e := range c.expect {
				got[strings.Join([]string{c.name, e.expect, e.layer, e.rule}, "\t")] = true
			}
		}
	}
	if len(want) != 1652+1142 {
		t.Errorf("reference has %d expectations, want %d", len(want), 1652+1142)
	}
	for k := range want {
		if !got[k] {
			t.Errorf("missing %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("extra %s", k)
		}
	}
}

// unitOracle reads testdata/validation/unit-oracle.tsv.gz: what the
// official Schematron (both layers, raw flags) reports for every expanded
// case: case -> "RULE\tflag" lines, and the layers that stopped with an
// XPath error.
func unitOracle(t testing.TB) (fired map[string][]string, aborted map[string]map[string]bool) {
	f, err := os.Open("testdata/validation/unit-oracle.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	fired, aborted = map[string][]string{}, map[string]map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		c := strings.Split(l, "\t")
		if len(c) != 4 {
			t.Fatalf("unit-oracle: bad line %q", l)
		}
		switch {
		case c[3] == "ok":
			fired[c[0]] = fired[c[0]][:0:0]
		case c[2] == "ERROR":
			if aborted[c[0]] == nil {
				aborted[c[0]] = map[string]bool{}
			}
			aborted[c[0]][c[1]] = true
			if _, ok := fired[c[0]]; !ok {
				fired[c[0]] = nil
			}
		default:
			fired[c[0]] = append(fired[c[0]], c[2]+"\t"+c[3])
		}
	}
	return fired, aborted
}

// TestUnitOracleAgreement validates every expanded unit-test case (2,756
// documents) and compares all fired rules of the implemented rule ids with
// what the official Schematron reports for the same document — not only
// the rules the tests name. A layer the official XSLT aborted (an XPath
// error on a malformed value) reports nothing.
func TestUnitOracleAgreement(t *testing.T) {
	fired, aborted := unitOracle(t)
	cases := append(append([]unitCase{}, expandUnitTests(t, "xrechnung-schematron/test/instances")...),
		expandUnitTests(t, "eInvoicing-EN16931/test/Invoice-unit-UBL", "eInvoicing-EN16931/test/CreditNote-unit-UBL", "eInvoicing-EN16931/test/cii")...)
	agree, checked := 0, 0
	perRule := map[string]int{}
	for i := range cases {
		c := &cases[i]
		want, ok := fired[c.name]
		if !ok {
			t.Errorf("%s: no oracle result", c.name)
			continue
		}
		checked++
		rep, err := unitReport(c)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		keep := func(id string) bool {
			if id == RuleSchema || !Implemented(id) { // the Schematron oracle has no schema step
				return false
			}
			r, _ := LookupRule(id)
			if r.Source == SourceXRechnung && aborted[c.name]["xrechnung"] || r.Source == SourceEN16931 && aborted[c.name]["en16931"] {
				return false
			}
			return true
		}
		var got, exp []string
		for _, l := range rep.Fired() {
			if id, _, _ := strings.Cut(l, "\t"); keep(id) {
				got = append(got, l)
			}
		}
		for _, l := range want {
			if id, _, _ := strings.Cut(l, "\t"); keep(id) {
				exp = append(exp, l)
			}
		}
		sort.Strings(exp)
		if strings.Join(got, ",") == strings.Join(exp, ",") {
			agree++
			continue
		}
		t.Errorf("%s (%s):\n got %q\nwant %q", c.name, c.origin, got, exp)
		for _, d := range diffLines(got, exp) {
			id, _, _ := strings.Cut(d, "\t")
			perRule[id]++
		}
	}
	if len(perRule) > 0 {
		t.Logf("disagreements per rule: %v", perRule)
	}
	t.Logf("%d of %d unit-test cases agree with the official rules on the implemented rules", agree, checked)
}

// diffLines returns the lines in exactly one of a and b.
func diffLines(a, b []string) []string {
	in := map[string]int{}
	for _, x := range a {
		in[x] |= 1
	}
	for _, x := range b {
		in[x] |= 2
	}
	var out []string
	for x, v := range in {
		if v != 3 {
			out = append(out, x)
		}
	}
	return out
}
