package xoev

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// writer is a small XML writer that writes names exactly as given, so the
// prefixes a standard declares end up in the output.
type writer struct {
	b bytes.Buffer
}

func (w *writer) indent(level int) {
	w.b.WriteByte('\n')
	for range level {
		w.b.WriteString("  ")
	}
}

func (w *writer) attr(name, value string) {
	w.b.WriteByte(' ')
	w.b.WriteString(name)
	w.b.WriteString(`="`)
	escapeAttr(&w.b, value)
	w.b.WriteByte('"')
}

func escapeAttr(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '"':
			b.WriteString("&quot;")
		case '\t':
			b.WriteString("&#x9;")
		case '\n':
			b.WriteString("&#xA;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteByte(c)
		}
	}
}

func escapeText(b *bytes.Buffer, s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '\r':
			b.WriteString("&#xD;")
		default:
			b.WriteByte(c)
		}
	}
}

// leaf writes <name>text</name> on its own line.
func (w *writer) leaf(level int, name, text string) {
	w.indent(level)
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.b.WriteByte('>')
	escapeText(&w.b, text)
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

func (w *writer) open(level int, name string) {
	w.indent(level)
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

func (w *writer) close(level int, name string) {
	w.indent(level)
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteByte('>')
}

func (w *writer) code(level int, name string, c Code) {
	w.indent(level)
	w.b.WriteByte('<')
	w.b.WriteString(name)
	if c.HasListURI() {
		w.attr("listURI", c.ListURI)
	}
	if c.HasListVersionID() {
		w.attr("listVersionID", c.ListVersionID)
	}
	w.b.WriteByte('>')
	w.leaf(level+1, "code", c.Code)
	if c.HasName() {
		w.leaf(level+1, "name", c.Name)
	}
	w.close(level, name)
}

func (w *writer) behoerde(level int, name string, b *Behoerde) {
	w.open(level, name)
	w.code(level+1, "verzeichnisdienst", b.Verzeichnisdienst)
	w.leaf(level+1, "kennung", b.Kennung)
	w.leaf(level+1, "name", b.Name)
	for _, k := range b.Erreichbarkeit {
		w.open(level+1, "erreichbarkeit")
		w.code(level+2, "kanal", k.Kanal)
		w.leaf(level+2, "kennung", k.Kennung)
		if k.Zusatz != "" {
			w.leaf(level+2, "zusatz", k.Zusatz)
		}
		w.close(level+1, "erreichbarkeit")
	}
	w.close(level, name)
}

func (w *writer) legacyBehoerde(level int, q func(string) string, name string, b *Behoerde) {
	w.open(level, q(name))
	if bk := b.Behoerdenkennung; bk != nil {
		w.open(level+1, q("behoerdenkennung"))
		w.code(level+2, q("praefix"), bk.Praefix)
		w.code(level+2, q("kennung"), bk.Kennung)
		w.close(level+1, q("behoerdenkennung"))
	}
	for _, k := range b.Erreichbarkeit {
		w.open(level+1, q("erreichbarkeit"))
		w.code(level+2, q("kanal"), k.Kanal)
		w.leaf(level+2, q("kennung"), k.Kennung)
		if k.Zusatz != "" {
			w.leaf(level+2, q("zusatz"), k.Zusatz)
		}
		w.close(level+1, q("erreichbarkeit"))
	}
	if len(b.Anschrift) > 0 {
		w.indent(level + 1)
		w.b.Write(b.Anschrift)
	}
	if b.Behoerdenname != "" {
		w.leaf(level+1, q("behoerdenname"), b.Behoerdenname)
	}
	w.close(level, q(name))
}

func encodeErr(reason string, args ...any) error {
	return &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.Encode", Err: fmt.Errorf(reason, args...)}
}

// startRoot writes the XML declaration, the root start tag and the
// header; it returns the qualified root name.
func (w *writer) header(h *Header) (string, error) {
	if h.Local == "" {
		return "", encodeErr("xoev: root element name missing")
	}
	if h.Namespace != "" && h.Prefix == "" {
		// Unqualified header elements cannot sit under a default namespace
		// without xmlns="" on each; XÖV standards use a prefix.
		return "", encodeErr("xoev: root namespace %q needs a prefix", h.Namespace)
	}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	if len(h.Prolog) > 0 {
		w.b.Write(h.Prolog)
		w.b.WriteByte('\n')
	}
	w.b.WriteByte('<')
	root := h.Local
	if h.Prefix != "" {
		root = h.Prefix + ":" + h.Local
	}
	w.b.WriteString(root)
	declared := false
	for _, n := range h.Namespaces {
		if n.Prefix == "" {
			return "", encodeErr("xoev: default namespace declarations are not supported")
		}
		w.attr("xmlns:"+n.Prefix, n.URI)
		if n.Prefix == h.Prefix {
			if n.URI != h.Namespace {
				return "", encodeErr("xoev: prefix %q declared for %q, root is in %q", n.Prefix, n.URI, h.Namespace)
			}
			declared = true
		}
	}
	if h.Namespace != "" && !declared {
		w.attr("xmlns:"+h.Prefix, h.Namespace)
	}
	for _, a := range h.Attrs {
		w.attr(a.Name, a.Value)
	}
	w.attr("produkt", h.Produkt)
	w.attr("produkthersteller", h.Produkthersteller)
	if h.Produktversion != "" || h.present&hasProduktversion != 0 {
		w.attr("produktversion", h.Produktversion)
	}
	w.attr("standard", h.Standard)
	if h.IsTest() {
		w.attr("test", h.Test)
	}
	w.attr("version", h.Version)
	w.b.WriteByte('>')

	k := &h.Kopf
	// q qualifies the header's element names: unqualified in g2g 1.1, with
	// the root's prefix in the legacy form.
	q := func(s string) string { return s }
	kopfName := "nachrichtenkopf.g2g"
	if h.Form == FormLegacy {
		if h.Prefix == "" {
			return "", encodeErr("xoev: the legacy header needs a root prefix")
		}
		q = func(s string) string { return h.Prefix + ":" + s }
		kopfName = q("nachrichtenkopf")
	}
	w.open(1, kopfName)
	w.open(2, q("identifikation.nachricht"))
	id := &k.Identifikation
	w.leaf(3, q("nachrichtenUUID"), id.NachrichtenUUID)
	w.code(3, q("nachrichtentyp"), id.Nachrichtentyp)
	w.leaf(3, q("erstellungszeitpunkt"), timestampText(id))
	w.close(2, q("identifikation.nachricht"))
	if h.Form == FormLegacy {
		w.legacyBehoerde(2, q, "leser", &k.Leser)
		w.legacyBehoerde(2, q, "autor", &k.Autor)
	} else {
		w.behoerde(2, "leser", &k.Leser)
		w.behoerde(2, "autor", &k.Autor)
	}
	switch {
	case k.Extension != nil:
		if err := w.extension(k.Extension); err != nil {
			return "", err
		}
	case len(k.Rest) > 0:
		w.indent(2)
		w.b.Write(k.Rest)
	}
	w.close(1, kopfName)
	return root, nil
}

// timestampText keeps the decoded lexical form while it still denotes the
// same instant, else writes milliseconds and zone.
func timestampText(id *IdentifikationNachricht) string {
	if id.rawZeit != "" {
		if t, _, _, err := ParseTimestamp(id.rawZeit); err == nil && t.Equal(id.Erstellungszeitpunkt) {
			return id.rawZeit
		}
	}
	return FormatTimestamp(id.Erstellungszeitpunkt)
}

func (w *writer) extension(ext any) error {
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ")
	if err := enc.EncodeElement(ext, xml.StartElement{Name: xml.Name{Local: "x"}}); err != nil {
		return encodeErr("xoev: header extension: %w", err)
	}
	s := b.String()
	s = strings.TrimPrefix(strings.TrimSpace(s), "<x>")
	s = strings.TrimSuffix(s, "</x>")
	s = strings.TrimRight(s, " \n")
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if strings.Contains(s, "xmlns") {
		return encodeErr("xoev: header extension must use unqualified elements")
	}
	w.b.WriteString(s)
	return nil
}

// EncodeHeader writes a complete message whose body is given verbatim: the
// XML declaration, the root element with h's attributes and namespaces,
// the nachrichtenkopf.g2g, body, and the root end tag. body must use the
// prefixes h declares.
func EncodeHeader(h *Header, body []byte) ([]byte, error) {
	var w writer
	root, err := w.header(h)
	if err != nil {
		return nil, err
	}
	w.b.Write(body)
	if len(body) == 0 {
		w.b.WriteByte('\n')
	}
	w.b.WriteString("</" + root + ">\n")
	return w.b.Bytes(), nil
}
