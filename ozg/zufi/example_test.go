package zufi_test

import (
	"fmt"
	"os"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
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
