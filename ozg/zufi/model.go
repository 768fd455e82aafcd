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
	ListURI       string // listURI attribute or element
	ListVersionID string // listVersionID attribute or element
}

// Text is a text in one language (languageCode attribute).
type Text struct {
	Lang string // ISO 639-1 language code, e.g. "de"
	Text string // the text as published, HTML included
}

// Link is a hyperlink with its title and type.
type Link struct {
	URL   string // the address
	Title string // the link text
	Lang  string // language of the title
	Typ   Code   // link type (e.g. the Onlinedienst link types)
}

// Textmodul is a text module of a Leistung, identified by its
// leikaTextmodul code (see the Text* constants).
type Textmodul struct {
	Modul    Code   // leikaTextmodul
	Position int    // positionDarstellung, 0 if not sent
	Inhalt   []Text // the text per language
	Links    []Link // weiterfuehrenderLink
}

// Dauer is a duration with its unit from a code list (e.g. Tage, Wochen).
type Dauer struct {
	Wert    int  // the number of units
	Einheit Code // the unit
}

// Frist is a deadline or a processing time.
type Frist struct {
	Typ          Code   // kind of the deadline
	Dauer        *Dauer // nil if only described
	Beschreibung []Text // description as published
}

// Kosten is a fee or cost position of a Leistung. Amounts are in EUR.
type Kosten struct {
	Typ          Code             // kind (fixed, variable …)
	Betrag       *decimal.Decimal // fixed amount; nil if not fixed
	BetragVon    *decimal.Decimal // lower bound of a range
	BetragBis    *decimal.Decimal // upper bound of a range
	Beschreibung []Text           // description as published
	Vorkasse     bool             // payment in advance required
	Links        []Link           // linkKostenbildung
}

// Dokument is a document the applicant must or may hand in.
type Dokument struct {
	Bezeichnung  []Text // name
	Beschreibung []Text // description
	Erforderlich bool   // required
}

// Struktur is the LeiKa structure of a Leistung.
type Struktur struct {
	Typ                string // xsi:type without prefix, e.g. LeistungsstrukturObjektMitVerrichtung
	LeistungsobjektID  ID     // leistungsobjektID
	Verrichtung        Code   // verrichtung/verrichtungLeiKa
	Verrichtungsdetail []Text // verrichtungsdetail
}

// Klassifizierung is a classification of a Leistung (category in a
// classification scheme).
type Klassifizierung struct {
	Klasse      Code   // the class
	Bezeichnung []Text // its label
}

// Leistung is a public service description.
type Leistung struct {
	ID                      ID
	IDSekundaer             []ID                      // further identifiers
	ReferenzLeiKa           []ozg.Leistungsschluessel // LeiKa keys
	Struktur                *Struktur                 // LeiKa structure
	Texte                   []Textmodul               // modulText, in document order
	Fristen                 []Frist                   // modulFrist
	Kosten                  []Kosten                  // modulKosten
	Bearbeitungsdauer       []Frist                   // modulBearbeitungsdauer
	Dokumente               []Dokument                // modulDokument
	Typisierung             []Code                    // Leistungstyp (1, 2, 2/3 …)
	Vertrauensniveau        ozg.Vertrauensniveau      // required trust level, 0 if not stated
	Adressaten              []Code                    // who may apply (citizens, businesses …)
	SchriftformErforderlich *bool                     // written form required; nil if not stated
	Klassifizierung         []Klassifizierung         // classification
	InformationsbereichSDG  []Code                    // Single Digital Gateway areas
	GueltigkeitGebiet       []ozg.ARS                 // areas the description is valid for
	GeaendertAm             time.Time                 // versionsinformation/geaendertDatumZeit
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

// Kommunikation is a contact channel.
type Kommunikation struct {
	Kanal   Code   // channel (telephone, e-mail, fax …)
	Kennung string // the number or address
	Zusatz  string // additional note
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
	Vertrauensniveau ozg.Vertrauensniveau // trust level the service requires
	Parameter        []Parameter          // EfA parameters
	Zustaendigkeiten []Zustaendigkeit     // for which Leistung in which area
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
	ID         ID
	LeistungID ID        // the Leistung it specialises
	Gebiete    []ozg.ARS // where it applies
	Texte      []Textmodul
	Kosten     []Kosten
	Fristen    []Frist
}

// Message is the content of one XZuFi schreibe message.
type Message struct {
	// Version is "2.2.0" or "2.3.1", from the namespace.
	Version string
	// Root is the local name of the root element.
	Root                   string
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
