package fitconnect_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
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

// Find the destination for a service in a municipality; only routes whose
// destinationSignature verifies are returned.
func ExampleClient_Routes() {
	srv, err := fitconnecttest.NewServer(nil)
	if err != nil {
		panic(err)
	}
	defer srv.Close()
	c, _ := fitconnect.New(srv.SenderOptions())
	routes, err := c.Routes(context.Background(), &fitconnect.RouteQuery{
		LeiKa: ozg.MustParseLeistungsschluessel(fitconnecttest.DefaultLeiKa),
		ARS:   ozg.MustParseARS(fitconnecttest.DefaultARS),
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(len(routes), routes[0].DestinationID == fitconnecttest.DefaultDestination)
	// Output: 1 true
}

// Seal encrypts an attachment while reading it; Open decrypts a JWE while
// reading it. Both report the SHA-512 the metadata must carry.
func ExampleSeal() {
	keys, err := fitconnecttest.TestKeys()
	if err != nil {
		panic(err)
	}
	s, err := fitconnect.Seal(strings.NewReader("Anlage"), &keys.Encryption.PublicKey,
		&fitconnect.SealOptions{KeyID: keys.EncryptionKid, ContentType: "text/plain"})
	if err != nil {
		panic(err)
	}
	o, err := fitconnect.Open(s.Reader(), keys.Encryption, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(o.Plaintext), o.Hash == s.Hash, o.Header.ContentType)
	// Output: Anlage true text/plain
}

// VerifyCallbacks guards the callback endpoint: only requests with a valid
// HMAC and a fresh timestamp reach the handler.
func ExampleVerifyCallbacks() {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	h := fitconnect.VerifyCallbacks(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cb, _ := fitconnect.CallbackFrom(r.Context())
		fmt.Println("new submissions:", len(cb.SubmissionIDs))
	}), &fitconnect.CallbackOptions{Secrets: []string{"callback-secret"}, Now: func() time.Time { return now }})

	body := `{"type":"https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions","submissionIds":["0f3c2a1b-1111-4222-8333-444455556666"]}`
	for _, secret := range []string{"callback-secret", "wrong-secret"} {
		r := httptest.NewRequest(http.MethodPost, "/callback", strings.NewReader(body))
		r.Header.Set(fitconnect.HeaderCallbackTimestamp, strconv.FormatInt(now.Unix(), 10))
		r.Header.Set(fitconnect.HeaderCallbackAuthentication, fitconnect.SignCallback(secret, now.Unix(), []byte(body)))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Println(w.Code)
	}
	// Output:
	// new submissions: 1
	// 200
	// 401
}
