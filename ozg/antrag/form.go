package antrag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/xdatenfelder"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Form is a compiled Stammdatenschema: what an online service needs to
// show the form (Description), to publish its JSON Schema (JSONSchema) and
// to check what the citizen entered (Validate). A Form is immutable and safe
// for concurrent use.
type Form struct {
	schema     *xdatenfelder.Schema
	items      []*item
	schemaURI  string
	jsonSchema map[string]any
	compiled   *jsonschema.Schema
}

// FormOptions configure NewForm. A nil *FormOptions is valid.
type FormOptions struct {
	// SchemaURI is the $id of the generated JSON Schema and the
	// submissionSchema URI of FIT-Connect metadata. Default:
	// https://schema.fitko.de/fim/<id lower case>_<version>.schema.json,
	// the form of the URIs the FIM portal's converter publishes.
	SchemaURI string
}

// item is one field or group of the form, with its compiled constraints.
type item struct {
	st       *xdatenfelder.Struktur
	id       string
	label    string
	children []*item // groups
	field    *xdatenfelder.Datenfeld
	re       *regexp.Regexp // compiled Praezisierung.Pattern
	codes    []Option       // select options in order (code list or inline values)
	codeSet  map[string]bool
	noData   bool // feldart label: shown, carries no data
}

// NewForm compiles a schema read by xdatenfelder.Read. A select field whose
// code list was not resolved gets neither options nor an enum (read with
// xdatenfelder.ReadOptions.RequireCodelisten to rule that out). It fails with
// InvalidArgument if two children of one group share an element ID (their
// JSON keys would collide) or a pattern is not a valid regular expression;
// the error names the element path.
func NewForm(s *xdatenfelder.Schema, opts *FormOptions) (*Form, error) {
	if s == nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, "antrag.NewForm", "nil schema")
	}
	f := &Form{schema: s}
	if opts != nil && opts.SchemaURI != "" {
		f.schemaURI = opts.SchemaURI
	} else {
		f.schemaURI = "https://schema.fitko.de/fim/" + strings.ToLower(s.Identifikation.ID) + "_" + s.Identifikation.Version + ".schema.json"
	}
	items, err := compileItems(nil, s.Struktur)
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "antrag.NewForm", Err: err}
	}
	f.items = items
	f.jsonSchema = f.buildJSONSchema()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	// The compiler wants plain decoded JSON ([]any, json.Number).
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(f.JSONSchema()))
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Internal, Op: "antrag.NewForm", Err: err}
	}
	if err := c.AddResource(f.schemaURI, doc); err != nil {
		return nil, &ozg.Error{Code: ozg.Internal, Op: "antrag.NewForm", Err: err}
	}
	if f.compiled, err = c.Compile(f.schemaURI); err != nil {
		return nil, &ozg.Error{Code: ozg.Internal, Op: "antrag.NewForm", Err: fmt.Errorf("generated JSON Schema does not compile: %w", err)}
	}
	return f, nil
}

// Schema returns the schema the form was compiled from.
func (f *Form) Schema() *xdatenfelder.Schema { return f.schema }

// SchemaURI returns the $id of the form's JSON Schema.
func (f *Form) SchemaURI() string { return f.schemaURI }

func compileItems(path []string, cs []*xdatenfelder.Struktur) ([]*item, error) {
	items := make([]*item, 0, len(cs))
	seen := map[string]bool{}
	for _, c := range cs {
		e := c.Element()
		it := &item{st: c, id: e.Identifikation.ID, label: e.Label()}
		p := append(path[:len(path):len(path)], it.id)
		if seen[it.id] {
			return nil, fmt.Errorf("%s: element used twice in one group", strings.Join(p, "/"))
		}
		seen[it.id] = true
		if g := c.Datenfeldgruppe; g != nil {
			var err error
			if it.children, err = compileItems(p, g.Struktur); err != nil {
				return nil, err
			}
		} else {
			fd := c.Datenfeld
			it.field = fd
			it.noData = fd.Feldart == "label"
			if pat := fd.Praezisierung.Pattern; pat != "" {
				re, err := regexp.Compile(anchor(pat))
				if err != nil {
					return nil, fmt.Errorf("%s: pattern: %w", strings.Join(p, "/"), err)
				}
				it.re = re
			}
			it.codes = options(fd)
			if len(it.codes) > 0 {
				it.codeSet = make(map[string]bool, len(it.codes))
				for _, o := range it.codes {
					it.codeSet[o.Value] = true
				}
			}
		}
		items = append(items, it)
	}
	return items, nil
}

// anchor turns an XML Schema pattern (implicitly anchored) into an anchored
// regular expression.
func anchor(p string) string {
	return "^(?:" + strings.TrimSuffix(strings.TrimPrefix(p, "^"), "$") + ")$"
}

