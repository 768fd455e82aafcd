package antragtest_test

import (
	"context"
	"fmt"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag/antragtest"
)

// Route a dog-tax registration in Andernach with the in-memory router.
func ExampleRouter() {
	r := antragtest.NewRouter(antragtest.Responsibilities()...)
	zs, err := r.Route(context.Background(), antragtest.Leistung, ozg.MustParseARS("071370003003"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, z := range zs {
		fmt.Println(z.Gebiet.ARS, z.Organisationseinheit.Name, z.Destination.ID)
	}
	_, err = r.Route(context.Background(), antragtest.Leistung, ozg.MustParseARS("091620000000"))
	fmt.Println(err)
	// Output:
	// 071370003003 Stadtverwaltung Andernach 22222222-2222-4222-8222-222222222222
	// 07137 Kreisverwaltung Mayen-Koblenz 11111111-1111-4111-8111-111111111111
	// antragtest.Router.Route: no responsibility for 99102013104000 in 091620000000
}
