package zufi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

var testFiles = []string{
	"testdata/hundesteuer-mayen-koblenz_xzufi-2.2.0.xml",
	"testdata/kreis-land_xzufi-2.3.1.xml",
	"testdata/transfer_xzufi-2.3.1.xml",
}

func readFile(t testing.TB, name string) *zufi.Message {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	m, err := zufi.Read(bytes.NewReader(b), &zufi.ReadOptions{Strict: true})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m
}

// countElements counts the element nodes of a document with a bare token
// scan: the independent oracle for Message.Mapped.
func countElements(t *testing.T, b []byte) int {
	d := xml.NewDecoder(bytes.NewReader(b))
	n := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return n
		}
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := tok.(xml.StartElement); ok {
			n++
		}
	}
}

// TestEveryElementMapped: the reader maps every element of the hand-built
// messages; the count of mapped elements equals the element count of a bare
// token scan, and nothing is left unmapped.
func TestEveryElementMapped(t *testing.T) {
	want := map[string]int{testFiles[0]: 290, testFiles[1]: 84, testFiles[2]: 17}
	for _, name := range testFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		m, err := zufi.Read(bytes.NewReader(b), nil)
		if err != nil {
			t.Fatal(err)
		}
		n := countElements(t, b)
		if m.Mapped != n || len(m.Unmapped) != 0 {
			t.Errorf("%s: mapped %d of %d elements, unmapped %v", name, m.Mapped, n, m.Unmapped)
		}
		if n != want[name] {
			t.Errorf("%s: %d elements, want %d (test data changed?)", name, n, want[name])
		}
	}
}

func TestUnmappedReported(t *testing.T) {
	doc := `<x:schreibe.Leistung xmlns:x="` + zufi.Namespace220 + `"><x:leistung><x:id>1</x:id><x:neuesElement>v</x:neuesElement></x:leistung><x:fremd/></x:schreibe.Leistung>`
	m, err := zufi.Read(strings.NewReader(doc), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Unmapped) != 2 || m.Unmapped[0].Path != "/schreibe.Leistung/leistung/neuesElement" || m.Unmapped[1].Path != "/schreibe.Leistung/fremd" {
		t.Errorf("unmapped = %+v", m.Unmapped)
	}
	_, err = zufi.Read(strings.NewReader(doc), &zufi.ReadOptions{Strict: true})
	var ue *zufi.UnmappedError
	if !errors.As(err, &ue) || ozg.CodeOf(err) != ozg.InvalidArgument || len(ue.Elements) != 2 {
		t.Errorf("strict: got %v", err)
	}
	if got, want := err.Error(), "2 unmapped element(s), first /schreibe.Leistung/leistung/neuesElement (line 1)"; !strings.Contains(got, want) {
		t.Errorf("strict: %q lacks %q", got, want)
	}
	// The zero value of the exported error type must not panic.
	if got := (&zufi.UnmappedError{}).Error(); !strings.Contains(got, "unmapped") {
		t.Errorf("zero UnmappedError: %q", got)
	}
}

