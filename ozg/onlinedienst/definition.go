package onlinedienst

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Format is the format identifier of definitions this package reads and
// writes; the JSON Schema's $id names the same version.
const Format = "baukasten.onlinedienst/1"

// SchemaURI is the $id of the JSON Schema of a Definition.
const SchemaURI = "https://schema.ozg-baukasten.example/onlinedienst/1/definition.schema.json"

//go:embed definition.schema.json
var schemaJSON []byte

// Schema returns the JSON Schema (draft 2020-12) of a Definition.
func Schema() []byte { return bytes.Clone(schemaJSON) }

var compiled = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schemaJSON))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(SchemaURI, doc); err != nil {
		return nil, err
	}
	return c.Compile(SchemaURI)
})

// Definition is an online service built once and run by many authorities
// (EfA, "Einer für Alle"): everything that is the same for every
// authority. What differs per authority is in Parameters.
type Definition struct {
	// Schema is the JSON Schema URI (SchemaURI); optional.
	Schema string `json:"$schema,omitempty"`
	// Format is the definition format, Format.
	Format string `json:"format"`
	// ID names the definition, e.g. "hundesteuer-anmeldung".
	ID string `json:"id"`
	// Version is the definition's own version (semantic versioning).
	Version string `json:"version"`
	// Herausgeber is the authority that published the definition.
	Herausgeber string `json:"herausgeber"`
	// Leistung is the public service (LeiKa key and name).
	Leistung Leistung `json:"leistung"`
	// Stammdatenschema is the FIM form schema.
	Stammdatenschema Stammdatenschema `json:"stammdatenschema"`
	// Vertrauensniveau is the trust level the login must reach; the zero
	// value means no login is required.
	Vertrauensniveau ozg.Vertrauensniveau `json:"vertrauensniveau,omitempty"`
	// Gebuehr is the fee rule; nil for a free service.
	Gebuehr *Gebuehr `json:"gebuehr,omitempty"`
	// Anlagen are the attachments asked for.
	Anlagen []Anlage `json:"anlagen,omitempty"`
	// Zustellung says how applications are delivered.
	Zustellung Zustellung `json:"zustellung"`
	// Benachrichtigungen are the citizen notifications.
	Benachrichtigungen []Benachrichtigung `json:"benachrichtigungen,omitempty"`
	// ERechnung is the e-invoice profile for fees; nil if no invoice is
	// issued.
	ERechnung *ERechnung `json:"erechnung,omitempty"`
	// Parameter declares parameters beyond the standard ones that an
	// authority must or may supply (e.g. its tax rates).
	Parameter []ParameterSpec `json:"parameter,omitempty"`
	// Texte are the texts of the service, by key; an authority may
	// override those marked Ueberschreibbar.
	Texte map[string]Text `json:"texte,omitempty"`
}

// Leistung identifies the public service.
type Leistung struct {
	Schluessel ozg.Leistungsschluessel `json:"schluessel"` // LeiKa key
	Name       string                  `json:"name"`       // name of the service
}

// Stammdatenschema references the FIM schema by id and version, and may
// embed the XDatenfelder file.
type Stammdatenschema struct {
	ID      string `json:"id"`            // e.g. S99000001
	Version string `json:"version"`       // e.g. 1.0
	XDF     string `json:"xdf,omitempty"` // embedded XDatenfelder 2 or 3 XML
}

// Gebuehr is a fee rule: a fixed amount, or a table keyed by the value of
// a form field. Amounts are decimal strings with at most two fraction
// digits, or a placeholder {{param.NAME}} of a parameter of type betrag.
type Gebuehr struct {
	Art     string         `json:"art"`               // "fest" or "tabelle"
	Betrag  string         `json:"betrag,omitempty"`  // with Art "fest"
	Feld    string         `json:"feld,omitempty"`    // with Art "tabelle": FIM field path, e.g. "F99000008" or "G99000002/F99000007"
	Tabelle []GebuehrStufe `json:"tabelle,omitempty"` // with Art "tabelle"
	Sonst   string         `json:"sonst,omitempty"`   // amount when no row matches; empty: such data are refused
	// Zweck is the Verwendungszweck template, e.g. "Hundesteuer {{antrag.ref}}";
	// the payment platform limits its length (27 for XBezahldienste).
	Zweck string `json:"zweck"`
	// Buchung holds the booking data templates.
	Buchung Buchung `json:"buchung"`
}

