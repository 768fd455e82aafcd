package antrag

import "github.com/ozg-baukasten/baukasten/xoev/xdatenfelder"

// Description is a form as a web front end needs it to render the form
// without knowing XDatenfelder: the ordered tree of groups and fields with
// labels, help texts, types, cardinalities and select options. It encodes
// to JSON.
type Description struct {
	ID      string `json:"id"`      // FIM ID of the schema, e.g. S00000094
	Version string `json:"version"` // schema version
	Title   string `json:"title"`   // bezeichnungEingabe of the schema
	// Help is the schema's input help text.
	Help string `json:"help,omitempty"`
	// SchemaURI is the $id of the JSON Schema the data must satisfy.
	SchemaURI string `json:"schemaUri"`
	// Items are the top-level groups and fields in order.
	Items []Item `json:"items"`
}

// Item is one group or field of a Description.
type Item struct {
	// ID is the FIM element ID: the key of the item in the data.
	ID string `json:"id"`
	// Version is the element version.
	Version string `json:"version,omitempty"`
	// Path is the element path from the root, e.g. G00000253/F60000319.
	Path string `json:"path"`
	// Kind is "group" or "field".
	Kind string `json:"kind"`
	// Label is bezeichnungEingabe (or the name if there is none).
	Label string `json:"label"`
	// Help is hilfetextEingabe.
	Help string `json:"help,omitempty"`
	// Min and Max are the cardinality; Max is -1 for unbounded.
	Min int `json:"min"`
	Max int `json:"max"` // -1: unbounded
	// Required reports Min > 0; Repeated reports that the data hold an
	// array (Max > 1 or unbounded).
	Required bool `json:"required"`
	Repeated bool `json:"repeated"` // the data hold an array
	// Widget is the feldart: input, select, label, hidden or locked.
	Widget string `json:"widget,omitempty"`
	// Type is the datentyp: text, text_latin, date, time, datetime, bool,
	// num, num_int, num_currency, file or obj.
	Type string `json:"type,omitempty"`
	// Constraints of the value (praezisierung), omitted when none.
	MinLength *int   `json:"minLength,omitempty"`
	MaxLength *int   `json:"maxLength,omitempty"` // maximum length in characters
	MinValue  string `json:"minValue,omitempty"`  // smallest value (number or date)
	MaxValue  string `json:"maxValue,omitempty"`  // largest value (number or date)
	Pattern   string `json:"pattern,omitempty"`   // XML Schema pattern the whole text must match
	// Content is inhalt: the text of a label field or a default value.
	Content string `json:"content,omitempty"`
	// Prefill is vorbefuellung (XDatenfelder 3): keine, optional,
	// verpflichtend.
	Prefill string `json:"prefill,omitempty"`
	// MaxSize and MediaTypes restrict file fields.
	MaxSize    int64    `json:"maxSize,omitempty"`
	MediaTypes []string `json:"mediaTypes,omitempty"` // allowed media types of a file
	// Options are the choices of a select field in list order.
	Options []Option `json:"options,omitempty"`
	// Rules are the texts of the rules attached to the element.
	Rules []RuleText `json:"rules,omitempty"`
	// Children are the items of a group.
	Children []Item `json:"children,omitempty"`
}

// Option is one choice of a select field: the code sent in the data and
// the label shown.
type Option struct {
	Value string `json:"value"`          // the code sent in the data
	Label string `json:"label"`          // the text shown
	Help  string `json:"help,omitempty"` // optional help text
}

// RuleText is a rule in prose, for showing next to the form.
type RuleText struct {
	ID   string `json:"id"`   // FIM rule ID
	Text string `json:"text"` // the rule in prose
}

// Describe returns the form description for front ends.
func (f *Form) Describe() *Description {
	s := f.schema
	return &Description{
		ID:        s.Identifikation.ID,
		Version:   s.Identifikation.Version,
		Title:     s.Label(),
		Help:      s.HilfetextEingabe,
		SchemaURI: f.schemaURI,
		Items:     describeItems("", f.items),
	}
}

func describeItems(prefix string, items []*item) []Item {
	out := make([]Item, 0, len(items))
	for _, it := range items {
		e := it.st.Element()
		a := it.st.Anzahl
		d := Item{
			ID: it.id, Version: e.Identifikation.Version, Path: prefix + it.id,
			Label: it.label, Help: e.HilfetextEingabe,
			Min: a.Min, Max: a.Max, Required: a.Min > 0, Repeated: a.Repeated(),
		}
		var rules []*xdatenfelder.Regel
		if it.field != nil {
			fd := it.field
			p := fd.Praezisierung
			d.Kind, d.Widget, d.Type = "field", fd.Feldart, fd.Datentyp
			if p.MinLength >= 0 {
				d.MinLength = &p.MinLength
			}
			if p.MaxLength >= 0 {
				d.MaxLength = &p.MaxLength
			}
			d.MinValue, d.MaxValue, d.Pattern = p.MinValue, p.MaxValue, p.Pattern
			d.Content, d.Prefill, d.MaxSize, d.MediaTypes = fd.Inhalt, fd.Vorbefuellung, fd.MaxSize, fd.MediaType
			d.Options = it.codes
			rules = fd.Regeln
		} else {
			d.Kind = "group"
			d.Children = describeItems(d.Path+"/", it.children)
			rules = it.st.Datenfeldgruppe.Regeln
		}
		for _, r := range rules {
			d.Rules = append(d.Rules, RuleText{ID: r.Identifikation.ID, Text: r.Text()})
		}
		out = append(out, d)
	}
	return out
}
