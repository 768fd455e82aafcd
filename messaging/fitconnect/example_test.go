package fitconnect_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
)

// An online service sends an application with an attachment to the test
// destination of the fake Zustelldienst; the authority's system receives,
// decrypts and verifies it and accepts it; the sender sees the new state.
func Example() {
	ctx := context.Background()
	srv, err := fitconnecttest.NewServer(nil)
	if err != nil {
		panic(err)
	}
	defer srv.Close()

	// Sender (online service).
	sc, err := fitconnect.New(srv.SenderOptions())
	if err != nil {
		panic(err)
	}
	sender := fitconnect.NewMessagingClient(sc, nil)
	ref, err := sender.Send(ctx, &messaging.Submission{
		DestinationID: fitconnecttest.DefaultDestination,
		Service:       messaging.Service{Name: "Testleistung", Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa},
		Data:          []byte(`{"antrag":"Beispiel"}`),
		DataMIMEType:  "application/json",
		SchemaURI:     fitconnecttest.DefaultSchemaURI,
		Attachments: []messaging.Attachment{{
			Filename: "nachweis.txt", MIMEType: "text/plain", Body: strings.NewReader("Nachweis"),
		}},
	}, &messaging.SendOptions{IdempotencyKey: "antrag-1"})
	if err != nil {
		panic(err)
	}

	// Subscriber (the authority's system).
	rc, err := fitconnect.New(srv.SubscriberOptions())
	if err != nil {
		panic(err)
	}
	receiver := fitconnect.NewMessagingClient(rc, nil)
	page, err := receiver.List(ctx, fitconnecttest.DefaultDestination, 0, 10)
	if err != nil {
		panic(err)
	}
	got, err := receiver.Receive(ctx, page.Refs[0].SubmissionID)
	if err != nil {
		panic(err)
	}
	fmt.Printf("received %s with %d attachment: %s\n", got.Data, len(got.Attachments), got.Attachments[0].Data)
	if err := receiver.Accept(ctx, got); err != nil {
		panic(err)
	}

	st, err := sender.Status(ctx, ref)
	if err != nil {
		panic(err)
	}
	fmt.Println("state:", st.State)
	// Output:
	// received {"antrag":"Beispiel"} with 1 attachment: Nachweis
	// state: accepted
}
