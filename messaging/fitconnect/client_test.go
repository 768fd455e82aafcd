package fitconnect_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
	"github.com/ozg-baukasten/baukasten/ozg"
)

func TestEnvironments(t *testing.T) {
	for _, e := range []fitconnect.Environment{fitconnect.TestEnvironment(), fitconnect.StageEnvironment(), fitconnect.ProdEnvironment()} {
		for _, u := range []string{e.TokenURL, e.SubmissionURL, e.RoutingURL, e.PortalJWKSURL} {
			if !strings.HasPrefix(u, "https://") {
				t.Errorf("%s: %q is not an https URL", e.Name, u)
			}
		}
	}
	if _, err := fitconnect.New(&fitconnect.Options{}); err == nil {
		t.Error("New without SubmissionURL: no error")
	}
	if _, err := fitconnect.New(&fitconnect.Options{Environment: fitconnect.TestEnvironment(), APIVersion: "v3"}); err == nil {
		t.Error("New with APIVersion v3: no error")
	}
}

func TestTokenCache(t *testing.T) {
	clock := &messagingtest.Clock{}
	srv := newServer(t, &fitconnecttest.Options{Now: clock.Now, TokenLifetime: 10 * time.Minute})
	c := newClient(t, srv.SenderOptions())
	ctx := context.Background()
	for range 3 {
		if _, err := c.Destination(ctx, fitconnecttest.DefaultDestination); err != nil {
			t.Fatal(err)
		}
	}
	if got := srv.TokenRequests(); got != 1 {
		t.Fatalf("token requests: got %d, want 1 (cached)", got)
	}
	clock.Advance(9*time.Minute + 30*time.Second) // inside the renewal margin
	if _, err := c.Destination(ctx, fitconnecttest.DefaultDestination); err != nil {
		t.Fatal(err)
	}
	if got := srv.TokenRequests(); got != 2 {
		t.Fatalf("token requests after expiry: got %d, want 2", got)
	}
	bad := srv.SenderOptions()
	bad.ClientSecret = "wrong"
	_, err := newClient(t, bad).Destination(ctx, fitconnecttest.DefaultDestination)
	var p *fitconnect.Problem
	if !errors.As(err, &p) || p.Status != 401 || fitconnect.ErrorCode(err) != ozg.Unauthenticated {
		t.Fatalf("wrong secret: got %v", err)
	}
}

func TestRetries(t *testing.T) {
	srv := newServer(t, nil)
	o := srv.SenderOptions()
	c := newClient(t, o)
	ctx := context.Background()
	if _, err := c.Token(ctx); err != nil {
		t.Fatal(err)
	}

	before := srv.Requests()
	srv.FailNext(2, http.StatusServiceUnavailable, "0")
	if _, err := c.Destination(ctx, fitconnecttest.DefaultDestination); err != nil {
		t.Fatalf("GET after two 503s: %v", err)
	}
	if got := srv.Requests() - before; got != 3 {
		t.Errorf("GET: %d requests, want 3", got)
	}

	before = srv.Requests()
	srv.FailNext(10, http.StatusInternalServerError, "")
	_, err := c.Destination(ctx, fitconnecttest.DefaultDestination)
	if fitconnect.ErrorCode(err) != ozg.Internal || srv.Requests()-before != 4 {
		t.Errorf("persistent 500: %v after %d requests, want Internal after 4", err, srv.Requests()-before)
	}
	srv.FailNext(0, 0, "")

	// POST /submissions is not idempotent: never retried.
	srv = newServer(t, nil)
	c = newClient(t, srv.SenderOptions())
	c.Token(ctx) //nolint:errcheck
	before = srv.Requests()
	srv.FailNext(1, http.StatusServiceUnavailable, "0")
	_, err = c.Announce(ctx, &fitconnect.Announcement{DestinationID: fitconnecttest.DefaultDestination,
		ServiceType: fitconnect.ServiceType{Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa}})
	if fitconnect.ErrorCode(err) != ozg.Unavailable || srv.Requests()-before != 1 {
		t.Errorf("POST after 503: %v after %d requests, want Unavailable after 1", err, srv.Requests()-before)
	}

	// Retry-After is honoured (up to MaxDelay).
	o = srv.SenderOptions()
	o.Retry = fitconnect.RetryOptions{BaseDelay: time.Millisecond, MaxDelay: 5 * time.Second}
	c = newClient(t, o)
	c.Token(ctx) //nolint:errcheck
	srv.FailNext(1, http.StatusTooManyRequests, "1")
	start := time.Now()
	if _, err := c.Destination(ctx, fitconnecttest.DefaultDestination); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 900*time.Millisecond {
		t.Errorf("Retry-After 1: retried after %v", d)
	}
}

