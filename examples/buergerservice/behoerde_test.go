package main

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// TestPruefeAnlagen: the authority does not trust the media type the
// metadata declares: the content must be of that type, the type one the
// definition accepts, and there must be no more attachments than the
// definition asks for.
func TestPruefeAnlagen(t *testing.T) {
	s, err := loadDienst(defaultGemeinde)
	if err != nil {
		t.Fatal(err)
	}
	anlagen := s.Definition.Anlagen
	if len(anlagen) != 1 {
		t.Fatalf("the definition asks for %d attachments; the cases below assume 1", len(anlagen))
	}
	att := func(mt string, data []byte) messaging.ReceivedAttachment {
		return messaging.ReceivedAttachment{Attachment: driver.Attachment{ID: "a", Filename: "n", MIMEType: mt}, Data: data}
	}
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	for _, c := range []struct {
		name string
		in   []messaging.ReceivedAttachment
		ok   bool
	}{
		{"none", nil, true},
		{"PDF", []messaging.ReceivedAttachment{att("application/pdf", minimalPDF)}, true},
		{"JPEG", []messaging.ReceivedAttachment{att("image/jpeg", jpeg)}, true},
		{"text declared as PDF", []messaging.ReceivedAttachment{att("application/pdf", []byte("kein PDF, nur Text"))}, false},
		{"PDF declared as JPEG", []messaging.ReceivedAttachment{att("image/jpeg", minimalPDF)}, false},
		{"HTML declared as PDF", []messaging.ReceivedAttachment{att("application/pdf", []byte("<html><script>alert(1)</script>"))}, false},
		{"type not accepted", []messaging.ReceivedAttachment{att("text/plain", []byte("Text"))}, false},
		{"one too many", []messaging.ReceivedAttachment{att("application/pdf", minimalPDF), att("application/pdf", minimalPDF)}, false},
	} {
		got, problem := pruefeAnlagen(anlagen, c.in)
		if ok := problem == ""; ok != c.ok {
			t.Errorf("%s: problem %q, want ok=%v", c.name, problem, c.ok)
		}
		if c.ok && len(got) != len(c.in) {
			t.Errorf("%s: %d filed of %d", c.name, len(got), len(c.in))
		}
	}
}

// TestAntwortOhneRechnung: an invoice that is not a valid XRechnung (here:
// a buyer without a name, BR-07) is not sent; the decision goes without it
// and says so, and the failure is logged.
func TestAntwortOhneRechnung(t *testing.T) {
	svc, logs := startService(t, "")
	e := einreichung{antragID: "5d0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b", mailbox: "7c1b2f5e-0a4d-4e8b-9c3f-5d6e7f8a9b0c",
		data: map[string]any{}, fee: decimal.RequireFromString("96"),
		paid: &messaging.Payment{Status: messaging.PaymentBooked, GrossAmount: decimal.RequireFromString("96"), TransactionID: "tx-1", TransactionReference: "HST-1"}}
	e.person = identReport{GivenNames: "Erika", FamilyName: "Mustermann", Street: "Musterweg 12", PostalCode: "55116", City: "Mainz"}
	if a := svc.behoerde.antwort(e, "HST-2026-5D0C1A2B", svc.log); a.Rechnung == nil || !strings.Contains(a.Bescheid, "die Rechnung liegt bei") {
		t.Fatalf("valid invoice: %v\n%s", a.Rechnung == nil, a.Bescheid)
	}
	e.person = identReport{}
	a := svc.behoerde.antwort(e, "HST-2026-5D0C1A2B", svc.log)
	if a.Rechnung != nil || !strings.Contains(a.Bescheid, "die Rechnung erhalten Sie gesondert") {
		t.Errorf("invalid invoice sent (%d bytes) or not said:\n%s", len(a.Rechnung), a.Bescheid)
	}
	if !strings.Contains(logs.String(), "fee invoice not issued") {
		t.Error("the invalid invoice was not logged")
	}
}

// TestNachholen: a case accepted at the Zustelldienst whose answer could
// not be sent (it is no longer in the list) is answered on the next round,
// and recorded as answered.
func TestNachholen(t *testing.T) {
	svc, _ := startService(t, "")
	ak := akte{SubmissionID: "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", DestinationID: svc.ziel, AntragID: "5d0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
		Aktenzeichen: "HST-2026-5D0C1A2B", Stand: standAngenommen,
		Antwort: &antwort{Mailbox: "7c1b2f5e-0a4d-4e8b-9c3f-5d6e7f8a9b0c", Bescheid: "Bescheid", Steuer: "96.00"}}
	if err := svc.kv.put(kindAkte, ak.SubmissionID, ak); err != nil {
		t.Fatal(err)
	}
	if err := svc.kv.put(kindOffen, ak.SubmissionID, struct{}{}); err != nil {
		t.Fatal(err)
	}
	svc.behoerde.wakeup()
	waitFor(t, "the answer in the postbox and the case answered", func() bool {
		svc.postfach.wakeup()
		post, err := svc.postfach.entries("", ak.AntragID)
		if err != nil {
			t.Fatal(err)
		}
		var got akte
		_ = svc.kv.get(kindAkte, ak.SubmissionID, &got)
		n := 0
		for _, m := range post {
			if m.Kind == "nachricht" && m.Content == "Bescheid" || m.State == "PROCESSING" || m.State == "COMPLETED" {
				n++
			}
		}
		open, _ := svc.kv.keys(kindOffen)
		return n == 3 && got.Stand == standBeschieden && len(open) == 0
	})
}

// TestVoruebergehend: a failure of the Zustelldienst or the network leaves
// a submission for the next round; one that does not verify is rejected.
func TestVoruebergehend(t *testing.T) {
	for _, c := range []struct {
		err  error
		want bool
	}{
		{&fitconnect.Problem{Status: http.StatusServiceUnavailable}, true},
		{&fitconnect.Problem{Status: http.StatusUnauthorized}, true},
		{context.Canceled, true},
		{context.DeadlineExceeded, true},
		{fmt.Errorf("receive: %w", fitconnect.ErrSignature), false},
		{fmt.Errorf("receive: %w", fitconnect.ErrHashMismatch), false},
		{ozg.Errorf(ozg.InvalidArgument, "t", "metadata invalid"), false},
	} {
		if got := voruebergehend(c.err); got != c.want {
			t.Errorf("%v (%s): %v, want %v", c.err, ozg.CodeOf(c.err), got, c.want)
		}
	}
}
