package einvoice

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

//go:generate go run ./internal/rulegen -in testdata/validation/rules.tsv -out rules_gen.go

// Severity is the weight of a finding, as the Schematron flag (or the
// KoSIT customLevel) gives it.
type Severity uint8

// The severities; the zero Severity means "none" (a rule that does not
// exist in a syntax).
const (
	SeverityInformation Severity = iota + 1 // information: reported, no effect on validity
	SeverityWarning                         // warning: reported, no effect on validity
	SeverityFatal                           // fatal: the invoice is invalid (KoSIT "error")
)

// String returns "fatal", "warning" or "information" ("" for none).
func (s Severity) String() string {
	switch s {
	case SeverityFatal:
		return "fatal"
	case SeverityWarning:
		return "warning"
	case SeverityInformation:
		return "information"
	}
	return ""
}

// MarshalText returns the String form.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity parses "fatal" (or KoSIT's "error"), "warning" and
// "information".
func ParseSeverity(s string) (Severity, bool) {
	switch s {
	case "fatal", "error":
		return SeverityFatal, true
	case "warning":
		return SeverityWarning, true
	case "information":
		return SeverityInformation, true
	}
	return 0, false
}

// RuleSource is the artefact a rule comes from.
type RuleSource uint8

// The rule sources.
const (
	// SourceEN16931 is CEN EN 16931 validation artefacts 1.3.16 (BR, BR-CO,
	// BR-DEC, BR-CL, the VAT category rules, UBL-SR/CR/DT, CII-SR/DT).
	SourceEN16931 RuleSource = iota + 1
	// SourceXRechnung is KoSIT XRechnung Schematron 2.5.0 (BR-DE,
	// BR-DE-CVD, BR-DEX, BR-TMP, BR-DE-TMP, PEPPOL-EN16931-R).
	SourceXRechnung
	// SourceSchema is the structural check of the UBL 2.1 / CII D16B XML
	// schemas (rule id SCHEMA).
	SourceSchema
)

// String returns "EN16931", "XRechnung" or "SCHEMA".
func (s RuleSource) String() string {
	switch s {
	case SourceEN16931:
		return "EN16931"
	case SourceXRechnung:
		return "XRechnung"
	case SourceSchema:
		return "SCHEMA"
	}
	return ""
}

// Rule is one rule of the catalogue: an assert id of the official
// Schematron artefacts, or the structural SCHEMA rule.
type Rule struct {
	ID      string     // rule id, e.g. "BR-CO-15"
	Source  RuleSource // artefact
	Family  string     // e.g. "BR-CO", "UBL-CR", "PEPPOL-EN16931"
	UBL     Severity   // flag in the UBL binding; 0: the rule does not exist for UBL
	CII     Severity   // flag in the CII binding; 0: the rule does not exist for CII
	Message string     // the official message text (English for EN 16931, German for XRechnung)
}

// Severity returns the rule's flag in syntax (0 when the rule does not
// exist there).
func (r *Rule) Severity(s Syntax) Severity {
	if s == CII {
		return r.CII
	}
	return r.UBL
}

// RuleSchema is the id of the findings of the structural schema check.
const RuleSchema = "SCHEMA"

var schemaRule = Rule{ID: RuleSchema, Source: SourceSchema, Family: "SCHEMA", UBL: SeverityFatal, CII: SeverityFatal,
	Message: "The document does not conform to the XML schema of its syntax (UBL 2.1 / CII D16B)."}

// ruleIndex maps a rule id to its catalogue entry.
var ruleIndex = func() map[string]*Rule {
	m := make(map[string]*Rule, len(catalogue)+1)
	for i := range catalogue {
		m[catalogue[i].ID] = &catalogue[i]
	}
	m[RuleSchema] = &schemaRule
	return m
}()

