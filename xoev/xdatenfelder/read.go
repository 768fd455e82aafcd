package xdatenfelder

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

// The kinds of read errors. A *ReadError wraps one of them, so
// errors.Is(err, xdatenfelder.ErrUnexpectedElement) tells what went wrong.
var (
	ErrSyntax            = errors.New("malformed XML")
	ErrUnknownNamespace  = errors.New("unknown namespace")
	ErrUnexpectedElement = errors.New("unexpected element")
	ErrDuplicateElement  = errors.New("duplicate element")
	ErrMissingElement    = errors.New("missing element")
	ErrEmptyValue        = errors.New("missing content")
	ErrInvalidValue      = errors.New("invalid value")
	ErrCodelistMissing   = errors.New("code list not in registry")
)

// ReadError is a positioned error in an XDatenfelder message.
type ReadError struct {
	// Pos is where in the message the problem is (end of the start tag of
	// Element).
	Pos Position
	// Element is the qualified name of the element at fault, e.g. "xdf:id".
	Element string
	// Path is the path of element names from the root, e.g.
	// "stammdatenschema/struktur[2]/enthaelt/datenfeld/identifikation".
	Path string
	// Reason says what is wrong.
	Reason string
	// Err is one of the Err* kinds, or the underlying XML error.
	Err error
}

// Error formats the error as "REASON (node <ELEMENT>, line L, column C, at
// PATH)"; the *ozg.Error around it adds the "xdatenfelder.Read: " prefix.
func (e *ReadError) Error() string {
	var b strings.Builder
	b.WriteString(e.Reason)
	b.WriteString(" (")
	if e.Element != "" {
		b.WriteString("node <" + e.Element + ">, ")
	}
	b.WriteString(e.Pos.String())
	if e.Path != "" {
		b.WriteString(", at " + e.Path)
	}
	b.WriteString(")")
	return b.String()
}

// Unwrap returns the kind of the error.
func (e *ReadError) Unwrap() error { return e.Err }

// ReadOptions configure Read. A nil *ReadOptions is valid and means no code
// lists are resolved.
type ReadOptions struct {
	// Codelisten resolves code-list references: a reference whose
	// (CanonicalURI, Version) the registry holds gets its List set.
	Codelisten *genericode.Registry
	// RequireCodelisten makes a reference that the registry cannot resolve
	// an error (ErrCodelistMissing) instead of leaving List nil.
	RequireCodelisten bool
}

// maxDepth bounds the nesting of elements, to keep hostile input from
// exhausting the stack.
const maxDepth = 256

// Read reads an XDatenfelder 2.0 or 3.0.0 message (stammdatenschema.0102,
// or datenfeldgruppe.0103 in 3.0.0). Errors are *ozg.Error with code
// InvalidArgument wrapping a *ReadError that names the element and its
// position.
func Read(r io.Reader, opts *ReadOptions) (*Schema, error) {
	root, err := parseTree(r)
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "xdatenfelder.Read", Err: err}
	}
	if opts == nil {
		opts = &ReadOptions{}
	}
	rd := &reader{opts: opts}
	s, err := rd.message(root)
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "xdatenfelder.Read", Err: err}
	}
	return s, nil
}

// ReadBytes is Read on a byte slice.
func ReadBytes(data []byte, opts *ReadOptions) (*Schema, error) {
	return Read(bytes.NewReader(data), opts)
}

// node is one element of the message with its position.
type node struct {
	name     xml.Name
	prefix   string
	attr     []xml.Attr
	text     strings.Builder
	children []*node
	parent   *node
	pos      Position
}

func (n *node) qname() string {
	if n.prefix != "" {
		return n.prefix + ":" + n.name.Local
	}
	return n.name.Local
}

func (n *node) path() string {
	var parts []string
	for c := n; c != nil && c.parent != nil; c = c.parent {
		seg := c.name.Local
		// index among same-named siblings when there are several
		k, i := 0, 0
		for _, s := range c.parent.children {
			if s.name.Local == c.name.Local {
				k++
				if s == c {
					i = k
				}
			}
		}
		if k > 1 {
			seg += "[" + strconv.Itoa(i) + "]"
		}
		parts = append(parts, seg)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, "/")
}

func (n *node) value() string { return strings.TrimSpace(n.text.String()) }

