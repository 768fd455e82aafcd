package fitconnecttest_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
)

const leika = "99102013104000"

// Two authorities, each with its own destination, keys and area.
var zwei = []fitconnecttest.Destination{
	{ID: "0a5c2f9e-1b3d-4e6f-8a7b-9c0d1e2f3a41", Name: "Stadt A", LeiKa: leika, ARS: "073150000000"},
	{ID: "0a5c2f9e-1b3d-4e6f-8a7b-9c0d1e2f3a42", Name: "Stadt B", LeiKa: leika, ARS: "071370003003",
		SubmissionSchemas: []fitconnect.SubmissionSchema{{SchemaURI: "urn:test:b", MIMEType: "application/json"}}},
}

func newServer(t *testing.T, ds []fitconnecttest.Destination) *fitconnecttest.Server {
	t.Helper()
	srv, err := fitconnecttest.NewServer(&fitconnecttest.Options{Destinations: ds})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

// Each hosted destination has its own keys: the routing API reports it
// for its own area only, with a signature that verifies, and its own
// encryption key; a submission to it reaches only its subscriber, who
// decrypts it and accepts it with its own signing key.
func TestDestinations(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, zwei)
	if got := srv.Destinations(); len(got) != 4 || got[2] != zwei[0].ID || got[3] != zwei[1].ID {
		t.Fatalf("Destinations() = %v", got)
	}
	ka, _ := srv.DestinationKeys(zwei[0].ID)
	kb, _ := srv.DestinationKeys(zwei[1].ID)
	kd, _ := srv.DestinationKeys(fitconnecttest.DefaultDestination)
	if ka == nil || kb == nil || kd == nil || ka.EncryptionKid == kb.EncryptionKid || ka.EncryptionKid == kd.EncryptionKid ||
		ka.SigningKid == kb.SigningKid || ka.Encryption.Equal(kb.Encryption) {
		t.Fatalf("destinations share keys: %+v %+v %+v", ka, kb, kd)
	}
	sc, err := fitconnect.New(srv.SenderOptions())
	if err != nil {
		t.Fatal(err)
	}
	// Routing: each area finds its own destination, signatures verified,
	// with its own encryption key in the signed parameters.
	for i, d := range zwei {
		routes, err := sc.Routes(ctx, &fitconnect.RouteQuery{LeiKa: ozg.MustParseLeistungsschluessel(leika), ARS: ozg.MustParseARS(d.ARS)})
		if err != nil {
			t.Fatal(err)
		}
		k := []*fitconnecttest.DestinationKeys{ka, kb}[i]
		if len(routes) != 1 || routes[0].DestinationID != d.ID || routes[0].DestinationName != d.Name ||
			routes[0].Params == nil || routes[0].Params.EncryptionKid != k.EncryptionKid || !routes[0].ParametersVerified {
			t.Fatalf("routes for %s: %+v", d.ARS, routes)
		}
		if i == 1 && (len(routes[0].Params.SubmissionSchemas) != 1 || routes[0].Params.SubmissionSchemas[0].SchemaURI != "urn:test:b") {
			t.Errorf("schemas of %s: %+v", d.ID, routes[0].Params.SubmissionSchemas)
		}
	}
	// The destination's JWK set holds its own encryption key, which
	// validates as a FIT-Connect key chained to the test PKI.
	key, err := sc.DestinationKey(ctx, zwei[0].ID, ka.EncryptionKid, fitconnect.KeyUseEncryption)
	if err != nil {
		t.Fatalf("destination key: %v", err)
	}
	if !key.Key.Equal(&ka.Encryption.PublicKey) {
		t.Error("destination key is not its own")
	}
	if _, err := sc.DestinationKey(ctx, zwei[0].ID, kb.EncryptionKid, fitconnect.KeyUseEncryption); err == nil {
		t.Error("destination A serves B's key")
	}

	sender := fitconnect.NewMessagingClient(sc, nil)
	send := func(d fitconnecttest.Destination, schema, text string) messaging.Ref {
		t.Helper()
		ref, err := sender.Send(ctx, &messaging.Submission{
			DestinationID: d.ID, Service: messaging.Service{Name: "Hundesteuer", Identifier: ozg.LeiKaURNPrefix + leika},
			Data: []byte(`{"t":"` + text + `"}`), DataMIMEType: "application/json", SchemaURI: schema,
			Attachments: []messaging.Attachment{{Filename: "n.txt", MIMEType: "text/plain", Body: strings.NewReader(text)}},
		}, &messaging.SendOptions{IdempotencyKey: text})
		if err != nil {
			t.Fatalf("send to %s: %v", d.ID, err)
		}
		return ref
	}
	refA := send(zwei[0], fitconnecttest.DefaultSchemaURI, "an A")
	refB := send(zwei[1], "urn:test:b", "an B")

	for i, d := range zwei {
		o, err := srv.SubscriberOptionsFor(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		rc, err := fitconnect.New(o)
		if err != nil {
			t.Fatal(err)
		}
		recv := fitconnect.NewMessagingClient(rc, nil)
		page, err := recv.List(ctx, d.ID, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []messaging.Ref{refA, refB}[i]
		if len(page.Refs) != 1 || page.Refs[0].SubmissionID != want.SubmissionID {
			t.Fatalf("%s lists %+v, want %s", d.ID, page.Refs, want.SubmissionID)
		}
		got, err := recv.Receive(ctx, want.SubmissionID)
		if err != nil {
			t.Fatalf("%s receives: %v", d.ID, err)
		}
		text := []string{"an A", "an B"}[i]
		if string(got.Data) != `{"t":"`+text+`"}` || len(got.Attachments) != 1 || string(got.Attachments[0].Data) != text {
			t.Fatalf("%s received %s %+v", d.ID, got.Data, got.Attachments)
		}
		// The other destination's subscriber cannot decrypt it.
		other, _ := srv.SubscriberOptionsFor(zwei[1-i].ID)
		other.DestinationID = d.ID
		oc, _ := fitconnect.New(other)
		if _, err := fitconnect.NewMessagingClient(oc, nil).Receive(ctx, want.SubmissionID); err == nil {
			t.Errorf("%s's submission decrypts with the other destination's key", d.ID)
		}
		// An accept signed with the other destination's key is refused,
		// its own is taken.
		forged := *got
		fo, _ := srv.SubscriberOptionsFor(zwei[1-i].ID)
		fc, _ := fitconnect.New(&fitconnect.Options{Environment: o.Environment, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
			TrustAnchors: o.TrustAnchors, DestinationID: d.ID, DecryptionKeys: o.DecryptionKeys, EventSigner: fo.EventSigner})
		if err := fitconnect.NewMessagingClient(fc, nil).Accept(ctx, &forged); err == nil {
			t.Errorf("%s accepted with the other destination's signing key", d.ID)
		}
		if err := recv.Accept(ctx, got); err != nil {
			t.Fatalf("%s accepts: %v", d.ID, err)
		}
		if st := srv.State(want.SubmissionID); st != fitconnect.StateAccepted {
			t.Errorf("%s: state %s", d.ID, st)
		}
	}
	// The test destination is still there, with the test keys.
	if _, err := sender.Send(ctx, &messaging.Submission{DestinationID: fitconnecttest.DefaultDestination,
		Service: messaging.Service{Name: "Test", Identifier: ozg.LeiKaURNPrefix + fitconnecttest.DefaultLeiKa},
		Data:    []byte(`{}`), DataMIMEType: "application/json", SchemaURI: fitconnecttest.DefaultSchemaURI,
	}, &messaging.SendOptions{IdempotencyKey: "default"}); err != nil {
		t.Errorf("send to the test destination: %v", err)
	}
}

// NewServer refuses destinations it cannot host, and runs out of spare
// keys only when a destination brings none of its own.
func TestDestinationsInvalid(t *testing.T) {
	keys, err := fitconnecttest.TestKeys()
	if err != nil {
		t.Fatal(err)
	}
	ok := zwei[0]
	many := func(n int, own *fitconnecttest.DestinationKeys) []fitconnecttest.Destination {
		var ds []fitconnecttest.Destination
		for i := range n {
			d := ok
			d.ID = ok.ID[:35] + string(rune('a'+i))
			ds = append(ds, d)
		}
		ds[n-1].Keys = own
		return ds
	}
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		ds   []fitconnecttest.Destination
		ok   bool
	}{
		{"no UUID", []fitconnecttest.Destination{{ID: "x", LeiKa: leika, ARS: ok.ARS}}, false},
		{"twice", []fitconnecttest.Destination{ok, ok}, false},
		{"the test destination", []fitconnecttest.Destination{{ID: fitconnecttest.DefaultDestination, LeiKa: leika, ARS: ok.ARS}}, false},
		{"bad LeiKa", []fitconnecttest.Destination{{ID: ok.ID, LeiKa: "123", ARS: ok.ARS}}, false},
		{"bad ARS", []fitconnecttest.Destination{{ID: ok.ID, LeiKa: leika, ARS: "1x"}}, false},
		{"all spare keys", many(len(keys.Spare), nil), true},
		{"one more than the spare keys", many(len(keys.Spare)+1, nil), false},
		{"one more with own keys", many(len(keys.Spare)+1, keys.Spare[0]), true},
	} {
		srv, err := fitconnecttest.NewServer(&fitconnecttest.Options{Destinations: c.ds})
		if (err == nil) != c.ok {
			t.Errorf("%s: err = %v", c.name, err)
		}
		if srv != nil {
			srv.Close()
		}
	}
	if _, err := fitconnecttest.NewDestinationKeys(small, small); err == nil {
		t.Error("NewDestinationKeys took a 1024-bit key")
	}
	d, err := fitconnecttest.NewDestinationKeys(keys.Spare[1].Encryption, keys.Spare[1].Signing)
	if err != nil {
		t.Fatal(err)
	}
	if d.EncryptionKid != keys.Spare[1].EncryptionKid || d.EncryptionCert.CheckSignatureFrom(keys.IntermediateCert) != nil {
		t.Errorf("NewDestinationKeys: %+v", d)
	}
	if _, err := fitconnecttest.NewServer(nil); err != nil {
		t.Fatal(err)
	}
}

// TestDestinationsRefuse: the fake refuses what the Zustelldienst refuses
// — metadata or an attachment encrypted to another destination's key, a
// destination it does not host, a service the destination does not offer.
func TestDestinationsRefuse(t *testing.T) {
	ctx := context.Background()
	srv := newServer(t, zwei)
	sc, err := fitconnect.New(srv.SenderOptions())
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := srv.DestinationKeys(zwei[1].ID)
	svc := fitconnect.ServiceType{Name: "Hundesteuer", Identifier: ozg.LeiKaURNPrefix + leika}
	const att = "5b7c9d1e-2f3a-4b5c-8d6e-7f8091a2b3c4"
	ref, err := sc.Announce(ctx, &fitconnect.Announcement{DestinationID: zwei[0].ID, ServiceType: svc, AnnouncedAttachments: []string{att}})
	if err != nil {
		t.Fatal(err)
	}
	// An attachment for A encrypted to B's key.
	sealed, err := fitconnect.Seal(strings.NewReader("Anlage"), &kb.Encryption.PublicKey, &fitconnect.SealOptions{KeyID: kb.EncryptionKid, ContentType: "text/plain"})
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.UploadAttachment(ctx, ref.SubmissionID, att, sealed); fitconnect.ErrorCode(err) != ozg.InvalidArgument {
		t.Errorf("attachment encrypted to the other destination's key: %v", err)
	}
	// Metadata for A encrypted to B's key.
	wrong, _, err := fitconnect.Encrypt([]byte(`{}`), &kb.Encryption.PublicKey, kb.EncryptionKid, "application/json")
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Submit(ctx, ref.SubmissionID, &fitconnect.SubmitRequest{EncryptedMetadata: wrong}); fitconnect.ErrorCode(err) != ozg.InvalidArgument {
		t.Errorf("metadata encrypted to the other destination's key: %v", err)
	}
	if st := srv.State(ref.SubmissionID); st != fitconnect.StateIncomplete {
		t.Errorf("state after refused submits: %s", st)
	}
	// A destination the server does not host, a service A does not offer.
	if _, err := sc.Announce(ctx, &fitconnect.Announcement{DestinationID: "0a5c2f9e-1b3d-4e6f-8a7b-9c0d1e2f3a49", ServiceType: svc}); fitconnect.ErrorCode(err) != ozg.NotFound {
		t.Errorf("announce to an unknown destination: %v", err)
	}
	other := fitconnect.ServiceType{Name: "Anderes", Identifier: ozg.LeiKaURNPrefix + fitconnecttest.DefaultLeiKa}
	if other.Identifier != svc.Identifier {
		if _, err := sc.Announce(ctx, &fitconnect.Announcement{DestinationID: zwei[0].ID, ServiceType: other}); fitconnect.ErrorCode(err) != ozg.InvalidArgument {
			t.Errorf("announce of a service the destination does not offer: %v", err)
		}
	}
}
