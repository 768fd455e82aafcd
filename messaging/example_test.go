package messaging_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
)

// Send an application with an attachment and receive it on the other
// side, here with the in-memory driver.
func ExampleClient_Send() {
	ctx := context.Background()
	c, _ := messagingtest.NewClient(nil)
	ref, err := c.Send(ctx, &messaging.Submission{
		DestinationID: "behoerde-1",
		Service:       messaging.Service{Name: "Wohngeld", Identifier: "urn:de:fim:leika:leistung:99400048079000"},
		Data:          []byte(`{"antrag":1}`),
		DataMIMEType:  "application/json",
		SchemaURI:     "urn:example:wohngeld:1.0",
		Attachments: []messaging.Attachment{
			{Filename: "nachweis.txt", MIMEType: "text/plain", Body: strings.NewReader("Nachweis")},
		},
	}, &messaging.SendOptions{IdempotencyKey: "antrag-4711"})
	if err != nil {
		fmt.Println(err)
		return
	}
	st, _ := c.Status(ctx, ref)
	fmt.Println(st.State)
	// Output: submitted
}

// Receive lists waiting submissions, decrypts and verifies one, and
// accepts it.
func ExampleClient_Receive() {
	ctx := context.Background()
	c, _ := messagingtest.NewClient(nil)
	ref, _ := c.Send(ctx, &messaging.Submission{DestinationID: "behoerde-1",
		Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:99400048079000"},
		Data:    []byte(`{"antrag":2}`), DataMIMEType: "application/json", SchemaURI: "urn:example:s"}, nil)

	page, _ := c.List(ctx, "behoerde-1", 0, 10)
	r, err := c.Receive(ctx, page.Refs[0].SubmissionID)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(r.Data))
	_ = c.Accept(ctx, r)
	st, _ := c.Status(ctx, ref)
	fmt.Println(st.State)
	// Output:
	// {"antrag":2}
	// accepted
}

// A status update for the citizen's postbox goes out like a submission.
func ExampleClient_SendPostboxStatus() {
	ctx := context.Background()
	c, _ := messagingtest.NewClient(nil)
	ref, err := c.SendPostboxStatus(ctx, &messaging.PostboxStatus{
		ApplicationID: "9ef6c096-131c-4e0e-895a-3503b80775ec", State: "PROCESSING",
		PublicServiceName: "Wohngeld", SenderName: "Wohngeldstelle",
	}, nil)
	fmt.Println(ref.DestinationID, err)
	// Output: postbox <nil>
}
