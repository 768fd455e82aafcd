package einvoice

import (
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/beevik/etree"
)

// TestXRechnungMutations applies the mutations of
// testdata/validation/xr-mutations.tsv to their base invoices and checks
// that the XRechnung rules report exactly what the official Schematron
// reported for the mutated documents (rule ids and raw flags; where the
// official XSLT stopped at a dynamic error, no XRechnung finding).
func TestXRechnungMutations(t *testing.T) {
	data, err := os.ReadFile("testdata/validation/xr-mutations.tsv")
	if err != nil {
		t.Fatal(err)
	}
	bases := map[string]*etree.Document{}
	opts := &ValidateOptions{Profile: ValidateXRechnung, NoKoSITOverrides: true}
	n, agree := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		c := strings.Split(line, "\t")
		if len(c) != 4 {
			t.Fatalf("bad line %q", line)
		}
		n++
		base, ok := bases[c[1]]
		if !ok {
			base = etree.NewDocument()
			if err := base.ReadFromFile(filepath.Join("testdata", c[1])); err != nil {
				t.Fatal(err)
			}
			bases[c[1]] = base
		}
		doc := base.Copy()
		if err := mutate(doc, c[2]); err != nil {
			t.Fatalf("%s: %v", c[0], err)
		}
		b, err := doc.WriteToBytes()
		if err != nil {
			t.Fatal(err)
		}
		_, rep, err := ValidateBytes(b, opts)
		if err != nil {
			t.Errorf("%s: %v", c[0], err)
			continue
		}
		var got []string
		seen := map[string]bool{}
		for _, f := range rep.Findings {
			if r, _ := LookupRule(f.Rule); r.Source != SourceXRechnung {
				continue
			}
			k := f.Rule + ":" + f.Severity.String()
			if !seen[k] {
				seen[k] = true
				got = append(got, k)
			}
		}
		sort.Strings(got)
		want := c[3]
		switch want {
		case "-", "ERROR":
			want = ""
		}
		if g := strings.Join(got, ","); g != want {
			t.Errorf("%s (%s with %s):\n got %s\nwant %s", c[0], c[1], c[2], g, c[3])
			continue
		}
		agree++
	}
	t.Logf("%d of %d mutated invoices agree with the official XRechnung Schematron", agree, n)
}

// mutate applies the mutations of xr-mutations.tsv to doc.
func mutate(doc *etree.Document, ops string) error {
	for _, op := range strings.Split(ops, ";") {
		f := strings.SplitN(op, ":", 4)
		if len(f) < 2 {
			return strconv.ErrSyntax
		}
		i, err := strconv.Atoi(f[1])
		if err != nil {
			return err
		}
		els := preorder(doc.Root())
		if i <= 0 || i >= len(els) {
			return strconv.ErrRange
		}
		e := els[i]
		p := e.Parent()
		unesc := func(s string) string { return strings.ReplaceAll(s, `\n`, "\n") }
		switch f[0] {
		case "r":
			p.RemoveChild(e)
		case "d":
			p.InsertChildAt(e.Index(), e.Copy())
		case "t":
			if len(f) < 3 {
				return strconv.ErrSyntax
			}
			e.SetText(unesc(strings.Join(f[2:], ":")))
		case "a":
			if len(f) < 4 {
				return strconv.ErrSyntax
			}
			e.CreateAttr(f[2], unesc(f[3]))
		case "x":
			if len(f) < 3 {
				return strconv.ErrSyntax
			}
			e.RemoveAttr(f[2])
		default:
			return strconv.ErrSyntax
		}
	}
	return nil
}
