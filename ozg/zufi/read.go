package zufi

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// ErrNamespace reports a root element outside the XZuFi 2.2.0 and 2.3.1
// namespaces.
var ErrNamespace = errors.New("zufi: not an XZuFi 2.2.0 or 2.3.1 document")

// SyntaxError is malformed XML, with the line it was found on.
type SyntaxError struct {
	Line int   // 1-based line, 0 if unknown
	Err  error // the cause
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("zufi: line %d: %v", e.Line, e.Err) }

// Unwrap returns the cause.
func (e *SyntaxError) Unwrap() error { return e.Err }

// FieldError is an element whose content is not valid, e.g. a LeiKa key of
// the wrong length or an amount that is not a number.
type FieldError struct {
	Path string // element path, e.g. /schreibe.Leistung/leistung/referenzLeiKa/code
	Line int    // 1-based line of the element
	Err  error  // the cause
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("zufi: %s (line %d): %v", e.Path, e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// UnmappedError is returned in strict mode when elements were not mapped.
type UnmappedError struct {
	Elements []Unmapped
}

func (e *UnmappedError) Error() string {
	first := e.Elements[0]
	return fmt.Sprintf("zufi: %d unmapped element(s), first %s (line %d)", len(e.Elements), first.Path, first.Line)
}

// ReadOptions configure Read. A nil *ReadOptions is valid.
type ReadOptions struct {
	// Strict makes elements the reader does not map an error
	// (*UnmappedError) instead of a list in Message.Unmapped.
	Strict bool
	// MaxBytes bounds the document size; 0 means 256 MiB.
	MaxBytes int64
}

// limitReader fails once more than n bytes were read.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, fmt.Errorf("document larger than the limit")
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// Read reads an XZuFi 2.2.0 or 2.3.1 message whose root element is a
// schreibe message (or any element of the namespace that holds leistung,
// organisationseinheit, onlinedienst and spezialisierung elements, such as a
// PVOG transfer page). Errors are *ozg.Error with code InvalidArgument
// wrapping a *SyntaxError, *FieldError, *UnmappedError or ErrNamespace.
func Read(r io.Reader, opts *ReadOptions) (*Message, error) {
	limit := int64(256 << 20)
	if opts != nil && opts.MaxBytes > 0 {
		limit = opts.MaxBytes
	}
	// One byte more than the limit may be read, so that a document of
	// exactly MaxBytes passes.
	root, _, err := parseTree(&limitReader{r: r, n: limit + 1})
	if err != nil {
		return nil, invalid(err)
	}
	m := &Message{Root: root.name.Local}
	switch root.name.Space {
	case Namespace220:
		m.Version = "2.2.0"
	case Namespace231:
		m.Version = "2.3.1"
	default:
		return nil, invalid(fmt.Errorf("%w: root {%s}%s", ErrNamespace, root.name.Space, root.name.Local))
	}
	rd := &reader{}
	root.used = true
	rd.container(m, root)
	if rd.err != nil {
		return nil, invalid(rd.err)
	}
	walkUnused(root, &m.Unmapped, &m.Mapped)
	if opts != nil && opts.Strict && len(m.Unmapped) > 0 {
		return nil, invalid(&UnmappedError{Elements: m.Unmapped})
	}
	return m, nil
}

func invalid(err error) error {
	return &ozg.Error{Code: ozg.InvalidArgument, Op: "zufi.Read", Err: err}
}

// reader maps nodes to structs and keeps the first field error.
type reader struct{ err error }

func (rd *reader) fail(n *node, format string, args ...any) {
	if rd.err == nil {
		rd.err = &FieldError{Path: n.path(), Line: n.line, Err: fmt.Errorf(format, args...)}
	}
}

// container maps the children of a message or wrapper element. Header
// elements (nachrichtenkopf, produkt …) are mapped as consumed wrappers only
// when known.
func (rd *reader) container(m *Message, n *node) {
	for _, c := range n.children {
		switch c.name.Local {
		case "leistung":
			c.used = true
			m.Leistungen = append(m.Leistungen, rd.leistung(c))
		case "organisationseinheit":
			c.used = true
			m.Organisationseinheiten = append(m.Organisationseinheiten, rd.organisationseinheit(c))
		case "onlinedienst":
			c.used = true
			m.Onlinedienste = append(m.Onlinedienste, rd.onlinedienst(c))
		case "spezialisierung":
			c.used = true
			m.Spezialisierungen = append(m.Spezialisierungen, rd.spezialisierung(c))
		case "zustaendigkeitTransferObjekt":
			c.used = true
			t := ZustaendigkeitTransfer{UebergeordnetesObjektID: rd.id(c.one("uebergeordnetesObjektID"))}
			if z := c.one("zustaendigkeit"); z != nil {
				t.Zustaendigkeit = rd.zustaendigkeit(z)
			}
			m.Zustaendigkeiten = append(m.Zustaendigkeiten, t)
		case "loesche":
			c.used = true
			l := Loeschung{Klasse: c.attr("klasse"), ID: rd.id(c.one("id"))}
			if l.ID.Value == "" && len(c.children) == 0 {
				l.ID.Value = c.text
			}
			m.Loeschungen = append(m.Loeschungen, l)
		case "schreibe":
			c.used = true
			rd.container(m, c)
		}
	}
}

func (rd *reader) id(n *node) ID {
	if n == nil {
		return ID{}
	}
	n.used = true
	return ID{Value: n.text, SchemeID: n.attr("schemeID"), SchemeAgencyID: n.attr("schemeAgencyID")}
}

func (rd *reader) ids(n *node, local string) []ID {
	var out []ID
	for _, c := range n.all(local) {
		out = append(out, rd.id(c))
	}
	return out
}

// code maps an xoev-code style element: children code and name, list
// metadata as attributes; an element without children is the code itself.
func (rd *reader) code(n *node) Code {
	if n == nil {
		return Code{}
	}
	n.used = true
	c := Code{ListURI: n.attr("listURI"), ListVersionID: n.attr("listVersionID")}
	if len(n.children) == 0 {
		c.Code = n.text
		return c
	}
	c.Code = n.str("code")
	c.Name = n.str("name")
	return c
}

func (rd *reader) codes(n *node, local string) []Code {
	var out []Code
	for _, c := range n.all(local) {
		out = append(out, rd.code(c))
	}
	return out
}

func (rd *reader) texts(n *node, local string) []Text {
	var out []Text
	for _, c := range n.all(local) {
		out = append(out, Text{Lang: c.attr("languageCode"), Text: c.text})
	}
	return out
}

func (rd *reader) links(n *node, local string) []Link {
	var out []Link
	for _, c := range n.all(local) {
		l := Link{URL: c.str("link"), Title: c.str("titel"), Lang: c.attr("languageCode")}
		if t := c.one("typ"); t != nil {
			l.Typ = rd.code(t)
		}
		if l.URL == "" && len(c.children) == 0 {
			l.URL = c.text
		}
		out = append(out, l)
	}
	return out
}

func (rd *reader) leika(n *node) ozg.Leistungsschluessel {
	s := n.text
	if len(n.children) > 0 {
		s = n.str("code")
	}
	k, err := ozg.ParseLeistungsschluessel(s)
	if err != nil {
		rd.fail(n, "LeiKa key: %w", err)
	}
	return k
}

func (rd *reader) ars(n *node, s string) (ozg.ARS, bool) {
	a, err := ozg.ParseARS(s)
	if err != nil {
		rd.fail(n, "ARS: %w", err)
		return ozg.ARS{}, false
	}
	return a, true
}

func (rd *reader) amount(n *node) *decimal.Decimal {
	if n == nil {
		return nil
	}
	d, err := decimal.NewFromString(n.text)
	if err != nil {
		rd.fail(n, "amount %q is not a decimal number", n.text)
		return nil
	}
	if d.IsNegative() {
		rd.fail(n, "negative amount")
	}
	return &d
}

func (rd *reader) boolean(n *node) bool {
	switch n.text {
	case "true", "1":
		return true
	case "false", "0":
		return false
	}
	rd.fail(n, "%q is not a boolean", n.text)
	return false
}

func (rd *reader) number(n *node) int {
	v, err := strconv.Atoi(n.text)
	if err != nil || v < 0 {
		rd.fail(n, "%q is not a non-negative integer", n.text)
	}
	return v
}

func (rd *reader) textmodule(n *node) Textmodul {
	t := Textmodul{Modul: rd.code(n.one("leikaTextmodul"))}
	if p := n.one("positionDarstellung"); p != nil {
		t.Position = rd.number(p)
	}
	t.Inhalt = rd.texts(n, "inhalt")
	t.Links = rd.links(n, "weiterfuehrenderLink")
	return t
}

func (rd *reader) frist(n *node) Frist {
	f := Frist{Typ: rd.code(n.one("typ")), Beschreibung: rd.texts(n, "beschreibung")}
	if d := n.one("dauer"); d != nil {
		f.Dauer = &Dauer{Einheit: rd.code(d.one("einheit"))}
		if w := d.one("wert"); w != nil {
			f.Dauer.Wert = rd.number(w)
		}
	}
	return f
}

func (rd *reader) fristen(n *node, module, item string) []Frist {
	var out []Frist
	for _, m := range n.all(module) {
		for _, f := range m.all(item) {
			out = append(out, rd.frist(f))
		}
	}
	return out
}

func (rd *reader) kosten(n *node) []Kosten {
	var out []Kosten
	for _, m := range n.all("modulKosten") {
		for _, c := range m.all("kosten") {
			k := Kosten{Typ: rd.code(c.one("typ")), Beschreibung: rd.texts(c, "beschreibung")}
			k.Betrag = rd.amount(c.one("betragFix"))
			k.BetragVon = rd.amount(c.one("betragVon"))
			k.BetragBis = rd.amount(c.one("betragBis"))
			if k.BetragVon != nil && k.BetragBis != nil && k.BetragVon.GreaterThan(*k.BetragBis) {
				rd.fail(c, "betragVon greater than betragBis")
			}
			if v := c.one("vorkasse"); v != nil {
				k.Vorkasse = rd.boolean(v)
			}
			k.Links = rd.links(c, "linkKostenbildung")
			out = append(out, k)
		}
	}
	return out
}

func (rd *reader) textmodules(n *node) []Textmodul {
	var out []Textmodul
	for _, c := range n.all("modulText") {
		out = append(out, rd.textmodule(c))
	}
	return out
}

func (rd *reader) gebiete(n *node, local string) ([]ID, []ozg.ARS) {
	nodes := n.all(local)
	var ids []ID
	var arss []ozg.ARS
	for _, c := range nodes {
		id := rd.id(c)
		ids = append(ids, id)
		if id.SchemeID == "" || strings.HasPrefix(id.SchemeID, SchemeARS) {
			if a, ok := rd.ars(c, id.Value); ok {
				arss = append(arss, a)
			}
		}
	}
	return ids, arss
}

func (rd *reader) leistung(n *node) Leistung {
	l := Leistung{ID: rd.id(n.one("id")), IDSekundaer: rd.ids(n, "idSekundaer")}
	for _, c := range n.all("referenzLeiKa") {
		l.ReferenzLeiKa = append(l.ReferenzLeiKa, rd.leika(c))
	}
	if s := n.one("struktur"); s != nil {
		st := &Struktur{Typ: s.xsiType(), LeistungsobjektID: rd.id(s.one("leistungsobjektID"))}
		if v := s.one("verrichtung"); v != nil {
			st.Verrichtung = rd.code(v.one("verrichtungLeiKa"))
		}
		st.Verrichtungsdetail = rd.texts(s, "verrichtungsdetail")
		l.Struktur = st
	}
	l.Texte = rd.textmodules(n)
	l.Fristen = rd.fristen(n, "modulFrist", "frist")
	l.Kosten = rd.kosten(n)
	l.Bearbeitungsdauer = rd.fristen(n, "modulBearbeitungsdauer", "bearbeitungsdauer")
	for _, m := range n.all("modulDokument") {
		for _, d := range m.all("dokument") {
			doc := Dokument{Bezeichnung: rd.texts(d, "bezeichnung"), Beschreibung: rd.texts(d, "beschreibung")}
			if e := d.one("erforderlich"); e != nil {
				doc.Erforderlich = rd.boolean(e)
			}
			l.Dokumente = append(l.Dokumente, doc)
		}
	}
	l.Typisierung = rd.codes(n, "typisierung")
	if v := n.one("vertrauensniveau"); v != nil {
		l.Vertrauensniveau = rd.trust(v)
	}
	l.Adressaten = rd.codes(n, "adressat")
	if s := n.one("schriftformErforderlich"); s != nil {
		b := rd.boolean(s)
		l.SchriftformErforderlich = &b
	}
	for _, k := range n.all("klassifizierung") {
		l.Klassifizierung = append(l.Klassifizierung, Klassifizierung{Klasse: rd.code(k.one("klasse")), Bezeichnung: rd.texts(k, "bezeichnung")})
	}
	l.InformationsbereichSDG = rd.codes(n, "informationsbereichSDG")
	_, l.GueltigkeitGebiet = rd.gebiete(n, "gueltigkeitGebietID")
	if v := n.one("versionsinformation"); v != nil {
		l.GeaendertAm = rd.time(v.one("geaendertDatumZeit"))
	}
	return l
}

func (rd *reader) time(n *node) time.Time {
	if n == nil {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, n.text); err == nil {
			return t
		}
	}
	rd.fail(n, "%q is not a date-time", n.text)
	return time.Time{}
}

// trust maps a trust level given as a code (vertrauensniveau/code) or as
// text; unknown values are a field error.
func (rd *reader) trust(n *node) ozg.Vertrauensniveau {
	c := rd.code(n)
	s := c.Code
	if c.Name != "" && s == "" {
		s = c.Name
	}
	if v, ok := trustCodes[s]; ok {
		return v
	}
	v, err := ozg.ParseVertrauensniveau(s)
	if err != nil {
		rd.fail(n, "trust level: %w", err)
	}
	return v
}

// trustCodes maps the numeric codes of the FIM Vertrauensniveau code list
// (urn:xoev-de:fim:codeliste:vertrauensniveau: 1 Basisregistrierung, 2
// niedrig, 3 substanziell, 4 hoch).
var trustCodes = map[string]ozg.Vertrauensniveau{
	"1": ozg.NiveauBasisregistrierung, "2": ozg.NiveauNiedrig, "3": ozg.NiveauSubstanziell, "4": ozg.NiveauHoch,
}

func (rd *reader) zustaendigkeit(n *node) Zustaendigkeit {
	z := Zustaendigkeit{ID: rd.id(n.one("id")), IDSekundaer: rd.ids(n, "idSekundaer"), LeistungID: rd.id(n.one("leistungID"))}
	z.GebietID, z.Gebiete = rd.gebiete(n, "gebietID")
	if r := n.one("rolle"); r != nil {
		z.Rolle = rd.code(r)
	}
	for _, id := range z.IDSekundaer {
		if id.SchemeID == SchemeDestination && id.SchemeAgencyID != SchemeAgencyFITKO {
			rd.fail(n, "idSekundaer with scheme %s needs schemeAgencyID %s", SchemeDestination, SchemeAgencyFITKO)
		}
	}
	return z
}

func (rd *reader) organisationseinheit(n *node) Organisationseinheit {
	o := Organisationseinheit{ID: rd.id(n.one("id")), IDSekundaer: rd.ids(n, "idSekundaer")}
	if nm := n.one("name"); nm != nil {
		o.Name = rd.texts(nm, "name")
		if len(nm.children) == 0 {
			o.Name = append(o.Name, Text{Lang: nm.attr("languageCode"), Text: nm.text})
		}
	}
	o.Kurzbezeichnung = n.str("kurzbezeichnung")
	for _, a := range n.all("anschrift") {
		an := Anschrift{Typ: rd.code(a.one("typ")), Strasse: a.str("strasse"), Hausnummer: a.str("hausnummer"),
			Postfach: a.str("postfach"), Postleitzahl: a.str("postleitzahl"), Ort: a.str("ort")}
		if k := a.one("verwaltungspolitischeKodierung"); k != nil {
			an.Kodierung = Kodierung{Bundesland: rd.code(k.one("bundesland")), Kreis: rd.code(k.one("kreis")),
				Gemeindeschluessel: rd.code(k.one("gemeindeschluessel")), Regionalschluessel: rd.code(k.one("regionalschluessel"))}
			if s := an.Kodierung.Regionalschluessel.Code; s != "" {
				an.Kodierung.ARS, _ = rd.ars(k, s)
			}
		}
		o.Anschriften = append(o.Anschriften, an)
	}
	for _, k := range n.all("kommunikation") {
		o.Kommunikation = append(o.Kommunikation, Kommunikation{Kanal: rd.code(k.one("kanal")), Kennung: k.str("kennung"), Zusatz: k.str("kennungZusatz")})
	}
	o.Internetadressen = rd.links(n, "internetadresse")
	for _, z := range n.all("zustaendigkeit") {
		o.Zustaendigkeiten = append(o.Zustaendigkeiten, rd.zustaendigkeit(z))
	}
	return o
}

func (rd *reader) onlinedienst(n *node) Onlinedienst {
	o := Onlinedienst{ID: rd.id(n.one("id")), IDSekundaer: rd.ids(n, "idSekundaer"), Bezeichnung: rd.texts(n, "bezeichnung")}
	o.Links = rd.links(n, "link")
	if v := n.one("vertrauensniveau"); v != nil {
		o.Vertrauensniveau = rd.trust(v)
	}
	for _, p := range n.all("parameter") {
		o.Parameter = append(o.Parameter, Parameter{Name: p.str("parameterName"), Wert: p.str("parameterWert")})
	}
	for _, z := range n.all("zustaendigkeit") {
		o.Zustaendigkeiten = append(o.Zustaendigkeiten, rd.zustaendigkeit(z))
	}
	return o
}

func (rd *reader) spezialisierung(n *node) Spezialisierung {
	s := Spezialisierung{ID: rd.id(n.one("id")), LeistungID: rd.id(n.one("leistungID"))}
	_, s.Gebiete = rd.gebiete(n, "gebietID")
	s.Texte = rd.textmodules(n)
	s.Kosten = rd.kosten(n)
	s.Fristen = rd.fristen(n, "modulFrist", "frist")
	return s
}
