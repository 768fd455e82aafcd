package einvoice

import (
	"bytes"
	"testing"
)

// FuzzValidate validates arbitrary input in both syntaxes with both rule
// sets: it must never panic, must give a report or a reading error, and
// every finding must name a rule of the catalogue with a severity and the
// official message. Seeds: the small test-suite invoices of both syntaxes
// and a few rule unit-test cases.
func FuzzValidate(f *testing.F) {
	docs, err := validateCorpus()
	if err != nil {
		f.Fatal(err)
	}
	for _, d := range docs {
		if len(d) < 24<<10 {
			f.Add(d, false)
		}
	}
	for i, c := range expandUnitTests(f, "eInvoicing-EN16931/test/cii") {
		if i%3 == 0 {
			f.Add(c.doc, true)
		}
	}
	f.Add([]byte(`<Invoice xmlns="`+NamespaceUBLInvoice+`"/>`), true)
	f.Add([]byte(`<CreditNote xmlns="`+NamespaceUBLCreditNote+`"><AllowanceCharge/></CreditNote>`), false)
	f.Add([]byte(`<rsm:CrossIndustryInvoice xmlns:rsm="`+NamespaceCII+`"/>`), true)
	f.Fuzz(func(t *testing.T, in []byte, xr bool) {
		opts := &ValidateOptions{Read: &ReadOptions{MaxBytes: 1 << 20}}
		if xr {
			opts.Profile = ValidateXRechnung
		}
		inv, rep, err := ReadAndValidate(bytes.NewReader(in), opts)
		if err != nil {
			if rep != nil || inv != nil {
				t.Fatalf("error %v with a report or invoice", err)
			}
			return
		}
		if rep == nil || inv == nil {
			t.Fatal("no report and no error")
		}
		fatal := false
		for _, fd := range rep.Findings {
			r, ok := LookupRule(fd.Rule)
			if !ok {
				t.Fatalf("finding with unknown rule %q", fd.Rule)
			}
			if fd.Severity < SeverityInformation || fd.Severity > SeverityFatal || fd.Message == "" || fd.German == "" || fd.English == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
			if r.Severity(rep.Syntax) == 0 {
				t.Fatalf("%s reported for %s, where it does not exist", fd.Rule, rep.Syntax)
			}
			fatal = fatal || fd.Severity == SeverityFatal
		}
		if rep.Valid == fatal {
			t.Fatalf("Valid = %v with fatal findings %v", rep.Valid, fatal)
		}
		if (rep.Err() == nil) != rep.Valid {
			t.Fatalf("Err() = %v for Valid = %v", rep.Err(), rep.Valid)
		}
	})
}