func (n *node) attrValue(local string) (string, bool) {
	for _, a := range n.attr {
		if a.Name.Local == local && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

// parseTree reads the XML into a tree of nodes, keeping each element's
// prefix (for messages) and position.
func parseTree(r io.Reader) (*node, error) {
	d := xml.NewDecoder(r)
	var root *node
	var stack []*node
	// prefixes in scope, to report names as written
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		line, col := d.InputPos()
		if err != nil {
			return nil, &ReadError{Pos: Position{line, col}, Reason: err.Error(), Err: ErrSyntax}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth {
				return nil, &ReadError{Pos: Position{line, col}, Reason: "elements nested too deeply", Err: ErrSyntax}
			}
			if root != nil && len(stack) == 0 {
				return nil, &ReadError{Pos: Position{line, col}, Reason: "more than one root element", Err: ErrSyntax}
			}
			n := &node{name: t.Name, prefix: t.Name.Space, attr: t.Attr, pos: Position{line, col}}
			if len(stack) > 0 {
				n.parent = stack[len(stack)-1]
				n.parent.children = append(n.parent.children, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1].name.Local != t.Name.Local || stack[len(stack)-1].prefix != t.Name.Space {
				return nil, &ReadError{Pos: Position{line, col}, Reason: "element <" + t.Name.Local + "> closed but not open", Err: ErrSyntax}
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			} else if len(bytes.TrimSpace(t)) > 0 {
				return nil, &ReadError{Pos: Position{line, col}, Reason: "text outside the root element", Err: ErrSyntax}
			}
		}
	}
	if len(stack) > 0 {
		line, col := d.InputPos()
		return nil, &ReadError{Pos: Position{line, col}, Element: stack[len(stack)-1].qname(), Reason: "unexpected end of input", Err: ErrSyntax}
	}
	if root == nil {
		return nil, &ReadError{Pos: Position{1, 1}, Reason: "no root element", Err: ErrSyntax}
	}
	if err := resolveNamespaces(root, nil); err != nil {
		return nil, err
	}
	return root, nil
}

// resolveNamespaces replaces each element's prefix in name.Space by its
// namespace URI (RawToken does not), keeping the prefix for messages.
func resolveNamespaces(n *node, scope map[string]string) error {
	var local map[string]string
	for _, a := range n.attr {
		switch {
		case a.Name.Space == "xmlns":
			if local == nil {
				local = make(map[string]string, len(scope)+2)
				for k, v := range scope {
					local[k] = v
				}
			}
			local[a.Name.Local] = a.Value
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			if local == nil {
				local = make(map[string]string, len(scope)+2)
				for k, v := range scope {
					local[k] = v
				}
			}
			local[""] = a.Value
		}
	}
	if local != nil {
		scope = local
	}
	uri, ok := scope[n.prefix]
	if !ok && n.prefix != "" {
		return &ReadError{Pos: n.pos, Element: n.qname(), Path: n.path(), Reason: "undeclared namespace prefix " + n.prefix, Err: ErrUnknownNamespace}
	}
	n.name.Space = uri
	for _, c := range n.children {
		if err := resolveNamespaces(c, scope); err != nil {
			return err
		}
	}
	return nil
}

// reader interprets the node tree.
type reader struct {
	opts    *ReadOptions
	ns      string
	version int
}

func (rd *reader) fail(n *node, kind error, format string, args ...any) error {
	return &ReadError{Pos: n.pos, Element: n.qname(), Path: n.path(), Reason: fmt.Sprintf(format, args...), Err: kind}
}

func (rd *reader) unexpected(n *node) error {
	return rd.fail(n, ErrUnexpectedElement, "unexpected element")
}

// child checks that c is in the message namespace and returns its local
// name.
func (rd *reader) local(c *node) (string, error) {
	if c.name.Space != rd.ns {
		return "", rd.unexpected(c)
	}
	return c.name.Local, nil
}

// once tracks single-valued elements: an element given twice with content
// is a duplicate; an empty earlier occurrence may be replaced.
type once map[string]bool

func (rd *reader) str(seen once, c *node, dst *string) error {
	v := c.value()
	if len(c.children) > 0 {
		return rd.unexpected(c.children[0])
	}
	if seen[c.name.Local] && *dst != "" {
		if v == "" {
			return nil
		}
		return rd.fail(c, ErrDuplicateElement, "duplicate value")
	}
	seen[c.name.Local] = true
	*dst = v
	return nil
}

// code reads a code element (<x><code>…</code></x>).
func (rd *reader) code(seen once, c *node, dst *string, valid func(string) bool, what string) error {
	if seen[c.name.Local] && *dst != "" {
		return rd.fail(c, ErrDuplicateElement, "duplicate value")
	}
	seen[c.name.Local] = true
	var code *node
	for _, k := range c.children {
		if k.name.Local != "code" || (k.name.Space != "" && k.name.Space != rd.ns) {
			return rd.unexpected(k)
		}
		if code != nil {
			return rd.fail(k, ErrDuplicateElement, "duplicate value")
		}
		code = k
	}
	if code == nil {
		return rd.fail(c, ErrMissingElement, "missing <code>")
	}
	v := code.value()
	if v == "" {
		return rd.fail(code, ErrEmptyValue, "missing content")
	}
	if valid != nil && !valid(v) {
		return rd.fail(code, ErrInvalidValue, "invalid %s: %s", what, v)
	}
	*dst = v
	return nil
}

// textChildren reads an element whose children are all text elements: each
// child named in fields goes to its string, any other child is unexpected,
// and the required children must be there.
func (rd *reader) textChildren(n *node, fields map[string]*string, required ...string) error {
	seen := once{}
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return err
		}
		dst, ok := fields[name]
		if !ok {
			return rd.unexpected(c)
		}
		if err := rd.str(seen, c, dst); err != nil {
			return err
		}
	}
	return require(rd, n, seen, required...)
}

