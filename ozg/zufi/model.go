package zufi

import (
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// The XZuFi namespaces the reader accepts.
const (
	Namespace220 = "http://xoev.de/schemata/xzufi/2_2_0"
	Namespace231 = "http://xoev.de/schemata/xzufi/2_3_1"
)

// Scheme identifiers used in XZuFi data.
const (
	// SchemeDestination is the schemeID of the idSekundaer of a
	// Zuständigkeit that carries a FIT-Connect destinationSignature (EfA
	// parameter catalogue, "Zustellungskanal (DestinationSignature)").
	SchemeDestination = "urn:de:fitko:fit-connect:xzufi:destination"
	// SchemeAgencyFITKO is the schemeAgencyID that must accompany it.
	SchemeAgencyFITKO = "urn:de:fitko"
	// SchemeARS is the scheme of area identifiers that are an ARS.
	SchemeARS = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs"
)

// Codes of the leikaTextmodul code list (urn:de:xzufi:codeliste:leistungstextmodulleika).
const (
	TextLeistungsbezeichnung   = "02" // Leistungsbezeichnung
	TextLeistungsname          = "03" // Leistungsbezeichnung II (name shown to citizens)
	TextKurztext               = "05" // Kurztext
	TextVolltext               = "06" // Volltext
	TextRechtsgrundlagen       = "07" // Handlungsgrundlage
	TextUnterlagen             = "08" // Erforderliche Unterlagen
	TextVoraussetzungen        = "09" // Voraussetzungen
	TextVerfahrensablauf       = "11" // Verfahrensablauf
	TextFormulare              = "14" // Formulare
	TextWeiterfuehrendeInfos   = "15" // Weiterführende Informationen
	TextHinweise               = "16" // Hinweise (Besonderheiten)
	TextUrheber                = "18" // Urheber
	TextZustaendigeStelle      = "22" // Zuständige Stelle
	TextAnsprechpunkt          = "23" // Ansprechpunkt
	TextTeaser                 = "24" // Teaser
	TextRechtsbehelf           = "25" // Rechtsbehelf
	RolleZustaendigeStelle     = "01" // Zuständigkeit role: zuständige Stelle
	RolleZustaendigeStelleAuch = "02" // Zuständigkeit role: zuständige Stelle with further roles
)

// ID is an XZuFi Identifikator: a value with the scheme that issued it.
type ID struct {
	Value          string // the identifier
	SchemeID       string // schemeID attribute
	SchemeAgencyID string // schemeAgencyID attribute
}

// Code is a code-list value (xoev-code: code, name, listURI, listVersionID).
type Code struct {
	Code          string // the code
	Name          string // its name, if sent
	ListURI       string // listURI attribute
	ListVersionID string // listVersionID attribute
	// NichtGelistet is the value of an extensible code list given instead
	// of a code (nichtGelisteterWert), e.g. a document type not in the list.
	NichtGelistet string
}

// Text is a text in one language (languageCode attribute).
type Text struct {
	Lang string // ISO 639-1 language code, e.g. "de"
	Text string // the text as published, HTML included
}

// Deutsch returns the German text of ts (language "de", or none given),
// else the first text; "" when there is none.
func Deutsch(ts []Text) string {
	for _, t := range ts {
		if t.Lang == "de" || t.Lang == "" {
			return t.Text
		}
	}
	if len(ts) > 0 {
		return ts[0].Text
	}
	return ""
}

// Link is a hyperlink: an XZuFi HyperlinkErweitert (uri, titel,
// beschreibung, positionDarstellung, languageCode) or an Onlinedienst link
// (link, titel, typ).
type Link struct {
	URL          string // uri (link of an Onlinedienst link)
	Title        string // titel
	Lang         string // languageCode of the link
	Typ          Code   // link type of an Onlinedienst link (code list onlinedienstlinktyp)
	Beschreibung string // beschreibung
	Position     int    // positionDarstellung, 0 if not sent
}

// Textmodul is a text module of a Leistung, identified by its
// leikaTextmodul code (see the Text* constants).
type Textmodul struct {
	Modul    Code   // leikaTextmodul (individuellesTextmodultyp of an individual module)
	Position int    // positionDarstellung, 0 if not sent
	Inhalt   []Text // the text per language
	Links    []Link // weiterfuehrenderLink
	// AbweichendeBezeichnung is leikaTextmodulAbweichendeBezeichnung: a
	// heading that replaces the module's standard name.
	AbweichendeBezeichnung []Text
}

// Zeitraum is a validity period (gueltigkeit): beginn and ende as sent
// (dates), either may be empty.
type Zeitraum struct {
	Beginn string // beginn
	Ende   string // ende
	Zusatz []Text // zusatz
}

// Zeiteinheit values of XZuFi durations (dauer/einheit).
const (
	EinheitJahr       = "JAHR"
	EinheitMonat      = "MONAT"
	EinheitWoche      = "WOCHE"
	EinheitTag        = "TAG"
	EinheitWerktag    = "WERKTAG"
	EinheitArbeitstag = "ARBEITSTAG"
	EinheitStunde     = "STUNDE"
	EinheitMinute     = "MINUTE"
	EinheitSekunde    = "SEKUNDE"
)

// Dauer is a duration (XZuFi FristDauer): a number of units, optionally a
// range up to WertBis EinheitBis. Einheit is one of the Einheit* values.
type Dauer struct {
	Wert       int    // dauer
	Einheit    string // einheit
	WertBis    int    // dauerBis, 0 if not a range
	EinheitBis string // einheitBis
}

// Frist is a deadline or a processing time (XZuFi frist, bearbeitungsdauer).
// It is a duration (Dauer) or a period given by dates (Von, Bis); either
// may be absent when the deadline is only described.
type Frist struct {
	Typ          Code   // typ (Fristtyp code list, 001 …); empty for a processing time
	Dauer        *Dauer // nil if not a duration
	Von, Bis     string // Stichtag: von, bis as sent (xs:date or --MM-DD)
	Beschreibung []Text // description as published
	Position     int    // positionDarstellung, 0 if not sent
}

// Kosten is a fee or cost position of a Leistung: a fixed amount (betrag),
// a range (betragUntergrenze, betragObergrenze) or free of charge
// (beschreibungKostenfreiheit). Amounts are in EUR.
type Kosten struct {
	Typ           Code             // typ (Kostentyp code list, 001 …)
	Betrag        *decimal.Decimal // betrag: fixed amount; nil if not fixed
	BetragVon     *decimal.Decimal // betragUntergrenze of a range
	BetragBis     *decimal.Decimal // betragObergrenze of a range
	Variabilitaet []Text           // beschreibungVariabilitaet: how the amount varies
	Kostenfrei    []Text           // beschreibungKostenfreiheit; non-empty means free of charge
	Beschreibung  []Text           // description as published
	Vorkasse      *bool            // payment in advance required; nil if not stated
	Links         []Link           // linkKostenbildung
	Position      int              // positionDarstellung, 0 if not sent
}

// Frei reports whether the position is stated as free of charge.
func (k *Kosten) Frei() bool { return len(k.Kostenfrei) > 0 }

// Dokument is a document of a Leistung: one the applicant hands in
// (dokumentEingehend) or one the authority issues (dokumentAusgehend).
type Dokument struct {
	Ausgehend    bool   // issued by the authority (dokumentAusgehend)
	Typ          Code   // typ (2.2.0) or art (2.3.1): code list urn:de:fim:codeliste:dokumenttyp
	Bezeichnung  []Text // name
	Beschreibung []Text // description
	// Pflichtangabetyp is the 2.3.1 pflichtangabetyp of an incoming
	// document (code list Dokumentpflichtangabetyp, 01 or 02).
	Pflichtangabetyp Code
	FormularIDs      []ID // referenzFormularID (2.2.0) or formularReferenz (2.3.1)
	Signatur         Code // angabeSignatur (code list Signatur: 001 …)
}

// ModulInfo is what every module of a Leistung (modulFrist, modulKosten,
// modulBearbeitungsdauer, modulDokument) carries besides its entries: a
// description and further links, as published.
type ModulInfo struct {
	Position     int    // positionDarstellung, 0 if not sent
	Beschreibung []Text // beschreibung (2.3.1 modulDokument: beschreibungEingehend and beschreibungAusgehend)
	Links        []Link // weiterfuehrenderLink
}

// Struktur is the LeiKa structure of a Leistung.
type Struktur struct {
	Typ                string // xsi:type without prefix, e.g. LeistungsstrukturObjektMitVerrichtung
	LeistungsobjektID  ID     // leistungsobjektID
	Verrichtung        Code   // verrichtung/verrichtungLeiKa
	Verrichtungsdetail []Text // verrichtungsdetail
}

// Kategorie is a category of a Leistung (kategorie) in one or more
// category classes (klasse), e.g. of a portal's topic tree.
type Kategorie struct {
	ID                        ID
	UebergeordneteKategorieID ID                // the parent category
	Klassen                   []Kategorieklasse // klasse
	Bezeichnung               []Text            // bezeichnung
	Beschreibung              []Text            // beschreibung
}

// Kategorieklasse is the class (scheme) a Kategorie belongs to.
type Kategorieklasse struct {
	ID          ID     // klasse/id
	Bezeichnung []Text // klasse/bezeichnung
}

// Begriff is a term under which citizens look for the Leistung
// (modulBegriffImKontext/begriffImKontext).
type Begriff struct {
	Begriff Text // begriff
	Typ     Code // typ (code list BegriffImKontextTyp, 001 …)
}

// Sprachversion names a language the description is published in.
type Sprachversion struct {
	Lang        string // languageCode
	NameDeutsch string // sprachbezeichnungDeutsch
	NameNativ   string // sprachbezeichnungNativ
}

// Leistung is a public service description.
type Leistung struct {
	ID            ID
	IDSekundaer   []ID                      // further identifiers
	ReferenzLeiKa []ozg.Leistungsschluessel // referenzLeiKa (2.2.0) or referenzLeistungsschluessel (2.3.1)
	Struktur      *Struktur                 // LeiKa structure
	Texte         []Textmodul               // modulText, in document order
	// TexteIndividuell are modulTextIndividuell: text modules of a type
	// outside the LeiKa list (Modul is their individuellesTextmodultyp).
	TexteIndividuell  []Textmodul
	Auskunftshinweise []Textmodul // modulAuskunftshinweis (Modul empty)

	Fristen                []Frist    // modulFrist/frist
	FristModul             ModulInfo  // modulFrist: description and links
	Kosten                 []Kosten   // modulKosten/kosten
	KostenModul            ModulInfo  // modulKosten: description and links
	Bearbeitungsdauer      []Frist    // modulBearbeitungsdauer/bearbeitungsdauer
	BearbeitungsdauerModul ModulInfo  // modulBearbeitungsdauer: description and links
	Dokumente              []Dokument // modulDokument: dokumentEingehend, dokumentAusgehend
	DokumentModul          ModulInfo  // modulDokument: description and links
	Begriffe               []Begriff  // modulBegriffImKontext
	FachlichFreigegebenAm  time.Time  // modulFachlicheFreigabe/fachlichFreigegebenAm
	FachlichFreigegebenVon []Text     // modulFachlicheFreigabe/fachlichFreigegebenDurch
	Ursprungsportal        []Link     // modulUrsprungsportal: the portal the text comes from

	Typisierung []Code // typisierung (urn:de:fim:leika:typisierung: 1, 2, 2/3 …)
	// Vertrauensniveau is the trust level derived from the vertrauensniveau
	// element's name (niedrig, substanziell, hoch …); 0 if not stated or
	// sent as a bare code (see VertrauensniveauCode).
	Vertrauensniveau ozg.Vertrauensniveau
	// VertrauensniveauCode is the vertrauensniveau as sent (code list
	// urn:xoev-de:fim:codeliste:vertrauensniveau: 00, 10, 15, 20, 30, 40).
	VertrauensniveauCode Code
	Adressaten           []Code // leistungsadressat (001 …)
	// SchriftformErforderlich is kennzeichenSchriftformerfordernis (2.2.0)
	// or kennzeichenFormularSchriftformerfordernis (2.3.1); nil if not
	// stated.
	SchriftformErforderlich      *bool
	PersoenlichErforderlich      *bool           // 2.3.1 kennzeichenFormularPersoenlich: personal appearance
	Formlos                      *bool           // 2.3.1 kennzeichenFormularFormlos: no form needed
	EinheitlicherAnsprechpartner *bool           // kennzeichenEA: can be handled by the Einheitlicher Ansprechpartner
	Kategorien                   []Kategorie     // kategorie
	Klassifizierung              []Code          // klassifizierung, e.g. PV-Lagen (urn:xoev-de:fim:codeliste:pvlagen)
	InformationsbereichSDG       []Code          // informationsbereichSDG (urn:xoev-de:fim:codeliste:sdginformationsbereich)
	GueltigkeitGebiet            []ozg.ARS       // areas the description is valid for
	Sprachversionen              []Sprachversion // sprachversion
	Gueltigkeit                  []Zeitraum      // gueltigkeit: periods the description is valid in
	ProzessIDs                   []ID            // idProzess (2.2.0), prozessID (2.3.1): FIM process models
	LeistungImKontextIDs         []ID            // idLeistungImKontext (2.2.0), leistungImKontextID (2.3.1)
	GeaendertAm                  time.Time       // versionsinformation(en)/geaendertDatumZeit
	ErstelltAm                   time.Time       // versionsinformation(en)/erstelltDatumZeit
	Version                      string          // versionsinformation(en)/version
}

// Text returns the text module with the leikaTextmodul code in the language
// (e.g. "de"), as published, and whether it exists.
func (l *Leistung) Text(modul, lang string) (string, bool) {
	for _, t := range l.Texte {
		if t.Modul.Code != modul {
			continue
		}
		for _, in := range t.Inhalt {
			if in.Lang == lang || lang == "" {
				return in.Text, true
			}
		}
	}
	return "", false
}

// Name returns the German name of the Leistung: text module 03, else 02.
func (l *Leistung) Name() string {
	if s, ok := l.Text(TextLeistungsname, "de"); ok && s != "" {
		return s
	}
	s, _ := l.Text(TextLeistungsbezeichnung, "de")
	return s
}

// Kodierung is the verwaltungspolitischeKodierung of an address: the keys
// of the areas it lies in.
type Kodierung struct {
	Bundesland         Code    // bundesland
	Kreis              Code    // kreis
	Gemeindeschluessel Code    // gemeindeschluessel (AGS)
	Regionalschluessel Code    // regionalschluessel (ARS)
	ARS                ozg.ARS // the parsed regionalschluessel; zero if absent
}

// Anschrift is an address of an organisational unit.
type Anschrift struct {
	Typ          Code      // kind (Hausanschrift, Postanschrift …)
	Strasse      string    // street
	Hausnummer   string    // house number
	Postfach     string    // PO box
	Postleitzahl string    // postcode
	Ort          string    // town
	Kodierung    Kodierung // verwaltungspolitischeKodierung
}

// Kommunikation is a contact channel (XÖV Kommunikation).
type Kommunikation struct {
	Kanal   Code   // kanal: code list urn:de:xoev:codeliste:erreichbarkeit (see the Kanal* constants)
	Kennung string // kennung: the number or address
	Zusatz  string // zusatz: additional note
}

// Zustaendigkeit is a responsibility: the organisational unit is
// responsible for the Leistung in the area, in a role.
type Zustaendigkeit struct {
	ID          ID
	IDSekundaer []ID      // further identifiers, e.g. the destinationSignature
	LeistungID  ID        // the Leistung
	GebietID    []ID      // the areas
	Gebiete     []ozg.ARS // GebietID values that are an ARS
	Rolle       Code      // role (01 zuständige Stelle …)
}

// DestinationSignature returns the FIT-Connect destinationSignature carried
// in an idSekundaer with scheme SchemeDestination, or "". It does not
// verify it; see Directory.Route and DestinationVerifier.
func (z *Zustaendigkeit) DestinationSignature() string {
	for _, id := range z.IDSekundaer {
		if id.SchemeID == SchemeDestination {
			return id.Value
		}
	}
	return ""
}

// Organisationseinheit is an authority or one of its units.
type Organisationseinheit struct {
	ID               ID
	IDSekundaer      []ID
	Name             []Text          // name per language
	Kurzbezeichnung  string          // short name
	Anschriften      []Anschrift     // addresses
	Kommunikation    []Kommunikation // contact channels
	Internetadressen []Link          // web sites
	Zustaendigkeiten []Zustaendigkeit
}

// NameDE returns the German name.
func (o *Organisationseinheit) NameDE() string {
	for _, t := range o.Name {
		if t.Lang == "de" || t.Lang == "" {
			return t.Text
		}
	}
	if len(o.Name) > 0 {
		return o.Name[0].Text
	}
	return ""
}

// Parameter is an EfA parameter of an online service (name and value).
type Parameter struct {
	Name string
	Wert string
}

// Onlinedienst is an online service through which a Leistung is applied for.
type Onlinedienst struct {
	ID               ID
	IDSekundaer      []ID
	Bezeichnung      []Text               // name
	Links            []Link               // links, each with its link type
	Vertrauensniveau ozg.Vertrauensniveau // trust level the service requires (from the name, as for Leistung)
	// VertrauensniveauCode is the vertrauensniveau as sent.
	VertrauensniveauCode Code
	Parameter            []Parameter      // EfA parameters
	Zustaendigkeiten     []Zustaendigkeit // for which Leistung in which area
	Sprachversionen      []Sprachversion  // sprachversion
}

// Link returns the first link of the link type code, or of any type for "".
func (o *Onlinedienst) Link(typ string) (Link, bool) {
	for _, l := range o.Links {
		if typ == "" || l.Typ.Code == typ {
			return l, true
		}
	}
	return Link{}, false
}

// Spezialisierung is a regional specialisation of a Leistung: texts and
// costs that apply in some areas instead of the general ones.
type Spezialisierung struct {
	ID          ID
	LeistungID  ID        // the Leistung it specialises
	Gebiete     []ozg.ARS // where it applies
	Texte       []Textmodul
	Kosten      []Kosten
	KostenModul ModulInfo
	Fristen     []Frist
	FristModul  ModulInfo
}

// Nachrichtenkopf is the message header.
type Nachrichtenkopf struct {
	NachrichtUUID     string    // nachrichtUUID
	ErstelltDatumZeit time.Time // erstelltDatumZeit
	Sender            string    // sender
	Empfaenger        string    // empfaenger
}

// Message is the content of one XZuFi schreibe message.
type Message struct {
	// Version is "2.2.0" or "2.3.1", from the namespace.
	Version string
	// Root is the local name of the root element.
	Root string
	// Kopf is the nachrichtenkopf, zero if the message has none.
	Kopf Nachrichtenkopf
	// TransaktionID and TransaktionPosition identify a message within a
	// transfer of several (root elements transaktionID,
	// transaktionPosition).
	TransaktionID          string
	TransaktionPosition    int
	Leistungen             []Leistung
	Organisationseinheiten []Organisationseinheit
	Onlinedienste          []Onlinedienst
	Spezialisierungen      []Spezialisierung
	// Zustaendigkeiten are responsibilities sent on their own
	// (zustaendigkeitTransferObjekt), as the PVOG Bereitstelldienst does.
	Zustaendigkeiten []ZustaendigkeitTransfer
	// Loeschungen are the deletions (loesche) of the message.
	Loeschungen []Loeschung
	// Mapped counts the elements the reader mapped.
	Mapped int
	// Unmapped lists the elements the reader did not map (the topmost of
	// each unmapped subtree). With ReadOptions.Strict they are an error.
	Unmapped []Unmapped
}

// Unmapped is an element the reader skipped.
type Unmapped struct {
	Path string // slash-separated local names from the root
	Line int    // 1-based line of the start tag
}

// ZustaendigkeitTransfer is a responsibility sent apart from its
// organisational unit or online service (zustaendigkeitTransferObjekt).
type ZustaendigkeitTransfer struct {
	// UebergeordnetesObjektID is the ID of the Organisationseinheit or
	// Onlinedienst the responsibility belongs to.
	UebergeordnetesObjektID ID
	Zustaendigkeit          Zustaendigkeit
}

// Loeschung is the deletion of an object (loesche), by class and ID.
type Loeschung struct {
	Klasse string // klasse attribute: Leistung, Organisationseinheit, Onlinedienst, Zustaendigkeit, LeistungSpezialisierung
	ID     ID
}
