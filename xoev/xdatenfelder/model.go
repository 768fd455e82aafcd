package xdatenfelder

import (
	"strconv"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

// The namespaces of the two supported versions of the standard.
const (
	Namespace2 = "urn:xoev-de:fim:standard:xdatenfelder_2"
	Namespace3 = "urn:xoev-de:fim:standard:xdatenfelder_3.0.0"
)

// The message names (root elements) that Read accepts.
const (
	MessageStammdatenschema = "xdatenfelder.stammdatenschema.0102"
	MessageDatenfeldgruppe  = "xdatenfelder.datenfeldgruppe.0103"
)

// Schema is a Datenschema (Stammdatenschema): the form definition of one
// public service, read from an xdatenfelder.stammdatenschema.0102 message.
// A xdatenfelder.datenfeldgruppe.0103 message (XDatenfelder 3) is read into
// a Schema too: its Element is the group's, Datenfeldgruppe points to the
// group and Struktur holds the group once with cardinality 1:1, so that
// everything built on a Schema works for both.
type Schema struct {
	Element

	// Standard is 2 for XDatenfelder 2.0 and 3 for XDatenfelder 3.0.0.
	Standard int
	// Message is the local name of the root element, MessageStammdatenschema
	// or MessageDatenfeldgruppe.
	Message string
	// NachrichtID is the header's message ID.
	NachrichtID string
	// Erstellungszeitpunkt is the header's creation time (UTC if the
	// message gives no zone; zero if the text, kept in
	// ErstellungszeitpunktText, is not an xs:dateTime).
	Erstellungszeitpunkt     time.Time
	ErstellungszeitpunktText string // the header's creation time as written

	// AbleitungsmodifikationenStruktur and -Repraesentation are the codes
	// saying how far a derived schema may change structure and
	// representation.
	AbleitungsmodifikationenStruktur        string
	AbleitungsmodifikationenRepraesentation string // 0 or 1
	// Dokumentsteckbrief is the document profile the schema belongs to
	// (XDatenfelder 3 only).
	Dokumentsteckbrief Ref

	// Regeln are the rules attached to the schema itself.
	Regeln []*Regel
	// Struktur is the ordered list of the schema's children.
	Struktur []*Struktur
	// Datenfeldgruppe is the root group of a datenfeldgruppe.0103 message,
	// nil for a Stammdatenschema.
	Datenfeldgruppe *Datenfeldgruppe
}

// Ref names an element by ID and version, as in identifikation or the
// object of a relation.
type Ref struct {
	ID      string `json:"id"`                // FIM ID, e.g. F60000227
	Version string `json:"version,omitempty"` // version, e.g. 1.2 or 1.2.0
}

// String returns ID "V" version, the usual way FIM writes a reference, or the
// ID alone if there is no version.
func (r Ref) String() string {
	if r.Version == "" {
		return r.ID
	}
	return r.ID + "V" + r.Version
}

// ElementRef parses the reference as an ozg.ElementRef. Test data and
// drafts use IDs that are not FIM IDs ("T1234"); for those it returns an
// error.
func (r Ref) ElementRef() (ozg.ElementRef, error) {
	return ozg.ParseElementRef(r.String())
}

// Element holds the metadata every element of XDatenfelder shares:
// identification, names, texts, status and dates. Fields that a version of
// the standard does not have stay empty.
type Element struct {
	// Identifikation is the element's ID and version.
	Identifikation Ref
	// Name is the internal name.
	Name string
	// BezeichnungEingabe is the label shown on input forms.
	BezeichnungEingabe string
	// BezeichnungAusgabe is the label shown on output (e.g. the notice).
	BezeichnungAusgabe string
	// Beschreibung and Definition describe the element for modellers.
	Beschreibung string
	Definition   string // definition for modellers
	// Bezug are the legal references (Rechtsbezug).
	Bezug []Bezug
	// Status is the XDatenfelder 2 status code (aktiv, inaktiv,
	// inVorbereitung).
	Status string
	// Freigabestatus is the XDatenfelder 3 release status code, "1" … "8".
	Freigabestatus string
	// StatusGesetztAm and StatusGesetztDurch say when and by whom the
	// status was set (XDatenfelder 3).
	StatusGesetztAm    string
	StatusGesetztDurch string // who set the status
	// FachlicherErsteller is the editorial office that made the element.
	FachlicherErsteller string
	// Versionshinweis is the note on what changed in this version.
	Versionshinweis string
	// Freigabedatum, Veroeffentlichungsdatum, GueltigAb, GueltigBis are
	// dates as written (YYYY-MM-DD); LetzteAenderung is a timestamp
	// (XDatenfelder 3).
	Freigabedatum           string
	Veroeffentlichungsdatum string // publication date
	GueltigAb               string // valid from
	GueltigBis              string // valid until
	LetzteAenderung         string // last change (timestamp)
	// Schemaelementart is ABS (abstract), HAR (harmonised) or RNG
	// (rechtsnormgebunden); empty for schemas and rules.
	Schemaelementart string
	// HilfetextEingabe and HilfetextAusgabe are the help texts for input and
	// output.
	HilfetextEingabe string
	HilfetextAusgabe string // help text for output
	// Stichwort are keywords (XDatenfelder 3).
	Stichwort []Stichwort
	// Relation are the element's relations to other elements (XDatenfelder
	// 3), e.g. ERS (ersetzt).
	Relation []Relation
	// Pos is where the element starts in the message.
	Pos Position
}

// Label returns the input label, or the name if there is none.
func (e *Element) Label() string {
	if e.BezeichnungEingabe != "" {
		return e.BezeichnungEingabe
	}
	return e.Name
}

// Bezug is one legal reference; Link is the optional link attribute of
// XDatenfelder 3.
type Bezug struct {
	Text string `json:"text"`           // the reference
	Link string `json:"link,omitempty"` // optional link (XDatenfelder 3)
}

// Stichwort is a keyword with an optional URI.
type Stichwort struct {
	Text string `json:"text"`          // the keyword
	URI  string `json:"uri,omitempty"` // optional URI
}

// Relation is a typed relation to another element (XDatenfelder 3):
// Praedikat is ABL (abgeleitet von), ERS (ersetzt), EQU (äquivalent) or VKN
// (verknüpft).
type Relation struct {
	Praedikat string `json:"praedikat"` // relation type code
	Objekt    Ref    `json:"objekt"`    // the related element
}

// Position is a line and column (1-based, in bytes) in the message: the end
// of the element's start tag.
type Position struct {
	Line   int // 1-based line
	Column int // 1-based column (bytes)
}

// String formats the position as "line L, column C".
func (p Position) String() string {
	return "line " + strconv.Itoa(p.Line) + ", column " + strconv.Itoa(p.Column)
}

// Datenfeldgruppe is a field group: an ordered structure of fields and
// groups with cardinalities.
type Datenfeldgruppe struct {
	Element
	// Art is the XDatenfelder 3 group type (e.g. "X" for a choice), empty
	// in XDatenfelder 2.
	Art string
	// Regeln are the rules attached to the group.
	Regeln []*Regel
	// Struktur is the ordered list of the group's children.
	Struktur []*Struktur
}

// Struktur is one child of a schema or group: a field or group with its
// cardinality (anzahl).
type Struktur struct {
	// Anzahl is the cardinality.
	Anzahl Anzahl
	// Bezug are the legal references of this use of the child.
	Bezug []Bezug
	// Exactly one of Datenfeld and Datenfeldgruppe is set.
	Datenfeld       *Datenfeld
	Datenfeldgruppe *Datenfeldgruppe // set for a group child
}

// Element returns the metadata of the child.
func (s *Struktur) Element() *Element {
	if s.Datenfeld != nil {
		return &s.Datenfeld.Element
	}
	return &s.Datenfeldgruppe.Element
}

// Anzahl is a cardinality min:max; Max is Unbounded for "*".
type Anzahl struct {
	Min int // smallest number of instances
	Max int // largest number, or Unbounded
}

// Unbounded is the Max of a cardinality written "n:*".
const Unbounded = -1

// String formats the cardinality as in the message, e.g. "0:1" or "1:*".
func (a Anzahl) String() string {
	m := "*"
	if a.Max != Unbounded {
		m = strconv.Itoa(a.Max)
	}
	return strconv.Itoa(a.Min) + ":" + m
}

// Repeated reports whether more than one instance is allowed.
func (a Anzahl) Repeated() bool { return a.Max == Unbounded || a.Max > 1 }

// Datenfeld is a data field.
type Datenfeld struct {
	Element
	// Feldart is input, select, label, hidden or locked.
	Feldart string
	// Datentyp is text, text_latin (XDatenfelder 3), date, time, datetime,
	// bool, num, num_int, num_currency, file or obj.
	Datentyp string
	// Praezisierung are the constraints on the value.
	Praezisierung Praezisierung
	// Inhalt is the content: the text of a label, or a default value.
	Inhalt string
	// Codeliste is the code list of a select field, nil if there is none.
	Codeliste *CodelisteReferenz
	// Werte are the inline values of a select field (XDatenfelder 3).
	Werte []Wert
	// Vorbefuellung says whether the field is prefilled: keine, optional,
	// verpflichtend (XDatenfelder 3).
	Vorbefuellung string
	// MaxSize is the largest allowed file size in bytes for a file field
	// (XDatenfelder 3); 0 if not given.
	MaxSize int64
	// MediaType lists the allowed media types of a file field
	// (XDatenfelder 3).
	MediaType []string
	// CodeKey, NameKey and HelpKey name the code-list columns to use for
	// code, name and help text (XDatenfelder 3).
	CodeKey string
	NameKey string // column of the name
	HelpKey string // column of the help text
	// Regeln are the rules attached to the field.
	Regeln []*Regel
}

// Praezisierung are the constraints on a field's value. XDatenfelder 2
// writes them as a JSON text, XDatenfelder 3 as attributes. MinLength and
// MaxLength are -1 when absent; MinValue and MaxValue keep the text since
// they may be numbers or dates.
type Praezisierung struct {
	MinLength int    // -1 if absent
	MaxLength int    // -1 if absent
	MinValue  string // smallest value as written
	MaxValue  string // largest value as written
	Pattern   string // XML Schema regular expression
	// Text is the element's text content: the JSON of XDatenfelder 2, or
	// free text in XDatenfelder 3.
	Text string
}

// IsZero reports whether no constraint is set.
func (p Praezisierung) IsZero() bool {
	return p.MinLength < 0 && p.MaxLength < 0 && p.MinValue == "" && p.MaxValue == "" && p.Pattern == ""
}

// CodelisteReferenz references a code list: in XDatenfelder 2 by FIM ID and
// genericode identification, in XDatenfelder 3 by canonical URI and version.
type CodelisteReferenz struct {
	// ID is the FIM ID of the code list (XDatenfelder 2, e.g. C60000020).
	ID string
	// CanonicalURI and Version identify the genericode list; they are the
	// key of the genericode registry.
	CanonicalURI string
	Version      string // list version (empty: latest)
	// CanonicalVersionURI is the URI of this version (XDatenfelder 2).
	CanonicalVersionURI string
	// List is the resolved code list, nil if the registry given to Read did
	// not hold it.
	List *genericode.CodeList
	// Pos is where the reference is written.
	Pos Position
}

// Wert is an inline value of a select field (XDatenfelder 3).
type Wert struct {
	Code  string `json:"code"`            // the code
	Name  string `json:"name"`            // the text shown
	Hilfe string `json:"hilfe,omitempty"` // optional help text
}

// Regel is a rule: a free-text condition and, optionally, a script.
// XDatenfelder 2 rules carry Element metadata and a script; XDatenfelder 3
// rules have a type, a free-text rule and a skript.
type Regel struct {
	Element
	// FreitextRegel is the rule in prose (XDatenfelder 3); in XDatenfelder
	// 2 the prose is in Definition.
	FreitextRegel string
	// Typ is the XDatenfelder 3 rule type code (e.g. V = Validierung).
	Typ string
	// Script is the rule's script (XDatenfelder 2 script, XDatenfelder 3
	// skript).
	Script string
	// Param, Ziel and Fehler are the XDatenfelder 3 parameters, targets and
	// error messages of the rule, as written.
	Param  []string
	Ziel   []string // targets as written
	Fehler []string // error messages as written
}

// Text returns the prose of the rule: FreitextRegel, else Definition, else
// Name.
func (r *Regel) Text() string {
	switch {
	case r.FreitextRegel != "":
		return r.FreitextRegel
	case r.Definition != "":
		return r.Definition
	}
	return r.Name
}

// Walk calls fn for every child of the schema, depth first in document
// order, with the path of element IDs from the schema down to the child.
// If fn returns false the children of that child are skipped.
func (s *Schema) Walk(fn func(path []string, c *Struktur) bool) {
	var walk func(path []string, cs []*Struktur)
	walk = func(path []string, cs []*Struktur) {
		for _, c := range cs {
			p := append(path, c.Element().Identifikation.ID)
			if fn(p, c) && c.Datenfeldgruppe != nil {
				walk(p, c.Datenfeldgruppe.Struktur)
			}
		}
	}
	walk(nil, s.Struktur)
}

// Counts are the numbers of element occurrences in a schema, as a test
// counts them in the file.
type Counts struct {
	Datenfeldgruppen int // occurrences of datenfeldgruppe
	Datenfelder      int // occurrences of datenfeld
	Regeln           int // occurrences of regel (schema, groups and fields)
	Codelisten       int // code-list references
}

// Count counts the occurrences of groups, fields, rules and code-list
// references in the schema (an element used twice counts twice).
func (s *Schema) Count() Counts {
	c := Counts{Regeln: len(s.Regeln)}
	s.Walk(func(_ []string, st *Struktur) bool {
		if f := st.Datenfeld; f != nil {
			c.Datenfelder++
			c.Regeln += len(f.Regeln)
			if f.Codeliste != nil {
				c.Codelisten++
			}
		} else {
			c.Datenfeldgruppen++
			c.Regeln += len(st.Datenfeldgruppe.Regeln)
		}
		return true
	})
	return c
}
