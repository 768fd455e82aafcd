package einvoice

import "testing"

// TestSyntaxRulesCompile compiles every context and test of the generated
// patterns and checks that they cover exactly the catalogue's BR-CL,
// UBL-* and CII-* rules in the right syntaxes.
func TestSyntaxRulesCompile(t *testing.T) {
	if _, err := compileSch(); err != nil {
		t.Fatal(err)
	}
	got := map[string]map[Syntax]bool{}
	for _, p := range schPatterns {
		for _, r := range p.rules {
			for _, a := range r.asserts {
				if got[a.id] == nil {
					got[a.id] = map[Syntax]bool{}
				}
				got[a.id][p.syntax] = true
			}
		}
	}
	n := 0
	for _, r := range Rules() {
		switch r.Family {
		case "BR-CL", "UBL-SR", "UBL-CR", "UBL-DT", "CII-SR", "CII-DT":
		default:
			continue
		}
		n++
		if got[r.ID][UBL] != (r.UBL != 0) || got[r.ID][CII] != (r.CII != 0) {
			t.Errorf("%s: in the patterns for %v, catalogue UBL %v CII %v", r.ID, got[r.ID], r.UBL, r.CII)
		}
	}
	if n != len(got) {
		t.Errorf("patterns hold %d rule ids, catalogue %d", len(got), n)
	}
}
