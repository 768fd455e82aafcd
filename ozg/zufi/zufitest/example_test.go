package zufitest_test

import (
	"context"
	"fmt"
	"os"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

// A portal's lookup against the fake PVOG: postcode → ARS → responsible
// unit and online service.
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
	orte, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56645"})
	if err != nil {
		fmt.Println(err)
		return
	}
	hundesteuer := ozg.MustParseLeistungsschluessel("99102013104000")
	oes, err := c.Organisationseinheiten(ctx, hundesteuer, orte[0].ARS)
	if err != nil {
		fmt.Println(err)
		return
	}
	ods, err := c.Onlinedienste(ctx, hundesteuer, orte[0].ARS)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(orte[0].Name, orte[0].ARS)
	fmt.Println(oes[0].Name, "for", oes[0].Gebiet)
	fmt.Println(ods[0].URL, ods[0].Vertrauensniveau)
	// Output:
	// Nickenich 071375001081
	// Verbandsgemeindeverwaltung Pellenz, Fachbereich Finanzen for 071375001
	// https://hundesteuer.example/rlp/start substanziell
}
