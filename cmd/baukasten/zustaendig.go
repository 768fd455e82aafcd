package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/shopspring/decimal"
)

const zustaendigUsage = `usage: baukasten ozg zustaendig (-xzufi FILE [-xzufi FILE...] | -pvog BASEURL [-timeout D] [-token-env NAME])
                              -leika KEY (-ars ARS | -plz PLZ) [-texte] [-json]

Answers who is responsible for the service with the LeiKa key in the area,
walking up the ARS hierarchy (Gemeinde, Gemeindeverband, Kreis,
Regierungsbezirk, Land) to the first area with a responsibility (with
-pvog: with a zuständige Stelle, else the nearest Ansprechpunkt), and which
online service, trust level, costs, documents, deadlines and processing
time apply. -xzufi reads XZuFi 2.2.0/2.3.1 files (later files update
earlier ones); -pvog asks the PVOG Suchdienst at BASEURL (e.g.
https://pvog.fitko.net/suchdienst/api). -plz works only for a postcode the
region directory records as the seat of exactly one Gemeinde.

The Suchdienst answers this tool maps carry the units with role, address
and contacts and the text modules without their names; online service,
trust level, costs, documents, deadlines and processing time come only
from XZuFi files (see "nichtVerfuegbar").

-json prints one object:
  leika, ars            the key and area asked (ARS with 12 digits)
  gebietName, plz       the area's name; the postcode given with -plz
  quelle                "xzufi" or "pvog"
  nichtVerfuegbar       fields the source does not provide (pvog)
  leistungen[]          one per service description found:
    id, name            its id (lbId) and German name
    stellen[]           responsible units, zuständige Stelle first:
      id, name, rolle{code,name}
      gebiet{ars,ebene,name}   the level where the responsibility was found
      anschriften[]{typ,strasse,hausnummer,postfach,plz,ort}
      kontakte[]{kanal,kanalName,kennung,zusatz}, internet[]
    onlinedienst{id,name,url,vertrauensniveau,vertrauensniveauCode}
    vertrauensniveau, vertrauensniveauCode
    kosten[]{typ{code,name},kostenfrei,betrag,betragVon,betragBis,
             waehrung,variabilitaet,beschreibung,vorkasse}
                        amounts are decimal strings (e.g. "60.00") in EUR
    dokumente[]{ausgehend,typ,bezeichnung,beschreibung}
    fristen[], bearbeitungsdauer[]{typ{code,name},dauer{wert,einheit,
             wertBis,einheitBis},von,bis,beschreibung}
    texte[]{position,code,name,text}   German text modules (position as
                        published, or as sent by the Suchdienst); text
                        only with -texte
Empty fields are left out.

Exit status: 0 found, 1 nobody responsible, 2 usage, read or PVOG errors.

flags:`

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// zustaendigJSON is the -json document of ozg zustaendig; the usage text
// documents its fields.
type zustaendigJSON struct {
	LeiKa           string         `json:"leika"`
	ARS             string         `json:"ars"`
	GebietName      string         `json:"gebietName,omitempty"`
	PLZ             string         `json:"plz,omitempty"`
	Quelle          string         `json:"quelle"`
	NichtVerfuegbar []string       `json:"nichtVerfuegbar,omitempty"`
	Leistungen      []leistungJSON `json:"leistungen"`
}

type leistungJSON struct {
	ID                   string            `json:"id"`
	Name                 string            `json:"name"`
	Stellen              []stelleJSON      `json:"stellen"`
	Onlinedienst         *onlinedienstJSON `json:"onlinedienst,omitempty"`
	Vertrauensniveau     string            `json:"vertrauensniveau,omitempty"`
	VertrauensniveauCode string            `json:"vertrauensniveauCode,omitempty"`
	Kosten               []kostenJSON      `json:"kosten,omitempty"`
	Dokumente            []dokumentJSON    `json:"dokumente,omitempty"`
	Fristen              []fristJSON       `json:"fristen,omitempty"`
	Bearbeitungsdauer    []fristJSON       `json:"bearbeitungsdauer,omitempty"`
	Texte                []textJSON        `json:"texte,omitempty"`
}