func TestProblemCodes(t *testing.T) {
	srv := newServer(t, nil)
	c := newClient(t, srv.SenderOptions())
	_, err := c.Destination(context.Background(), "0f3c2a1b-1111-4222-8333-000000000000")
	var p *fitconnect.Problem
	if !errors.As(err, &p) || p.Status != 404 || p.Title != "Destination not found" {
		t.Fatalf("got %v", err)
	}
	mc := fitconnect.NewMessagingClient(c, nil)
	_, err = mc.Send(context.Background(), &messaging.Submission{DestinationID: "0f3c2a1b-1111-4222-8333-000000000000",
		Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:1"}}, nil)
	if ozg.CodeOf(err) != ozg.NotFound || !errors.Is(err, ozg.ErrNotFound) || !errors.As(err, &p) {
		t.Fatalf("portable: got %v (code %v)", err, ozg.CodeOf(err))
	}
	for status, want := range map[int]ozg.Code{400: ozg.InvalidArgument, 401: ozg.Unauthenticated, 403: ozg.PermissionDenied,
		404: ozg.NotFound, 408: ozg.Unavailable, 409: ozg.FailedPrecondition, 422: ozg.InvalidArgument, 429: ozg.Unavailable,
		500: ozg.Internal, 501: ozg.Unimplemented, 503: ozg.Unavailable} {
		if got := (&fitconnect.Problem{Status: status}).Code(); got != want {
			t.Errorf("status %d: got %v, want %v", status, got, want)
		}
	}
}

// Submission API v2: publicService in the announcement, the key set of
// the Destination API, the event log per submission. The fake refuses the
// v1 shapes under /v2, so this test fails if a v1 request leaks through.
func TestAPIVersion2(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, nil)
	o := srv.SubscriberOptions()
	o.Environment.APIVersion = "v2"
	o.Environment.DestinationURL = srv.URL
	c := newClient(t, o)
	mc := fitconnect.NewMessagingClient(c, nil)
	ref, err := mc.Send(ctx, &messaging.Submission{DestinationID: fitconnecttest.DefaultDestination,
		Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa},
		Data:    []byte(`{}`), DataMIMEType: "application/json", SchemaURI: fitconnecttest.DefaultSchemaURI,
		Attachments: []messaging.Attachment{{MIMEType: "text/plain", Body: strings.NewReader("v2")}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := mc.Receive(ctx, ref.SubmissionID)
	if err != nil {
		t.Fatal(err)
	}
	if err := mc.Accept(ctx, r); err != nil {
		t.Fatal(err)
	}
	if st, err := mc.Status(ctx, ref); err != nil || st.State != messaging.StateAccepted {
		t.Fatalf("status %+v, %v", st, err)
	}
	// v1 announcement shape under /v2 is refused by the fake.
	o1 := srv.SenderOptions()
	_, err = newClient(t, o1).Announce(ctx, &fitconnect.Announcement{DestinationID: fitconnecttest.DefaultDestination,
		PublicService: &fitconnect.ServiceType{Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa}})
	if fitconnect.ErrorCode(err) != ozg.InvalidArgument {
		t.Fatalf("publicService under /v1: got %v", err)
	}
	for _, e := range []fitconnect.Environment{fitconnect.TestEnvironmentV2(), fitconnect.StageEnvironmentV2(), fitconnect.ProdEnvironmentV2()} {
		if e.APIVersion != "v2" || !strings.HasPrefix(e.DestinationURL, "https://") {
			t.Errorf("%s: %+v", e.Name, e)
		}
	}
}

func send(t *testing.T, srv *fitconnecttest.Server, attachments ...string) messaging.Ref {
	t.Helper()
	s := &messaging.Submission{DestinationID: fitconnecttest.DefaultDestination,
		Service: messaging.Service{Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa},
		Data:    []byte(`{"x":1}`), DataMIMEType: "application/json", SchemaURI: fitconnecttest.DefaultSchemaURI}
	for _, a := range attachments {
		s.Attachments = append(s.Attachments, messaging.Attachment{MIMEType: "text/plain", Body: strings.NewReader(a)})
	}
	ref, err := fitconnect.NewMessagingClient(newClient(t, srv.SenderOptions()), nil).Send(context.Background(), s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

func TestReceiveDetectsTampering(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, nil)
	sub := newClient(t, srv.SubscriberOptions())

	ref := send(t, srv, "attachment")
	es, _ := sub.Submission(ctx, ref.SubmissionID)
	srv.TamperAttachment(ref.SubmissionID, es.Attachments[0], func(b []byte) []byte {
		// A different valid base64url character inside the ciphertext.
		if b[len(b)-30] == 'A' {
			b[len(b)-30] = 'B'
		} else {
			b[len(b)-30] = 'A'
		}
		return b
	})
	if _, err := sub.Receive(ctx, ref.SubmissionID, nil); !errors.Is(err, fitconnect.ErrDecryption) {
		t.Errorf("tampered attachment: got %v, want ErrDecryption", err)
	}

	ref = send(t, srv)
	srv.TamperData(ref.SubmissionID, true, func(s string) string { return part(s, 3, flip) })
	if _, err := sub.Receive(ctx, ref.SubmissionID, nil); !errors.Is(err, fitconnect.ErrDecryption) {
		t.Errorf("tampered metadata: got %v, want ErrDecryption", err)
	}

	// Data replaced by other data encrypted for the right key: decrypts,
	// but its hash differs from the metadata's.
	ref = send(t, srv)
	other, _, _ := fitconnect.Encrypt([]byte(`{"x":2}`), &srv.Keys.Encryption.PublicKey, srv.Keys.EncryptionKid, "application/json")
	srv.TamperData(ref.SubmissionID, false, func(string) string { return other })
	if _, err := sub.Receive(ctx, ref.SubmissionID, nil); !errors.Is(err, fitconnect.ErrHashMismatch) {
		t.Errorf("swapped data: got %v, want ErrHashMismatch", err)
	}
	// Through the portable client the same is InvalidArgument.
	_, err := fitconnect.NewMessagingClient(sub, nil).Receive(ctx, ref.SubmissionID)
	if ozg.CodeOf(err) != ozg.InvalidArgument || !errors.Is(err, fitconnect.ErrHashMismatch) {
		t.Errorf("portable: got %v", err)
	}

	// Attachment swapped for another valid JWE of different content.
	ref = send(t, srv, "original")
	es, _ = sub.Submission(ctx, ref.SubmissionID)
	swapped, _, _ := fitconnect.Encrypt([]byte("forgery"), &srv.Keys.Encryption.PublicKey, srv.Keys.EncryptionKid, "text/plain")
	srv.TamperAttachment(ref.SubmissionID, es.Attachments[0], func([]byte) []byte { return []byte(swapped) })
	if _, err := sub.Receive(ctx, ref.SubmissionID, nil); !errors.Is(err, fitconnect.ErrHashMismatch) {
		t.Errorf("swapped attachment: got %v, want ErrHashMismatch", err)
	}

	// A schema the destination does not accept.
	ref = send(t, srv)
	if _, err := sub.Receive(ctx, ref.SubmissionID, []fitconnect.SubmissionSchema{{SchemaURI: "urn:other", MIMEType: "application/json"}}); fitconnect.ErrorCode(err) != ozg.InvalidArgument {
		t.Errorf("unaccepted schema: got %v", err)
	}
}

func TestEventLogVerification(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, nil)
	c := newClient(t, srv.SubscriberOptions())
	ref := send(t, srv)
	log, err := c.EventLog(ctx, sref(ref))
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := fitconnect.StateOf(log, ref.SubmissionID); st != fitconnect.StateSubmitted || len(log) != 2 {
		t.Fatalf("state %q from %d events", st, len(log))
	}
	// The server checks accept tags: wrong ones are refused.
	r, err := c.Receive(ctx, ref.SubmissionID, nil)
	if err != nil {
		t.Fatal(err)
	}
	r.Tags.Metadata = "AAAAAAAAAAAAAAAAAAAAAA"
	if err := c.Accept(ctx, r); fitconnect.ErrorCode(err) != ozg.InvalidArgument {
		t.Errorf("accept with wrong tags: got %v", err)
	}
	// A SET forged with another key under the Zustelldienst's kid.
	set, _ := fitconnect.NewSET(srv.URL, ref.SubmissionID, ref.CaseID, fitconnect.EventAccept, struct{}{}, time.Now(), nil)
	forged, _ := (&fitconnect.Signer{Key: srv.Keys.Other, KeyID: srv.Keys.ZustelldienstKid}).SignSET(set)
	srv.AppendEvent(ref.CaseID, forged)
	if _, err := c.EventLog(ctx, sref(ref)); !errors.Is(err, fitconnect.ErrSignature) {
		t.Fatalf("forged SET in log: got %v, want ErrSignature", err)
	}
	// A SET by an unknown issuer.
	ref = send(t, srv)
	set, _ = fitconnect.NewSET("https://evil.example", ref.SubmissionID, ref.CaseID, fitconnect.EventAccept, struct{}{}, time.Now(), nil)
	s, _ := (&fitconnect.Signer{Key: srv.Keys.Other, KeyID: "x"}).SignSET(set)
	srv.AppendEvent(ref.CaseID, s)
	if _, err := c.EventLog(ctx, sref(ref)); !errors.Is(err, fitconnect.ErrUnknownKey) {
		t.Fatalf("SET by unknown issuer: got %v, want ErrUnknownKey", err)
	}
}

func TestSubscriberSETIsVerifiedWithDestinationKey(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, nil)
	sub := newClient(t, srv.SubscriberOptions())
	ref := send(t, srv, "a")
	r, err := sub.Receive(ctx, ref.SubmissionID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := sub.Reject(ctx, r.SubmissionRef, []fitconnect.Problem{{Type: "about:blank", Title: "nope"}}); err != nil {
		t.Fatal(err)
	}
	// The sender reads the log: the reject SET (iss = destination) is
	// checked with the destination's signature key from its x5c chain.
	sender := newClient(t, srv.SenderOptions())
	log, err := sender.EventLog(ctx, sref(ref))
	if err != nil {
		t.Fatal(err)
	}
	st, problems := fitconnect.StateOf(log, ref.SubmissionID)
	if st != fitconnect.StateRejected || len(problems) != 1 || problems[0].Title != "nope" || log[len(log)-1].Issuer != fitconnecttest.DefaultDestination {
		t.Fatalf("state %q problems %+v", st, problems)
	}
	// Without a trust anchor the destination's key is not trusted.
	o := srv.SenderOptions()
	o.TrustAnchors = nil
	if _, err := newClient(t, o).EventLog(ctx, sref(ref)); !errors.Is(err, fitconnect.ErrUntrustedKey) {
		t.Fatalf("no trust anchor: got %v", err)
	}
}

func TestPostbox(t *testing.T) {
	ctx := context.Background()
	clock := &messagingtest.Clock{}
	srv := newServer(t, &fitconnecttest.Options{Now: clock.Now})
	sender := fitconnect.NewMessagingClient(newClient(t, srv.SenderOptions()), nil)
	ref, err := sender.SendPostboxMessage(ctx, &messaging.PostboxMessage{
		MailboxID: "e0e02494-eca2-4a6b-9320-fc527747878c", Sender: "Bauamt", Title: "Ihr Bescheid", Content: "Anbei der Bescheid.",
		Service: "Baugenehmigung", TrustLevel: ozg.NiveauSubstanziell, ApplicationID: "9ef6c096-131c-4e0e-895a-3503b80775ec",
		Attachments: []messaging.PostboxAttachment{{Filename: "bescheid.pdf", MIMEType: "application/pdf", Data: []byte("%PDF-1.7")}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ref.DestinationID != fitconnecttest.DefaultPostbox {
		t.Fatalf("sent to %s, want the postbox bridge", ref.DestinationID)
	}
	o := srv.SubscriberOptions()
	o.DestinationID = fitconnecttest.DefaultPostbox
	bridge := newClient(t, o)
	r, err := bridge.Receive(ctx, ref.SubmissionID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.ServiceType.Identifier != fitconnect.PostboxMessageService || len(r.Attachments) != 1 {
		t.Fatalf("service %q, %d attachments", r.ServiceType.Identifier, len(r.Attachments))
	}
	content, cert, err := fitconnect.OpenPostboxEnvelope(r.Data, srv.Keys.Roots, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var msg map[string]any
	json.Unmarshal(content, &msg) //nolint:errcheck
	atts, _ := msg["attachments"].([]any)
	if msg["mailboxUuid"] != "e0e02494-eca2-4a6b-9320-fc527747878c" || msg["stork_qaa_level"] != 3.0 || cert.Subject.CommonName != "Test Behoerde" ||
		len(atts) != 1 || atts[0].(map[string]any)["sha512sum"] != fitconnect.HashSHA512([]byte("%PDF-1.7")) {
		t.Fatalf("content %s", content)
	}
	// Tampered content fails the envelope signature.
	var env fitconnect.PostboxEnvelope
	json.Unmarshal(r.Data, &env) //nolint:errcheck
	env.Content = strings.Replace(env.Content, "Bauamt", "Betrug", 1)
	bad, _ := json.Marshal(env)
	if _, _, err := fitconnect.OpenPostboxEnvelope(bad, srv.Keys.Roots, clock.Now()); !errors.Is(err, fitconnect.ErrSignature) {
		t.Fatalf("tampered envelope: got %v", err)
	}
	// An expired author token.
	if _, _, err := fitconnect.OpenPostboxEnvelope(r.Data, srv.Keys.Roots, clock.Now().Add(time.Hour)); !errors.Is(err, fitconnect.ErrSignature) {
		t.Fatalf("expired author token: got %v", err)
	}

	ref, err = sender.SendPostboxStatus(ctx, &messaging.PostboxStatus{ApplicationID: "9ef6c096-131c-4e0e-895a-3503b80775ec",
		State: driver.PostboxProcessing, PublicServiceName: "Baugenehmigung", SenderName: "Bauamt", Details: "in Prüfung"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err = bridge.Receive(ctx, ref.SubmissionID, nil)
	if err != nil {
		t.Fatal(err)
	}
	content, _, err = fitconnect.OpenPostboxEnvelope(r.Data, srv.Keys.Roots, clock.Now())
	if err != nil || !strings.Contains(string(content), `"status":"PROCESSING"`) || !strings.Contains(string(content), `"statusDetails":{"de":"in Prüfung"}`) ||
		!strings.Contains(string(content), `"createdDate":"2026-01-01T00:00:00.000Z"`) {
		t.Fatalf("status content %s, %v", content, err)
	}

	// Field rules name the field.
	_, err = sender.SendPostboxStatus(ctx, &messaging.PostboxStatus{ApplicationID: "9ef6c096-131c-4e0e-895a-3503b80775ec",
		State: driver.PostboxProcessing, PublicServiceName: strings.Repeat("x", 101), SenderName: "Bauamt"}, nil)
	if ozg.CodeOf(err) != ozg.InvalidArgument || !strings.Contains(err.Error(), "PublicServiceName") {
		t.Fatalf("long name: got %v", err)
	}
	_, err = sender.SendPostboxMessage(ctx, &messaging.PostboxMessage{MailboxID: "nope", Sender: "a", Title: "b", Content: "c", Service: "d"}, nil)
	if ozg.CodeOf(err) != ozg.InvalidArgument || !strings.Contains(err.Error(), "MailboxID") {
		t.Fatalf("bad mailbox: got %v", err)
	}
}

func sref(r messaging.Ref) fitconnect.SubmissionRef {
	return fitconnect.SubmissionRef{DestinationID: r.DestinationID, SubmissionID: r.SubmissionID, CaseID: r.CaseID}
}
