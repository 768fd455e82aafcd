package einvoice

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"github.com/ozg-baukasten/baukasten/internal/testtool"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// corpus returns the UBL files of the official test data.
func corpus(t testing.TB) []string {
	t.Helper()
	files, err := corpusList()
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// corpusList lists the 93 UBL files of testdata.
func corpusList() ([]string, error) {
	var files []string
	err := filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		low := strings.ToLower(p)
		if d.IsDir() && (d.Name() == "xsd" || d.Name() == "xrechnung-schematron" || d.Name() == "validation" || d.Name() == "fuzz") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(low, ".xml") && !isCIIFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(files) != 93 {
		return nil, fmt.Errorf("got %d corpus files, want 93 (45 test suite + 19 CEN examples + 29 CEN test files)", len(files))
	}
	return files, nil
}

// ignoreSource leaves out the description of the source document.
var ignoreSource = cmpopts.IgnoreFields(Invoice{}, "Source")

// TestUBLRoundTrip reads, writes and re-reads the 93 official UBL
// invoices and credit notes.
func TestUBLRoundTrip(t *testing.T) {
	t.Parallel()
	roundTrip(t, corpus(t), nil)
}

// cnExceptions are rule unit tests of the XRechnung Schematron that are
// faulty on purpose, with how reading treats them.
var cnExceptions = map[string]string{
	"ubl-cn-peppol-en16931-r053-2.xml":   "two cac:TaxTotal in the invoice currency (PEPPOL-EN16931-R053): ErrRepeated",
	"ubl-cn-peppol-en16931-r054-2.xml":   "two cac:TaxTotal in the accounting currency (PEPPOL-EN16931-R054): ErrRepeated",
	"ubl-cn-br-de-tmp-32-bg-26-test.xml": "cbc:LineExtensionAmount after cac:InvoicePeriod, against the schema order the writer restores",
}

// TestUBLRoundTripCreditNotes does the same for the 92 UBL credit notes of
// the XRechnung Schematron's rule tests, which are complete documents that
// vary one rule each.
func TestUBLRoundTripCreditNotes(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("testdata/xrechnung-schematron/test/instances/ubl-cn/*.xml")
	if err != nil || len(files) != 92 {
		t.Fatalf("got %d credit notes (%v), want 92", len(files), err)
	}
	roundTrip(t, files, cnExceptions)
}

// roundTrip reads each file, writes it, reads the output and checks equal
// models, equivalent XML for every covered element, and the schema
// validity of the output. Files named in exceptions may fail to read with
// ErrRepeated (the model then holds the first value) and are not compared
// as XML.
func roundTrip(t *testing.T, files []string, exceptions map[string]string) {
	outDir := t.TempDir()
	var invoices, credits []string
	unknown := map[string]int{}
	for i, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := ReadUBL(bytes.NewReader(in), nil)
		exception, isException := exceptions[filepath.Base(f)]
		if err != nil && !(isException && inv != nil && errors.Is(err, ErrRepeated)) {
			t.Errorf("%s: read: %v", f, err)
			continue
		}
		if isException {
			t.Logf("%s: %s", filepath.Base(f), exception)
		}
		for _, u := range inv.Source.Unknown {
			unknown[stripIndex(u.Path)]++
		}
		var out bytes.Buffer
		if err := WriteUBL(&out, inv, nil); err != nil {
			t.Errorf("%s: write: %v", f, err)
			continue
		}
		inv2, err := ReadUBL(bytes.NewReader(out.Bytes()), nil)
		if err != nil {
			t.Errorf("%s: re-read: %v", f, err)
			continue
		}
		if d := cmp.Diff(inv, inv2, ignoreSource); d != "" {
			t.Errorf("%s: model changed by write and read (-first +second):\n%s", f, d)
		}
		if len(inv2.Source.Unknown) > 0 {
			t.Errorf("%s: written document has unknown elements: %v", f, inv2.Source.Unknown)
		}
		want := flatten(canonical(t, in, inv.Source))
		got := flatten(canonical(t, out.Bytes(), nil))
		if d := cmp.Diff(want, got); d != "" && !isException {
			t.Errorf("%s: written XML differs from the input's covered elements (-input +written):\n%s", f, d)
		}
		name := filepath.Join(outDir, fmt.Sprintf("%03d.xml", i))
		if err := os.WriteFile(name, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		if inv.Source.Root == "CreditNote" {
			credits = append(credits, name)
		} else {
			invoices = append(invoices, name)
		}
	}
	var keys []string
	for k := range unknown {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("not covered by EN 16931 (reported): %4d × %s", unknown[k], k)
	}
	if len(invoices) > 0 {
		xmllintValidate(t, "testdata/xsd/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd", invoices)
	}
	xmllintValidate(t, "testdata/xsd/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd", credits)
}

func stripIndex(p string) string { return p }

// xmllintValidate validates files against schema with xmllint. It skips
// when xmllint is missing, unless CI is set.
func xmllintValidate(t *testing.T, schema string, files []string) {
	t.Helper()
	if len(files) == 0 {
		t.Fatalf("no files to validate against %s", schema)
	}
	bin := testtool.Need(t, "xmllint")
	args := append([]string{"--noout", "--nonet", "--schema", schema}, files...)
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint %s: %v\n%s", schema, err, out)
	}
}

