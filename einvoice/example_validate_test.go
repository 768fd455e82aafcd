package einvoice_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"

	"github.com/ozg-baukasten/baukasten/einvoice"
)

// Validate an XRechnung invoice as received: one parse for the model and
// the rules; the KoSIT scenario follows from the root element and BT-24.
func ExampleValidateBytes() {
	data, err := os.ReadFile("testdata/xrechnung-testsuite/src/test/business-cases/standard/01.02a-INVOICE_ubl.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	_, rep, err := einvoice.ValidateBytes(data, nil)
	if err != nil {
		fmt.Println("not an invoice:", err)
		return
	}
	fmt.Println(rep.Valid, rep.Scenario, len(rep.Findings))

	// The amount due no longer matches the totals: BR-CO-16 is violated.
	bad := bytes.Replace(data, []byte(`<cbc:PayableAmount currencyID="EUR">12.6<`), []byte(`<cbc:PayableAmount currencyID="EUR">12.7<`), 1)
	_, rep, _ = einvoice.ValidateBytes(bad, nil)
	fmt.Println(rep.Valid)
	for _, f := range rep.Findings {
		fmt.Println(f.Rule, f.Severity, f.Terms, f.Location.Path, f.Location.Line)
	}
	var re *einvoice.RuleError
	fmt.Println(errors.As(rep.Err(), &re), errors.Is(rep.Err(), einvoice.ErrRuleViolated))
	// Output:
	// true EN16931 XRechnung (UBL Invoice) 0
	// false
	// BR-CO-16 fatal BT-115 /Invoice/cac:LegalMonetaryTotal 106
	// true true
}

// Look a rule up in the catalogue of the official artefacts.
func ExampleLookupRule() {
	r, _ := einvoice.LookupRule("BR-CO-15")
	fmt.Println(r.Source, r.Family, r.UBL, r.CII)
	fmt.Println(r.Message)
	// Output:
	// EN16931 BR-CO fatal fatal
	// Invoice total amount with VAT (BT-112) = Invoice total amount without VAT (BT-109) + Invoice total VAT amount (BT-110).
}