// GebuehrStufe is a row of a fee table: the field value and its amount.
type GebuehrStufe struct {
	Wert   string `json:"wert"`
	Betrag string `json:"betrag"`
}

// Buchung holds booking data templates: text with placeholders
// {{param.NAME}}, {{antrag.id}}, {{antrag.ref}} (the last 12 characters of
// the application ID, for short fields such as the 27-character
// Verwendungszweck) and {{behoerde.ars}}.
type Buchung struct {
	Haushaltsstelle string `json:"haushaltsstelle,omitempty"`
	Objektnummer    string `json:"objektnummer,omitempty"`
	Kassenzeichen   string `json:"kassenzeichen,omitempty"`
}

// Anlage is an attachment the applicant is asked for.
type Anlage struct {
	ID        string   `json:"id"`        // stable key
	Titel     string   `json:"titel"`     // shown to the applicant
	Pflicht   bool     `json:"pflicht"`   // required
	MIMETypes []string `json:"mimeTypes"` // accepted media types
}

// Zustellung arten.
const (
	ZustellungRouting = "routing" // FIT-Connect destination found by routing (LeiKa × ARS)
	ZustellungFest    = "fest"    // a fixed FIT-Connect destination, a parameter of the authority
)

// Zustellung says how applications are delivered.
type Zustellung struct {
	Art string `json:"art"` // ZustellungRouting or ZustellungFest
}

// Benachrichtigung is a notification sent to the applicant on an event.
type Benachrichtigung struct {
	Anlass string `json:"anlass"` // an antrag.State: submitted, forwarded, paid, accepted, rejected, decided
	Kanal  string `json:"kanal"`  // "postfach" (BundID mailbox) or "email"
	Text   string `json:"text"`   // key into Texte
}

// ERechnung is the e-invoice profile for fees.
type ERechnung struct {
	Profil string `json:"profil"` // specification identifier (BT-24), e.g. the XRechnung 3.0 CIUS
	Syntax string `json:"syntax"` // "UBL" or "CII"
}

// ParameterSpec declares a parameter of the definition.
type ParameterSpec struct {
	Name         string `json:"name"`         // key in Parameters.Werte
	Typ          string `json:"typ"`          // "text" or "betrag"
	Pflicht      bool   `json:"pflicht"`      // must be supplied
	Beschreibung string `json:"beschreibung"` // what it is
}

// Text is a text of the service.
type Text struct {
	Text            string `json:"text"`                      // the text
	Ueberschreibbar bool   `json:"ueberschreibbar,omitempty"` // authorities may override it
}

// Finding is a defect of a definition: a JSON pointer and what is wrong.
type Finding struct {
	Path    string // JSON pointer, e.g. /gebuehr/tabelle/1/betrag
	Message string // what is wrong
}

// DefinitionError lists every defect of a definition.
type DefinitionError struct {
	Findings []Finding
}

func (e *DefinitionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "onlinedienst: definition has %d defect(s)", len(e.Findings))
	for i, f := range e.Findings {
		if i == 3 {
			b.WriteString("; …")
			break
		}
		fmt.Fprintf(&b, "; %s: %s", f.Path, f.Message)
	}
	return b.String()
}

// MaxSize is the largest definition Load accepts (the embedded XDF file
// included).
const MaxSize = 4 << 20

// Load reads a definition from JSON (not signed; see Import), checks it
// against the JSON Schema and the rules the schema cannot express, and
// returns it. Errors are *ozg.Error with code InvalidArgument wrapping a
// *DefinitionError that lists every defect.
func Load(data []byte) (*Definition, error) {
	const op = "onlinedienst.Load"
	if len(data) > MaxSize {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "definition larger than %d bytes", MaxSize)
	}
	sch, err := compiled()
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &DefinitionError{Findings: []Finding{{Path: "", Message: "not JSON: " + err.Error()}}}}
	}
	if err := sch.Validate(inst); err != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			return nil, &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
		}
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &DefinitionError{Findings: schemaFindings(ve)}}
	}
	var d Definition
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &DefinitionError{Findings: []Finding{{Message: err.Error()}}}}
	}
	if f := d.check(); len(f) > 0 {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &DefinitionError{Findings: f}}
	}
	return &d, nil
}

var printer = message.NewPrinter(language.English)

