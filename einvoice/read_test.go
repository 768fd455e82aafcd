package einvoice

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

const sampleFile = "testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml"

func sample(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestReadRefuses(t *testing.T) {
	big := sample(t)
	for _, c := range []struct {
		name string
		in   string
		opts *ReadOptions
		want error
	}{
		{"empty", "", nil, ErrNotXML},
		{"not XML", "BM\x36\x00\x00\x00binary", nil, ErrNotXML},
		{"text", "hello", nil, ErrNotXML},
		{"unclosed", `<Invoice xmlns="` + NamespaceUBLInvoice + `"><cbc:ID>`, nil, ErrNotXML},
		{"mismatched", `<Invoice xmlns="` + NamespaceUBLInvoice + `"><a></b></Invoice>`, nil, ErrNotXML},
		{"two roots", `<Invoice xmlns="` + NamespaceUBLInvoice + `"/><Invoice xmlns="` + NamespaceUBLInvoice + `"/>`, nil, ErrNotXML},
		{"wrong root", `<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>`, nil, ErrRoot},
		{"wrong namespace", `<Invoice xmlns="urn:example"/>`, nil, ErrNamespace},
		{"no namespace", `<Invoice/>`, nil, ErrNamespace},
		{"credit note in invoice namespace", `<CreditNote xmlns="` + NamespaceUBLInvoice + `"/>`, nil, ErrNamespace},
		{"doctype", `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY x "y">]><Invoice xmlns="` + NamespaceUBLInvoice + `">&x;</Invoice>`, nil, ErrDoctype},
		{"too large", big, &ReadOptions{MaxBytes: 1000}, ErrTooLarge},
		{"too deep", `<Invoice xmlns="` + NamespaceUBLInvoice + `">` + strings.Repeat("<a>", 10) + strings.Repeat("</a>", 10) + `</Invoice>`, &ReadOptions{MaxDepth: 5}, ErrTooLarge},
		{"too many elements", big, &ReadOptions{MaxElements: 50}, ErrTooLarge},
	} {
		for _, read := range []func() (*Invoice, error){
			func() (*Invoice, error) { return ReadUBL(strings.NewReader(c.in), c.opts) },
			func() (*Invoice, error) { return Read(strings.NewReader(c.in), c.opts) },
		} {
			inv, err := read()
			if inv != nil || !errors.Is(err, c.want) {
				t.Errorf("%s: got %v, %v; want %v", c.name, inv != nil, err, c.want)
				continue
			}
			if !errors.Is(err, ozg.ErrInvalidArgument) {
				t.Errorf("%s: %v is not InvalidArgument", c.name, err)
			}
			if fe := FieldErrors(err); len(fe) != 1 || c.name != "empty" && fe[0].Line == 0 {
				t.Errorf("%s: want one positioned FieldError, got %v", c.name, fe)
			}
		}
	}
}

// TestReadBadValues mutates a valid invoice and checks that every faulty
// value is reported with position, path and business term, and that the
// rest of the invoice is still read.
func TestReadBadValues(t *testing.T) {
	doc := sample(t)
	repl := func(old, new string) {
		t.Helper()
		if !strings.Contains(doc, old) {
			t.Fatalf("sample has no %q", old)
		}
		doc = strings.Replace(doc, old, new, 1)
	}
	repl("<cbc:IssueDate>2016-04-04</cbc:IssueDate>", "<cbc:IssueDate>2016-02-30</cbc:IssueDate>")
	repl(`<cbc:TaxExclusiveAmount currencyID="EUR">314.86</cbc:TaxExclusiveAmount>`, `<cbc:TaxExclusiveAmount currencyID="EUR">3.1486e2</cbc:TaxExclusiveAmount>`)
	repl(`<cbc:PayableAmount currencyID="EUR">`, `<cbc:PayableAmount currencyID="USD">`)
	repl(`<cbc:ID>123456XX</cbc:ID>`, `<cbc:ID>123456XX</cbc:ID><cbc:ID>again</cbc:ID>`)
	inv, err := ReadUBL(strings.NewReader(doc), nil)
	if inv == nil || err == nil {
		t.Fatalf("got %v, %v; want a partial invoice and an error", inv, err)
	}
	if inv.Number != "123456XX" || len(inv.Lines) != 2 || inv.Totals.WithVAT == nil {
		t.Errorf("partial model incomplete: number %q, %d lines", inv.Number, len(inv.Lines))
	}
	fes := FieldErrors(err)
	want := []struct {
		path, bt string
		cause    error
	}{
		{"/Invoice/cbc:ID", "BT-1", ErrRepeated},
		{"/Invoice/cbc:IssueDate", "BT-2", ErrDate},
		{"/Invoice/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", "BT-109", ErrDecimal},
		{"/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount", "BT-115", ErrCurrency},
	}
	if len(fes) != len(want) {
		t.Fatalf("got %d errors, want %d: %v", len(fes), len(want), err)
	}
	for i, w := range want {
		fe := fes[i]
		if fe.Path != w.path || fe.BT != w.bt || !errors.Is(fe, w.cause) || fe.Line == 0 || fe.Column == 0 || fe.Offset <= 0 {
			t.Errorf("error %d: got %+v, want %s %s %v", i, fe, w.path, w.bt, w.cause)
		}
	}
	if !errors.Is(err, ErrDate) || !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("errors.Is through the joined error: %v", err)
	}
	if s := fes[1].Error(); !strings.Contains(s, "/Invoice/cbc:IssueDate (BT-2)") || !strings.Contains(s, "2016-02-30") {
		t.Errorf("message %q names neither path, BT nor value", s)
	}
}