type codeJSON struct {
	Code string `json:"code,omitempty"`
	Name string `json:"name,omitempty"`
}

type gebietJSON struct {
	ARS   string `json:"ars"`
	Ebene string `json:"ebene"`
	Name  string `json:"name,omitempty"`
}

type stelleJSON struct {
	ID          string          `json:"id"`
	Name        string          `json:"name"`
	Rolle       codeJSON        `json:"rolle"`
	Gebiet      gebietJSON      `json:"gebiet"`
	Anschriften []anschriftJSON `json:"anschriften,omitempty"`
	Kontakte    []kontaktJSON   `json:"kontakte,omitempty"`
	Internet    []string        `json:"internet,omitempty"`
}

type anschriftJSON struct {
	Typ        string `json:"typ,omitempty"`
	Strasse    string `json:"strasse,omitempty"`
	Hausnummer string `json:"hausnummer,omitempty"`
	Postfach   string `json:"postfach,omitempty"`
	PLZ        string `json:"plz,omitempty"`
	Ort        string `json:"ort,omitempty"`
}

type kontaktJSON struct {
	Kanal     string `json:"kanal"`
	KanalName string `json:"kanalName,omitempty"`
	Kennung   string `json:"kennung"`
	Zusatz    string `json:"zusatz,omitempty"`
}

type onlinedienstJSON struct {
	ID                   string `json:"id"`
	Name                 string `json:"name,omitempty"`
	URL                  string `json:"url,omitempty"`
	Vertrauensniveau     string `json:"vertrauensniveau,omitempty"`
	VertrauensniveauCode string `json:"vertrauensniveauCode,omitempty"`
}

type kostenJSON struct {
	Typ           codeJSON `json:"typ"`
	Kostenfrei    bool     `json:"kostenfrei,omitempty"`
	Betrag        string   `json:"betrag,omitempty"`
	BetragVon     string   `json:"betragVon,omitempty"`
	BetragBis     string   `json:"betragBis,omitempty"`
	Waehrung      string   `json:"waehrung,omitempty"`
	Variabilitaet string   `json:"variabilitaet,omitempty"`
	Beschreibung  string   `json:"beschreibung,omitempty"`
	Vorkasse      *bool    `json:"vorkasse,omitempty"`
}

type dokumentJSON struct {
	Ausgehend    bool   `json:"ausgehend"`
	Typ          string `json:"typ,omitempty"`
	Bezeichnung  string `json:"bezeichnung,omitempty"`
	Beschreibung string `json:"beschreibung,omitempty"`
}

type dauerJSON struct {
	Wert       int    `json:"wert"`
	Einheit    string `json:"einheit"`
	WertBis    int    `json:"wertBis,omitempty"`
	EinheitBis string `json:"einheitBis,omitempty"`
}

type fristJSON struct {
	Typ          codeJSON   `json:"typ,omitzero"`
	Dauer        *dauerJSON `json:"dauer,omitempty"`
	Von          string     `json:"von,omitempty"`
	Bis          string     `json:"bis,omitempty"`
	Beschreibung string     `json:"beschreibung,omitempty"`
}

type textJSON struct {
	Position int    `json:"position,omitempty"`
	Code     string `json:"code,omitempty"`
	Name     string `json:"name,omitempty"`
	Text     string `json:"text,omitempty"`
}

// pvogFehlt lists what the mapped Suchdienst answers do not carry.
var pvogFehlt = []string{"onlinedienst", "vertrauensniveau", "kosten", "dokumente", "fristen", "bearbeitungsdauer", "texte.name"}