func require(rd *reader, n *node, seen once, names ...string) error {
	for _, name := range names {
		if !seen[name] {
			return rd.fail(n, ErrMissingElement, "missing <%s>", name)
		}
	}
	return nil
}

func oneOf(vals ...string) func(string) bool {
	return func(v string) bool {
		for _, x := range vals {
			if v == x {
				return true
			}
		}
		return false
	}
}

var (
	validFeldart          = oneOf("input", "select", "label", "hidden", "locked")
	validDatentyp2        = oneOf("text", "date", "bool", "num", "num_int", "num_currency", "file", "obj")
	validDatentyp3        = oneOf("text", "text_latin", "date", "time", "datetime", "bool", "num", "num_int", "num_currency", "file", "obj")
	validSchemaelementart = oneOf("ABS", "HAR", "RNG")
	validFreigabestatus   = oneOf("1", "2", "3", "4", "5", "6", "7", "8")
	validStatus2          = oneOf("aktiv", "inaktiv", "inVorbereitung")
	validVorbefuellung    = oneOf("keine", "optional", "verpflichtend")
)

func (rd *reader) message(root *node) (*Schema, error) {
	switch root.name.Space {
	case Namespace2:
		rd.version = 2
	case Namespace3:
		rd.version = 3
	default:
		return nil, rd.fail(root, ErrUnknownNamespace, "unknown namespace %s: %s", root.prefix, root.name.Space)
	}
	rd.ns = root.name.Space
	s := &Schema{Standard: rd.version, Message: root.name.Local}
	switch root.name.Local {
	case MessageStammdatenschema:
	case MessageDatenfeldgruppe:
		if rd.version != 3 {
			return nil, rd.fail(root, ErrUnexpectedElement, "message %s is read for XDatenfelder 3 only", root.name.Local)
		}
	default:
		return nil, rd.fail(root, ErrUnexpectedElement, "unknown message %s", root.name.Local)
	}
	seen := once{}
	for _, c := range root.children {
		name, err := rd.local(c)
		if err != nil {
			return nil, err
		}
		if seen[name] {
			return nil, rd.fail(c, ErrDuplicateElement, "duplicate value")
		}
		seen[name] = true
		switch {
		case name == "header":
			if err := rd.header(c, s); err != nil {
				return nil, err
			}
		case name == "stammdatenschema" && s.Message == MessageStammdatenschema:
			if err := rd.schema(c, s); err != nil {
				return nil, err
			}
		case name == "datenfeldgruppe" && s.Message == MessageDatenfeldgruppe:
			g, err := rd.group(c)
			if err != nil {
				return nil, err
			}
			s.Element = g.Element
			s.Datenfeldgruppe = g
			s.Struktur = []*Struktur{{Anzahl: Anzahl{1, 1}, Datenfeldgruppe: g}}
		default:
			return nil, rd.unexpected(c)
		}
	}
	body := "stammdatenschema"
	if s.Message == MessageDatenfeldgruppe {
		body = "datenfeldgruppe"
	}
	if err := require(rd, root, seen, "header", body); err != nil {
		return nil, err
	}
	return s, nil
}

