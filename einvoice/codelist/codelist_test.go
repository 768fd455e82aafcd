package codelist_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/ozg-baukasten/baukasten/einvoice/codelist"
)

func TestLookups(t *testing.T) {
	for _, c := range []struct {
		list codelist.List
		code string
		in   bool
		name string
	}{
		{codelist.Country, "DE", true, "Germany"},
		{codelist.Country, "XX", false, ""},
		{codelist.Currency, "EUR", true, "Euro"},
		{codelist.Currency, "eur", false, ""},
		{codelist.VATCategory, "S", true, "Standard rate"},
		{codelist.VATCategory, "X", false, ""},
		{codelist.InvoiceType, "380", true, "Commercial invoice"},
		{codelist.InvoiceType, "381", false, ""},
		{codelist.CreditNoteType, "381", true, "Credit note"},
		{codelist.PaymentMeans, "58", true, "SEPA credit transfer"},
		{codelist.Unit, "C62", true, "one"},
		{codelist.Unit, "", false, ""},
		{codelist.EAS, "0204", true, "Leitweg-ID"},
		{codelist.MIME, "application/pdf", true, "PDF document"},
		{codelist.MIME, "application/zip", false, ""},
		{codelist.TaxPointDateCode, "35", true, "Delivery date/time, actual"},
		{codelist.VATEX, "VATEX-EU-O", true, "Not subject to VAT"},
		{codelist.ICD, "0088", true, ""},
	} {
		if got := c.list.Contains(c.code); got != c.in {
			t.Errorf("%v.Contains(%q) = %v, want %v", c.list, c.code, got, c.in)
		}
		if got := c.list.Name(c.code); got != c.name {
			t.Errorf("%v.Name(%q) = %q, want %q", c.list, c.code, got, c.name)
		}
	}
	if n := len(codelist.Lists()); n != 16 {
		t.Errorf("%d lists, want 16", n)
	}
	if r := codelist.PaymentMeans.Rule(); r != "BR-CL-16" {
		t.Errorf("rule %q", r)
	}
	if n := len(codelist.Unit.Codes()); n < 2000 {
		t.Errorf("%d units, want the full Rec 20/21 list", n)
	}
}

// TestCorpusCodes checks that every code used by the official test
// invoices (which pass the BR-CL rules) is in its list.
func TestCorpusCodes(t *testing.T) {
	var files []string
	err := filepath.WalkDir("../testdata", func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && (d.Name() == "xsd" || d.Name() == "xrechnung-schematron" || d.Name() == "validation" || d.Name() == "fuzz") {
			return filepath.SkipDir
		}
		if err == nil && !d.IsDir() && strings.HasSuffix(strings.ToLower(p), ".xml") {
			files = append(files, p)
		}
		return err
	})
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		inv, err := einvoice.Read(r, nil)
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		check := func(l codelist.List, code string) {
			if code != "" && !l.Contains(strings.TrimSpace(code)) {
				t.Errorf("%s: %q not in %v", f, code, l)
			}
		}
		types := codelist.InvoiceType
		if inv.Source.Root == "CreditNote" || inv.Source.Syntax == einvoice.CII && inv.TypeCode.IsCreditNote() {
			types = codelist.CreditNoteType
		}
		check(types, string(inv.TypeCode))
		check(codelist.Currency, string(inv.CurrencyCode))
		check(codelist.Country, string(inv.Seller.Address.CountryCode))
		check(codelist.Country, string(inv.Buyer.Address.CountryCode))
		check(codelist.EAS, string(inv.Seller.ElectronicAddress.Scheme))
		for _, p := range inv.PaymentInstructions {
			check(codelist.PaymentMeans, string(p.MeansCode))
		}
		for _, vb := range inv.VATBreakdown {
			check(codelist.VATCategory, string(vb.Category.Code))
			check(codelist.VATEX, vb.ExemptionReasonCode)
		}
		for _, d := range inv.SupportingDocuments {
			if d.Attachment != nil {
				check(codelist.MIME, d.Attachment.MimeCode)
			}
		}
		for _, l := range inv.Lines {
			check(codelist.Unit, string(l.UnitCode))
			check(codelist.VATCategory, string(l.VAT.Code))
		}
	}
}