// Rules returns the catalogue: every rule id of CEN EN 16931 validation
// 1.3.16 and KoSIT XRechnung Schematron 2.5.0 (1,642 rules), followed by
// the SCHEMA rule. The slice is a copy.
func Rules() []Rule {
	out := make([]Rule, 0, len(catalogue)+1)
	out = append(out, catalogue[:]...)
	return append(out, schemaRule)
}

// LookupRule returns the catalogue entry of a rule id.
func LookupRule(id string) (Rule, bool) {
	r, ok := ruleIndex[id]
	if !ok {
		return Rule{}, false
	}
	return *r, true
}

// ValidationProfile chooses the rule sets ValidateOptions applies.
type ValidationProfile string

// The validation profiles.
const (
	// ValidateAuto (also "") applies the EN 16931 rules to every invoice
	// and the XRechnung rules to those whose root element and BT-24 select
	// an XRechnung scenario of the KoSIT validator configuration.
	ValidateAuto ValidationProfile = "auto"
	// ValidateEN16931 applies the EN 16931 rules only.
	ValidateEN16931 ValidationProfile = "en16931"
	// ValidateXRechnung applies the EN 16931 and the XRechnung rules
	// whatever BT-24 says.
	ValidateXRechnung ValidationProfile = "xrechnung"
)

// ParseValidationProfile parses "auto" (or ""), "en16931" and "xrechnung",
// as the command line's --profile takes them.
func ParseValidationProfile(s string) (ValidationProfile, bool) {
	switch ValidationProfile(s) {
	case "", ValidateAuto:
		return ValidateAuto, true
	case ValidateEN16931, ValidateXRechnung:
		return ValidationProfile(s), true
	}
	return "", false
}

// ValidateOptions change what validation checks; nil means the defaults
// (ValidateAuto, KoSIT overrides on).
type ValidateOptions struct {
	// Profile chooses the rule sets; "" means ValidateAuto.
	Profile ValidationProfile
	// NoKoSITOverrides reports every rule with the flag of the official
	// Schematron instead of the severity the KoSIT validator
	// configuration's scenario sets (customLevel).
	NoKoSITOverrides bool
	// Read limits the input of ReadAndValidate and ValidateBytes; nil
	// means the ReadOptions defaults.
	Read *ReadOptions
}

// Finding is one violated rule at one place of the document.
type Finding struct {
	// Rule is the rule id, e.g. "BR-CO-15", or RuleSchema.
	Rule string `json:"rule"`
	// Severity is the effective severity (after the KoSIT overrides).
	Severity Severity `json:"severity"`
	// Terms names the business terms or groups concerned, e.g. "BT-24"
	// or "BG-23"; "" when the rule concerns none.
	Terms string `json:"terms,omitempty"`
	// Location is the place in the input, with an XPath-like path such as
	// "/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount"; its line is 0
	// when the invoice was not read from a document.
	Location Location `json:"location"`
	// Message is the official message text of the rule.
	Message string `json:"message"`
	// German and English explain the finding in the two languages.
	German  string `json:"de,omitempty"`
	English string `json:"en,omitempty"`
}

// String formats the finding as "[RULE] severity at PATH: message".
func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s] %s", f.Rule, f.Severity)
	if f.Location.Path != "" {
		b.WriteString(" at ")
		b.WriteString(f.Location.Path)
		if f.Location.Line > 0 {
			fmt.Fprintf(&b, " (%d:%d)", f.Location.Line, f.Location.Column)
		}
	}
	if f.Terms != "" {
		fmt.Fprintf(&b, " (%s)", f.Terms)
	}
	b.WriteString(": ")
	b.WriteString(f.Message)
	return b.String()
}

// ErrRuleViolated is the cause of every *RuleError: a fatal business,
// syntax or schema rule is violated.
var ErrRuleViolated = errors.New("rule violated")

// RuleError is a fatal finding as an error.
type RuleError struct {
	Finding Finding
}

// Error returns the finding's String form with the package prefix.
func (e *RuleError) Error() string { return "einvoice: " + e.Finding.String() }

