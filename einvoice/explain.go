package einvoice

import "strings"

// explanation is a German and English explanation of a rule.
type explanation struct{ de, en string }

// explanations holds hand-written explanations, by rule id; rules without
// one are explained from their official message (explain).
var explanations = map[string]explanation{}

// explain returns the German and English explanation of a finding of r:
// the hand-written one if there is one; otherwise the official message in
// its own language (English for EN 16931, German for XRechnung) and, for
// the other language, a translation of the uniform message patterns (the
// "should not include" / "should not be present" rules) or a sentence
// naming the rule and quoting the official text.
func explain(r *Rule) (de, en string) {
	if e, ok := explanations[r.ID]; ok {
		return e.de, e.en
	}
	msg := r.Message
	switch r.Source {
	case SourceXRechnung:
		return msg, "XRechnung rule " + r.ID + " is violated (official German text: \"" + msg + "\")."
	case SourceSchema:
		return "Das Dokument entspricht nicht dem XML-Schema seiner Syntax (UBL 2.1 / CII D16B).", msg
	}
	if s, ok := strings.CutPrefix(msg, "A UBL invoice should not include the "); ok {
		return "Eine UBL-Rechnung sollte das Element " + strings.TrimSuffix(s, ".") + " nicht enthalten.", msg
	}
	if s, ok := strings.CutSuffix(strings.TrimSuffix(msg, "."), " should not be present"); ok {
		return s + " sollte nicht vorhanden sein.", msg
	}
	if s, ok := strings.CutSuffix(strings.TrimSuffix(msg, "."), " shall not be used"); ok {
		return s + " darf nicht verwendet werden.", msg
	}
	return "Regel " + r.ID + " der EN 16931 ist verletzt (offizieller englischer Text: \"" + msg + "\").", msg
}
