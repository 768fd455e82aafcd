package einvoice

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// maxInvoice returns an invoice with every field of the model set, so a
// writer that forgets one fails the round trip.
func maxInvoice() *Invoice {
	d := func(s string) Date { v, _ := ParseDate(s); return v }
	addr := func(p string) Address {
		return Address{Line1: p + " 1", Line2: p + " 2", Line3: p + " 3", City: p + " city", PostCode: "12345", CountrySubdivision: p + " sub", CountryCode: "DE"}
	}
	s19 := VATCategory{Code: VATStandard, Rate: Dec("19.00")}
	line := Line{
		ID: "1", Note: "line note", ObjectIdentifier: Identifier{ID: "OBJ-1", Scheme: "AAA"},
		Quantity: Dec("2.000"), UnitCode: "HUR", NetAmount: Dec("190.00"),
		OrderLineReference: "PO-L1", AccountingReference: "ACC-L1",
		Period: &Period{Start: d("2026-01-01"), End: d("2026-01-31")},
		AllowanceCharges: []AllowanceCharge{
			{Amount: Dec("20.00"), BaseAmount: Dec("200.00"), Percentage: Dec("10"), Reason: "line allowance", ReasonCode: "95"},
			{Charge: true, Amount: Dec("10.00"), Reason: "line charge", ReasonCode: "ABL"},
		},
		Price: Price{Net: Dec("100.00"), Discount: Dec("5.00"), Gross: Dec("105.00"), BaseQuantity: Dec("1"), BaseQuantityUnit: "HUR"},
		VAT:   s19,
		Item: Item{
			Name: "item", Description: "item description", SellerID: "S-1", BuyerID: "B-1",
			StandardID:      Identifier{ID: "4000000000000", Scheme: "0160"},
			Classifications: []Classification{{"M1", "CVD", ""}, {"0721", "IB", "88"}},
			OriginCountry:   "FR",
			Attributes:      []ItemAttribute{{"cva", "clean"}, {"colour", "blue"}},
		},
		SubLines: []Line{{ID: "1.1", Quantity: Dec("1"), UnitCode: "HUR", NetAmount: Dec("0"), Price: Price{Net: Dec("0")}, VAT: s19, Item: Item{Name: "sub"},
			SubLines: []Line{{ID: "1.1.1", Quantity: Dec("1"), UnitCode: "HUR", NetAmount: Dec("0"), Price: Price{Net: Dec("0")}, VAT: s19, Item: Item{Name: "subsub"}}}}},
	}
	return &Invoice{
		Number: "INV-1", IssueDate: d("2026-02-01"), TypeCode: TypeInvoice, CurrencyCode: EUR, VATCurrencyCode: "USD",
		TaxPointDate: d("2026-02-02"), TaxPointDateCode: "35", DueDate: d("2026-03-01"),
		BuyerReference: "04011000-1234512345-06", ProjectReference: "PRJ", ContractReference: "CON",
		PurchaseOrderReference: "PO", SalesOrderReference: "SO", ReceivingAdviceReference: "RA",
		DespatchAdviceReference: "DA", TenderOrLotReference: "TL", InvoicedObject: Identifier{ID: "OBJ", Scheme: "AAB"},
		BuyerAccountingReference: "BAR", PaymentTerms: "#SKONTO#TAGE=7#PROZENT=2.00#\n",
		Notes:               []Note{{SubjectCode: "AAI", Text: "note 1"}, {Text: "note 2"}},
		BusinessProcessType: BusinessProcessPeppol, Specification: SpecXRechnungExtension,
		PrecedingInvoices: []PrecedingInvoice{{"INV-0", d("2025-12-01")}, {Number: "INV-00"}},
		Seller: Seller{
			Name: "seller", TradingName: "seller trading", Identifiers: []Identifier{{ID: "S-ID", Scheme: "0088"}, {ID: "S-ID2"}},
			LegalRegistration: Identifier{ID: "HRB 1", Scheme: "0002"}, VATIdentifier: "DE123456789", TaxRegistrationID: "201/123/45678", TaxRegistrationScheme: "FC",
			AdditionalLegalInformation: "legal", ElectronicAddress: ElectronicAddress{"s@example.org", EASEmail},
			Address: addr("seller"), Contact: &Contact{Name: "seller contact", Telephone: "+49 1", Email: "c@example.org"},
		},
		Buyer: Buyer{
			Name: "buyer", TradingName: "buyer trading", Identifier: Identifier{ID: "B-ID", Scheme: "0088"},
			LegalRegistration: Identifier{ID: "HRB 2", Scheme: "0002"}, VATIdentifier: "DE987654321",
			ElectronicAddress: ElectronicAddress{"04011000-1234512345-06", EASLeitwegID},
			Address:           addr("buyer"), Contact: &Contact{Name: "buyer contact", Telephone: "+49 2", Email: "b@example.org"},
		},
		Payee:             &Payee{Name: "payee", Identifier: Identifier{ID: "P-ID", Scheme: "0088"}, LegalRegistration: Identifier{ID: "HRB 3", Scheme: "0002"}},
		TaxRepresentative: &TaxRepresentative{Name: "taxrep", VATIdentifier: "DE111111111", Address: addr("taxrep")},
		Delivery:          &Delivery{PartyName: "deliver to", LocationID: Identifier{ID: "LOC", Scheme: "0088"}, ActualDate: d("2026-01-15"), Address: &Address{City: "delivery city", CountryCode: "AT"}},
		InvoicingPeriod:   &Period{Start: d("2026-01-01"), End: d("2026-01-31")},
		PaymentInstructions: []PaymentInstructions{
			{MeansCode: "58", MeansText: "SEPA", RemittanceInformation: "RI", CreditTransfers: []CreditTransfer{{AccountID: "DE02120300000000202051", AccountName: "account", ProviderID: "BYLADEM1001"}}},
			{MeansCode: "48", Card: &PaymentCard{PrimaryAccountNumber: "1234", HolderName: "holder", NetworkID: "VISA"}},
			{MeansCode: "59", DirectDebit: &DirectDebit{MandateReference: "MANDATE", DebitedAccountID: "DE75512108001245126199"}},
		},
		CreditorReference: "DE98ZZZ09999999999",
		AllowanceCharges: []AllowanceCharge{
			{Amount: Dec("10.00"), BaseAmount: Dec("100.00"), Percentage: Dec("10"), VAT: &s19, Reason: "allowance", ReasonCode: "95"},
			{Charge: true, Amount: Dec("5.00"), VAT: &VATCategory{Code: VATStandard, Rate: Dec("19.00"), TaxScheme: "VAT "}, Reason: "charge", ReasonCode: "FC"},
		},
		Totals: Totals{
			LineNet: Dec("190.00"), Allowances: Dec("10.00"), Charges: Dec("5.00"), WithoutVAT: Dec("185.00"),
			VAT: Dec("35.15"), VATAccounting: Dec("38.00"), WithVAT: Dec("220.15"), Paid: Dec("20.00"), Rounding: Dec("-0.15"), DuePayable: Dec("200.00"),
		},
		VATBreakdown: []VATBreakdown{
			{TaxableAmount: Dec("185.00"), TaxAmount: Dec("35.15"), Category: s19},
			{TaxableAmount: Dec("0"), TaxAmount: Dec("0"), Category: VATCategory{Code: VATExempt, Rate: Dec("0")}, ExemptionReason: "exempt", ExemptionReasonCode: "VATEX-EU-132"},
		},
		SupportingDocuments: []SupportingDocument{
			{ID: "DOC-1", TypeCode: "916", Description: "attachment", Attachment: NewAttachment([]byte("%PDF-1.4"), "application/pdf", "a.pdf")},
			{ID: "DOC-2", Description: "link", ExternalLocation: "https://example.org/doc"},
		},
		Lines:              []Line{line},
		ThirdPartyPayments: []ThirdPartyPayment{{Type: "MobilesBezahlen", Amount: Dec("19.96"), Description: "parking"}},
	}
}