func TestReadFields220(t *testing.T) {
	m := readFile(t, testFiles[0])
	if m.Version != "2.2.0" || m.Root != "schreibe.LeistungZustaendigkeit" {
		t.Errorf("version %q root %q", m.Version, m.Root)
	}
	if m.Kopf.NachrichtUUID != "0b7c1e4a-3f52-4c61-9a0e-5d2f8b9c7e10" || m.Kopf.Sender == "" || m.Kopf.Empfaenger == "" ||
		m.Kopf.ErstelltDatumZeit.IsZero() || m.TransaktionID != "c9e1d7f0-2a44-4b8e-8f3c-6a1b0d5e9f21" || m.TransaktionPosition != 1 {
		t.Errorf("header %+v %q %d", m.Kopf, m.TransaktionID, m.TransaktionPosition)
	}
	if len(m.Leistungen) != 1 || len(m.Organisationseinheiten) != 2 || len(m.Onlinedienste) != 1 || len(m.Spezialisierungen) != 1 {
		t.Fatalf("counts: %d %d %d %d", len(m.Leistungen), len(m.Organisationseinheiten), len(m.Onlinedienste), len(m.Spezialisierungen))
	}
	l := m.Leistungen[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"id", l.ID, zufi.ID{Value: "L100007-4711", SchemeID: "urn:de:rlp:leistung", SchemeAgencyID: "S100007"}},
		{"idSekundaer", l.IDSekundaer[0].Value, "99102013104000"},
		{"leika", l.ReferenzLeiKa[0].String(), "99102013104000"},
		{"struktur typ", l.Struktur.Typ, "LeistungsstrukturObjektMitVerrichtung"},
		{"verrichtung", l.Struktur.Verrichtung, zufi.Code{Code: "104", Name: "Anmeldung", ListURI: "urn:de:fim:leika:verrichtung", ListVersionID: "20240216"}},
		{"verrichtungsdetail", l.Struktur.Verrichtungsdetail[0].Text, "Hund"},
		{"leistungsobjekt", l.Struktur.LeistungsobjektID.Value, "99102013000000"},
		{"name", l.Name(), "Hund zur Hundesteuer anmelden"},
		{"texte", len(l.Texte), 4},
		{"position", l.Texte[2].Position, 3},
		{"link", l.Texte[2].Links[0], zufi.Link{URL: "https://www.example.invalid/satzung-hundesteuer.pdf", Title: "Hundesteuersatzung", Lang: "de", Beschreibung: "Satzung über die Erhebung der Hundesteuer (PDF)", Position: 1}},
		{"fristen", len(l.Fristen), 2},
		{"frist typ", l.Fristen[0].Typ.Code, "001"},
		{"frist", *l.Fristen[0].Dauer, zufi.Dauer{Wert: 14, Einheit: zufi.EinheitTag}},
		{"frist position", l.Fristen[0].Position, 1},
		{"stichtag", l.Fristen[1].Von + " " + l.Fristen[1].Bis, "--01-01 --01-31"},
		{"stichtag ohne dauer", l.Fristen[1].Dauer == nil, true},
		{"fristmodul", l.FristModul.Beschreibung[0].Text, "Die Anmeldefrist regelt die Hundesteuersatzung Ihrer Gemeinde."},
		{"fristmodul position", l.FristModul.Position, 5},
		{"kosten", len(l.Kosten), 2},
		{"kostenfrei", l.Kosten[0].Frei() && l.Kosten[0].Betrag == nil && !*l.Kosten[0].Vorkasse, true},
		{"kostentyp", l.Kosten[1].Typ.Code, "002"},
		{"betrag von", l.Kosten[1].BetragVon.StringFixed(2), "60.00"},
		{"betrag bis", l.Kosten[1].BetragBis.StringFixed(2), "900.00"},
		{"variabilitaet", l.Kosten[1].Variabilitaet[0].Text, "nach Anzahl der Hunde und Gefährlichkeit"},
		{"kostenlink", l.Kosten[1].Links[0].URL, "https://www.example.invalid/hundesteuer-saetze"},
		{"kosten position", l.Kosten[1].Position, 2},
		{"vorkasse nicht angegeben", l.Kosten[1].Vorkasse == nil, true},
		{"kostenmodul link", l.KostenModul.Links[0].Title, "Hundesteuersatzung"},
		{"bearbeitungsdauer", *l.Bearbeitungsdauer[0].Dauer, zufi.Dauer{Wert: 2, Einheit: zufi.EinheitWoche, WertBis: 3, EinheitBis: zufi.EinheitWoche}},
		{"dokumente", len(l.Dokumente), 2},
		{"dokument nicht gelistet", l.Dokumente[0].Typ.NichtGelistet, "Versicherungsnachweis"},
		{"dokument typ", l.Dokumente[1].Typ, zufi.Code{Code: "001", ListURI: "urn:de:fim:codeliste:dokumenttyp", ListVersionID: "5"}},
		{"formular", l.Dokumente[1].FormularIDs[0].Value, "F-HST-1"},
		{"signatur", l.Dokumente[1].Signatur.Code, "001"},
		{"eingehend", l.Dokumente[0].Ausgehend || l.Dokumente[1].Ausgehend, false},
		{"dokumentmodul", l.DokumentModul.Beschreibung[0].Text, "Bringen Sie die Unterlagen zur Anmeldung mit."},
		{"begriff", l.Begriffe[0], zufi.Begriff{Begriff: zufi.Text{Lang: "de", Text: "Hundemarke"}, Typ: zufi.Code{Code: "001"}}},
		{"freigabe", l.FachlichFreigegebenAm.Format("2006-01-02") + " " + l.FachlichFreigegebenVon[0].Text, "2026-01-10 Kreisverwaltung Mayen-Koblenz (Testdaten)"},
		{"ursprungsportal", l.Ursprungsportal[0], zufi.Link{URL: "https://www.example.invalid/rlp/hundesteuer", Title: "Hundesteuer im Landesportal (Testdaten)", Lang: "de", Position: 1}},
		{"typisierung", l.Typisierung[0].Code, "4"},
		{"vertrauensniveau", l.Vertrauensniveau, ozg.NiveauNiedrig},
		{"vertrauensniveau code", l.VertrauensniveauCode.Code, "10"},
		{"adressat", l.Adressaten[0].Code, "001"},
		{"schriftform", *l.SchriftformErforderlich, false},
		{"ea", *l.EinheitlicherAnsprechpartner, false},
		{"kategorie", l.Kategorien[0].Bezeichnung[0].Text + "/" + l.Kategorien[0].UebergeordneteKategorieID.Value + "/" + l.Kategorien[0].Klassen[0].ID.Value, "Hundesteuer/K-STEUERN/RLP-LEBENSLAGEN"},
		{"klassifizierung", l.Klassifizierung[0], zufi.Code{Code: "2100400", ListURI: "urn:xoev-de:fim:codeliste:pvlagen"}},
		{"sdg", l.InformationsbereichSDG[0].Code, "1030100"},
		{"gueltigkeit", l.GueltigkeitGebiet[0].String(), "07137"},
		{"sprachversion", l.Sprachversionen[1], zufi.Sprachversion{Lang: "en", NameDeutsch: "Englisch", NameNativ: "English"}},
		{"erstellt", l.ErstelltAm.UTC().Format("2006-01-02T15:04"), "2025-03-01T07:00"},
		{"version", l.Version, "3"},
		{"abweichende bezeichnung", l.Texte[3].AbweichendeBezeichnung[0].Text, "Rechtsgrundlagen der Hundesteuer"},
		{"individuell", l.TexteIndividuell[0].Modul.Code + " " + l.TexteIndividuell[0].Modul.Name, "HST-MARKE Hundesteuermarke"},
		{"auskunftshinweis", l.Auskunftshinweise[0].Inhalt[0].Text, "Auskünfte erteilt die Steuerabteilung Ihrer Verbandsgemeinde."},
		{"prozess", l.ProzessIDs[0].Value, "P-HST-1"},
		{"im kontext", l.LeistungImKontextIDs[0].Value, "L100007-4712"},
		{"gueltigkeit zeitraum", l.Gueltigkeit[0].Beginn + "|" + l.Gueltigkeit[0].Ende + "|" + l.Gueltigkeit[0].Zusatz[0].Text, "2025-01-01||ab Inkrafttreten der Satzung 2025"},
		{"geaendert", l.GeaendertAm.UTC().Format("2006-01-02T15:04"), "2026-01-15T09:00"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	o := m.Organisationseinheiten[0]
	an := o.Anschriften[0]
	z := o.Zustaendigkeiten[0]
	checks = []struct {
		name      string
		got, want any
	}{
		{"oe name", o.NameDE(), "Verbandsgemeindeverwaltung Pellenz, Fachbereich Finanzen"},
		{"kurz", o.Kurzbezeichnung, "VG Pellenz Finanzen"},
		{"strasse", an.Strasse, "Musterstraße"},
		{"kodierung ars", an.Kodierung.ARS.String(), "071375001088"},
		{"kodierung ags", an.Kodierung.Gemeindeschluessel.Code, "07137088"},
		{"kodierung kreis", an.Kodierung.Kreis.Name, "Mayen-Koblenz"},
		{"kodierung land", an.Kodierung.Bundesland.Code, "07"},
		{"postfach", o.Anschriften[1].Postfach, "1234"},
		{"anschrifttyp", o.Anschriften[0].Typ, zufi.Code{Code: "01", Name: "Hausanschrift", ListURI: "urn:xoev-de:fim:codeliste:xzufi.anschrifttyp", ListVersionID: "2.0"}},
		{"kommunikation", o.Kommunikation[1].Kennung, "steuern@vg-pellenz.example"},
		{"kanal email", o.Kommunikation[1].Kanal.Code, zufi.KanalEmail},
		{"kanal telefon", o.Kommunikation[0].Kanal.Code, zufi.KanalTelefon},
		{"zusatz", o.Kommunikation[0].Zusatz, "Zentrale"},
		{"internet", o.Internetadressen[0].URL, "https://www.vg-pellenz.example"},
		{"zust leistung", z.LeistungID.Value, "L100007-4711"},
		{"zust gebiet", z.Gebiete[0].String(), "071375001"},
		{"zust rolle", z.Rolle.Code, "01"},
		{"destination sig", strings.Count(z.DestinationSignature(), "."), 2},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	od := m.Onlinedienste[0]
	if l, ok := od.Link("01"); !ok || l.URL != "https://hundesteuer.example/rlp/start" || l.Title != "Zum Antrag" {
		t.Errorf("Antragslink %+v", l)
	}
	if l, _ := od.Link("03"); l.Typ.Name != "Informationslink" {
		t.Errorf("Informationslink %+v", l)
	}
	if od.Vertrauensniveau != ozg.NiveauSubstanziell || od.VertrauensniveauCode.Code != "20" || od.Parameter[0] != (zufi.Parameter{Name: "zahlungsverkehr.originatorId", Wert: "rlp-mayen-koblenz"}) {
		t.Errorf("onlinedienst %+v", od)
	}
	if l, _ := od.Link("01"); l.Lang != "de" || l.Typ.ListURI != "urn:xoev-de:fim:codeliste:onlinedienstlinktyp" || od.Sprachversionen[0].Lang != "de" {
		t.Errorf("onlinedienst link/sprachversion %+v %+v", l, od.Sprachversionen)
	}
	if od.Zustaendigkeiten[0].Gebiete[0].String() != "07137" {
		t.Errorf("onlinedienst zuständigkeit %+v", od.Zustaendigkeiten)
	}
	s := m.Spezialisierungen[0]
	if s.LeistungID.Value != "L100007-4711" || s.Gebiete[0].String() != "071370003003" || s.Kosten[0].Betrag.StringFixed(2) != "84.00" || len(s.Texte) != 1 || len(s.Fristen) != 1 {
		t.Errorf("spezialisierung %+v", s)
	}
}

func TestReadFields231(t *testing.T) {
	m := readFile(t, testFiles[1])
	if m.Version != "2.3.1" || len(m.Leistungen) != 2 || len(m.Organisationseinheiten) != 2 {
		t.Fatalf("%+v", m)
	}
	l := m.Leistungen[0]
	if l.ReferenzLeiKa[0].String() != "99089001001000" || m.Leistungen[1].ReferenzLeiKa[0].String() != "99050012104000" {
		t.Errorf("referenzLeistungsschluessel %v %v", l.ReferenzLeiKa, m.Leistungen[1].ReferenzLeiKa)
	}
	if l.Vertrauensniveau != ozg.NiveauHoch || !*l.SchriftformErforderlich || !*l.PersoenlichErforderlich || *l.Formlos ||
		!*l.Kosten[0].Vorkasse || l.Kosten[0].Betrag.StringFixed(2) != "56.50" || l.Typisierung[0].Code != "2/3" {
		t.Errorf("leistung %+v", l)
	}
	if k := l.Kosten[0].Links[0]; k.URL != "https://www.example.invalid/waffenkostenverordnung" || k.Title != "Gebührenverzeichnis (Testdaten)" {
		t.Errorf("linkKostenbildung %+v", k)
	}
	if len(l.Dokumente) != 2 || l.Dokumente[0].Pflichtangabetyp.Code != "01" || l.Dokumente[0].Typ.Code != "003" ||
		l.Dokumente[0].Bezeichnung[0].Text != "Sachkundenachweis" || l.Dokumente[0].FormularIDs[0].Value != "F-WBK-2" ||
		!l.Dokumente[1].Ausgehend || len(l.DokumentModul.Beschreibung) != 2 {
		t.Errorf("dokumente %+v %+v", l.Dokumente, l.DokumentModul)
	}
	if l.ProzessIDs[0].Value != "P-WBK-1" || l.LeistungImKontextIDs[0].Value != "L100007-0816" || l.Gueltigkeit[0].Beginn != "2026-01-01" || l.Gueltigkeit[0].Ende != "2027-12-31" {
		t.Errorf("2.3.1 ids %+v %+v", l.ProzessIDs, l.LeistungImKontextIDs)
	}
	if l.GeaendertAm.UTC().Format("2006-01-02T15:04") != "2026-02-01T08:30" {
		t.Errorf("versionsinformationen %v", l.GeaendertAm)
	}
}

func TestReadErrors(t *testing.T) {
	ns := `xmlns:x="` + zufi.Namespace231 + `"`
	cases := []struct {
		name, doc string
		target    any
		contains  string
	}{
		{"namespace", `<x:schreibe xmlns:x="urn:other"/>`, nil, "not an XZuFi"},
		{"syntax", `<x:schreibe ` + ns + `><x:leistung>`, &zufi.SyntaxError{}, "line"},
		{"dtd", `<!DOCTYPE x [<!ENTITY a "b">]><x:schreibe ` + ns + `/>`, &zufi.SyntaxError{}, "DTD"},
		{"leika", `<x:schreibe ` + ns + `><x:leistung><x:referenzLeiKa><code>9910</code></x:referenzLeiKa></x:leistung></x:schreibe>`, &zufi.FieldError{}, "/schreibe/leistung/referenzLeiKa"},
		{"leistungsschluessel", `<x:schreibe ` + ns + `><x:leistung><x:referenzLeistungsschluessel>991</x:referenzLeistungsschluessel></x:leistung></x:schreibe>`, &zufi.FieldError{}, "/schreibe/leistung/referenzLeistungsschluessel"},
		{"amount", `<x:schreibe ` + ns + `><x:leistung><x:modulKosten><x:kosten><x:betrag>zwölf</x:betrag></x:kosten></x:modulKosten></x:leistung></x:schreibe>`, &zufi.FieldError{}, "kosten/betrag"},
		{"negative", `<x:schreibe ` + ns + `><x:leistung><x:modulKosten><x:kosten><x:betrag>-1</x:betrag></x:kosten></x:modulKosten></x:leistung></x:schreibe>`, &zufi.FieldError{}, "negative"},
		{"range", `<x:schreibe ` + ns + `><x:leistung><x:modulKosten><x:kosten><x:betragUntergrenze>9</x:betragUntergrenze><x:betragObergrenze>1</x:betragObergrenze></x:kosten></x:modulKosten></x:leistung></x:schreibe>`, &zufi.FieldError{}, "betragUntergrenze greater"},
		{"einheit", `<x:schreibe ` + ns + `><x:leistung><x:modulFrist><x:frist><x:dauer>3</x:dauer><x:einheit>Tage</x:einheit></x:frist></x:modulFrist></x:leistung></x:schreibe>`, &zufi.FieldError{}, "Zeiteinheit"},
		{"dauer ohne einheit", `<x:schreibe ` + ns + `><x:leistung><x:modulBearbeitungsdauer><x:bearbeitungsdauer><x:dauer>3</x:dauer></x:bearbeitungsdauer></x:modulBearbeitungsdauer></x:leistung></x:schreibe>`, &zufi.FieldError{}, "without einheit"},
		{"dauer", `<x:schreibe ` + ns + `><x:leistung><x:modulFrist><x:frist><x:dauer>drei</x:dauer><x:einheit>TAG</x:einheit></x:frist></x:modulFrist></x:leistung></x:schreibe>`, &zufi.FieldError{}, "frist/dauer"},
		{"ars", `<x:schreibe ` + ns + `><x:organisationseinheit><x:zustaendigkeit><x:gebietID>0713X</x:gebietID></x:zustaendigkeit></x:organisationseinheit></x:schreibe>`, &zufi.FieldError{}, "gebietID"},
		{"trust code", `<x:schreibe ` + ns + `><x:onlinedienst><x:vertrauensniveau><code>3</code></x:vertrauensniveau></x:onlinedienst></x:schreibe>`, &zufi.FieldError{}, "vertrauensniveau"},
		{"trust name", `<x:schreibe ` + ns + `><x:leistung><x:vertrauensniveau><code>20</code><name>mittel</name></x:vertrauensniveau></x:leistung></x:schreibe>`, &zufi.FieldError{}, "trust level"},
		{"bool", `<x:schreibe ` + ns + `><x:leistung><x:kennzeichenSchriftformerfordernis>ja</x:kennzeichenSchriftformerfordernis></x:leistung></x:schreibe>`, &zufi.FieldError{}, "boolean"},
		{"stichtag", `<x:schreibe ` + ns + `><x:leistung><x:modulFrist><x:frist><x:von>--13-01</x:von></x:frist></x:modulFrist></x:leistung></x:schreibe>`, &zufi.FieldError{}, "frist/von"},
		{"stichtag datum", `<x:schreibe ` + ns + `><x:leistung><x:modulFrist><x:frist><x:bis>2026-02-30</x:bis></x:frist></x:modulFrist></x:leistung></x:schreibe>`, &zufi.FieldError{}, "--MM-DD"},
		{"zeitraum", `<x:schreibe ` + ns + `><x:leistung><x:gueltigkeit><x:ende>31.12.2026</x:ende></x:gueltigkeit></x:leistung></x:schreibe>`, &zufi.FieldError{}, "not a date"},
		{"date", `<x:schreibe ` + ns + `><x:leistung><x:modulFachlicheFreigabe><x:fachlichFreigegebenAm>gestern</x:fachlichFreigegebenAm></x:modulFachlicheFreigabe></x:leistung></x:schreibe>`, &zufi.FieldError{}, "date-time"},
		{"position", `<x:schreibe ` + ns + `><x:transaktionPosition>-2</x:transaktionPosition></x:schreibe>`, &zufi.FieldError{}, "transaktionPosition"},
		{"agency", `<x:schreibe ` + ns + `><x:organisationseinheit><x:zustaendigkeit><x:idSekundaer schemeID="urn:de:fitko:fit-connect:xzufi:destination">a.b.c</x:idSekundaer></x:zustaendigkeit></x:organisationseinheit></x:schreibe>`, &zufi.FieldError{}, "schemeAgencyID"},
	}
	for _, c := range cases {
		_, err := zufi.Read(strings.NewReader(c.doc), nil)
		if err == nil || ozg.CodeOf(err) != ozg.InvalidArgument || !strings.Contains(err.Error(), c.contains) {
			t.Errorf("%s: got %v", c.name, err)
			continue
		}
		switch tgt := c.target.(type) {
		case *zufi.SyntaxError:
			if !errors.As(err, &tgt) {
				t.Errorf("%s: not a SyntaxError: %v", c.name, err)
			}
		case *zufi.FieldError:
			if !errors.As(err, &tgt) || tgt.Line == 0 {
				t.Errorf("%s: not a FieldError with line: %v", c.name, err)
			}
		case nil:
			if !errors.Is(err, zufi.ErrNamespace) {
				t.Errorf("%s: not ErrNamespace: %v", c.name, err)
			}
		}
	}
}

func directory(t testing.TB) *zufi.Directory {
	t.Helper()
	return zufi.NewDirectory(readFile(t, testFiles[0]), readFile(t, testFiles[1]))
}

var (
	hundesteuer = ozg.MustParseLeistungsschluessel("99102013104000")
	waffen      = ozg.MustParseLeistungsschluessel("99089001001000")
	landLeist   = ozg.MustParseLeistungsschluessel("99050012104000")
)

// TestZustaendigHierarchy asks with real RLP keys from the region directory
// and checks the level the answer comes from.
func TestZustaendigHierarchy(t *testing.T) {
	d := directory(t)
	cases := []struct {
		name       string
		key        ozg.Leistungsschluessel
		ars        string
		wantOE     string
		wantGebiet string
		wantLevel  ozg.RegionLevel
	}{
		{"Gemeinde Andernach itself", hundesteuer, "071370003003", "OE-ANDERNACH-STEUER", "071370003003", ozg.LevelGemeinde},
		{"Kruft → VG Pellenz", hundesteuer, "071375001057", "OE-VG-PELLENZ-FIN", "071375001", ozg.LevelGemeindeverband},
		{"VG Pellenz asked directly", hundesteuer, "071375001", "OE-VG-PELLENZ-FIN", "071375001", ozg.LevelGemeindeverband},
		{"Kruft → Kreis Mayen-Koblenz", waffen, "071375001057", "OE-KV-MYK-ORDNUNG", "07137", ozg.LevelKreis},
		{"Mülheim-Kärlich → Kreis", waffen, "071375008216", "OE-KV-MYK-ORDNUNG", "07137", ozg.LevelKreis},
		{"Kruft → Land", landLeist, "071375001057", "OE-LAND-RLP", "07", ozg.LevelLand},
		{"Mainz → Land", landLeist, "073150000000", "OE-LAND-RLP", "07", ozg.LevelLand},
	}
	for _, c := range cases {
		a := ozg.MustParseARS(c.ars)
		if !a.Exists() {
			t.Fatalf("%s: %s not in the region directory", c.name, c.ars)
		}
		got, err := d.Zustaendig(c.key, a)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got[0].Organisationseinheit.ID.Value != c.wantOE || got[0].Gebiet.String() != c.wantGebiet || got[0].Gebiet.Level() != c.wantLevel {
			t.Errorf("%s: got %s for %s, want %s for %s", c.name, got[0].Organisationseinheit.ID.Value, got[0].Gebiet, c.wantOE, c.wantGebiet)
		}
	}
	// Not responsible anywhere: Hundesteuer in Mainz (no data), another Land.
	for _, s := range []string{"073150000000", "091620000000"} {
		_, err := d.Zustaendig(hundesteuer, ozg.MustParseARS(s))
		if !errors.Is(err, ozg.ErrNotFound) {
			t.Errorf("%s: got %v, want NotFound", s, err)
		}
	}
	if _, err := d.Zustaendig(ozg.Leistungsschluessel{}, ozg.MustParseARS("07")); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("zero key: %v", err)
	}
}

// TestAnswerPortalQuestions: online service link, trust level, costs,
// documents and the German texts as published, with the Spezialisierung
// of Andernach taking precedence there.
func TestAnswerPortalQuestions(t *testing.T) {
	d := directory(t)
	kruft, err := d.Zustaendig(hundesteuer, ozg.MustParseARS("071375001057"))
	if err != nil {
		t.Fatal(err)
	}
	a := kruft[0]
	link, _ := a.Onlinedienst.Link("01")
	if link.URL != "https://hundesteuer.example/rlp/start" || a.Vertrauensniveau != ozg.NiveauSubstanziell {
		t.Errorf("online service %q level %v", link.URL, a.Vertrauensniveau)
	}
	if len(a.Kosten) != 2 || a.Kosten[1].BetragBis.StringFixed(2) != "900.00" || len(a.Dokumente) != 2 {
		t.Errorf("costs/documents: %+v %+v", a.Kosten, a.Dokumente)
	}
	if s, _ := a.Text(zufi.TextVolltext, "de"); s != "<p>Wenn Sie einen Hund halten, müssen Sie ihn bei Ihrer Gemeinde zur Hundesteuer anmelden.</p>" {
		t.Errorf("Volltext %q", s)
	}
	and, _ := d.Zustaendig(hundesteuer, ozg.MustParseARS("071370003003"))
	b := and[0]
	if b.Kosten[0].Betrag.StringFixed(2) != "84.00" || len(b.Fristen) != 1 || b.Fristen[0].Dauer != nil || len(b.FristModul.Beschreibung) != 0 {
		t.Errorf("Andernach specialisation: %+v %+v %+v", b.Kosten, b.Fristen, b.FristModul)
	}
	if len(a.FristModul.Beschreibung) != 1 || len(a.KostenModul.Links) != 1 {
		t.Errorf("Kruft modules: %+v %+v", a.FristModul, a.KostenModul)
	}
	if s, _ := b.Text(zufi.TextVolltext, "de"); s != "In Andernach melden Sie Ihren Hund beim Steueramt an." {
		t.Errorf("Andernach Volltext %q", s)
	}
	if s, _ := b.Text(zufi.TextRechtsgrundlagen, "de"); !strings.HasPrefix(s, "§ 5 Abs. 3") {
		t.Errorf("Andernach keeps the general Rechtsgrundlagen: %q", s)
	}
	// Waffenbesitzkarte: no online service, trust level from the Leistung.
	w, _ := d.Zustaendig(waffen, ozg.MustParseARS("071375001057"))
	if w[0].Onlinedienst != nil || w[0].Vertrauensniveau != ozg.NiveauHoch {
		t.Errorf("Waffen: %+v", w[0])
	}
}

func keys(t testing.TB, name string) *jose.JSONWebKeySet {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(b, &set); err != nil {
		t.Fatal(err)
	}
	return &set
}

// TestRouterVerifiesDestination: the destinationSignature from idSekundaer
// is verified before a Destination is returned; a tampered or foreign one
// yields no Destination and a recorded error.
func TestRouterVerifiesDestination(t *testing.T) {
	d := directory(t)
	ctx := context.Background()
	r := d.Router(&zufi.JWSVerifier{Keys: keys(t, "testdata/ssp-test.jwks.json")})
	zs, err := r.Route(ctx, hundesteuer, ozg.MustParseARS("071375001057"))
	if err != nil {
		t.Fatal(err)
	}
	if zs[0].Destination == nil || zs[0].Destination.ID != "3a6c3f0e-7b1d-4d5e-9f3a-2b8c6d4e1f70" || zs[0].Destination.SubmissionURL != "submission-api-testing.fit-connect.fitko.dev" {
		t.Fatalf("destination %+v", zs[0].Destination)
	}
	if zs[0].Organisationseinheit.Email != "steuern@vg-pellenz.example" || zs[0].Gebiet.Name != "Pellenz" || zs[0].Onlinedienst.URL != "https://hundesteuer.example/rlp/start" {
		t.Errorf("zuständigkeit %+v", zs[0])
	}
	if errs := r.RouteErrors(); len(errs) != 0 {
		t.Errorf("errors %v", errs)
	}

	// A key set without the signing key: no destination, error recorded.
	other := d.Router(&zufi.JWSVerifier{Keys: &jose.JSONWebKeySet{}})
	zs, _ = other.Route(ctx, hundesteuer, ozg.MustParseARS("071370003003"))
	if zs[0].Destination != nil {
		t.Errorf("unverified destination returned")
	}
	if errs := other.RouteErrors(); len(errs) != 1 || !errors.Is(errs[0], zufi.ErrSignature) {
		t.Errorf("errors %v", errs)
	}
	// No verifier at all: never an unverified destination.
	none := d.Router(nil)
	zs, _ = none.Route(ctx, hundesteuer, ozg.MustParseARS("071370003003"))
	if zs[0].Destination != nil || len(none.RouteErrors()) != 1 {
		t.Errorf("nil verifier returned a destination")
	}
}

func TestJWSVerifierTamperedAndUncovered(t *testing.T) {
	m := readFile(t, testFiles[0])
	sig := m.Organisationseinheiten[0].Zustaendigkeiten[0].DestinationSignature()
	v := &zufi.JWSVerifier{Keys: keys(t, "testdata/ssp-test.jwks.json")}
	ctx := context.Background()
	parts := strings.Split(sig, ".")
	payload, _ := jose.ParseSignedCompact(sig, []jose.SignatureAlgorithm{jose.PS512})
	raw := payload.UnsafePayloadWithoutVerification()
	forged := strings.Replace(string(raw), "3a6c3f0e", "deadbeef", 1)
	tampered := parts[0] + "." + b64(forged) + "." + parts[2]
	if _, err := v.VerifyDestination(ctx, tampered, hundesteuer, ozg.MustParseARS("071375001057")); !errors.Is(err, zufi.ErrSignature) || !errors.Is(err, fitconnect.ErrSignature) || ozg.CodeOf(err) != ozg.PermissionDenied {
		t.Errorf("tampered: %v", err)
	}
	// Valid signature, but for another area (Mainz) and another service.
	if _, err := v.VerifyDestination(ctx, sig, hundesteuer, ozg.MustParseARS("073150000000")); !errors.Is(err, zufi.ErrNotCovered) || !errors.Is(err, fitconnect.ErrRouteMismatch) {
		t.Errorf("other area: %v", err)
	}
	if _, err := v.VerifyDestination(ctx, sig, waffen, ozg.MustParseARS("071375001057")); !errors.Is(err, zufi.ErrNotCovered) {
		t.Errorf("other service: %v", err)
	}
	if _, err := v.VerifyDestination(ctx, "kein.jws", hundesteuer, ozg.MustParseARS("071375001057")); !errors.Is(err, zufi.ErrSignature) {
		t.Errorf("garbage: %v", err)
	}
}

// TestTransferAndDeletion: a PVOG-style page adds a responsibility through
// a zustaendigkeitTransferObjekt and deletes one through loesche.
func TestTransferAndDeletion(t *testing.T) {
	tr := readFile(t, testFiles[2])
	if len(tr.Zustaendigkeiten) != 1 || len(tr.Loeschungen) != 1 || tr.Loeschungen[0] != (zufi.Loeschung{Klasse: "Zustaendigkeit", ID: zufi.ID{Value: "Z-KV-WBK"}}) {
		t.Fatalf("%+v %+v", tr.Zustaendigkeiten, tr.Loeschungen)
	}
	base := readFile(t, testFiles[1])
	d := zufi.NewDirectory(readFile(t, testFiles[0]), base, tr)
	got, err := d.Zustaendig(hundesteuer, ozg.MustParseARS("071375008216"))
	if err != nil || got[0].Organisationseinheit.ID.Value != "OE-MUELHEIM-KAERLICH" || got[0].Gebiet.Level() != ozg.LevelGemeinde {
		t.Errorf("Mülheim-Kärlich: %v %v", got, err)
	}
	if _, err := d.Zustaendig(waffen, ozg.MustParseARS("071375001057")); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("deleted responsibility still answers: %v", err)
	}
	if len(base.Organisationseinheiten[0].Zustaendigkeiten) != 1 {
		t.Errorf("the deletion changed the caller's message")
	}
}

