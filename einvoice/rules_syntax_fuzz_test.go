package einvoice

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzSyntaxRules runs the syntax and code-list rules and the SCHEMA check
// on arbitrary documents of both syntaxes: no panic, and every finding
// names a rule of the catalogue (fire panics on an unknown id) with a
// location.
func FuzzSyntaxRules(f *testing.F) {
	// two small official invoices (large seeds slow the fuzzing engine
	// down to a standstill)
	for _, p := range []string{syntaxBases[UBL][0], syntaxBases[CII][0]} {
		data, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"><cbc:ID schemeID="x">1</cbc:ID><cbc:IssueDate>2024-02-30</cbc:IssueDate></Invoice>`))
	f.Add([]byte(`<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">text<ram:TypeCode>380</ram:TypeCode></rsm:CrossIndustryInvoice>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		root, name, err := parseTree("fuzz", bytes.NewReader(data), readPrefixes, &ReadOptions{MaxBytes: 1 << 20})
		if err != nil {
			return
		}
		syn := UBL
		if name.Local == "CrossIndustryInvoice" {
			syn = CII
		}
		c := &vctx{inv: &Invoice{}, doc: root, syntax: syn, root: name.Local, en: true}
		checkSyntaxRules(c)
		checkSchema(c)
		for _, fd := range c.findings {
			if _, ok := LookupRule(fd.Rule); !ok || fd.Location.Path == "" {
				t.Errorf("finding %+v", fd)
			}
		}
	})
}
