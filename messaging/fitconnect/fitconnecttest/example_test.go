package fitconnecttest_test

import (
	"context"
	"fmt"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// One fake Zustelldienst hosts the offices of two towns, each with its own
// keys. Routing by service and area finds each town's office (the route's
// signatures verified); the office receives at its own destination with
// SubscriberOptionsFor.
func ExampleServer_SubscriberOptionsFor() {
	ctx := context.Background()
	const leika = "99102013104000"
	srv, err := fitconnecttest.NewServer(&fitconnecttest.Options{Destinations: []fitconnecttest.Destination{
		{ID: "0a5c2f9e-1b3d-4e6f-8a7b-9c0d1e2f3a41", Name: "Steueramt Mainz", LeiKa: leika, ARS: "073150000000"},
		{ID: "0a5c2f9e-1b3d-4e6f-8a7b-9c0d1e2f3a42", Name: "Steueramt Andernach", LeiKa: leika, ARS: "071370003003"},
	}})
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	sc, err := fitconnect.New(srv.SenderOptions())
	if err != nil {
		panic(err)
	}
	routes, err := sc.Routes(ctx, &fitconnect.RouteQuery{LeiKa: ozg.MustParseLeistungsschluessel(leika), ARS: ozg.MustParseARS("071370003003")})
	if err != nil {
		panic(err)
	}
	office := routes[0]
	fmt.Println("routed to:", office.DestinationName)

	_, err = fitconnect.NewMessagingClient(sc, nil).Send(ctx, &messaging.Submission{
		DestinationID: office.DestinationID, Service: messaging.Service{Name: "Hundesteuer", Identifier: ozg.LeiKaURNPrefix + leika},
		Data: []byte(`{"hund":"Bello"}`), DataMIMEType: "application/json", SchemaURI: fitconnecttest.DefaultSchemaURI,
	}, &messaging.SendOptions{IdempotencyKey: "antrag-1"})
	if err != nil {
		panic(err)
	}

	o, err := srv.SubscriberOptionsFor(office.DestinationID)
	if err != nil {
		panic(err)
	}
	rc, err := fitconnect.New(o)
	if err != nil {
		panic(err)
	}
	recv := fitconnect.NewMessagingClient(rc, nil)
	page, err := recv.List(ctx, office.DestinationID, 0, 10)
	if err != nil {
		panic(err)
	}
	got, err := recv.Receive(ctx, page.Refs[0].SubmissionID)
	if err != nil {
		panic(err)
	}
	fmt.Println("received:", string(got.Data))
	// Output:
	// routed to: Steueramt Andernach
	// received: {"hund":"Bello"}
}
