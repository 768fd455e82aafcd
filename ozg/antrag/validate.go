package antrag

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/din91379"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"github.com/shopspring/decimal"
)

// Report is the outcome of validating submission data: every violation
// found, in document order. Findings are data, not an error.
type Report struct {
	Violations []Violation `json:"violations"` // every violation, in document order
}

// Valid reports whether there are no violations.
func (r *Report) Valid() bool { return len(r.Violations) == 0 }

// Violation is one rule the data break.
type Violation struct {
	// Path is the FIM element path, e.g. G17003637/F60000227; an index in
	// brackets (0-based) selects an instance of a repeated element:
	// G60000086[1]/F60000243.
	Path string `json:"path"`
	// Pointer is the JSON Pointer (RFC 6901) of the value in the data.
	Pointer string `json:"pointer"`
	// ElementID is the FIM ID of the element concerned ("" for an unknown
	// key).
	ElementID string `json:"elementId,omitempty"`
	// Label is the element's bezeichnungEingabe.
	Label string `json:"label,omitempty"`
	// Rule names the broken rule with the JSON Schema keyword: required,
	// type, minLength, maxLength, pattern, enum, minItems, maxItems,
	// minimum, maximum, multipleOf, format, additionalProperties; or latin
	// for text outside DIN 91379 (datentyp text_latin).
	Rule string `json:"rule"`
	// Limit is the rule's parameter where there is one (the maximum length,
	// the pattern, the list URI, …).
	Limit string `json:"limit,omitempty"`
	// Message is the German message, MessageEN the English one. They name
	// the field and the rule, never the value entered.
	Message   string `json:"message"`
	MessageEN string `json:"messageEn"` // English message
	// Source is "xdatenfelder" for findings of the structural check and
	// "jsonschema" for findings only the JSON Schema check made.
	Source string `json:"source"`
}

// String returns "PATH (LABEL): MessageEN".
func (v Violation) String() string {
	if v.Label == "" {
		return v.Path + ": " + v.MessageEN
	}
	return v.Path + " (" + v.Label + "): " + v.MessageEN
}

// Validate checks submission data (JSON, an object keyed by FIM element ID)
// against the form: directly against the XDatenfelder structure, and then
// against the generated JSON Schema with santhosh-tekuri/jsonschema, whose
// findings are added where the structural check has none for the same
// value and rule. It returns an error (InvalidArgument) only when data is
// not JSON; rule violations are in the Report.
func (f *Form) Validate(data []byte) (*Report, error) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "antrag.Validate", Err: err}
	}
	return f.ValidateValue(v), nil
}

// ValidateValue is Validate on decoded JSON (numbers as json.Number, as
// jsonschema.UnmarshalJSON or a json.Decoder with UseNumber produce them).
func (f *Form) ValidateValue(v any) *Report {
	vc := &validation{}
	vc.object("", "", f.items, v)
	if err := f.compiled.Validate(v); err != nil {
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			vc.addSchemaErrors(f, ve)
		}
	}
	return &Report{Violations: vc.out}
}

type validation struct {
	out []Violation
}

func (vc *validation) add(path, ptr string, it *item, rule, limit, de, en string) {
	v := Violation{Path: orRoot(path), Pointer: orRoot(ptr), Rule: rule, Limit: limit, Message: de, MessageEN: en, Source: "xdatenfelder"}
	if it != nil {
		v.ElementID, v.Label = it.id, it.label
		v.Message = it.label + ": " + de
		v.MessageEN = it.label + ": " + en
	}
	vc.out = append(vc.out, v)
}

func join(prefix, seg string) string {
	if prefix == "" {
		return seg
	}
	return prefix + "/" + seg
}