func TestReadReportsUnknownAndEmpty(t *testing.T) {
	doc := sample(t)
	doc = strings.Replace(doc, "<cbc:BuyerReference>", `<cbc:LineCountNumeric>2</cbc:LineCountNumeric><cbc:BuyerReference>`, 1)
	doc = strings.Replace(doc, "<cac:Contact>", `<cac:Contact><cbc:Telefax>0</cbc:Telefax>`, 1)
	doc = strings.Replace(doc, `<cbc:InvoicedQuantity unitCode="`, `<cbc:InvoicedQuantity unitCodeListID="Rec20" unitCode="`, 1)
	doc = strings.Replace(doc, "<cbc:Note>", "<cbc:Note></cbc:Note><cbc:Note>", 1)
	inv, err := ReadUBL(strings.NewReader(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, u := range inv.Source.Unknown {
		paths = append(paths, u.Path)
	}
	got := strings.Join(paths, "\n")
	for _, want := range []string{
		"/Invoice/cbc:LineCountNumeric",
		"/Invoice/cac:AccountingSupplierParty/cac:Party/cac:Contact/cbc:Telefax",
		"/Invoice/cac:InvoiceLine/cbc:InvoicedQuantity/@unitCodeListID",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("unknown %s not reported; got\n%s", want, got)
		}
	}
	if len(inv.Source.Empty) != 1 || inv.Source.Empty[0].Path != "/Invoice/cbc:Note" {
		t.Errorf("empty elements: got %v, want the empty note", inv.Source.Empty)
	}
	// the unknown elements are not written
	var out bytes.Buffer
	if err := WriteUBL(&out, inv, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "Telefax") || strings.Contains(out.String(), "LineCountNumeric") {
		t.Error("unknown elements written")
	}
}

func TestWriteCreditNote(t *testing.T) {
	inv, err := ReadUBL(strings.NewReader(sample(t)), nil)
	if err != nil {
		t.Fatal(err)
	}
	inv.Source = nil
	inv.TypeCode = TypeCreditNote
	inv.ProjectReference = "P-1"
	var out bytes.Buffer
	if err := WriteUBL(&out, inv, nil); err != nil {
		t.Fatal(err)
	}
	cn, err := ReadUBL(bytes.NewReader(out.Bytes()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if cn.Source.Root != "CreditNote" || cn.ProjectReference != "P-1" || cn.DueDate != inv.DueDate || len(cn.Lines) != len(inv.Lines) {
		t.Errorf("credit note: root %s, project %q, due %v", cn.Source.Root, cn.ProjectReference, cn.DueDate)
	}
	dir := t.TempDir()
	name := dir + "/cn.xml"
	if err := os.WriteFile(name, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	xmllintValidate(t, "testdata/xsd/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd", []string{name})

	inv.ThirdPartyPayments = []ThirdPartyPayment{{Type: "x", Amount: Dec("1")}}
	if err := WriteUBL(&out, inv, nil); !errors.Is(err, ErrNotRepresentable) {
		t.Errorf("third party payment in a credit note: got %v, want ErrNotRepresentable", err)
	}
}

func TestAttachment(t *testing.T) {
	a := NewAttachment([]byte("%PDF-1.4 hello"), "application/pdf", "a.pdf")
	a.Base64 = a.Base64[:8] + "\n  " + a.Base64[8:]
	b, err := a.Bytes()
	if err != nil || string(b) != "%PDF-1.4 hello" {
		t.Errorf("got %q, %v", b, err)
	}
	doc := strings.Replace(sample(t), "<cac:AccountingSupplierParty>", `<cac:AdditionalDocumentReference><cbc:ID>A1</cbc:ID><cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="a.pdf">not*base64</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference><cac:AccountingSupplierParty>`, 1)
	_, err = ReadUBL(strings.NewReader(doc), nil)
	if !errors.Is(err, ErrBase64) {
		t.Errorf("bad base64: got %v, want ErrBase64", err)
	}
}