func TestMaxInvoiceRoundTrip(t *testing.T) {
	dir := t.TempDir()
	inv := maxInvoice()
	cn := maxInvoice()
	cn.TypeCode = TypeCreditNote
	cn.ThirdPartyPayments = nil
	for name, want := range map[string]*Invoice{"invoice": inv, "creditnote": cn} {
		var out bytes.Buffer
		if err := WriteUBL(&out, want, nil); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := ReadUBL(bytes.NewReader(out.Bytes()), nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := cmp.Diff(want, got, ignoreSource); d != "" {
			t.Errorf("%s: changed by write and read (-built +read):\n%s", name, d)
		}
		if len(got.Source.Unknown) > 0 || len(got.Source.Empty) > 0 {
			t.Errorf("%s: unknown %v, empty %v", name, got.Source.Unknown, got.Source.Empty)
		}
		f := filepath.Join(dir, name+".xml")
		if err := os.WriteFile(f, out.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		schema := "testdata/xsd/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd"
		if name == "creditnote" {
			schema = "testdata/xsd/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd"
		}
		xmllintValidate(t, schema, []string{f})
	}
}

func TestWriteIndent(t *testing.T) {
	inv := maxInvoice()
	var flat, tabs bytes.Buffer
	if err := WriteUBL(&flat, inv, &WriteOptions{Indent: NoIndent}); err != nil {
		t.Fatal(err)
	}
	if err := WriteUBL(&tabs, inv, &WriteOptions{Indent: "\t"}); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(flat.Bytes(), []byte(">\n")); n != 1 {
		t.Errorf("NoIndent: %d line breaks after tags, want only the final one", n)
	}
	if !bytes.Contains(tabs.Bytes(), []byte("\n\t<cbc:ID>INV-1</cbc:ID>")) {
		t.Error("tab indentation missing")
	}
	a, err := ReadUBL(bytes.NewReader(flat.Bytes()), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadUBL(bytes.NewReader(tabs.Bytes()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a, b, ignoreSource); d != "" {
		t.Errorf("indentation changed the model:\n%s", d)
	}
}
