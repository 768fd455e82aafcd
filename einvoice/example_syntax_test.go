package einvoice_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/ozg-baukasten/baukasten/einvoice"
)

// ExampleValidateBytes_syntaxRules shows the document-level checks: a UBL
// element the EN 16931 syntax binding does not use (UBL-CR-005, a
// warning) and an element the UBL 2.1 schema does not know (SCHEMA,
// fatal).
func ExampleValidateBytes_syntaxRules() {
	data, err := os.ReadFile("testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	data = bytes.Replace(data, []byte("<cbc:IssueDate>"), []byte("<cbc:UUID>6E09886B-DC6E-439F-82D1-7CCAC7F4E3B1</cbc:UUID><cbc:IssueDate>"), 1)
	data = bytes.Replace(data, []byte("<cbc:BuyerReference>"), []byte("<cbc:Foo>1</cbc:Foo><cbc:BuyerReference>"), 1)
	_, rep, err := einvoice.ValidateBytes(data, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("valid:", rep.Valid)
	for _, f := range rep.Findings {
		fmt.Printf("%s %s line %d %s\n", f.Rule, f.Severity, f.Location.Line, f.Location.Path)
	}
	// Output:
	// valid: false
	// BR-DE-TMP-32 information line 2 /Invoice
	// SCHEMA fatal line 12 /Invoice/cbc:Foo
	// UBL-CR-005 warning line 8 /Invoice/cbc:UUID
}