func (rd *reader) header(n *node, s *Schema) error {
	seen := once{}
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return err
		}
		switch name {
		case "nachrichtID":
			err = rd.str(seen, c, &s.NachrichtID)
		case "erstellungszeitpunkt":
			err = rd.str(seen, c, &s.ErstellungszeitpunktText)
			if err == nil {
				s.Erstellungszeitpunkt = parseTimestamp(s.ErstellungszeitpunktText)
			}
		case "referenzID":
			var x string
			err = rd.str(seen, c, &x)
		default:
			return rd.unexpected(c)
		}
		if err != nil {
			return err
		}
	}
	return require(rd, n, seen, "nachrichtID", "erstellungszeitpunkt")
}

// identification reads <identifikation><id/><version/></identifikation>.
func (rd *reader) identification(seen once, n *node, dst *Ref, needVersion bool) error {
	if seen[n.name.Local] {
		return rd.fail(n, ErrDuplicateElement, "duplicate value")
	}
	seen[n.name.Local] = true
	inner := once{}
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return err
		}
		switch name {
		case "id":
			if inner["id"] {
				return rd.fail(c, ErrDuplicateElement, "duplicate value")
			}
			if err := rd.str(inner, c, &dst.ID); err != nil {
				return err
			}
			if dst.ID == "" {
				return rd.fail(c, ErrEmptyValue, "missing content")
			}
		case "version":
			if inner["version"] {
				return rd.fail(c, ErrDuplicateElement, "duplicate value")
			}
			if err := rd.str(inner, c, &dst.Version); err != nil {
				return err
			}
		default:
			return rd.unexpected(c)
		}
	}
	if !inner["id"] {
		return rd.fail(n, ErrMissingElement, "missing <id>")
	}
	if needVersion && rd.version == 3 && dst.Version == "" {
		return rd.fail(n, ErrMissingElement, "missing <version>")
	}
	return nil
}

// common reads a metadata element shared by all element kinds; it reports
// whether it knew the element.
func (rd *reader) common(seen once, c *node, e *Element) (bool, error) {
	var err error
	switch c.name.Local {
	case "identifikation":
		err = rd.identification(seen, c, &e.Identifikation, true)
	case "name":
		err = rd.str(seen, c, &e.Name)
	case "bezeichnungEingabe", "bezeichnung":
		err = rd.str(seen, c, &e.BezeichnungEingabe)
	case "bezeichnungAusgabe":
		err = rd.str(seen, c, &e.BezeichnungAusgabe)
	case "beschreibung":
		err = rd.str(seen, c, &e.Beschreibung)
	case "definition":
		err = rd.str(seen, c, &e.Definition)
	case "bezug":
		b := Bezug{Text: c.value()}
		b.Link, _ = c.attrValue("link")
		if len(c.children) > 0 {
			return true, rd.unexpected(c.children[0])
		}
		if b.Text != "" || b.Link != "" {
			e.Bezug = append(e.Bezug, b)
		}
		seen["bezug"] = true
	case "status":
		err = rd.code(seen, c, &e.Status, validStatus2, "status")
	case "freigabestatus":
		err = rd.code(seen, c, &e.Freigabestatus, validFreigabestatus, "FreigabeStatus")
	case "statusGesetztAm":
		err = rd.str(seen, c, &e.StatusGesetztAm)
	case "statusGesetztDurch":
		err = rd.str(seen, c, &e.StatusGesetztDurch)
	case "fachlicherErsteller":
		err = rd.str(seen, c, &e.FachlicherErsteller)
	case "versionshinweis":
		err = rd.str(seen, c, &e.Versionshinweis)
	case "freigabedatum":
		err = rd.str(seen, c, &e.Freigabedatum)
	case "veroeffentlichungsdatum":
		err = rd.str(seen, c, &e.Veroeffentlichungsdatum)
	case "gueltigAb":
		err = rd.str(seen, c, &e.GueltigAb)
	case "gueltigBis":
		err = rd.str(seen, c, &e.GueltigBis)
	case "letzteAenderung":
		err = rd.str(seen, c, &e.LetzteAenderung)
	case "schemaelementart":
		err = rd.code(seen, c, &e.Schemaelementart, validSchemaelementart, "Schemaelementart")
	case "hilfetextEingabe", "hilfetext":
		err = rd.str(seen, c, &e.HilfetextEingabe)
	case "hilfetextAusgabe":
		err = rd.str(seen, c, &e.HilfetextAusgabe)
	case "stichwort":
		if rd.version != 3 {
			return false, nil
		}
		k := Stichwort{Text: c.value()}
		k.URI, _ = c.attrValue("uri")
		if len(c.children) > 0 {
			return true, rd.unexpected(c.children[0])
		}
		e.Stichwort = append(e.Stichwort, k)
	case "relation":
		if rd.version != 3 {
			return false, nil
		}
		err = rd.relation(c, e)
	default:
		return false, nil
	}
	return true, err
}

