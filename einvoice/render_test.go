package einvoice

import (
	"bytes"
	"flag"
	"github.com/shopspring/decimal"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files")

// testSuiteFiles returns the 86 test-suite invoices.
func testSuiteFiles(t testing.TB) []string {
	var files []string
	err := filepath.WalkDir("testdata/xrechnung-testsuite/src/test", func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".xml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestRenderTestSuite renders every test-suite invoice and checks that the
// page parses as HTML and shows the number, the amount due and every line
// id.
func TestRenderTestSuite(t *testing.T) {
	files := testSuiteFiles(t)
	if len(files) != 86 {
		t.Fatalf("%d test-suite files, want 86", len(files))
	}
	cns, _ := filepath.Glob("testdata/validation/xr-mutations/creditnotes/*.xml")
	files = append(files, cns...)
	for i, f := range files {
		if xrRace && i%8 != 0 {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inv, rep, err := ValidateBytes(data, nil)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		var buf bytes.Buffer
		if err := RenderHTML(&buf, inv, &RenderOptions{Report: rep}); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		doc, err := html.Parse(bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Errorf("%s: output does not parse: %v", f, err)
			continue
		}
		text := htmlText(doc)
		want := []string{inv.Number}
		if inv.TypeCode.IsCreditNote() {
			want = append(want, "Gutschrift")
		}
		f2 := &fmtr{}
		if inv.Totals.DuePayable != nil {
			want = append(want, f2.num(inv.Totals.DuePayable))
		}
		var ids func(ls []Line)
		ids = func(ls []Line) {
			for i := range ls {
				want = append(want, ls[i].ID)
				ids(ls[i].SubLines)
			}
		}
		ids(inv.Lines)
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: page does not show %q", f, w)
			}
		}
		if bytes.Contains(buf.Bytes(), []byte("http://")) || bytes.Contains(buf.Bytes(), []byte("<link")) || bytes.Contains(buf.Bytes(), []byte("<script")) {
			// external locations of supporting documents are shown as text only
			if bytes.Contains(buf.Bytes(), []byte("<link")) || bytes.Contains(buf.Bytes(), []byte("<script")) {
				t.Errorf("%s: page is not self-contained", f)
			}
		}
	}
}

// htmlText returns the text content of a parsed document.
func htmlText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// TestRenderGolden compares the page of one invoice with its golden file
// (go test -run TestRenderGolden -update rewrites it).
func TestRenderGolden(t *testing.T) {
	for _, tc := range []struct {
		in, golden string
		opts       *RenderOptions
	}{
		{"testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml", "testdata/render/01.01a-INVOICE_ubl.html", nil},
	} {
		data, err := os.ReadFile(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := Read(bytes.NewReader(data), nil)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := RenderHTML(&buf, inv, tc.opts); err != nil {
			t.Fatal(err)
		}
		if *updateGolden {
			if err := os.MkdirAll(filepath.Dir(tc.golden), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(tc.golden, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(tc.golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("%s: output differs from %s (run with -update and review the diff)", tc.in, tc.golden)
		}
	}
}

func TestRenderSkonto(t *testing.T) {
	for _, tc := range []struct {
		terms, lang string
		want        []string
	}{
		{"#SKONTO#TAGE=14#PROZENT=2.00#\n", "de", []string{"2,00 % Skonto bei Zahlung innerhalb von 14 Tagen"}},
		{"Zahlbar in 30 Tagen\n#SKONTO#TAGE=7#PROZENT=3.00#BASISBETRAG=1234.50#\n#SKONTO#TAGE=14#PROZENT=2.00#\n", "de",
			[]string{"3,00 % Skonto bei Zahlung innerhalb von 7 Tagen auf 1.234,50 EUR", "2,00 % Skonto bei Zahlung innerhalb von 14 Tagen"}},
		{"#SKONTO#TAGE=14#PROZENT=2.00#\n", "en", []string{"2.00 % discount for payment within 14 days"}},
		{"#SKONTO#TAGE=14#PROZENT=2#\n", "de", nil}, // not the XRechnung format: shown only as text
	} {
		f := &fmtr{en: tc.lang == "en", cur: "EUR"}
		got := f.skonto(tc.terms)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q: got %q, want %q", tc.terms, got, tc.want)
		}
	}
}

// TestRenderGiroCodeOnlyWhenDue: a GiroCode is shown for an amount due,
// never for an invoice with nothing (or less than nothing) left to pay.
func TestRenderGiroCodeOnlyWhenDue(t *testing.T) {
	for _, tc := range []struct {
		due    string
		wantQR bool
	}{
		{"12.50", true},
		{"0.00", false},
		{"-3.00", false},
	} {
		inv := feeInvoice(t)
		d := decimal.RequireFromString(tc.due)
		inv.Totals.DuePayable = &d
		var b strings.Builder
		if err := RenderHTML(&b, inv, nil); err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(b.String(), "data:image/png;base64,"); got != tc.wantQR {
			t.Errorf("amount due %s: GiroCode shown = %v, want %v", tc.due, got, tc.wantQR)
		}
	}
}