// options lists the choices of a select field: the inline values of
// XDatenfelder 3, else the rows of the resolved code list.
func options(fd *xdatenfelder.Datenfeld) []Option {
	if len(fd.Werte) > 0 {
		out := make([]Option, len(fd.Werte))
		for i, w := range fd.Werte {
			out[i] = Option{Value: w.Code, Label: w.Name, Help: w.Hilfe}
		}
		return out
	}
	ref := fd.Codeliste
	if ref == nil || ref.List == nil {
		return nil
	}
	l := ref.List
	codeCol, nameCol := l.KeyColumn, l.NameColumn
	if fd.CodeKey != "" {
		if c := l.Column(fd.CodeKey); c >= 0 {
			codeCol = c
		}
	}
	if fd.NameKey != "" {
		if c := l.Column(fd.NameKey); c >= 0 {
			nameCol = c
		}
	}
	out := make([]Option, 0, l.Len())
	for i := 0; i < l.Len(); i++ {
		r := l.Row(i)
		o := Option{Value: r.At(codeCol)}
		if nameCol >= 0 {
			o.Label = r.At(nameCol)
		}
		if fd.HelpKey != "" {
			o.Help = r.Value(fd.HelpKey)
		}
		out = append(out, o)
	}
	return out
}

// JSONSchema returns the form's JSON Schema (draft 2020-12) as JSON, in the
// shape FIT-Connect senders use for FIM-based submissions: an object keyed
// by FIM element ID, groups nested as objects, fields and groups that may
// occur more than once as arrays.
func (f *Form) JSONSchema() []byte {
	b, err := json.MarshalIndent(f.jsonSchema, "", "  ")
	if err != nil {
		// The schema is built from strings, numbers, booleans, maps and
		// slices only.
		panic("antrag: JSON Schema does not marshal: " + err.Error())
	}
	return b
}

func (f *Form) buildJSONSchema() map[string]any {
	s := objectSchema(f.items)
	s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	s["$id"] = f.schemaURI
	s["title"] = f.schema.Label()
	s["$comment"] = "Generated from FIM " + f.schema.Identifikation.String() + " (XDatenfelder " + fmt.Sprint(f.schema.Standard) + ")"
	return s
}

func objectSchema(items []*item) map[string]any {
	props := map[string]any{}
	var required []string
	for _, it := range items {
		if it.noData {
			continue
		}
		var one map[string]any
		if it.field != nil {
			one = fieldSchema(it)
		} else {
			one = objectSchema(it.children)
			one["title"] = it.label
		}
		a := it.st.Anzahl
		if a.Repeated() {
			arr := map[string]any{"type": "array", "items": one, "title": it.label}
			if a.Min > 0 {
				arr["minItems"] = a.Min
			}
			if a.Max != xdatenfelder.Unbounded {
				arr["maxItems"] = a.Max
			}
			one = arr
		}
		props[it.id] = one
		if a.Min > 0 {
			required = append(required, it.id)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func fieldSchema(it *item) map[string]any {
	fd := it.field
	p := fd.Praezisierung
	s := map[string]any{"title": it.label}
	if fd.HilfetextEingabe != "" {
		s["description"] = fd.HilfetextEingabe
	}
	switch fd.Datentyp {
	case "text", "text_latin":
		s["type"] = "string"
		if p.MinLength >= 0 {
			s["minLength"] = p.MinLength
		}
		if p.MaxLength >= 0 {
			s["maxLength"] = p.MaxLength
		}
		if p.Pattern != "" {
			s["pattern"] = anchor(p.Pattern)
		}
	case "date":
		s["type"], s["format"] = "string", "date"
	case "time":
		s["type"], s["format"] = "string", "time"
	case "datetime":
		s["type"], s["format"] = "string", "date-time"
	case "bool":
		s["type"] = "boolean"
	case "num", "num_int", "num_currency":
		s["type"] = "number"
		if fd.Datentyp == "num_int" {
			s["type"] = "integer"
		}
		if fd.Datentyp == "num_currency" {
			s["multipleOf"] = json.Number("0.01")
		}
		if n, ok := number(p.MinValue); ok {
			s["minimum"] = n
		}
		if n, ok := number(p.MaxValue); ok {
			s["maximum"] = n
		}
	case "file":
		// A file is sent as a FIT-Connect attachment; the data carry its
		// attachmentId (a UUID).
		s["type"], s["format"] = "string", "uuid"
		s["contentMediaType"] = "application/octet-stream"
		if len(fd.MediaType) > 0 {
			s["contentMediaType"] = fd.MediaType[0]
		}
	case "obj":
		s["type"] = "object"
	}
	if len(it.codes) > 0 {
		enum := make([]any, len(it.codes))
		for i, o := range it.codes {
			enum[i] = o.Value
		}
		s["enum"] = enum
	}
	return s
}

// number returns s as a json.Number if it is a decimal number.
func number(s string) (json.Number, bool) {
	if s == "" {
		return "", false
	}
	var n json.Number
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		return "", false
	}
	return n, true
}
