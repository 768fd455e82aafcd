package einvoice

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

func TestBuilder(t *testing.T) {
	s19 := VATCategory{Code: VATStandard, Rate: Dec("19")}
	s7 := VATCategory{Code: VATStandard, Rate: Dec("7")}
	inv, err := NewBuilder(ProfileXRechnung, "R-1", Date{Year: 2026, Month: 11, Day: 2}).
		Seller(Seller{Name: "Stadtwerke", VATIdentifier: "DE123456789", ElectronicAddress: ElectronicAddress{"a@b.example", EASEmail},
			Address: Address{City: "X", PostCode: "1", CountryCode: "DE"}, Contact: &Contact{Name: "n", Telephone: "1", Email: "a@b.example"}}).
		Buyer(Buyer{Name: "Amt", ElectronicAddress: ElectronicAddress{"991-33333TEST-33", EASLeitwegID}, Address: Address{City: "Y", PostCode: "2", CountryCode: "DE"}}).
		LeitwegID("991-33333TEST-33").
		Line("Strom", decimal.RequireFromString("1234.5"), "KWH", decimal.RequireFromString("0.3125"), s19).
		AddLine(Line{Item: Item{Name: "Buch"}, Quantity: Dec("3"), UnitCode: UnitOne, Price: Price{Gross: Dec("20.00"), Discount: Dec("1.10")}, VAT: s7}).
		Allowance(decimal.RequireFromString("10.00"), "Treuerabatt", s19).
		Charge(decimal.RequireFromString("5.00"), "Versand", s7).
		CreditTransfer("DE02120300000000202051", "", "", "R-1").
		Build()
	if err != nil {
		t.Fatal(err)
	}
	// 1234.5 × 0.3125 = 385.78125 → 385.78; 3 × (20.00 − 1.10) = 56.70
	checks := map[string]*decimal.Decimal{
		"385.78": inv.Lines[0].NetAmount,
		"56.70":  inv.Lines[1].NetAmount,
		"442.48": inv.Totals.LineNet,
		"10.00":  inv.Totals.Allowances,
		"5.00":   inv.Totals.Charges,
		"437.48": inv.Totals.WithoutVAT,
		// S 19: 375.78 → 71.40 (71.3982); S 7: 61.70 → 4.32 (4.319)
		"75.72":  inv.Totals.VAT,
		"513.20": inv.Totals.WithVAT,
	}
	for want, got := range checks {
		if got == nil || FormatDecimal(*got) != want {
			t.Errorf("got %v, want %s", show(got), want)
		}
	}
	if inv.Totals.DuePayable == nil || FormatDecimal(*inv.Totals.DuePayable) != "513.20" {
		t.Errorf("BT-115 = %v", show(inv.Totals.DuePayable))
	}
	if len(inv.VATBreakdown) != 2 || FormatDecimal(*inv.VATBreakdown[0].TaxableAmount) != "375.78" || FormatDecimal(*inv.VATBreakdown[1].TaxAmount) != "4.32" {
		t.Errorf("VAT breakdown: %+v", inv.VATBreakdown)
	}
	var out bytes.Buffer
	if err := WriteUBL(&out, inv, nil); err != nil {
		t.Fatal(err)
	}
	back, err := ReadUBL(bytes.NewReader(out.Bytes()), nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(inv, back, ignoreSource); d != "" {
		t.Errorf("built invoice changed by write and read:\n%s", d)
	}
	name := filepath.Join(t.TempDir(), "built.xml")
	if err := os.WriteFile(name, out.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	xmllintValidate(t, "testdata/xsd/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd", []string{name})
}

func TestBuilderErrors(t *testing.T) {
	_, err := NewBuilder(ProfileXRechnung, "R-1", Date{Year: 2026, Month: 1, Day: 1}).LeitwegID("04011000-12345-34").Build()
	if !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("bad Leitweg-ID: got %v", err)
	}
	_, err = NewBuilder(ProfileXRechnung, "R-1", Date{Year: 2026, Month: 1, Day: 1}).AddLine(Line{Price: Price{Net: Dec("1")}}).Build()
	if !errors.Is(err, ErrCalc) {
		t.Errorf("line without quantity: got %v, want ErrCalc", err)
	}
}
