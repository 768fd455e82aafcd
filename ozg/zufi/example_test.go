package zufi_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

// Who is responsible for registering a dog in Kruft (Verbandsgemeinde
// Pellenz, Landkreis Mayen-Koblenz)? The directory walks up from the
// Gemeinde to the Verbandsgemeinde, where the responsibility is recorded.
func ExampleDirectory_Zustaendig() {
	f, err := os.Open("testdata/hundesteuer-mayen-koblenz_xzufi-2.2.0.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	m, err := zufi.Read(f, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	dir := zufi.NewDirectory(m)

	kruft := ozg.MustParseARS("071375001057")
	answers, err := dir.Zustaendig(ozg.MustParseLeistungsschluessel("99102013104000"), kruft)
	if err != nil {
		fmt.Println(err)
		return
	}
	a := answers[0]
	region, _ := ozg.LookupRegion(a.Gebiet)
	link, _ := a.Onlinedienst.Link("01")
	fmt.Println(a.Leistung.Name())
	fmt.Println(a.Organisationseinheit.NameDE())
	fmt.Println("recorded for", a.Gebiet, region.Name, a.Gebiet.Level())
	fmt.Println("apply at", link.URL, "with trust level", a.Vertrauensniveau)
	for _, k := range a.Kosten {
		switch {
		case k.Frei():
			fmt.Println("free of charge:", k.Kostenfrei[0].Text)
		case k.Betrag != nil:
			fmt.Println("cost", k.Betrag.StringFixed(2), "EUR:", k.Beschreibung[0].Text)
		case k.BetragVon != nil:
			fmt.Println("cost", k.BetragVon.StringFixed(2), "to", k.BetragBis.StringFixed(2), "EUR:", k.Beschreibung[0].Text)
		}
	}
	// Output:
	// Hund zur Hundesteuer anmelden
	// Verbandsgemeindeverwaltung Pellenz, Fachbereich Finanzen
	// recorded for 071375001 Pellenz Gemeindeverband
	// apply at https://hundesteuer.example/rlp/start with trust level substanziell
	// free of charge: Die Anmeldung ist gebührenfrei.
	// cost 60.00 to 900.00 EUR: Jahressteuer je nach Anzahl der Hunde und Gefährlichkeit
}

// Who is responsible for registering a dog in Kruft, asked through the PVOG
// Suchdienst (here its fake, built from the same XZuFi test data)? The
// client walks up from the Gemeinde: Leistungen and Organisationseinheiten
// for Kruft name nobody, for the Verbandsgemeinde Pellenz a zuständige
// Stelle.
func ExampleClient_Zustaendig() {
	var docs [][]byte
	for _, name := range []string{"testdata/hundesteuer-mayen-koblenz_xzufi-2.2.0.xml", "testdata/kreis-land_xzufi-2.3.1.xml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Println(err)
			return
		}
		docs = append(docs, b)
	}
	pvog, err := zufitest.New(docs, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pvog.Close()
	// In production: zufi.NewClient(zufi.SuchdienstProduktion, nil).
	c, err := zufi.NewClient(pvog.URL, &zufi.ClientOptions{HTTPClient: pvog.Client()})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	kruft := ozg.MustParseARS("071375001057")
	for _, leika := range []string{"99102013104000", "99089001001000", "99050012104000"} {
		stellen, err := c.Zustaendig(ctx, ozg.MustParseLeistungsschluessel(leika), kruft)
		if err != nil {
			fmt.Println(err)
			return
		}
		st := stellen[0]
		region, _ := ozg.LookupRegion(st.Gebiet)
		fmt.Printf("%s: %s (role %s) for %s %s\n", st.Leistung.Name, st.Organisationseinheit.Title,
			st.Organisationseinheit.Rolle.Code, st.Gebiet.Level(), region.Name)
	}
	for _, r := range pvog.Requests()[:4] {
		fmt.Println(strings.SplitN(r, "?", 2)[0])
	}
	// Output:
	// Hund zur Hundesteuer anmelden: Verbandsgemeindeverwaltung Pellenz, Fachbereich Finanzen (role 01) for Gemeindeverband Pellenz
	// Waffenbesitzkarte Erteilung: Kreisverwaltung Mayen-Koblenz, Waffenbehörde (role 01) for Kreis Mayen-Koblenz
	// Landesleistung (Testdaten): Landesamt Rheinland-Pfalz (Testdaten) (role 03) for Land Rheinland-Pfalz
	// /v3/servicedescriptions/leikaid
	// /v2/organisationunits/titles
	// /v3/servicedescriptions/leikaid
	// /v2/organisationunits/titles
}