// Unwrap returns ErrRuleViolated.
func (e *RuleError) Unwrap() error { return ErrRuleViolated }

// Report is the result of validating one invoice.
type Report struct {
	// Valid is true when no finding is fatal.
	Valid bool `json:"valid"`
	// Syntax is the syntax of the document (UBL for an invoice built in
	// code).
	Syntax Syntax `json:"syntax"`
	// Profile is the profile BT-24 names.
	Profile Profile `json:"-"`
	// ProfileName is Profile's String, for JSON.
	ProfileName string `json:"profile"`
	// Scenario is the name of the KoSIT validator configuration's scenario
	// that root element and BT-24 select (e.g. "EN16931 XRechnung (UBL
	// Invoice)"); "" when none matches.
	Scenario string `json:"scenario,omitempty"`
	// EN16931 and XRechnung tell which rule sets were applied.
	EN16931   bool `json:"en16931"`
	XRechnung bool `json:"xrechnung"`
	// Document is true when the findings refer to the document as read
	// (ReadAndValidate, ValidateBytes); false when Validate checked the
	// document written from a model.
	Document bool `json:"document"`
	// Findings lists every finding, ordered by rule id and position.
	Findings []Finding `json:"findings"`
}

// Err returns nil when the report is valid, and otherwise an *ozg.Error
// with code InvalidArgument joining one *RuleError per fatal finding.
func (r *Report) Err() error {
	var errs []error
	for _, f := range r.Findings {
		if f.Severity == SeverityFatal {
			errs = append(errs, &RuleError{Finding: f})
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &ozg.Error{Code: ozg.InvalidArgument, Op: "einvoice.Validate", Err: errors.Join(errs...)}
}

// Fired returns the distinct rule ids of the findings with their
// severities, as "RULE\tseverity" lines sorted — the form of the
// official oracle's output.
func (r *Report) Fired() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range r.Findings {
		k := f.Rule + "\t" + f.Severity.String()
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Validate checks an invoice built or changed in code against the business
// rules of EN 16931 (and, as opts and BT-24 decide, of XRechnung). The
// official rules are defined on the syntaxes, so Validate writes the
// invoice in its syntax (inv.Source.Syntax; UBL for an invoice built in
// code) and validates that document: the findings' locations refer to the
// written document. An invoice that cannot be written (ErrNotRepresentable)
// gives a report with a single SCHEMA finding naming the cause. To validate
// a document as received, use ReadAndValidate or ValidateBytes, which parse
// it once for the model and the rules. Validation never stops at the first
// finding.
func Validate(inv *Invoice, opts *ValidateOptions) *Report {
	syn := UBL
	if inv != nil && inv.Source != nil && inv.Source.Syntax == CII {
		syn = CII
	}
	var buf bytes.Buffer
	var err error
	if syn == CII {
		err = WriteCII(&buf, inv, nil)
	} else {
		err = WriteUBL(&buf, inv, nil)
	}
	if err == nil {
		var rep *Report
		_, rep, err = ValidateBytes(buf.Bytes(), opts)
		if err == nil {
			rep.Document = false
			return rep
		}
	}
	rep := &Report{Syntax: syn, EN16931: true}
	if inv != nil {
		rep.Profile = inv.Profile()
	}
	rep.ProfileName = rep.Profile.String()
	rep.Findings = []Finding{{Rule: RuleSchema, Severity: SeverityFatal, Location: Location{Path: "/"},
		Message: schemaRule.Message + " " + err.Error(), German: "Die Rechnung lässt sich nicht in ihrer Syntax schreiben: " + err.Error(), English: "The invoice cannot be written in its syntax: " + err.Error()}}
	return rep
}

// ReadAndValidate reads an invoice in either syntax and validates both the
// model and the document (the syntax rules), parsing the input once. An
// input that cannot be read as an invoice at all (not XML, a DOCTYPE, a
// wrong root element, beyond the limits) gives a nil report and the reading
// error; values that cannot be read into the model are findings of the
// report. The returned invoice is the model as far as it could be read.
func ReadAndValidate(r io.Reader, opts *ValidateOptions) (*Invoice, *Report, error) {
	const op = "einvoice.ReadAndValidate"
	var ro *ReadOptions
	if opts != nil {
		ro = opts.Read
	}
	root, name, err := parseTree(op, r, readPrefixes, ro)
	if err != nil {
		return nil, nil, err
	}
	var inv *Invoice
	var syn Syntax
	switch {
	case name.Local == "Invoice" && name.Space == NamespaceUBLInvoice,
		name.Local == "CreditNote" && name.Space == NamespaceUBLCreditNote:
		syn = UBL
		inv, err = readUBLTree(op, root)
	case name.Local == "CrossIndustryInvoice" && name.Space == NamespaceCII:
		syn = CII
		inv, err = readCIITree(op, root)
	case name.Local == "Invoice", name.Local == "CreditNote", name.Local == "CrossIndustryInvoice":
		return nil, nil, rootError(op, ErrNamespace, root, name, fmt.Sprintf("%s in namespace %q", name.Local, name.Space))
	default:
		return nil, nil, rootError(op, ErrRoot, root, name, fmt.Sprintf("root element %q", name.Local))
	}
	if inv == nil {
		return nil, nil, err
	}
	rep := validate(inv, root, syn, name.Local, FieldErrors(err), opts)
	return inv, rep, nil
}

// ValidateBytes is ReadAndValidate on a byte slice.
func ValidateBytes(data []byte, opts *ValidateOptions) (*Invoice, *Report, error) {
	return ReadAndValidate(bytes.NewReader(data), opts)
}

// vctx is the state of one validation: the model, the document tree (nil
// for a model built in code), the rule sets and the findings so far.
type vctx struct {
	inv      *Invoice
	doc      *node // root element; nil without a document
	syntax   Syntax
	root     string        // local name of the root element
	readErrs []*FieldError // values that could not be read into the model
	en, xr   bool          // rule sets applied
	levels   map[string]Severity
	findings []Finding
	// enAborted records that an EN 16931 rule's XPath would raise a
	// dynamic error (a cast of a malformed value): the official XSLT then
	// stops, and no finding of the EN 16931 Schematron is reported.
	enAborted bool
	abortAt   *node // the value that stopped them (nil: the root)
}

// enabled reports whether rule r is checked in this validation.
func (c *vctx) enabled(r *Rule) bool {
	if r.Severity(c.syntax) == 0 {
		return false
	}
	switch r.Source {
	case SourceEN16931:
		return c.en
	case SourceXRechnung:
		return c.xr
	}
	return c.doc != nil
}

// fire records a finding of rule id at location loc concerning terms. A
// rule not in this validation's rule sets or syntax is ignored; an id
// missing from the catalogue is a bug and panics (the registration test
// catches it).
func (c *vctx) fire(id string, loc Location, terms string) {
	r := ruleIndex[id]
	if r == nil {
		panic("einvoice: rule id not in the catalogue: " + id)
	}
	if !c.enabled(r) {
		return
	}
	sev := r.Severity(c.syntax)
	if l, ok := c.levels[id]; ok {
		sev = l
	}
	de, en := explain(r)
	c.findings = append(c.findings, Finding{Rule: id, Severity: sev, Terms: terms, Location: loc, Message: r.Message, German: de, English: en})
}

// fireAt records a finding at node n (the root element when n is nil).
func (c *vctx) fireAt(id string, n *node, terms string) {
	if n == nil {
		n = c.doc
	}
	if n == nil {
		c.fire(id, Location{Path: "/" + c.root}, terms)
		return
	}
	c.fire(id, Location{Path: n.xpath(), Line: int(n.line), Column: int(n.col)}, terms)
}

// checkFunc is the implementation of one or more rules.
type checkFunc func(c *vctx)

// check is a registered rule implementation.
type check struct {
	ids    []*Rule
	doc    bool   // needs the document tree
	syntax Syntax // only this syntax; "" both
	fn     checkFunc
}

var (
	checks      []check
	implemented = map[string]bool{}
)

// register adds the implementation fn of the rules ids, checked against
// the model (and, where given, the document tree; c.doc may be nil). Every
// id is implemented once: registering an id twice, or an id missing from
// the catalogue, panics at init (and so fails every test).
//
//lint:ignore U1000 the registration of the rules checked on the model (the XRechnung families)
func register(fn checkFunc, ids ...string) { registerCheck(false, "", fn, ids...) }

// registerDoc adds the implementation of syntax rules that need the
// document tree; fn runs only when c.doc is set, and only for syntax when
// it is not "".
func registerDoc(syntax Syntax, fn checkFunc, ids ...string) { registerCheck(true, syntax, fn, ids...) }

func registerCheck(doc bool, syntax Syntax, fn checkFunc, ids ...string) {
	ch := check{doc: doc, syntax: syntax, fn: fn}
	for _, id := range ids {
		r := ruleIndex[id]
		if r == nil {
			panic("einvoice: register: unknown rule id " + id)
		}
		if implemented[id] {
			panic("einvoice: register: rule implemented twice: " + id)
		}
		implemented[id] = true
		ch.ids = append(ch.ids, r)
	}
	checks = append(checks, ch)
}

// Implemented reports whether the rule id is implemented by this package.
func Implemented(id string) bool { return implemented[id] }

// validate runs every registered check.
func validate(inv *Invoice, doc *node, syn Syntax, root string, readErrs []*FieldError, opts *ValidateOptions) *Report {
	if opts == nil {
		opts = &ValidateOptions{}
	}
	if inv == nil {
		inv = &Invoice{}
	}
	c := &vctx{inv: inv, doc: doc, syntax: syn, root: root, readErrs: readErrs, en: true}
	rep := &Report{Syntax: syn, Profile: inv.Profile(), Document: doc != nil, EN16931: true}
	rep.ProfileName = rep.Profile.String()
	sc := matchScenario(root, inv.Specification)
	if sc != nil {
		rep.Scenario = sc.name
		if !opts.NoKoSITOverrides {
			c.levels = sc.levels
		}
	}
	switch opts.Profile {
	case ValidateXRechnung:
		c.xr = true
	case ValidateEN16931:
	default:
		c.xr = sc != nil && sc.xrechnung
	}
	rep.XRechnung = c.xr
	for i := range checks {
		ch := &checks[i]
		if ch.doc && (doc == nil || ch.syntax != "" && ch.syntax != syn) {
			continue
		}
		on := false
		for _, r := range ch.ids {
			if c.enabled(r) {
				on = true
				break
			}
		}
		if on {
			ch.fn(c)
		}
	}
	if c.enAborted {
		kept := c.findings[:0]
		for _, f := range c.findings {
			if r := ruleIndex[f.Rule]; r == nil || r.Source != SourceEN16931 || r.Family == "BR-CL" || strings.HasPrefix(r.Family, "UBL-") || strings.HasPrefix(r.Family, "CII-") {
				kept = append(kept, f)
			}
		}
		c.findings = kept
		schema := false
		for _, f := range c.findings {
			schema = schema || f.Rule == RuleSchema
		}
		if !schema {
			// KoSIT rejects such a document at its schema step
			c.fireAt(RuleSchema, c.abortAt, "")
		}
	}
	sort.SliceStable(c.findings, func(i, j int) bool {
		a, b := &c.findings[i], &c.findings[j]
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Location.Line < b.Location.Line
	})
	rep.Findings = c.findings
	rep.Valid = true
	for _, f := range c.findings {
		if f.Severity == SeverityFatal {
			rep.Valid = false
			break
		}
	}
	return rep
}