func runOZGZustaendig(ctx context.Context, args []string, e env) int {
	fs := flag.NewFlagSet("ozg zustaendig", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	var files multiFlag
	fs.Var(&files, "xzufi", "XZuFi 2.2.0/2.3.1 `FILE` to answer from (repeatable)")
	base := fs.String("pvog", "", "PVOG Suchdienst `BASEURL` to ask instead of files, e.g. "+zufi.SuchdienstProduktion)
	timeout := fs.Duration("timeout", 30*time.Second, "time limit for all PVOG requests")
	tokenEnv := fs.String("token-env", "", "environment variable `NAME` holding a bearer token for the PVOG (optional)")
	leika := fs.String("leika", "", "LeiKa `KEY` (Leistungsschlüssel, 14 digits)")
	arsFlag := fs.String("ars", "", "area as `ARS` (2, 3, 5, 9 or 12 digits)")
	plz := fs.String("plz", "", "area as `PLZ` (postcode of a Gemeinde's seat)")
	texte := fs.Bool("texte", false, "print the text modules' texts, not only their names")
	asJSON := fs.Bool("json", false, "print the JSON document described above")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, zustaendigUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "baukasten ozg zustaendig: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case fs.NArg() > 0:
		return fail("unexpected argument %q (try -h)", fs.Arg(0))
	case (len(files) == 0) == (*base == ""):
		return fail("give either -xzufi FILE or -pvog BASEURL (try -h)")
	case *leika == "":
		return fail("-leika KEY is required (try -h)")
	case (*arsFlag == "") == (*plz == ""):
		return fail("give either -ars ARS or -plz PLZ (try -h)")
	case *base == "" && *tokenEnv != "":
		return fail("-token-env needs -pvog")
	case *timeout <= 0:
		return fail("-timeout must be positive")
	}
	key, err := ozg.ParseLeistungsschluessel(*leika)
	if err != nil {
		return fail("-leika: %v", err)
	}
	var area ozg.ARS
	if *plz != "" {
		if area, err = plzARS(*plz); err != nil {
			return fail("-plz: %v", err)
		}
	} else if area, err = ozg.ParseARS(*arsFlag); err != nil {
		return fail("-ars: %v", err)
	}

	doc := zustaendigJSON{LeiKa: key.String(), ARS: ars12(area), PLZ: *plz}
	if r, ok := ozg.LookupRegion(area); ok {
		doc.GebietName = r.Name
	}
	if *base != "" {
		doc.Quelle = "pvog"
		doc.NichtVerfuegbar = pvogFehlt
		var token string
		if *tokenEnv != "" {
			if token = os.Getenv(*tokenEnv); token == "" {
				return fail("-token-env: environment variable %s is empty or not set", *tokenEnv)
			}
		}
		opts := &zufi.ClientOptions{}
		if token != "" {
			opts.Token = tokenSource(token)
		}
		c, err := zufi.NewClient(*base, opts)
		if err != nil {
			return fail("-pvog: %v", err)
		}
		ctx, cancel := context.WithTimeout(ctx, *timeout)
		defer cancel()
		doc.Leistungen, err = askPVOG(ctx, c, key, area, *texte)
		if err != nil {
			return reportLookupError(e.stderr, err, key, area, doc.GebietName)
		}
	} else {
		doc.Quelle = "xzufi"
		dir := zufi.NewDirectory()
		for _, name := range files {
			m, err := readXZuFi(name)
			if err != nil {
				fmt.Fprintf(e.stderr, "baukasten ozg zustaendig: %v\n", err)
				return exitUsage
			}
			dir.Add(m)
		}
		answers, err := dir.Zustaendig(key, area)
		if err != nil {
			return reportLookupError(e.stderr, err, key, area, doc.GebietName)
		}
		doc.Leistungen = fromAnswers(answers, *texte)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(doc); err != nil {
			return exitUsage
		}
		return exitOK
	}
	printZustaendig(e.stdout, doc)
	return exitOK
}