func (rd *reader) relation(n *node, e *Element) error {
	var rel Relation
	seen := once{}
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return err
		}
		switch name {
		case "praedikat":
			err = rd.code(seen, c, &rel.Praedikat, oneOf("ABL", "ERS", "EQU", "VKN"), "relation type")
		case "objekt":
			err = rd.identification(seen, c, &rel.Objekt, false)
		default:
			return rd.unexpected(c)
		}
		if err != nil {
			return err
		}
	}
	if err := require(rd, n, seen, "praedikat", "objekt"); err != nil {
		return err
	}
	e.Relation = append(e.Relation, rel)
	return nil
}

// requiredElement lists the element metadata each version requires.
func (rd *reader) requireElement(n *node, seen once, e *Element, kind string) error {
	names := []string{"identifikation", "name"}
	if rd.version == 2 {
		if kind != "regel" {
			names = append(names, "status")
		}
	} else if kind != "regel" {
		names = append(names, "freigabestatus")
	}
	if kind == "datenfeld" || kind == "datenfeldgruppe" {
		names = append(names, "schemaelementart")
		if rd.version == 3 {
			names = append(names, "bezeichnungEingabe")
		}
	}
	if err := require(rd, n, seen, names...); err != nil {
		return err
	}
	if e.Name == "" {
		return rd.fail(n, ErrEmptyValue, "missing content of <name>")
	}
	e.Pos = n.pos
	return nil
}

func (rd *reader) schema(n *node, s *Schema) error {
	seen := once{}
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return err
		}
		if ok, err := rd.common(seen, c, &s.Element); ok {
			if err != nil {
				return err
			}
			continue
		}
		switch name {
		case "ableitungsmodifikationenStruktur":
			err = rd.code(seen, c, &s.AbleitungsmodifikationenStruktur, oneOf("0", "1", "2", "3"), "Ableitungsmodifikation")
		case "ableitungsmodifikationenRepraesentation":
			err = rd.code(seen, c, &s.AbleitungsmodifikationenRepraesentation, oneOf("0", "1"), "Ableitungsmodifikation")
		case "dokumentsteckbrief":
			if rd.version != 3 {
				return rd.unexpected(c)
			}
			err = rd.identification(seen, c, &s.Dokumentsteckbrief, false)
		case "regel":
			var r *Regel
			r, err = rd.rule(c)
			s.Regeln = append(s.Regeln, r)
		case "struktur":
			var st *Struktur
			st, err = rd.structure(c)
			s.Struktur = append(s.Struktur, st)
		default:
			return rd.unexpected(c)
		}
		if err != nil {
			return err
		}
	}
	return rd.requireElement(n, seen, &s.Element, "stammdatenschema")
}