// TestDirectoryConcurrent: adding pages while answering (run with -race).
func TestDirectoryConcurrent(t *testing.T) {
	base, tr := readFile(t, testFiles[0]), readFile(t, testFiles[2])
	d := zufi.NewDirectory(base, tr)
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if i == 0 {
					d.Add(tr)
					continue
				}
				as, err := d.Zustaendig(hundesteuer, ozg.MustParseARS("071375008216"))
				if err != nil {
					t.Error(err)
					return
				}
				_ = as[0].Organisationseinheit.Zustaendigkeiten
			}
		}()
	}
	wg.Wait()
}

// TestTestDataCoversReader: every element name the reader maps (read from
// its source) occurs in the hand-built messages, so TestEveryElementMapped
// exercises all of the reader.
func TestTestDataCoversReader(t *testing.T) {
	src, err := os.ReadFile("read.go")
	if err != nil {
		t.Fatal(err)
	}
	var data []byte
	for _, name := range testFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		data = append(data, b...)
	}
	// Element names occur in read.go as the string arguments of one, all,
	// str and of the helpers taking (node, "name" …), and as case labels.
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\.(?:one|all|str)\("([A-Za-z.]+)"\)`),
		regexp.MustCompile(`\.[a-z][A-Za-z]*\([a-z]+, "([A-Za-z.]+)"`),
		regexp.MustCompile(`fristen\([a-z]+, "[A-Za-z]+", "([A-Za-z]+)"`),
		regexp.MustCompile(`case "([a-z][A-Za-z.]+)"`),
		regexp.MustCompile(`string\{"(versionsinformation)", "(versionsinformationen)"\}`),
	}
	names := map[string]bool{}
	for _, re := range patterns {
		for _, m := range re.FindAllSubmatch(src, -1) {
			for _, g := range m[1:] {
				names[string(g)] = true
			}
		}
	}
	delete(names, "true")
	delete(names, "false")
	if len(names) < 120 {
		t.Fatalf("found only %d element names in read.go; pattern broken?", len(names))
	}
	for n := range names {
		if !regexp.MustCompile(`<(?:xzufi:)?` + regexp.QuoteMeta(n) + `[ >]`).Match(data) {
			t.Errorf("element %s is mapped by the reader but occurs in no test message", n)
		}
	}
	t.Logf("%d element names mapped by the reader, all in the test messages", len(names))
}

func TestReadMaxBytes(t *testing.T) {
	b, err := os.ReadFile(testFiles[1])
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zufi.Read(bytes.NewReader(b), &zufi.ReadOptions{MaxBytes: int64(len(b))}); err != nil {
		t.Errorf("exactly the limit: %v", err)
	}
	_, err = zufi.Read(bytes.NewReader(b), &zufi.ReadOptions{MaxBytes: int64(len(b)) - 100})
	var se *zufi.SyntaxError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "larger than the limit") {
		t.Errorf("over the limit: %v", err)
	}
}

// TestKanalCodesOfficial checks the Kanal constants and every kanal of the
// hand-built messages against the official XÖV code list Erreichbarkeit 3
// (genericode from XRepository, kept in package xoev/genericode's testdata).
func TestKanalCodesOfficial(t *testing.T) {
	b, err := os.ReadFile("../../xoev/genericode/testdata/urn_de_xoev_codeliste_erreichbarkeit_3.xml")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := genericode.ParseBytes(b)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{zufi.KanalEmail: "E-Mail", zufi.KanalTelefon: "Telefon Festnetz", zufi.KanalMobil: "Telefon mobil",
		zufi.KanalFax: "Fax", zufi.KanalDEMail: "De-Mail", zufi.KanalWeb: "Web"}
	for code, name := range want {
		if r, ok := cl.Lookup(code); !ok || r.Name() != name {
			t.Errorf("code %s: list has %q, want %q", code, r.Name(), name)
		}
	}
	n := 0
	for _, f := range testFiles {
		for _, o := range readFile(t, f).Organisationseinheiten {
			for _, k := range o.Kommunikation {
				n++
				r, ok := cl.Lookup(k.Kanal.Code)
				if !ok || (k.Kanal.Name != "" && k.Kanal.Name != r.Name()) || k.Kanal.ListURI != cl.Identification.CanonicalURI {
					t.Errorf("%s: kanal %+v not in %s (name %q)", f, k.Kanal, cl.Identification.CanonicalURI, r.Name())
				}
			}
		}
	}
	if n < 3 {
		t.Errorf("only %d kanal codes checked", n)
	}
}

// TestStichtagForms: von and bis of a Stichtag are xs:date (with an
// optional zone) or xs:gMonthDay.
func TestStichtagForms(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"2026-01-01", true}, {"2026-01-01Z", true}, {"2026-01-01+01:00", true}, {"--02-29", true}, {"--12-31", true},
		{"2026-01-01T00:00", false}, {"--2-1", false}, {"01.01.2026", false}, {"--13-01", false}, {"2026-01-01+1", false}, {"", false},
	} {
		doc := `<x:schreibe xmlns:x="` + zufi.Namespace220 + `"><x:leistung><x:modulFrist><x:frist><x:von>` + c.in + `</x:von></x:frist></x:modulFrist></x:leistung></x:schreibe>`
		m, err := zufi.Read(strings.NewReader(doc), nil)
		if (err == nil) != c.ok {
			t.Errorf("%q: err %v, want ok=%v", c.in, err, c.ok)
			continue
		}
		if c.ok && m.Leistungen[0].Fristen[0].Von != c.in {
			t.Errorf("%q: got %q", c.in, m.Leistungen[0].Fristen[0].Von)
		}
	}
}

func TestDeutsch(t *testing.T) {
	for _, c := range []struct {
		in   []zufi.Text
		want string
	}{
		{nil, ""},
		{[]zufi.Text{{Lang: "en", Text: "dog tax"}, {Lang: "de", Text: "Hundesteuer"}}, "Hundesteuer"},
		{[]zufi.Text{{Text: "ohne Sprache"}, {Lang: "de", Text: "Hundesteuer"}}, "ohne Sprache"},
		{[]zufi.Text{{Lang: "en", Text: "dog tax"}, {Lang: "fr", Text: "taxe"}}, "dog tax"},
	} {
		if got := zufi.Deutsch(c.in); got != c.want {
			t.Errorf("Deutsch(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestReadDatesWithZone: xs:date values may carry a time zone (Z or
// ±hh:mm), in a gueltigkeit as in a Stichtag.
func TestReadDatesWithZone(t *testing.T) {
	doc := `<x:schreibe xmlns:x="` + zufi.Namespace231 + `"><x:leistung><x:id>L1</x:id>` +
		`<x:gueltigkeit><x:beginn>2026-01-01+01:00</x:beginn><x:ende>2026-12-31Z</x:ende></x:gueltigkeit>` +
		`<x:modulFrist><x:frist><x:von>2026-01-01-05:00</x:von></x:frist></x:modulFrist>` +
		`</x:leistung></x:schreibe>`
	m, err := zufi.Read(strings.NewReader(doc), &zufi.ReadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	g := m.Leistungen[0].Gueltigkeit
	if len(g) != 1 || g[0].Beginn != "2026-01-01+01:00" || g[0].Ende != "2026-12-31Z" {
		t.Errorf("gueltigkeit %+v", g)
	}
	for _, bad := range []string{"2026-01-01+1", "2026-01-01+0100", "2026-01-0100:00", "2026-1-1"} {
		d := strings.Replace(doc, "2026-01-01+01:00", bad, 1)
		if _, err := zufi.Read(strings.NewReader(d), nil); !errors.As(err, new(*zufi.FieldError)) {
			t.Errorf("beginn %q: %v", bad, err)
		}
	}
}