// cnode is an element of a canonical tree: namespace-qualified name,
// attributes, the text of a leaf, children in order.
type cnode struct {
	Name  string
	Attrs map[string]string
	Text  string
	Kids  []*cnode
}

// canonical parses doc with encoding/xml into a canonical tree. With src,
// it leaves out what the reader reported as not covered (unknown) or empty,
// found by their line and column.
func canonical(t *testing.T, doc []byte, src *Source) *cnode {
	t.Helper()
	skip := map[[2]int]bool{}
	skipAttr := map[string]bool{}
	if src != nil {
		for _, l := range append(append([]Location(nil), src.Unknown...), src.Empty...) {
			if i := strings.LastIndex(l.Path, "/@"); i >= 0 {
				skipAttr[fmt.Sprintf("%d:%d:%s", l.Line, l.Column, l.Path[i+2:])] = true
				continue
			}
			skip[[2]int{l.Line, l.Column}] = true
		}
	}
	d := xml.NewDecoder(bytes.NewReader(doc))
	var root *cnode
	var stack []*cnode
	skipDepth := 0
	var text strings.Builder
	for {
		line, col := d.InputPos()
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if skipDepth > 0 || skip[[2]int{line, col}] {
				skipDepth++
				continue
			}
			n := &cnode{Name: shortNS[tk.Name.Space] + tk.Name.Local, Attrs: map[string]string{}}
			for _, a := range tk.Attr {
				if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" || skipAttr[fmt.Sprintf("%d:%d:%s", line, col, a.Name.Local)] {
					continue
				}
				n.Attrs[a.Name.Space+a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
			text.Reset()
		case xml.EndElement:
			if skipDepth > 0 {
				skipDepth--
				continue
			}
			n := stack[len(stack)-1]
			if len(n.Kids) == 0 {
				n.Text = text.String()
			}
			stack = stack[:len(stack)-1]
			text.Reset()
		case xml.CharData:
			if skipDepth == 0 {
				text.Write(tk)
			}
		}
	}
	if root == nil {
		t.Fatal("canonical: no root")
	}
	return root
}

var shortNS = map[string]string{
	NamespaceUBLCAC: "cac:",
	NamespaceUBLCBC: "cbc:",
	NamespaceUBLExt: "ext:",
}

// unordered names the elements whose order among their equally named
// siblings carries no meaning in EN 16931: the two cac:PartyTaxScheme of
// a seller (BT-31, BT-32), the party identifiers (BT-29, BT-90) and the
// additional document references (BT-18, BG-24, BT-11 of a credit note).
var unordered = map[string]bool{
	"cac:PartyTaxScheme":              true,
	"cac:PartyIdentification":         true,
	"cac:AdditionalDocumentReference": true,
}

// flatten lists the leaves of a canonical tree as "path {attrs} = text",
// with the unordered siblings sorted.
func flatten(n *cnode) []string {
	var out []string
	var walk func(n *cnode, path string) []string
	walk = func(n *cnode, path string) []string {
		var lines []string
		path += "/" + n.Name
		var keys []string
		for k := range n.Attrs {
			keys = append(keys, k+"="+n.Attrs[k])
		}
		sort.Strings(keys)
		head := path
		if len(keys) > 0 {
			head += " {" + strings.Join(keys, " ") + "}"
		}
		if len(n.Kids) == 0 {
			text := n.Text
			switch {
			case strings.TrimSpace(text) == "" && len(keys) == 0:
				// empty elements are reported in Source.Empty, not written
				return nil
			case strings.HasSuffix(path, "/cbc:ChargeIndicator"):
				// xsd:boolean: 1 and 0 are true and false
				text = map[string]string{"1": "true", "0": "false"}[text] + map[string]string{"true": "true", "false": "false"}[text]
			case strings.HasSuffix(path, "/cac:DocumentReference/cbc:DocumentTypeCode") && text == "130":
				// the fixed type code of BT-128, which the writer adds
				// where an input left it out
				return nil
			case len(text) > 1 && text[0] == '+' && text[1] >= '0' && text[1] <= '9':
				// xsd:decimal: a leading plus sign is redundant
				text = text[1:]
			}
			return append(lines, head+" = "+text)
		}
		if len(keys) > 0 {
			lines = append(lines, head)
		}
		for i := 0; i < len(n.Kids); {
			j := i + 1
			for unordered[n.Kids[i].Name] && j < len(n.Kids) && n.Kids[j].Name == n.Kids[i].Name {
				j++
			}
			var groups [][]string
			for _, k := range n.Kids[i:j] {
				groups = append(groups, walk(k, path))
			}
			if j-i > 1 {
				sort.Slice(groups, func(a, b int) bool { return strings.Join(groups[a], "\n") < strings.Join(groups[b], "\n") })
			}
			for _, g := range groups {
				lines = append(lines, g...)
			}
			i = j
		}
		return lines
	}
	out = walk(n, "")
	return out
}
