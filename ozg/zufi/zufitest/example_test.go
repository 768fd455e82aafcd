package zufitest_test

import (
	"context"
	"fmt"
	"os"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

// A portal's lookup against the fake Suchdienst: postcode → ARS → service
// description → responsible unit and its address.
func Example() {
	doc, err := os.ReadFile("../testdata/hundesteuer-mayen-koblenz_xzufi-2.2.0.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	pvog, err := zufitest.New([][]byte{doc}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pvog.Close()
	c, err := zufi.NewClient(pvog.URL, &zufi.ClientOptions{HTTPClient: pvog.Client()})
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	orte, err := c.Orte(ctx, "56645")
	if err != nil {
		fmt.Println(err)
		return
	}
	hundesteuer := ozg.MustParseLeistungsschluessel("99102013104000")
	stellen, err := c.Zustaendig(ctx, hundesteuer, orte[0].ARS)
	if err != nil {
		fmt.Println(err)
		return
	}
	st := stellen[0]
	oe, err := c.Organisationseinheit(ctx, st.Organisationseinheit.ID, orte[0].ARS, st.Leistung.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(orte[0].Name, orte[0].ARS)
	fmt.Println(st.Leistung.Name)
	fmt.Println(oe.Title, "for", st.Gebiet, "role", oe.Rolle.Code)
	fmt.Println(oe.Adressen[0].Strasse, oe.Adressen[0].PLZ, oe.Adressen[0].Ort)
	// Output:
	// Nickenich 071375001081
	// Hund zur Hundesteuer anmelden
	// Verbandsgemeindeverwaltung Pellenz, Fachbereich Finanzen for 071375001 role 01
	// Musterstraße 1 56637 Plaidt
}