func (rd *reader) group(n *node) (*Datenfeldgruppe, error) {
	g := &Datenfeldgruppe{}
	seen := once{}
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return nil, err
		}
		if ok, err := rd.common(seen, c, &g.Element); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "art":
			if rd.version != 3 {
				return nil, rd.unexpected(c)
			}
			err = rd.code(seen, c, &g.Art, nil, "")
		case "regel":
			var r *Regel
			r, err = rd.rule(c)
			g.Regeln = append(g.Regeln, r)
		case "struktur":
			var st *Struktur
			st, err = rd.structure(c)
			g.Struktur = append(g.Struktur, st)
		default:
			return nil, rd.unexpected(c)
		}
		if err != nil {
			return nil, err
		}
	}
	return g, rd.requireElement(n, seen, &g.Element, "datenfeldgruppe")
}

func (rd *reader) structure(n *node) (*Struktur, error) {
	st := &Struktur{}
	seen := once{}
	var anzahl string
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return nil, err
		}
		switch name {
		case "anzahl":
			if err := rd.str(seen, c, &anzahl); err != nil {
				return nil, err
			}
			a, ok := parseAnzahl(anzahl)
			if !ok {
				return nil, rd.fail(c, ErrInvalidValue, "invalid cardinality %q, want min:max", anzahl)
			}
			st.Anzahl = a
		case "bezug":
			b := Bezug{Text: c.value()}
			b.Link, _ = c.attrValue("link")
			if b.Text != "" || b.Link != "" {
				st.Bezug = append(st.Bezug, b)
			}
		case "enthaelt":
			if seen["enthaelt"] {
				return nil, rd.fail(c, ErrDuplicateElement, "duplicate value")
			}
			seen["enthaelt"] = true
			if len(c.children) != 1 {
				if len(c.children) == 0 {
					return nil, rd.fail(c, ErrMissingElement, "missing <datenfeld> or <datenfeldgruppe>")
				}
				return nil, rd.fail(c.children[1], ErrDuplicateElement, "duplicate value")
			}
			k := c.children[0]
			kn, err := rd.local(k)
			if err != nil {
				return nil, err
			}
			switch kn {
			case "datenfeld":
				st.Datenfeld, err = rd.field(k)
			case "datenfeldgruppe":
				st.Datenfeldgruppe, err = rd.group(k)
			default:
				return nil, rd.unexpected(k)
			}
			if err != nil {
				return nil, err
			}
		default:
			return nil, rd.unexpected(c)
		}
	}
	if err := require(rd, n, seen, "anzahl", "enthaelt"); err != nil {
		return nil, err
	}
	return st, nil
}

// parseAnzahl parses "min:max" with max "*" for unbounded.
func parseAnzahl(s string) (Anzahl, bool) {
	lo, hi, ok := strings.Cut(s, ":")
	if !ok {
		return Anzahl{}, false
	}
	min, err := strconv.Atoi(lo)
	if err != nil || min < 0 || lo[0] == '+' {
		return Anzahl{}, false
	}
	if hi == "*" {
		return Anzahl{min, Unbounded}, true
	}
	max, err := strconv.Atoi(hi)
	if err != nil || max < min || max < 1 || hi[0] == '+' {
		return Anzahl{}, false
	}
	return Anzahl{min, max}, true
}

func (rd *reader) field(n *node) (*Datenfeld, error) {
	f := &Datenfeld{Praezisierung: Praezisierung{MinLength: -1, MaxLength: -1}}
	seen := once{}
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return nil, err
		}
		if ok, err := rd.common(seen, c, &f.Element); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch name {
		case "feldart":
			err = rd.code(seen, c, &f.Feldart, validFeldart, "Feldart")
		case "datentyp":
			valid := validDatentyp2
			if rd.version == 3 {
				valid = validDatentyp3
			}
			err = rd.code(seen, c, &f.Datentyp, valid, "Datentyp")
		case "praezisierung":
			err = rd.praezisierung(seen, c, &f.Praezisierung)
		case "inhalt":
			err = rd.str(seen, c, &f.Inhalt)
		case "codelisteReferenz":
			err = rd.codelist(seen, c, f)
		case "regel":
			var r *Regel
			r, err = rd.rule(c)
			f.Regeln = append(f.Regeln, r)
		case "vorbefuellung", "werte", "maxSize", "mediaType", "codeKey", "nameKey", "helpKey":
			if rd.version != 3 {
				return nil, rd.unexpected(c)
			}
			err = rd.field3(seen, c, f)
		default:
			return nil, rd.unexpected(c)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := require(rd, n, seen, "feldart", "datentyp"); err != nil {
		return nil, err
	}
	if rd.version == 3 {
		if err := require(rd, n, seen, "vorbefuellung"); err != nil {
			return nil, err
		}
	}
	return f, rd.requireElement(n, seen, &f.Element, "datenfeld")
}

