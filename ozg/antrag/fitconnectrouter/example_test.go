package fitconnectrouter_test

import (
	"context"
	"fmt"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/antrag/fitconnectrouter"
)

// Route a dog-tax registration in Andernach through the FIT-Connect
// Routing API (here the fitconnecttest fake): the Gemeinde's destination
// comes first, then the Kreis's; both signatures verified. The directory
// adds the authority details the Routing API does not carry.
func ExampleRouter_Route() {
	srv, err := fitconnecttest.NewServer(nil)
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	const leika = "99102013104000"
	for _, r := range []fitconnecttest.Route{
		{DestinationID: "11111111-1111-4111-8111-111111111111", Name: "Kreisverwaltung Mayen-Koblenz", LeiKa: []string{leika}, ARS: []string{"07137"}},
		{DestinationID: "22222222-2222-4222-8222-222222222222", Name: "Stadtverwaltung Andernach", LeiKa: []string{leika}, ARS: []string{"071370003003"}},
	} {
		if err := srv.AddRoute(r); err != nil {
			panic(err)
		}
	}
	c, err := fitconnect.New(srv.SenderOptions())
	if err != nil {
		panic(err)
	}
	router, err := fitconnectrouter.New(c, &fitconnectrouter.Options{Directory: fitconnectrouter.MapDirectory{
		"22222222-2222-4222-8222-222222222222": {Organisationseinheit: antrag.Organisationseinheit{ID: "oe-andernach",
			Name: "Stadtverwaltung Andernach", Email: "steueramt@andernach.example"}},
	}})
	if err != nil {
		panic(err)
	}
	zs, err := router.Route(context.Background(), ozg.MustParseLeistungsschluessel(leika), ozg.MustParseARS("071370003003"))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, z := range zs {
		fmt.Println(z.Gebiet.ARS, z.Destination.ID, z.Organisationseinheit.Name, z.Organisationseinheit.Email != "",
			z.Destination.SubmissionURL == srv.URL, z.Destination.ParametersSignature != "")
	}
	_, err = router.Route(context.Background(), ozg.MustParseLeistungsschluessel(leika), ozg.MustParseARS("091620000000"))
	fmt.Println(ozg.CodeOf(err))
	srv.SetRouteMode(fitconnecttest.RoutesForged)
	_, err = router.Route(context.Background(), ozg.MustParseLeistungsschluessel(leika), ozg.MustParseARS("071370003003"))
	fmt.Println(ozg.CodeOf(err))
	// Output:
	// 071370003003 22222222-2222-4222-8222-222222222222 Stadtverwaltung Andernach true true true
	// 07137 11111111-1111-4111-8111-111111111111 Kreisverwaltung Mayen-Koblenz false true true
	// NotFound
	// PermissionDenied
}