func (vc *validation) object(path, ptr string, items []*item, v any) {
	obj, ok := v.(map[string]any)
	if !ok {
		vc.add(orRoot(path), orRoot(ptr), nil, "type", "object", "Angabe muss ein Objekt sein", "value must be an object")
		return
	}
	for _, it := range items {
		if it.noData {
			continue
		}
		p, pp := join(path, it.id), ptr+"/"+it.id
		val, present := obj[it.id]
		a := it.st.Anzahl
		if !present || val == nil {
			if a.Min > 0 {
				vc.add(p, pp, it, "required", "", "Pflichtangabe fehlt", "required value is missing")
			}
			continue
		}
		if !a.Repeated() {
			vc.one(p, pp, it, val)
			continue
		}
		arr, ok := val.([]any)
		if !ok {
			vc.add(p, pp, it, "type", "array", "Angabe muss eine Liste sein", "value must be an array")
			continue
		}
		if len(arr) < a.Min {
			n := strconv.Itoa(a.Min)
			vc.add(p, pp, it, "minItems", n, "zu wenige Angaben (mindestens "+n+")", "too few entries (at least "+n+")")
		}
		if a.Max != -1 && len(arr) > a.Max {
			n := strconv.Itoa(a.Max)
			vc.add(p, pp, it, "maxItems", n, "zu viele Angaben (höchstens "+n+")", "too many entries (at most "+n+")")
		}
		for i, e := range arr {
			idx := "[" + strconv.Itoa(i) + "]"
			vc.one(p+idx, pp+"/"+strconv.Itoa(i), it, e)
		}
	}
	if hasUnknown(obj, items) {
		var unknown []string
		for k := range obj {
			if !known(k, items) {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		for _, k := range unknown {
			vc.add(join(path, k), ptr+"/"+escapePointer(k), nil, "additionalProperties", "",
				"Angabe ist im Formular nicht vorgesehen", "element is not part of the form")
		}
	}
}

func orRoot(s string) string {
	if s == "" {
		return "/"
	}
	return s
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func known(k string, items []*item) bool {
	for _, it := range items {
		if it.id == k && !it.noData {
			return true
		}
	}
	return false
}

func hasUnknown(obj map[string]any, items []*item) bool {
	for k := range obj {
		if !known(k, items) {
			return true
		}
	}
	return false
}

func (vc *validation) one(p, pp string, it *item, v any) {
	if it.field == nil {
		vc.object(p, pp, it.children, v)
		return
	}
	fd := it.field
	pr := fd.Praezisierung
	typeErr := func(want, de string) {
		vc.add(p, pp, it, "type", want, "Wert muss "+de+" sein", "value must be "+want)
	}
	switch fd.Datentyp {
	case "text", "text_latin", "date", "time", "datetime", "file":
		s, ok := v.(string)
		if !ok {
			typeErr("a string", "ein Text")
			return
		}
		vc.text(p, pp, it, s)
	case "bool":
		if _, ok := v.(bool); !ok {
			typeErr("a boolean", "ja oder nein")
		}
	case "num", "num_int", "num_currency":
		n, ok := v.(json.Number)
		if !ok {
			if _, isFloat := v.(float64); isFloat {
				n, ok = json.Number(strconv.FormatFloat(v.(float64), 'f', -1, 64)), true
			}
		}
		if !ok {
			typeErr("a number", "eine Zahl")
			return
		}
		d, err := decimal.NewFromString(string(n))
		if err != nil {
			typeErr("a number", "eine Zahl")
			return
		}
		if fd.Datentyp == "num_int" && !d.IsInteger() {
			typeErr("an integer", "eine ganze Zahl")
			return
		}
		if fd.Datentyp == "num_currency" && d.Exponent() < -2 && !d.Equal(d.Round(2)) {
			vc.add(p, pp, it, "multipleOf", "0.01", "Betrag darf höchstens zwei Nachkommastellen haben", "amount may have at most two decimal places")
		}
		if lo, err := decimal.NewFromString(pr.MinValue); pr.MinValue != "" && err == nil && d.LessThan(lo) {
			vc.add(p, pp, it, "minimum", pr.MinValue, "Wert ist kleiner als "+pr.MinValue, "value is less than "+pr.MinValue)
		}
		if hi, err := decimal.NewFromString(pr.MaxValue); pr.MaxValue != "" && err == nil && d.GreaterThan(hi) {
			vc.add(p, pp, it, "maximum", pr.MaxValue, "Wert ist größer als "+pr.MaxValue, "value is greater than "+pr.MaxValue)
		}
	case "obj":
		if _, ok := v.(map[string]any); !ok {
			typeErr("an object", "ein Objekt")
		}
	}
}

func (vc *validation) text(p, pp string, it *item, s string) {
	fd := it.field
	pr := fd.Praezisierung
	switch fd.Datentyp {
	case "date", "time", "datetime":
		layout, de := time.DateOnly, "ein Datum (JJJJ-MM-TT)"
		switch fd.Datentyp {
		case "time":
			layout, de = time.TimeOnly, "eine Uhrzeit (hh:mm:ss)"
		case "datetime":
			layout, de = time.RFC3339, "ein Zeitpunkt (RFC 3339)"
		}
		t, err := time.Parse(layout, s)
		if err != nil {
			vc.add(p, pp, it, "format", fd.Datentyp, "Wert muss "+de+" sein", "value must be a valid "+fd.Datentyp)
			return
		}
		if fd.Datentyp == "date" {
			if lo, err := time.Parse(time.DateOnly, pr.MinValue); err == nil && t.Before(lo) {
				vc.add(p, pp, it, "minimum", pr.MinValue, "Datum liegt vor dem "+pr.MinValue, "date is before "+pr.MinValue)
			}
			if hi, err := time.Parse(time.DateOnly, pr.MaxValue); err == nil && t.After(hi) {
				vc.add(p, pp, it, "maximum", pr.MaxValue, "Datum liegt nach dem "+pr.MaxValue, "date is after "+pr.MaxValue)
			}
		}
		return
	case "file":
		if !isUUID(s) {
			vc.add(p, pp, it, "format", "uuid", "Wert muss die ID einer Anlage (UUID) sein", "value must be an attachment ID (UUID)")
		}
		return
	}
	n := utf8.RuneCountInString(s)
	if pr.MinLength >= 0 && n < pr.MinLength {
		l := strconv.Itoa(pr.MinLength)
		vc.add(p, pp, it, "minLength", l, "Text ist zu kurz (mindestens "+l+" Zeichen)", "text is too short (at least "+l+" characters)")
	}
	if pr.MaxLength >= 0 && n > pr.MaxLength {
		l := strconv.Itoa(pr.MaxLength)
		vc.add(p, pp, it, "maxLength", l, "Text ist zu lang (höchstens "+l+" Zeichen)", "text is too long (at most "+l+" characters)")
	}
	if it.re != nil && !it.re.MatchString(s) {
		vc.add(p, pp, it, "pattern", fd.Praezisierung.Pattern, "Text hat nicht das verlangte Format", "text does not have the required format")
	}
	if it.codeSet != nil && !it.codeSet[s] {
		limit := ""
		if fd.Codeliste != nil {
			limit = fd.Codeliste.CanonicalURI
		}
		vc.add(p, pp, it, "enum", limit, "Wert ist in der Auswahlliste nicht enthalten", "value is not in the code list")
	}
	if fd.Datentyp == "text_latin" && !din91379.Valid(din91379.C, s) {
		vc.add(p, pp, it, "latin", "DIN 91379 C", "Text enthält Zeichen außerhalb von DIN 91379", "text has characters outside DIN 91379")
	}
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// addSchemaErrors adds the JSON Schema findings that the structural check
// did not make (same pointer and rule).
func (vc *validation) addSchemaErrors(f *Form, ve *jsonschema.ValidationError) {
	have := make(map[string]bool, len(vc.out))
	for _, v := range vc.out {
		have[v.Pointer+" "+v.Rule] = true
	}
	var leaves []*jsonschema.ValidationError
	var collect func(e *jsonschema.ValidationError)
	collect = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			leaves = append(leaves, e)
			return
		}
		for _, c := range e.Causes {
			collect(c)
		}
	}
	collect(ve)
	for _, e := range leaves {
		locs := [][]string{e.InstanceLocation}
		rule := "schema"
		if kp := e.ErrorKind.KeywordPath(); len(kp) > 0 {
			rule = kp[len(kp)-1]
		}
		switch k := e.ErrorKind.(type) {
		case *kind.Required:
			locs = locs[:0]
			for _, m := range k.Missing {
				locs = append(locs, append(slices.Clip(e.InstanceLocation), m))
			}
		case *kind.AdditionalProperties:
			locs = locs[:0]
			for _, m := range k.Properties {
				locs = append(locs, append(slices.Clip(e.InstanceLocation), m))
			}
		}
		for _, loc := range locs {
			ptr, path := "", ""
			for _, seg := range loc {
				ptr += "/" + escapePointer(seg)
				if _, err := strconv.Atoi(seg); err == nil && path != "" {
					path += "[" + seg + "]"
				} else {
					path = join(path, seg)
				}
			}
			if have[ptr+" "+rule] {
				continue
			}
			have[ptr+" "+rule] = true
			it := f.itemAt(loc)
			// The validator's own messages may quote the value; these do not.
			v := Violation{Path: orRoot(path), Pointer: orRoot(ptr), Rule: rule, Source: "jsonschema",
				Message: "JSON-Schema-Regel " + rule + " verletzt", MessageEN: "JSON Schema rule " + rule + " violated"}
			if it != nil {
				v.ElementID, v.Label = it.id, it.label
				v.Message, v.MessageEN = it.label+": "+v.Message, it.label+": "+v.MessageEN
			}
			vc.out = append(vc.out, v)
		}
	}
}

// itemAt finds the item for a JSON location (array indices skipped).
func (f *Form) itemAt(loc []string) *item {
	items := f.items
	var found *item
	for _, seg := range loc {
		if _, err := strconv.Atoi(seg); err == nil {
			continue
		}
		found = nil
		for _, it := range items {
			if it.id == seg {
				found = it
				break
			}
		}
		if found == nil {
			return nil
		}
		items = found.children
	}
	return found
}