func (rd *reader) field3(seen once, c *node, f *Datenfeld) error {
	switch c.name.Local {
	case "vorbefuellung":
		return rd.code(seen, c, &f.Vorbefuellung, validVorbefuellung, "Vorbefuellung")
	case "codeKey":
		return rd.str(seen, c, &f.CodeKey)
	case "nameKey":
		return rd.str(seen, c, &f.NameKey)
	case "helpKey":
		return rd.str(seen, c, &f.HelpKey)
	case "mediaType":
		if len(c.children) > 0 {
			return rd.unexpected(c.children[0])
		}
		if v := c.value(); v != "" {
			f.MediaType = append(f.MediaType, v)
		}
		return nil
	case "maxSize":
		var v string
		if err := rd.str(seen, c, &v); err != nil {
			return err
		}
		if v == "" {
			return nil
		}
		size, err := strconv.ParseInt(v, 10, 64)
		if err != nil || size < 0 {
			return rd.fail(c, ErrInvalidValue, "invalid maxSize %q", v)
		}
		f.MaxSize = size
		return nil
	case "werte":
		if seen["werte"] {
			return rd.fail(c, ErrDuplicateElement, "duplicate value")
		}
		seen["werte"] = true
		for _, w := range c.children {
			if name, err := rd.local(w); err != nil {
				return err
			} else if name != "wert" {
				return rd.unexpected(w)
			}
			var v Wert
			if err := rd.textChildren(w, map[string]*string{"code": &v.Code, "name": &v.Name, "hilfe": &v.Hilfe}, "code", "name"); err != nil {
				return err
			}
			f.Werte = append(f.Werte, v)
		}
		return nil
	}
	return rd.unexpected(c)
}

func (rd *reader) praezisierung(seen once, c *node, p *Praezisierung) error {
	if seen[c.name.Local] && !p.IsZero() {
		return rd.fail(c, ErrDuplicateElement, "duplicate value")
	}
	seen[c.name.Local] = true
	if len(c.children) > 0 {
		return rd.unexpected(c.children[0])
	}
	p.Text = c.value()
	if rd.version == 3 {
		for _, a := range c.attr {
			if a.Name.Space != "" {
				continue
			}
			switch a.Name.Local {
			case "minLength", "maxLength":
				n, err := strconv.Atoi(strings.TrimSpace(a.Value))
				if err != nil || n < 0 {
					return rd.fail(c, ErrInvalidValue, "invalid %s %q", a.Name.Local, a.Value)
				}
				if a.Name.Local == "minLength" {
					p.MinLength = n
				} else {
					p.MaxLength = n
				}
			case "minValue":
				p.MinValue = a.Value
			case "maxValue":
				p.MaxValue = a.Value
			case "pattern":
				p.Pattern = a.Value
			default:
				return rd.fail(c, ErrUnexpectedElement, "unexpected attribute %s", a.Name.Local)
			}
		}
		return nil
	}
	if p.Text == "" {
		return nil
	}
	// XDatenfelder 2: a JSON object whose values are strings or numbers.
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(p.Text), &m); err != nil {
		return rd.fail(c, ErrInvalidValue, "praezisierung is not a JSON object: %v", err)
	}
	for k, raw := range m {
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			var num json.Number
			if err := json.Unmarshal(raw, &num); err != nil {
				return rd.fail(c, ErrInvalidValue, "praezisierung: %s is neither a string nor a number", k)
			}
			v = num.String()
		}
		switch k {
		case "minLength", "maxLength":
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return rd.fail(c, ErrInvalidValue, "praezisierung: invalid %s %q", k, v)
			}
			if k == "minLength" {
				p.MinLength = n
			} else {
				p.MaxLength = n
			}
		case "minValue":
			p.MinValue = v
		case "maxValue":
			p.MaxValue = v
		case "pattern":
			p.Pattern = v
		default:
			// Other keys (e.g. "acceptedMimeTypes" of some editors) are
			// kept in Text only.
		}
	}
	return nil
}

