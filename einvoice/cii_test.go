package einvoice

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
)

// isCIIFile reports whether p is a CII file of the test data: the
// XRechnung test suite's *_uncefact.xml and the CEN cii/examples.
func isCIIFile(p string) bool {
	p = filepath.ToSlash(p)
	return strings.HasSuffix(p, "_uncefact.xml") || strings.Contains(p, "eInvoicing-EN16931/cii/")
}

// ciiCorpus returns the CII files of the official test data.
func ciiCorpus(t testing.TB) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir("testdata", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".xml") && isCIIFile(p) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 56 {
		t.Fatalf("got %d CII corpus files, want 56 (41 test suite + 15 CEN examples)", len(files))
	}
	return files
}

func init() {
	// element names of CII in the canonical trees of roundtrip_test.go
	shortNS[NamespaceCII] = "rsm:"
	shortNS[NamespaceCIIRAM] = "ram:"
	shortNS[NamespaceCIIUDT] = "udt:"
	shortNS[NamespaceCIIQDT] = "qdt:"
	// siblings whose order carries no meaning: the seller's tax
	// registrations (BT-31, BT-32) and the header's additional documents
	// (BG-24, BT-17, BT-18)
	unordered["ram:SpecifiedTaxRegistration"] = true
	unordered["ram:AdditionalReferencedDocument"] = true
}

// ciiFlatten is flatten with CII's equivalences: udt:Indicator 1 and 0 are
// true and false; a decimal's trailing point ("100.") is redundant; the
// type code 130 of BT-128 is added by the writer where an input left it
// out; a leaf without text is reported in Source.Empty whether or not it
// has attributes (e.g. <ram:URIID schemeID="EM"/>), so it is not compared.
func ciiFlatten(n *cnode) []string {
	var out []string
	for _, l := range flatten(n) {
		switch {
		case strings.HasSuffix(l, "} = "):
			continue
		case trailingPoint.MatchString(l):
			l = strings.TrimSuffix(l, ".")
		case strings.HasSuffix(l, "/udt:Indicator = 1"):
			l = strings.TrimSuffix(l, "1") + "true"
		case strings.HasSuffix(l, "/udt:Indicator = 0"):
			l = strings.TrimSuffix(l, "0") + "false"
		case strings.HasSuffix(l, "/ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument/ram:TypeCode = 130"):
			continue
		}
		out = append(out, l)
	}
	return out
}

var trailingPoint = regexp.MustCompile(` = [+-]?[0-9]+\.$`)

func TestCIIRoundTrip(t *testing.T) {
	files := ciiCorpus(t)
	outDir := t.TempDir()
	var written []string
	unknown := map[string]int{}
	for i, f := range files {
		in, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := ReadCII(bytes.NewReader(in), nil)
		if err != nil {
			t.Errorf("%s: read: %v", f, err)
			continue
		}
		for _, u := range inv.Source.Unknown {
			unknown[u.Path]++
		}
		var out bytes.Buffer
		if err := WriteCII(&out, inv, nil); err != nil {
			t.Errorf("%s: write: %v", f, err)
			continue
		}
		inv2, err := ReadCII(bytes.NewReader(out.Bytes()), nil)
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
		want := ciiFlatten(canonical(t, in, inv.Source))
		got := ciiFlatten(canonical(t, out.Bytes(), nil))
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: written XML differs from the input's covered elements (-input +written):\n%s", f, d)
		}
		name := filepath.Join(outDir, fmt.Sprintf("%03d.xml", i))
		if err := os.WriteFile(name, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		written = append(written, name)
	}
	var keys []string
	for k := range unknown {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("not covered by EN 16931 (reported): %4d × %s", unknown[k], k)
	}
	xmllintValidate(t, "testdata/xsd/cii-d16b/CrossIndustryInvoice_100pD16B.xsd", written)
}