func reportLookupError(w io.Writer, err error, key ozg.Leistungsschluessel, area ozg.ARS, name string) int {
	where := area.String()
	if name != "" {
		where += " (" + name + ")"
	}
	// NotFound from an HTTP 404 means a wrong base URL or path, not that
	// nobody is responsible: only the walk's own NotFound is a finding.
	var herr *zufi.HTTPError
	if errors.Is(err, ozg.ErrNotFound) && !errors.As(err, &herr) {
		fmt.Fprintf(w, "baukasten ozg zustaendig: nobody is responsible for LeiKa %s in %s or the areas above it\n", key, where)
		return exitFindings
	}
	fmt.Fprintf(w, "baukasten ozg zustaendig: LeiKa %s in %s: %v\n", key, where, err)
	return exitUsage
}

// tokenSource is a fixed bearer token.
type tokenSource string

func (t tokenSource) Token(context.Context) (string, error) { return string(t), nil }

func readXZuFi(name string) (*zufi.Message, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := zufi.Read(f, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// plzARS resolves a postcode through the region directory, which records
// the postcode of each Gemeinde's seat (and not for every Gemeinde).
func plzARS(plz string) (ozg.ARS, error) {
	if len(plz) != 5 || strings.Trim(plz, "0123456789") != "" {
		return ozg.ARS{}, fmt.Errorf("%q is not a postcode of 5 digits", plz)
	}
	var found []ozg.Region
	for r := range ozg.Regions() {
		if r.Level() == ozg.LevelGemeinde && r.PLZ == plz {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 0:
		return ozg.ARS{}, fmt.Errorf("postcode %s is unknown: the region directory knows only the postcode of each Gemeinde's seat; give -ars", plz)
	case 1:
		return found[0].ARS, nil
	}
	names := make([]string, len(found))
	for i, r := range found {
		names[i] = r.ARS.String() + " " + r.Name
	}
	return ozg.ARS{}, fmt.Errorf("postcode %s is ambiguous, it is the seat of %s; give -ars", plz, strings.Join(names, ", "))
}

// ars12 pads an ARS with zeros to 12 digits.
func ars12(a ozg.ARS) string {
	s := a.String()
	return s + strings.Repeat("0", 12-len(s))
}

func gebiet(a ozg.ARS) gebietJSON {
	g := gebietJSON{ARS: a.String(), Ebene: a.Level().String()}
	if r, ok := ozg.LookupRegion(a); ok {
		g.Name = r.Name
	}
	return g
}

// Names of codes where the data send none: leikaTextmodul (the codes
// package zufi defines), Zuständigkeit roles and the Erreichbarkeit
// channels.
var (
	textmodulNamen = map[string]string{
		zufi.TextLeistungsbezeichnung: "Leistungsbezeichnung", zufi.TextLeistungsname: "Leistungsbezeichnung II",
		zufi.TextKurztext: "Kurztext", zufi.TextVolltext: "Volltext", zufi.TextRechtsgrundlagen: "Handlungsgrundlage",
		zufi.TextUnterlagen: "Erforderliche Unterlagen", zufi.TextVoraussetzungen: "Voraussetzungen",
		zufi.TextVerfahrensablauf: "Verfahrensablauf", zufi.TextFormulare: "Formulare",
		zufi.TextWeiterfuehrendeInfos: "Weiterführende Informationen", zufi.TextHinweise: "Hinweise (Besonderheiten)",
		zufi.TextUrheber: "Urheber", zufi.TextZustaendigeStelle: "Zuständige Stelle", zufi.TextAnsprechpunkt: "Ansprechpunkt",
		zufi.TextTeaser: "Teaser", zufi.TextRechtsbehelf: "Rechtsbehelf",
	}
	rollenNamen = map[string]string{
		zufi.RolleZustaendigeStelle: "zuständige Stelle", zufi.RolleZustaendigeStelleAuch: "zuständige Stelle (weitere Rollen)",
		zufi.RolleAnsprechpunkt: "Ansprechpunkt",
	}
	kanalNamen = map[string]string{
		zufi.KanalEmail: "E-Mail", zufi.KanalTelefon: "Telefon", zufi.KanalMobil: "Mobiltelefon",
		zufi.KanalFax: "Fax", zufi.KanalDEMail: "De-Mail", zufi.KanalWeb: "Web",
	}
)

func code(c zufi.Code, names map[string]string) codeJSON {
	j := codeJSON{Code: c.Code, Name: c.Name}
	if j.Code == "" {
		j.Code = c.NichtGelistet
	}
	if j.Name == "" {
		j.Name = names[c.Code]
	}
	return j
}

// amount formats an EUR amount with at least two decimals.
func amount(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	if d.Exponent() < -2 {
		return d.String()
	}
	return d.StringFixed(2)
}

func fromAnswers(answers []zufi.Answer, texte bool) []leistungJSON {
	var out []leistungJSON
	index := map[string]int{}
	for _, a := range answers {
		i, ok := index[a.Leistung.ID.Value]
		if !ok {
			i = len(out)
			index[a.Leistung.ID.Value] = i
			out = append(out, leistungFromAnswer(a, texte))
		}
		out[i].Stellen = append(out[i].Stellen, stelleFromUnit(a.Organisationseinheit, a.Zustaendigkeit.Rolle, a.Gebiet))
	}
	return out
}

func leistungFromAnswer(a zufi.Answer, texte bool) leistungJSON {
	l := a.Leistung
	j := leistungJSON{ID: l.ID.Value, Name: l.Name(), Vertrauensniveau: a.Vertrauensniveau.String(), VertrauensniveauCode: l.VertrauensniveauCode.Code}
	if od := a.Onlinedienst; od != nil {
		o := &onlinedienstJSON{ID: od.ID.Value, Name: zufi.Deutsch(od.Bezeichnung), Vertrauensniveau: od.Vertrauensniveau.String(), VertrauensniveauCode: od.VertrauensniveauCode.Code}
		if link, ok := od.Link(""); ok {
			o.URL = link.URL
		}
		// The code goes with the level: the service's where Answer took
		// its level from the service (or neither states a level).
		if od.Vertrauensniveau != 0 || (a.Vertrauensniveau == 0 && od.VertrauensniveauCode.Code != "") {
			j.VertrauensniveauCode = od.VertrauensniveauCode.Code
		}
		j.Onlinedienst = o
	}
	for _, k := range a.Kosten {
		kj := kostenJSON{Typ: code(k.Typ, nil), Kostenfrei: k.Frei(), Betrag: amount(k.Betrag), BetragVon: amount(k.BetragVon),
			BetragBis: amount(k.BetragBis), Variabilitaet: zufi.Deutsch(k.Variabilitaet), Beschreibung: zufi.Deutsch(k.Beschreibung), Vorkasse: k.Vorkasse}
		if kj.Betrag != "" || kj.BetragVon != "" || kj.BetragBis != "" {
			kj.Waehrung = "EUR"
		}
		j.Kosten = append(j.Kosten, kj)
	}
	for _, d := range a.Dokumente {
		typ := d.Typ.Code
		if typ == "" {
			typ = d.Typ.NichtGelistet
		}
		j.Dokumente = append(j.Dokumente, dokumentJSON{Ausgehend: d.Ausgehend, Typ: typ, Bezeichnung: zufi.Deutsch(d.Bezeichnung), Beschreibung: zufi.Deutsch(d.Beschreibung)})
	}
	j.Fristen = fristen(a.Fristen)
	j.Bearbeitungsdauer = fristen(l.Bearbeitungsdauer)
	for _, t := range a.Texte {
		j.Texte = append(j.Texte, textModule(t, textmodulNamen, texte))
	}
	for _, t := range l.TexteIndividuell {
		j.Texte = append(j.Texte, textModule(t, nil, texte))
	}
	return j
}

func textModule(t zufi.Textmodul, names map[string]string, withText bool) textJSON {
	c := code(t.Modul, names)
	j := textJSON{Position: t.Position, Code: c.Code, Name: c.Name}
	if n := zufi.Deutsch(t.AbweichendeBezeichnung); n != "" {
		j.Name = n
	}
	if j.Name == "" {
		j.Name = "Textmodul " + c.Code
	}
	if withText {
		j.Text = zufi.Deutsch(t.Inhalt)
	}
	return j
}

func fristen(fs []zufi.Frist) []fristJSON {
	var out []fristJSON
	for _, f := range fs {
		j := fristJSON{Typ: code(f.Typ, nil), Von: f.Von, Bis: f.Bis, Beschreibung: zufi.Deutsch(f.Beschreibung)}
		if d := f.Dauer; d != nil {
			j.Dauer = &dauerJSON{Wert: d.Wert, Einheit: d.Einheit, WertBis: d.WertBis, EinheitBis: d.EinheitBis}
		}
		out = append(out, j)
	}
	return out
}

func stelleFromUnit(o *zufi.Organisationseinheit, rolle zufi.Code, area ozg.ARS) stelleJSON {
	s := stelleJSON{ID: o.ID.Value, Name: o.NameDE(), Rolle: code(rolle, rollenNamen), Gebiet: gebiet(area)}
	for _, a := range o.Anschriften {
		typ := a.Typ.Name
		if typ == "" {
			typ = a.Typ.Code
		}
		s.Anschriften = append(s.Anschriften, anschriftJSON{Typ: typ, Strasse: a.Strasse, Hausnummer: a.Hausnummer, Postfach: a.Postfach, PLZ: a.Postleitzahl, Ort: a.Ort})
	}
	for _, k := range o.Kommunikation {
		s.Kontakte = append(s.Kontakte, kontaktJSON{Kanal: k.Kanal.Code, KanalName: code(k.Kanal, kanalNamen).Name, Kennung: k.Kennung, Zusatz: k.Zusatz})
	}
	for _, l := range o.Internetadressen {
		s.Internet = append(s.Internet, l.URL)
	}
	return s
}

// askPVOG walks the hierarchy through the Suchdienst and fetches each
// service description's text modules and each unit's details.
func askPVOG(ctx context.Context, c *zufi.Client, key ozg.Leistungsschluessel, area ozg.ARS, texte bool) ([]leistungJSON, error) {
	stellen, err := c.Zustaendig(ctx, key, area)
	if err != nil {
		return nil, err
	}
	var out []leistungJSON
	index := map[string]int{}
	for _, st := range stellen {
		i, ok := index[st.Leistung.ID]
		if !ok {
			d, err := c.LeistungDetail(ctx, st.Leistung.ID, area)
			if err != nil {
				return nil, err
			}
			l := leistungJSON{ID: st.Leistung.ID, Name: d.Name}
			for n, t := range d.Details {
				tj := textJSON{Position: n + 1}
				if texte {
					tj.Text = t.Text
				}
				l.Texte = append(l.Texte, tj)
			}
			i = len(out)
			index[st.Leistung.ID] = i
			out = append(out, l)
		}
		oe, err := c.Organisationseinheit(ctx, st.Organisationseinheit.ID, area, st.Leistung.ID)
		if err != nil {
			return nil, err
		}
		s := stelleJSON{ID: oe.ID, Name: oe.Title, Gebiet: gebiet(st.Gebiet)}
		if s.Name == "" {
			s.Name = st.Organisationseinheit.Title
		}
		r := st.Organisationseinheit.Rolle
		s.Rolle = codeJSON{Code: r.Code, Name: r.Text}
		if s.Rolle.Name == "" {
			s.Rolle.Name = rollenNamen[r.Code]
		}
		for _, a := range oe.Adressen {
			s.Anschriften = append(s.Anschriften, anschriftJSON{Typ: a.Typ, Strasse: a.Strasse, PLZ: a.PLZ, Ort: a.Ort})
		}
		for _, k := range oe.Kommunikation {
			s.Kontakte = append(s.Kontakte, kontaktJSON{Kanal: k.Code, KanalName: kanalNamen[k.Code], Kennung: k.Wert})
		}
		s.Internet = oe.Internetadressen
		out[i].Stellen = append(out[i].Stellen, s)
	}
	return out, nil
}

var einheitNamen = map[string][2]string{
	zufi.EinheitJahr: {"Jahr", "Jahre"}, zufi.EinheitMonat: {"Monat", "Monate"}, zufi.EinheitWoche: {"Woche", "Wochen"},
	zufi.EinheitTag: {"Tag", "Tage"}, zufi.EinheitWerktag: {"Werktag", "Werktage"}, zufi.EinheitArbeitstag: {"Arbeitstag", "Arbeitstage"},
	zufi.EinheitStunde: {"Stunde", "Stunden"}, zufi.EinheitMinute: {"Minute", "Minuten"}, zufi.EinheitSekunde: {"Sekunde", "Sekunden"},
}

func einheit(n int, e string) string {
	names, ok := einheitNamen[e]
	if !ok {
		return fmt.Sprintf("%d %s", n, e)
	}
	if n == 1 {
		return fmt.Sprintf("%d %s", n, names[0])
	}
	return fmt.Sprintf("%d %s", n, names[1])
}

func (d *dauerJSON) String() string {
	s := einheit(d.Wert, d.Einheit)
	if d.WertBis != 0 {
		if d.EinheitBis == "" || d.EinheitBis == d.Einheit {
			_, unit, _ := strings.Cut(einheit(d.WertBis, d.Einheit), " ")
			return fmt.Sprintf("%d bis %d %s", d.Wert, d.WertBis, unit)
		}
		s += " bis " + einheit(d.WertBis, d.EinheitBis)
	}
	return s
}

func withCode(c codeJSON) string {
	switch {
	case c.Name != "" && c.Code != "":
		return c.Name + " (" + c.Code + ")"
	case c.Name != "":
		return c.Name
	}
	return c.Code
}

func printZustaendig(w io.Writer, doc zustaendigJSON) {
	fmt.Fprintf(w, "LeiKa %s in %s", doc.LeiKa, doc.ARS)
	if doc.GebietName != "" {
		fmt.Fprintf(w, " %s", doc.GebietName)
	}
	if doc.PLZ != "" {
		fmt.Fprintf(w, " (PLZ %s)", doc.PLZ)
	}
	fmt.Fprintf(w, ", source %s\n", doc.Quelle)
	for _, l := range doc.Leistungen {
		fmt.Fprintf(w, "\nLeistung %s: %s\n", l.ID, l.Name)
		for _, s := range l.Stellen {
			fmt.Fprintf(w, "  %s: %s [%s]\n", withCode(s.Rolle), s.Name, s.ID)
			fmt.Fprintf(w, "    found at level %s %s", s.Gebiet.Ebene, s.Gebiet.ARS)
			if s.Gebiet.Name != "" {
				fmt.Fprintf(w, " %s", s.Gebiet.Name)
			}
			fmt.Fprintln(w)
			for _, a := range s.Anschriften {
				street := strings.TrimSpace(a.Strasse + " " + a.Hausnummer)
				if a.Postfach != "" {
					street = strings.TrimSpace(street + " Postfach " + a.Postfach)
				}
				fmt.Fprintf(w, "    address %s: %s, %s %s\n", a.Typ, street, a.PLZ, a.Ort)
			}
			for _, k := range s.Kontakte {
				name := k.KanalName
				if name == "" {
					name = "Kanal " + k.Kanal
				}
				fmt.Fprintf(w, "    %s: %s", name, k.Kennung)
				if k.Zusatz != "" {
					fmt.Fprintf(w, " (%s)", k.Zusatz)
				}
				fmt.Fprintln(w)
			}
			for _, u := range s.Internet {
				fmt.Fprintf(w, "    web: %s\n", u)
			}
		}
		if od := l.Onlinedienst; od != nil {
			fmt.Fprintf(w, "  online service: %s [%s]", od.Name, od.ID)
			if od.URL != "" {
				fmt.Fprintf(w, " %s", od.URL)
			}
			fmt.Fprintln(w)
		}
		if l.Vertrauensniveau != "" || l.VertrauensniveauCode != "" {
			fmt.Fprintf(w, "  trust level: %s", l.Vertrauensniveau)
			if l.VertrauensniveauCode != "" {
				fmt.Fprintf(w, " (code %s)", l.VertrauensniveauCode)
			}
			fmt.Fprintln(w)
		}
		if len(l.Kosten) > 0 {
			fmt.Fprintln(w, "  costs:")
		}
		for _, k := range l.Kosten {
			var what string
			switch {
			case k.Kostenfrei:
				what = "free of charge"
			case k.Betrag != "":
				what = k.Betrag + " " + k.Waehrung
			case k.BetragVon != "" && k.BetragBis != "":
				what = k.BetragVon + " to " + k.BetragBis + " " + k.Waehrung
			case k.BetragVon != "":
				what = "from " + k.BetragVon + " " + k.Waehrung
			case k.BetragBis != "":
				what = "up to " + k.BetragBis + " " + k.Waehrung
			default:
				what = "amount not stated"
			}
			fmt.Fprintf(w, "    %s: %s", withCode(k.Typ), what)
			if k.Beschreibung != "" {
				fmt.Fprintf(w, " – %s", k.Beschreibung)
			}
			fmt.Fprintln(w)
		}
		if len(l.Dokumente) > 0 {
			fmt.Fprintln(w, "  documents:")
		}
		for _, d := range l.Dokumente {
			dir := "hand in"
			if d.Ausgehend {
				dir = "issued"
			}
			fmt.Fprintf(w, "    %s: %s", dir, d.Bezeichnung)
			if d.Typ != "" {
				fmt.Fprintf(w, " (%s)", d.Typ)
			}
			if d.Beschreibung != "" {
				fmt.Fprintf(w, " – %s", d.Beschreibung)
			}
			fmt.Fprintln(w)
		}
		printFristen(w, "deadlines", l.Fristen)
		printFristen(w, "processing time", l.Bearbeitungsdauer)
		if len(l.Texte) > 0 {
			fmt.Fprintf(w, "  text modules (%d):", len(l.Texte))
			var names []string
			for _, t := range l.Texte {
				if t.Name != "" {
					names = append(names, withCode(codeJSON{Code: t.Code, Name: t.Name}))
				}
			}
			if len(names) > 0 {
				fmt.Fprintf(w, " %s", strings.Join(names, "; "))
			} else {
				fmt.Fprint(w, " the Suchdienst sends no names")
			}
			fmt.Fprintln(w)
			for i, t := range l.Texte {
				if t.Text != "" {
					name := withCode(codeJSON{Code: t.Code, Name: t.Name})
					if name == "" {
						name = fmt.Sprintf("Textmodul %d", i+1)
					}
					fmt.Fprintf(w, "    --- %s\n    %s\n", name, t.Text)
				}
			}
		}
	}
	if len(doc.NichtVerfuegbar) > 0 {
		fmt.Fprintf(w, "\nnot in the Suchdienst answers: %s (use -xzufi for them)\n", strings.Join(doc.NichtVerfuegbar, ", "))
	}
}

func printFristen(w io.Writer, title string, fs []fristJSON) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s:\n", title)
	for _, f := range fs {
		var parts []string
		if t := withCode(f.Typ); t != "" {
			parts = append(parts, t)
		}
		if f.Dauer != nil {
			parts = append(parts, f.Dauer.String())
		}
		if f.Von != "" || f.Bis != "" {
			parts = append(parts, strings.TrimSpace(f.Von+" to "+f.Bis))
		}
		if f.Beschreibung != "" {
			parts = append(parts, f.Beschreibung)
		}
		fmt.Fprintf(w, "    %s\n", strings.Join(parts, " – "))
	}
}
