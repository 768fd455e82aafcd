package zufi

import (
	"errors"
	"fmt"
	"io"
	"slices"
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

// Error names the line and the cause.
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

// Error names the element path, its line and the cause.
func (e *FieldError) Error() string {
	return fmt.Sprintf("zufi: %s (line %d): %v", e.Path, e.Line, e.Err)
}

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// UnmappedError is returned in strict mode when elements were not mapped.
type UnmappedError struct {
	Elements []Unmapped
}

// Error names the number of unmapped elements and the first of them.
func (e *UnmappedError) Error() string {
	if len(e.Elements) == 0 {
		return "zufi: unmapped elements"
	}
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

// container maps the children of a message or wrapper element: the
// objects of a schreibe message or PVOG page, the header (nachrichtenkopf,
// transaktionID, transaktionPosition) and nested schreibe wrappers.
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
		case "nachrichtenkopf":
			c.used = true
			m.Kopf = Nachrichtenkopf{NachrichtUUID: c.str("nachrichtUUID"), ErstelltDatumZeit: rd.time(c.one("erstelltDatumZeit")),
				Sender: c.str("sender"), Empfaenger: c.str("empfaenger")}
		case "transaktionID":
			c.used = true
			m.TransaktionID = c.text
		case "transaktionPosition":
			c.used = true
			m.TransaktionPosition = rd.number(c)
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

// code maps an xoev-code style element: children code (or
// nichtGelisteterWert of an extensible list) and name, list metadata as
// attributes; an element without children is the code itself.
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
	c.NichtGelistet = n.str("nichtGelisteterWert")
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

// hyperlinks maps XZuFi HyperlinkErweitert elements (uri, titel,
// beschreibung, positionDarstellung, languageCode); an element without
// children is the address itself (2.2.0 linkKostenbildung).
func (rd *reader) hyperlinks(n *node, local string) []Link {
	var out []Link
	for _, c := range n.all(local) {
		l := Link{URL: c.str("uri"), Title: c.str("titel"), Beschreibung: c.str("beschreibung"), Lang: c.attr("languageCode")}
		if p := c.one("positionDarstellung"); p != nil {
			l.Position = rd.number(p)
		}
		if len(c.children) == 0 {
			l.URL = c.text
		}
		out = append(out, l)
	}
	return out
}

// odLinks maps the links of an Onlinedienst (link, titel, typ).
func (rd *reader) odLinks(n *node, local string) []Link {
	var out []Link
	for _, c := range n.all(local) {
		l := Link{URL: c.str("link"), Title: c.str("titel"), Lang: c.attr("languageCode")}
		if t := c.one("typ"); t != nil {
			l.Typ = rd.code(t)
		}
		out = append(out, l)
	}
	return out
}

func (rd *reader) leika(n *node, s string) ozg.Leistungsschluessel {
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

// flag maps an optional boolean child; nil if absent.
func (rd *reader) flag(n *node, local string) *bool {
	c := n.one(local)
	if c == nil {
		return nil
	}
	b := rd.boolean(c)
	return &b
}

func (rd *reader) number(n *node) int {
	v, err := strconv.Atoi(n.text)
	if err != nil || v < 0 {
		rd.fail(n, "%q is not a non-negative integer", n.text)
	}
	return v
}

// position maps the optional positionDarstellung child.
func (rd *reader) position(n *node) int {
	if p := n.one("positionDarstellung"); p != nil {
		return rd.number(p)
	}
	return 0
}

// textmodule maps a modulText, modulTextIndividuell or
// modulAuskunftshinweis; typ names the element holding its type code.
func (rd *reader) textmodule(n *node, typ string) Textmodul {
	t := Textmodul{Position: rd.position(n), Inhalt: rd.texts(n, "inhalt"), Links: rd.hyperlinks(n, "weiterfuehrenderLink"),
		AbweichendeBezeichnung: rd.texts(n, "leikaTextmodulAbweichendeBezeichnung")}
	if typ != "" {
		t.Modul = rd.code(n.one(typ))
	}
	return t
}

func (rd *reader) textmodules(n *node, module, typ string) []Textmodul {
	var out []Textmodul
	for _, c := range n.all(module) {
		out = append(out, rd.textmodule(c, typ))
	}
	return out
}

func (rd *reader) zeitraeume(n *node, local string) []Zeitraum {
	var out []Zeitraum
	for _, c := range n.all(local) {
		z := Zeitraum{Beginn: c.str("beginn"), Ende: c.str("ende"), Zusatz: rd.texts(c, "zusatz")}
		for _, d := range []string{z.Beginn, z.Ende} {
			if d != "" && !isDate(d) {
				rd.fail(c, "%q is not a date", d)
			}
		}
		out = append(out, z)
	}
	return out
}

// modul maps what every module carries besides its entries into info; a
// module may occur more than once (2.3.1), the texts and links add up.
func (rd *reader) modul(m *node, info *ModulInfo) {
	if p := rd.position(m); info.Position == 0 {
		info.Position = p
	}
	info.Beschreibung = append(info.Beschreibung, rd.texts(m, "beschreibung")...)
	info.Links = append(info.Links, rd.hyperlinks(m, "weiterfuehrenderLink")...)
}

// zeiteinheiten are the values of the XZuFi Zeiteinheit enumeration.
var zeiteinheiten = []string{EinheitJahr, EinheitMonat, EinheitWoche, EinheitTag, EinheitWerktag, EinheitArbeitstag, EinheitStunde, EinheitMinute, EinheitSekunde}

func (rd *reader) einheit(n *node) string {
	if n == nil {
		return ""
	}
	if !slices.Contains(zeiteinheiten, n.text) {
		rd.fail(n, "%q is not a Zeiteinheit (JAHR, MONAT, WOCHE, TAG, WERKTAG, ARBEITSTAG, STUNDE, MINUTE, SEKUNDE)", n.text)
	}
	return n.text
}

// frist maps a frist or bearbeitungsdauer: a duration (dauer, einheit,
// dauerBis, einheitBis) or a Stichtag (von, bis), with its description.
func (rd *reader) frist(n *node) Frist {
	f := Frist{Typ: rd.code(n.one("typ")), Beschreibung: rd.texts(n, "beschreibung"), Position: rd.position(n),
		Von: rd.stichtag(n.one("von")), Bis: rd.stichtag(n.one("bis"))}
	if d := n.one("dauer"); d != nil {
		f.Dauer = &Dauer{Wert: rd.number(d), Einheit: rd.einheit(n.one("einheit"))}
		if f.Dauer.Einheit == "" {
			rd.fail(d, "dauer without einheit")
		}
		if b := n.one("dauerBis"); b != nil {
			f.Dauer.WertBis = rd.number(b)
			f.Dauer.EinheitBis = rd.einheit(n.one("einheitBis"))
		}
	}
	return f
}

// stichtag checks a von or bis of a Stichtag: a date (xs:date, with an
// optional zone) or a recurring day of the year (xs:gMonthDay, --MM-DD).
func (rd *reader) stichtag(n *node) string {
	if n == nil {
		return ""
	}
	s := n.text
	if strings.HasPrefix(s, "--") {
		if _, err := time.Parse("2006-01-02", "2000"+s[1:]); err == nil && len(s) == 7 {
			return s
		}
	} else if isDate(s) {
		return s
	}
	rd.fail(n, "%q is not a date or --MM-DD", s)
	return s
}

// isDate reports whether s is an xs:date: yyyy-mm-dd with an optional
// time zone.
func isDate(s string) bool {
	if len(s) < 10 {
		return false
	}
	_, err := time.Parse("2006-01-02", s[:10])
	return err == nil && (len(s) == 10 || validZone(s[10:]))
}

// validZone reports whether s is an xs:date time zone: Z or ±hh:mm.
func validZone(s string) bool {
	if s == "Z" {
		return true
	}
	_, err := time.Parse("-07:00", s)
	return err == nil && (s[0] == '+' || s[0] == '-')
}

func (rd *reader) fristen(n *node, module, item string, info *ModulInfo) []Frist {
	var out []Frist
	for _, m := range n.all(module) {
		rd.modul(m, info)
		for _, f := range m.all(item) {
			out = append(out, rd.frist(f))
		}
	}
	return out
}

func (rd *reader) kosten(n *node, info *ModulInfo) []Kosten {
	var out []Kosten
	for _, m := range n.all("modulKosten") {
		rd.modul(m, info)
		for _, c := range m.all("kosten") {
			k := Kosten{Typ: rd.code(c.one("typ")), Beschreibung: rd.texts(c, "beschreibung"), Position: rd.position(c),
				Variabilitaet: rd.texts(c, "beschreibungVariabilitaet"), Kostenfrei: rd.texts(c, "beschreibungKostenfreiheit")}
			k.Betrag = rd.amount(c.one("betrag"))
			k.BetragVon = rd.amount(c.one("betragUntergrenze"))
			k.BetragBis = rd.amount(c.one("betragObergrenze"))
			if k.BetragVon != nil && k.BetragBis != nil && k.BetragVon.GreaterThan(*k.BetragBis) {
				rd.fail(c, "betragUntergrenze greater than betragObergrenze")
			}
			k.Vorkasse = rd.flag(c, "vorkasse")
			k.Links = rd.hyperlinks(c, "linkKostenbildung")
			out = append(out, k)
		}
	}
	return out
}

// dokument maps an XZuFi Dokument: typ (2.2.0) or art (2.3.1),
// bezeichnung, beschreibung, the referenced forms and the signature.
func (rd *reader) dokument(n *node, ausgehend bool) Dokument {
	d := Dokument{Ausgehend: ausgehend, Bezeichnung: rd.texts(n, "bezeichnung"), Beschreibung: rd.texts(n, "beschreibung"),
		Signatur: rd.code(n.one("angabeSignatur"))}
	if t := n.one("typ"); t != nil {
		d.Typ = rd.code(t)
	} else {
		d.Typ = rd.code(n.one("art"))
	}
	d.FormularIDs = append(rd.ids(n, "referenzFormularID"), rd.ids(n, "formularReferenz")...)
	return d
}

// dokumente maps modulDokument: dokumentEingehend (2.2.0: a Dokument;
// 2.3.1: pflichtangabetyp and a nested dokument) and dokumentAusgehend.
func (rd *reader) dokumente(n *node, info *ModulInfo) []Dokument {
	var out []Dokument
	for _, m := range n.all("modulDokument") {
		rd.modul(m, info)
		info.Beschreibung = append(info.Beschreibung, rd.texts(m, "beschreibungEingehend")...)
		info.Beschreibung = append(info.Beschreibung, rd.texts(m, "beschreibungAusgehend")...)
		for _, e := range m.all("dokumentEingehend") {
			if inner := e.one("dokument"); inner != nil {
				d := rd.dokument(inner, false)
				d.Pflichtangabetyp = rd.code(e.one("pflichtangabetyp"))
				out = append(out, d)
				continue
			}
			out = append(out, rd.dokument(e, false))
		}
		for _, a := range m.all("dokumentAusgehend") {
			out = append(out, rd.dokument(a, true))
		}
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

func (rd *reader) sprachversionen(n *node, local string) []Sprachversion {
	var out []Sprachversion
	for _, c := range n.all(local) {
		out = append(out, Sprachversion{Lang: c.str("languageCode"), NameDeutsch: c.str("sprachbezeichnungDeutsch"), NameNativ: c.str("sprachbezeichnungNativ")})
	}
	return out
}

func (rd *reader) kategorien(n *node, local string) []Kategorie {
	var out []Kategorie
	for _, c := range n.all(local) {
		k := Kategorie{ID: rd.id(c.one("id")), UebergeordneteKategorieID: rd.id(c.one("uebergeordneteKategorieID")),
			Bezeichnung: rd.texts(c, "bezeichnung"), Beschreibung: rd.texts(c, "beschreibung")}
		for _, kl := range c.all("klasse") {
			k.Klassen = append(k.Klassen, Kategorieklasse{ID: rd.id(kl.one("id")), Bezeichnung: rd.texts(kl, "bezeichnung")})
		}
		out = append(out, k)
	}
	return out
}

func (rd *reader) leistung(n *node) Leistung {
	l := Leistung{ID: rd.id(n.one("id")), IDSekundaer: rd.ids(n, "idSekundaer")}
	for _, c := range n.all("referenzLeiKa") {
		s := c.text
		if len(c.children) > 0 {
			s = c.str("code")
		}
		l.ReferenzLeiKa = append(l.ReferenzLeiKa, rd.leika(c, s))
	}
	for _, id := range n.all("referenzLeistungsschluessel") {
		l.ReferenzLeiKa = append(l.ReferenzLeiKa, rd.leika(id, rd.id(id).Value))
	}
	if s := n.one("struktur"); s != nil {
		st := &Struktur{Typ: s.xsiType(), LeistungsobjektID: rd.id(s.one("leistungsobjektID"))}
		if v := s.one("verrichtung"); v != nil {
			st.Verrichtung = rd.code(v.one("verrichtungLeiKa"))
		}
		st.Verrichtungsdetail = rd.texts(s, "verrichtungsdetail")
		l.Struktur = st
	}
	l.Texte = rd.textmodules(n, "modulText", "leikaTextmodul")
	l.TexteIndividuell = rd.textmodules(n, "modulTextIndividuell", "individuellesTextmodultyp")
	l.Auskunftshinweise = rd.textmodules(n, "modulAuskunftshinweis", "")
	l.Fristen = rd.fristen(n, "modulFrist", "frist", &l.FristModul)
	l.Kosten = rd.kosten(n, &l.KostenModul)
	l.Bearbeitungsdauer = rd.fristen(n, "modulBearbeitungsdauer", "bearbeitungsdauer", &l.BearbeitungsdauerModul)
	l.Dokumente = rd.dokumente(n, &l.DokumentModul)
	for _, m := range n.all("modulBegriffImKontext") {
		for _, b := range m.all("begriffImKontext") {
			bg := Begriff{Typ: rd.code(b.one("typ"))}
			if t := rd.texts(b, "begriff"); len(t) > 0 {
				bg.Begriff = t[0]
			}
			l.Begriffe = append(l.Begriffe, bg)
		}
	}
	for _, m := range n.all("modulFachlicheFreigabe") {
		l.FachlichFreigegebenAm = rd.time(m.one("fachlichFreigegebenAm"))
		l.FachlichFreigegebenVon = append(l.FachlichFreigegebenVon, rd.texts(m, "fachlichFreigegebenDurch")...)
	}
	l.Ursprungsportal = rd.hyperlinks(n, "modulUrsprungsportal")
	l.Typisierung = rd.codes(n, "typisierung")
	if v := n.one("vertrauensniveau"); v != nil {
		l.Vertrauensniveau, l.VertrauensniveauCode = rd.trust(v)
	}
	l.Adressaten = rd.codes(n, "leistungsadressat")
	l.SchriftformErforderlich = rd.flag(n, "kennzeichenSchriftformerfordernis")
	if f := rd.flag(n, "kennzeichenFormularSchriftformerfordernis"); f != nil {
		l.SchriftformErforderlich = f
	}
	l.PersoenlichErforderlich = rd.flag(n, "kennzeichenFormularPersoenlich")
	l.Formlos = rd.flag(n, "kennzeichenFormularFormlos")
	l.EinheitlicherAnsprechpartner = rd.flag(n, "kennzeichenEA")
	l.Kategorien = rd.kategorien(n, "kategorie")
	l.Klassifizierung = rd.codes(n, "klassifizierung")
	l.InformationsbereichSDG = rd.codes(n, "informationsbereichSDG")
	_, l.GueltigkeitGebiet = rd.gebiete(n, "gueltigkeitGebietID")
	l.Sprachversionen = rd.sprachversionen(n, "sprachversion")
	l.Gueltigkeit = rd.zeitraeume(n, "gueltigkeit")
	l.ProzessIDs = append(rd.ids(n, "idProzess"), rd.ids(n, "prozessID")...)
	l.LeistungImKontextIDs = append(rd.ids(n, "idLeistungImKontext"), rd.ids(n, "leistungImKontextID")...)
	for _, local := range []string{"versionsinformation", "versionsinformationen"} {
		if v := n.one(local); v != nil {
			l.GeaendertAm = rd.time(v.one("geaendertDatumZeit"))
			l.ErstelltAm = rd.time(v.one("erstelltDatumZeit"))
			l.Version = v.str("version")
		}
	}
	return l
}

func (rd *reader) time(n *node) time.Time {
	if n == nil {
		return time.Time{}
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02Z07:00", "2006-01-02"} {
		if t, err := time.Parse(layout, n.text); err == nil {
			return t
		}
	}
	rd.fail(n, "%q is not a date-time", n.text)
	return time.Time{}
}

// trustCodes are the codes of the FIM code list Vertrauensniveau
// (urn:xoev-de:fim:codeliste:vertrauensniveau), as the FIM portal's XZuFi
// models list them. Their names are not confirmed by a public source, so
// the reader derives the trust level only from a name sent with the code.
var trustCodes = []string{"00", "10", "15", "20", "30", "40"}

// trust maps a vertrauensniveau: the code must be one of the code list; the
// trust level comes from the name (niedrig, substanziell, hoch,
// Basisregistrierung and their BundID, STORK and eIDAS forms) and is 0 for
// a bare code. Unknown codes and names are a field error.
func (rd *reader) trust(n *node) (ozg.Vertrauensniveau, Code) {
	c := rd.code(n)
	if c.Code != "" && !slices.Contains(trustCodes, c.Code) {
		rd.fail(n, "trust level code %q is not in urn:xoev-de:fim:codeliste:vertrauensniveau (00, 10, 15, 20, 30, 40)", c.Code)
		return 0, c
	}
	if c.Name == "" {
		return 0, c
	}
	v, err := ozg.ParseVertrauensniveau(c.Name)
	if err != nil {
		rd.fail(n, "trust level: %w", err)
	}
	return v, c
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
		o.Kommunikation = append(o.Kommunikation, Kommunikation{Kanal: rd.code(k.one("kanal")), Kennung: k.str("kennung"), Zusatz: k.str("zusatz")})
	}
	o.Internetadressen = rd.hyperlinks(n, "internetadresse")
	for _, z := range n.all("zustaendigkeit") {
		o.Zustaendigkeiten = append(o.Zustaendigkeiten, rd.zustaendigkeit(z))
	}
	return o
}

func (rd *reader) onlinedienst(n *node) Onlinedienst {
	o := Onlinedienst{ID: rd.id(n.one("id")), IDSekundaer: rd.ids(n, "idSekundaer"), Bezeichnung: rd.texts(n, "bezeichnung")}
	o.Links = rd.odLinks(n, "link")
	if v := n.one("vertrauensniveau"); v != nil {
		o.Vertrauensniveau, o.VertrauensniveauCode = rd.trust(v)
	}
	for _, p := range n.all("parameter") {
		o.Parameter = append(o.Parameter, Parameter{Name: p.str("parameterName"), Wert: p.str("parameterWert")})
	}
	for _, z := range n.all("zustaendigkeit") {
		o.Zustaendigkeiten = append(o.Zustaendigkeiten, rd.zustaendigkeit(z))
	}
	o.Sprachversionen = rd.sprachversionen(n, "sprachversion")
	return o
}

func (rd *reader) spezialisierung(n *node) Spezialisierung {
	s := Spezialisierung{ID: rd.id(n.one("id")), LeistungID: rd.id(n.one("leistungID"))}
	_, s.Gebiete = rd.gebiete(n, "gebietID")
	s.Texte = rd.textmodules(n, "modulText", "leikaTextmodul")
	s.Kosten = rd.kosten(n, &s.KostenModul)
	s.Fristen = rd.fristen(n, "modulFrist", "frist", &s.FristModul)
	return s
}