// TestReadDetectsCII checks that Read gives the same model as ReadCII.
func TestReadDetectsCII(t *testing.T) {
	f := "testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_uncefact.xml"
	in, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	a, err := Read(bytes.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadCII(bytes.NewReader(in), nil)
	if err != nil {
		t.Fatal(err)
	}
	if a.Source.Syntax != CII || a.Number == "" {
		t.Errorf("Read: syntax %q, number %q", a.Source.Syntax, a.Number)
	}
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("Read and ReadCII differ:\n%s", d)
	}
}

// crossPairs returns the business cases that exist in both syntaxes, as
// pairs of UBL and CII file.
func crossPairs(t *testing.T) [][2]string {
	t.Helper()
	cii, err := filepath.Glob("testdata/xrechnung-testsuite/src/test/business-cases/standard/*-INVOICE_uncefact.xml")
	if err != nil {
		t.Fatal(err)
	}
	var pairs [][2]string
	for _, c := range cii {
		u := strings.TrimSuffix(c, "_uncefact.xml") + "_ubl.xml"
		if _, err := os.Stat(u); err == nil {
			pairs = append(pairs, [2]string{u, c})
		}
	}
	if len(pairs) != 33 {
		t.Fatalf("got %d business cases in both syntaxes, want 33", len(pairs))
	}
	return pairs
}

// crossSyntax are the go-cmp options for comparing a model read from UBL
// with one read from CII. They ignore only what is syntax-specific:
//
//   - Invoice.Source: where and how the document was read (syntax, root,
//     positions of unknown and empty elements).
//   - The fields that record how one syntax spelled a term, which the other
//     syntax has no place for: Seller/Buyer/TaxRepresentative.VATScheme and
//     Seller.TaxRegistrationScheme (UBL cac:TaxScheme/cbc:ID), PaymentCard.
//     NetworkID (UBL cbc:NetworkID), Contact.Department (CII
//     ram:DepartmentName), CreditTransfer.Proprietary (CII ram:ProprietaryID)
//     and Price.BaseQuantityAt (CII gross or net price).
//   - SupportingDocument.TypeCode: UBL's optional cbc:DocumentTypeCode;
//     CII's ram:TypeCode 916 marks BG-24 among the other referenced
//     documents, so "" and "916" are the same.
//   - The scale of decimals: "1" and "1.0000" are the same number, and the
//     two files of a case are written by hand with different scales.
var crossSyntax = cmp.Options{
	ignoreSource,
	cmpopts.IgnoreFields(Seller{}, "VATScheme", "TaxRegistrationScheme"),
	cmpopts.IgnoreFields(Buyer{}, "VATScheme"),
	cmpopts.IgnoreFields(TaxRepresentative{}, "VATScheme"),
	cmpopts.IgnoreFields(PaymentCard{}, "NetworkID"),
	cmpopts.IgnoreFields(Contact{}, "Department"),
	cmpopts.IgnoreFields(CreditTransfer{}, "Proprietary"),
	cmpopts.IgnoreFields(Price{}, "BaseQuantityAt"),
	cmp.FilterPath(func(p cmp.Path) bool {
		sf, ok := p.Last().(cmp.StructField)
		return ok && sf.Name() == "TypeCode" && p.Index(-2).Type() == reflect.TypeOf(SupportingDocument{})
	}, cmp.Transformer("bg24type", func(s string) string {
		if s == "916" {
			return ""
		}
		return s
	})),
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
}

// dataDiff is a difference in content between the UBL and the CII file of
// one business case of the XRechnung test suite: the two files were written
// by hand and do not carry the same values there. The test requires the
// difference to exist (so the list cannot go stale) and then compares the
// rest.
type dataDiff struct {
	term  string                 // the business term that differs
	field func(inv *Invoice) any // pointer to the field in a model
}