func (rd *reader) codelist(seen once, c *node, f *Datenfeld) error {
	if seen[c.name.Local] {
		return rd.fail(c, ErrDuplicateElement, "duplicate value")
	}
	seen[c.name.Local] = true
	ref := &CodelisteReferenz{Pos: c.pos}
	inner := once{}
	for _, k := range c.children {
		name, err := rd.local(k)
		if err != nil {
			return err
		}
		switch {
		case name == "identifikation" && rd.version == 2:
			var r Ref
			err = rd.identification(inner, k, &r, false)
			ref.ID = r.ID
		case name == "genericodeIdentification" && rd.version == 2:
			fields := map[string]*string{"canonicalIdentification": &ref.CanonicalURI, "version": &ref.Version, "canonicalVersionUri": &ref.CanonicalVersionURI}
			if err := rd.textChildren(k, fields, "canonicalIdentification", "version", "canonicalVersionUri"); err != nil {
				return err
			}
			inner["genericodeIdentification"] = true
		case name == "canonicalURI" && rd.version == 3:
			err = rd.str(inner, k, &ref.CanonicalURI)
		case name == "version" && rd.version == 3:
			err = rd.str(inner, k, &ref.Version)
		default:
			return rd.unexpected(k)
		}
		if err != nil {
			return err
		}
	}
	if rd.version == 2 {
		if err := require(rd, c, inner, "identifikation", "genericodeIdentification"); err != nil {
			return err
		}
	}
	if ref.CanonicalURI == "" {
		// XDatenfelder 3 allows an empty reference element; it references
		// nothing.
		if rd.version == 3 {
			return nil
		}
		return rd.fail(c, ErrEmptyValue, "code-list reference without canonical URI")
	}
	if reg := rd.opts.Codelisten; reg != nil {
		if ref.Version != "" {
			ref.List, _ = reg.Get(ref.CanonicalURI, ref.Version)
		} else {
			ref.List, _ = reg.Latest(ref.CanonicalURI)
		}
	}
	if ref.List == nil && rd.opts.RequireCodelisten {
		return rd.fail(c, ErrCodelistMissing, "code list %s version %s not in registry", ref.CanonicalURI, ref.Version)
	}
	f.Codeliste = ref
	return nil
}

func (rd *reader) rule(n *node) (*Regel, error) {
	r := &Regel{}
	seen := once{}
	for _, c := range n.children {
		name, err := rd.local(c)
		if err != nil {
			return nil, err
		}
		if ok, err := rd.common(seen, c, &r.Element); ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		switch {
		case name == "script" && rd.version == 2, name == "skript" && rd.version == 3:
			err = rd.str(seen, c, &r.Script)
		case name == "freitextRegel" && rd.version == 3:
			err = rd.str(seen, c, &r.FreitextRegel)
		case name == "typ" && rd.version == 3:
			err = rd.code(seen, c, &r.Typ, nil, "")
		case (name == "param" || name == "ziel" || name == "fehler") && rd.version == 3:
			var b strings.Builder
			if err := xmlText(&b, c); err != nil {
				return nil, err
			}
			switch name {
			case "param":
				r.Param = append(r.Param, b.String())
			case "ziel":
				r.Ziel = append(r.Ziel, b.String())
			default:
				r.Fehler = append(r.Fehler, b.String())
			}
		default:
			return nil, rd.unexpected(c)
		}
		if err != nil {
			return nil, err
		}
	}
	if rd.version == 3 {
		if err := require(rd, n, seen, "typ"); err != nil {
			return nil, err
		}
	}
	return r, rd.requireElement(n, seen, &r.Element, "regel")
}

// xmlText concatenates the trimmed text of an element and its descendants,
// separated by spaces.
func xmlText(b *strings.Builder, n *node) error {
	if v := n.value(); v != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(v)
	}
	for _, c := range n.children {
		if err := xmlText(b, c); err != nil {
			return err
		}
	}
	return nil
}

// parseTimestamp parses an xs:dateTime with or without zone (taken as UTC
// when absent); it returns the zero time for other text.
func parseTimestamp(v string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t
		}
	}
	return time.Time{}
}
