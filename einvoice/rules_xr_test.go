package einvoice

import (
	"os"
	"strings"
	"testing"
)

func TestSkontoFormat(t *testing.T) {
	for _, tc := range []struct {
		note string
		ok   bool
	}{
		{"", true},
		{"Zahlbar sofort ohne Abzug.", true},
		{"#SKONTO#TAGE=14#PROZENT=2.00#\n", true},
		{"#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=100.00#\n", true},
		{"#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=-100.00#\n", true},
		{"#SKONTO#TAGE=7#PROZENT=3.00#\n#SKONTO#TAGE=14#PROZENT=2.00#\nText danach", true},
		{"  #SKONTO#TAGE=14#PROZENT=2.00#  \n", true}, // normalize-space of the line
		{"#SKONTO#TAGE=14#PROZENT=2.00#", false},      // no line break after the last entry
		{"#SKONTO#TAGE=14#PROZENT=2#\n", false},       // two decimals required
		{"#SKONTO#TAGE=14#PROZENT=2,00#\n", false},    // decimal comma
		{"#skonto#TAGE=14#PROZENT=2.00#\n", false},    // upper case
		{"#SKONTO#TAGE=14#PROZENT=2.00#BASISBETRAG=100#\n", false},
		{"#SKONTO# TAGE=14#PROZENT=2.00#\n", false}, // white space inside
		{"#SKONTO#TAGE=14#PROZENT=2.00\n", false},   // no closing '#'
		{"#SKONTO#TAGE=14#PROZENT=2.00#\r\n", true},
	} {
		n := &node{key: "cbc:Note", text: tc.note}
		if got := (&xctx{vctx: &vctx{}}).skontoOK([]*node{n}); got != tc.ok {
			t.Errorf("%q: skontoOK = %v, want %v", tc.note, got, tc.ok)
		}
	}
}

func TestIBANCheck(t *testing.T) {
	for _, tc := range []struct {
		iban string
		ok   bool
	}{
		{"DE75512108001245126199", true},
		{"DE75 5121 0800 1245 1261 99", true},
		{" DE75512108001245126199\n", true},
		{"DE75512108001245126198", false},
		{"de75512108001245126199", false}, // the form asks for upper-case country letters
		{"DE7551210800124512619", false},
		{"", false},
		{"GB82WEST12345698765432", true},
	} {
		n := &node{key: "cbc:ID", text: tc.iban}
		if got := (&xctx{vctx: &vctx{}}).ibanOK([]*node{n}); got != tc.ok {
			t.Errorf("%q: ibanOK = %v, want %v", tc.iban, got, tc.ok)
		}
	}
}

// TestXRechnungRulesFire mutates a valid XRechnung invoice and checks the
// rule the mutation breaks.
func TestXRechnungRulesFire(t *testing.T) {
	base, err := os.ReadFile("testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		rule, old, new string
	}{
		{"BR-DE-15", "<cbc:BuyerReference>04011000-12345-03</cbc:BuyerReference>", ""},
		{"BR-DE-18", "<cbc:Note>Zahlbar sofort ohne Abzug.</cbc:Note>", "<cbc:Note>#SKONTO#TAGE=14#PROZENT=2#\n</cbc:Note>"},
		{"BR-DE-19", "DE75512108001245126199", "DE75512108001245126198"},
		{"BR-DE-21", "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", "urn:cen.eu:en16931:2017"},
		{"PEPPOL-EN16931-R008", "<cbc:Note>Zahlbar sofort ohne Abzug.</cbc:Note>", "<cbc:Note> </cbc:Note>"},
	} {
		doc := strings.Replace(string(base), tc.old, tc.new, 1)
		if doc == string(base) {
			t.Fatalf("%s: mutation does not apply", tc.rule)
		}
		_, rep, err := ValidateBytes([]byte(doc), &ValidateOptions{Profile: ValidateXRechnung})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range rep.Findings {
			if f.Rule == tc.rule {
				found = true
				if f.Location.Path == "" || f.Message == "" {
					t.Errorf("%s: finding without location or message: %+v", tc.rule, f)
				}
			}
		}
		if !found {
			t.Errorf("%s did not fire; findings %v", tc.rule, rep.Fired())
		}
	}
}