var (
	bt13       = dataDiff{"BT-13", func(inv *Invoice) any { return &inv.PurchaseOrderReference }}
	bt107      = dataDiff{"BT-107 (0 in CII only)", func(inv *Invoice) any { return &inv.Totals.Allowances }}
	bt108      = dataDiff{"BT-108 (0 in CII only)", func(inv *Invoice) any { return &inv.Totals.Charges }}
	bt113      = dataDiff{"BT-113 (0 in CII only)", func(inv *Invoice) any { return &inv.Totals.Paid }}
	bt114      = dataDiff{"BT-114 (0 in CII only)", func(inv *Invoice) any { return &inv.Totals.Rounding }}
	sellerAddr = dataDiff{"BG-5", func(inv *Invoice) any { return &inv.Seller.Address }}
	buyerAddr  = dataDiff{"BG-8", func(inv *Invoice) any { return &inv.Buyer.Address }}
)

// crossDataDiffs lists the content differences between the two files of a
// business case. BT-13 "Dummywert": UBL requires cbc:OrderReference/cbc:ID
// when only BT-14 is given, and the UBL files fill it with a placeholder
// that the CII files (which need none) leave out.
var crossDataDiffs = map[string][]dataDiff{
	"01.02a": {bt13},
	"01.08a": {bt13},
	"01.09a": {bt13},
	"01.10a": {bt13},
	"01.11a": {bt13},
	"01.12a": {bt13},
	"01.13a": {bt13},
	"01.20a": {sellerAddr, bt107, bt108, bt113},
	"01.21a": {
		{"BT-31", func(inv *Invoice) any { return &inv.Seller.VATIdentifier }},
		{"BT-82", func(inv *Invoice) any { return &inv.PaymentInstructions[0].MeansText }},
		{"BT-120", func(inv *Invoice) any { return &inv.VATBreakdown[0].ExemptionReason }},
		bt107,
	},
	"02.01a": {bt114},
	"02.02a": {bt114},
	"02.03a": {bt114},
	"02.04a": {bt114},
	"03.01a": {{"BT-45", func(inv *Invoice) any { return &inv.Buyer.TradingName }}},
	"03.06a": {sellerAddr, buyerAddr},
	"03.07a": {
		{"BT-29", func(inv *Invoice) any { return &inv.Seller.Identifiers }},
		{"BT-61", func(inv *Invoice) any { return &inv.Payee.LegalRegistration }},
		bt114,
	},
}

func TestCrossSyntax(t *testing.T) {
	for _, pair := range crossPairs(t) {
		name := filepath.Base(pair[0])
		name = name[:strings.Index(name, "-")]
		t.Run(name, func(t *testing.T) {
			ubl := readFile(t, pair[0], ReadUBL)
			cii := readFile(t, pair[1], ReadCII)
			// UBL → model → CII → model, before the data differences are
			// taken out
			var out bytes.Buffer
			if err := WriteCII(&out, ubl, nil); err != nil {
				t.Fatalf("write CII: %v", err)
			}
			back, err := ReadCII(bytes.NewReader(out.Bytes()), nil)
			if err != nil {
				t.Fatalf("re-read CII: %v", err)
			}
			if d := cmp.Diff(ubl, back, crossSyntax); d != "" {
				t.Errorf("UBL → CII changed the model (-UBL +CII):\n%s", d)
			}
			for _, dd := range crossDataDiffs[name] {
				u, c := dd.field(ubl), dd.field(cii)
				if cmp.Equal(u, c, crossSyntax) {
					t.Errorf("%s: listed as differing between the files, but equal", dd.term)
				}
				reflect.ValueOf(c).Elem().Set(reflect.ValueOf(u).Elem())
			}
			if d := cmp.Diff(ubl, cii, crossSyntax); d != "" {
				t.Errorf("UBL and CII models differ (-UBL +CII):\n%s", d)
			}
		})
	}
}

func readFile(t *testing.T, name string, read func(r io.Reader, opts *ReadOptions) (*Invoice, error)) *Invoice {
	t.Helper()
	in, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	inv, err := read(bytes.NewReader(in), nil)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return inv
}