// schemaFindings flattens a validation error to its leaves.
func schemaFindings(ve *jsonschema.ValidationError) []Finding {
	var out []Finding
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, Finding{Path: "/" + strings.Join(e.InstanceLocation, "/"), Message: e.ErrorKind.LocalizedString(printer)})
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	slices.SortStableFunc(out, func(a, b Finding) int { return strings.Compare(a.Path, b.Path) })
	return out
}

var placeholderRE = regexp.MustCompile(`\{\{([a-z]+)\.([A-Za-z0-9_.-]*)\}\}`)

// amountParam returns the parameter name of a {{param.NAME}} amount.
func amountParam(s string) (string, bool) {
	m := placeholderRE.FindStringSubmatch(s)
	if m == nil || m[0] != s || m[1] != "param" {
		return "", false
	}
	return m[2], true
}

// check applies the rules the JSON Schema cannot express.
func (d *Definition) check() []Finding {
	var f []Finding
	add := func(path, format string, args ...any) {
		f = append(f, Finding{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	params := map[string]ParameterSpec{}
	for i, p := range d.Parameter {
		if _, dup := params[p.Name]; dup {
			add(fmt.Sprintf("/parameter/%d/name", i), "parameter %q declared twice", p.Name)
		}
		params[p.Name] = p
	}
	checkAmount := func(path, s string) {
		if s == "" {
			return
		}
		if name, ok := amountParam(s); ok {
			if p, ok := params[name]; !ok || p.Typ != "betrag" {
				add(path, "placeholder names parameter %q, which is not declared with typ betrag", name)
			}
			return
		}
		if _, err := decimal.NewFromString(s); err != nil {
			add(path, "not an amount")
		}
	}
	checkTemplate := func(path, s string) {
		for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
			switch {
			case m[1] == "param":
				if _, ok := params[m[2]]; !ok {
					add(path, "placeholder names undeclared parameter %q", m[2])
				}
			case m[0] == "{{antrag.id}}", m[0] == "{{antrag.ref}}", m[0] == "{{behoerde.ars}}":
			default:
				add(path, "unknown placeholder %s", m[0])
			}
		}
	}
	if g := d.Gebuehr; g != nil {
		switch g.Art {
		case "fest":
			if g.Betrag == "" || len(g.Tabelle) > 0 || g.Feld != "" {
				add("/gebuehr", "a fixed fee needs betrag and no feld or tabelle")
			}
			checkAmount("/gebuehr/betrag", g.Betrag)
		case "tabelle":
			if g.Feld == "" || len(g.Tabelle) == 0 || g.Betrag != "" {
				add("/gebuehr", "a fee table needs feld and tabelle and no betrag")
			}
			seen := map[string]bool{}
			for i, row := range g.Tabelle {
				if seen[row.Wert] {
					add(fmt.Sprintf("/gebuehr/tabelle/%d/wert", i), "value %q appears twice", row.Wert)
				}
				seen[row.Wert] = true
				checkAmount(fmt.Sprintf("/gebuehr/tabelle/%d/betrag", i), row.Betrag)
			}
			checkAmount("/gebuehr/sonst", g.Sonst)
		}
		checkTemplate("/gebuehr/zweck", g.Zweck)
		checkTemplate("/gebuehr/buchung/haushaltsstelle", g.Buchung.Haushaltsstelle)
		checkTemplate("/gebuehr/buchung/objektnummer", g.Buchung.Objektnummer)
		checkTemplate("/gebuehr/buchung/kassenzeichen", g.Buchung.Kassenzeichen)
	}
	if d.ERechnung != nil && d.Gebuehr == nil {
		add("/erechnung", "an e-invoice profile without a fee rule")
	}
	if d.ERechnung != nil && einvoice.ProfileOf(d.ERechnung.Profil) == einvoice.ProfileUnknown {
		add("/erechnung/profil", "not a known specification identifier (BT-24)")
	}
	for i, b := range d.Benachrichtigungen {
		if _, ok := d.Texte[b.Text]; !ok {
			add(fmt.Sprintf("/benachrichtigungen/%d/text", i), "text %q is not in texte", b.Text)
		}
	}
	ids := map[string]bool{}
	for i, a := range d.Anlagen {
		if ids[a.ID] {
			add(fmt.Sprintf("/anlagen/%d/id", i), "attachment id %q appears twice", a.ID)
		}
		ids[a.ID] = true
	}
	return f
}

// JSON returns the definition as indented JSON, the form Load reads.
func (d *Definition) JSON() ([]byte, error) {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "onlinedienst.JSON", Err: err}
	}
	return b, nil
}
