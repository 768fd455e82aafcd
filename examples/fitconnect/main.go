// Command fitconnect sends an application with an attachment through a
// FIT-Connect Zustelldienst (the fake of package fitconnecttest on
// loopback), receives it as the authority, decrypts and verifies it,
// accepts it with a signed Security Event Token, and reads the sender's
// event log, whose SETs are verified too.
//
//	go run ./examples/fitconnect
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	zd, err := fitconnecttest.NewServer(nil)
	if err != nil {
		return err
	}
	defer zd.Close()

	// The online service: find the destination (its signature verified),
	// then send; the client encrypts for the destination's verified key.
	sc, err := fitconnect.New(zd.SenderOptions())
	if err != nil {
		return err
	}
	routes, err := sc.Routes(ctx, &fitconnect.RouteQuery{LeiKa: ozg.MustParseLeistungsschluessel(fitconnecttest.DefaultLeiKa),
		ARS: ozg.MustParseARS(fitconnecttest.DefaultARS)})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "route: %s (%s)\n", routes[0].DestinationID, routes[0].DestinationName)
	sender := fitconnect.NewMessagingClient(sc, nil)
	ref, err := sender.Send(ctx, &messaging.Submission{
		DestinationID: routes[0].DestinationID,
		Service:       messaging.Service{Name: "Testleistung", Identifier: ozg.LeiKaURNPrefix + fitconnecttest.DefaultLeiKa},
		Data:          []byte(`{"antrag":"Beispiel"}`), DataMIMEType: "application/json", SchemaURI: fitconnecttest.DefaultSchemaURI,
		Attachments: []messaging.Attachment{{Filename: "nachweis.txt", MIMEType: "text/plain", Body: strings.NewReader("Nachweis")}},
	}, &messaging.SendOptions{IdempotencyKey: "antrag-0001"})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "sent: submission announced, attachment uploaded, data and metadata submitted (JWE)")

	// The authority: list, receive (decrypt, check every hash), accept.
	rc, err := fitconnect.New(zd.SubscriberOptions())
	if err != nil {
		return err
	}
	receiver := fitconnect.NewMessagingClient(rc, nil)
	page, err := receiver.List(ctx, fitconnecttest.DefaultDestination, 0, 10)
	if err != nil {
		return err
	}
	got, err := receiver.Receive(ctx, page.Refs[0].SubmissionID)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "received: data %s, attachment %s: %q\n", got.Data, got.Attachments[0].Filename, got.Attachments[0].Data)
	if err := receiver.Accept(ctx, got); err != nil {
		return err
	}

	// The sender's view: the event log, every SET verified.
	events, err := sc.EventLog(ctx, fitconnect.SubmissionRef{DestinationID: ref.DestinationID, SubmissionID: ref.SubmissionID, CaseID: ref.CaseID})
	if err != nil {
		return err
	}
	for _, e := range events {
		uri, _ := e.Event()
		fmt.Fprintf(w, "event: %s\n", uri[strings.LastIndex(uri, "/")+1:])
	}
	st, err := sender.Status(ctx, ref)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "state: %s\n", st.State)
	return nil
}
