package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
)

// downRouter fails while down is positive (the FIT-Connect Routing API is
// unreachable), then asks next.
type downRouter struct {
	mu   sync.Mutex
	down int
	next antrag.Router
}

func (d *downRouter) Route(ctx context.Context, l ozg.Leistungsschluessel, g ozg.ARS) ([]antrag.Zustaendigkeit, error) {
	d.mu.Lock()
	down := d.down > 0
	if down {
		d.down--
	}
	d.mu.Unlock()
	if down {
		return nil, ozg.Errorf(ozg.Unavailable, "routing", "connection refused")
	}
	return d.next.Route(ctx, l, g)
}

// TestSubmitRetry: the application is submitted (frozen as the applicant
// confirmed it) before it is routed and sent; when routing fails the
// citizen sees the failure, the application stays submitted, and sending
// again delivers it exactly once.
func TestSubmitRetry(t *testing.T) {
	// The applicant retries by hand: no background delivery.
	svc, _ := startServiceWith(t, Config{Redeliver: -1})
	// Set before the first request; the handlers read it after.
	svc.router = &downRouter{down: 1, next: svc.router}
	base := svc.URL()
	b := newBrowser(t)
	b.login(base)
	b.post(base+"/antrag", validForm(b.csrf()))
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
	b.post(base+"/bezahlen", url.Values{"csrf": {b.csrf()}})
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.expect("paid", "/absenden", 200, `id="zahlung-ok"`)
	csrf := b.csrf()
	b.post(base+"/absenden", url.Values{"csrf": {csrf}})
	b.expect("routing down", "/absenden", http.StatusBadGateway, "Bitte versuchen Sie es erneut")
	if n := officeSubmissions(t, svc); n != 0 {
		t.Fatalf("%d submissions while routing was down", n)
	}
	// The data can no longer be changed; the page to send again is there.
	b.post(base+"/antrag", validForm(csrf))
	if b.code != http.StatusConflict {
		t.Fatalf("edit after submit: %d", b.code)
	}
	b.get(base + "/absenden")
	b.expect("send again", "/absenden", 200)
	b.post(base+"/absenden", url.Values{"csrf": {b.csrf()}})
	b.expect("delivered", "/status", 200, `id="antrag-id"`, "über FIT-Connect übermittelt")
	if n := officeSubmissions(t, svc); n != 1 {
		t.Fatalf("%d submissions, want 1", n)
	}
	u, _ := url.Parse(base)
	var sess session
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == cookieSession {
			if err := svc.kv.get(kindSession, c.Value, &sess); err != nil {
				t.Fatal(err)
			}
		}
	}
	a, err := svc.antraege.Get(context.Background(), sess.AntragID)
	if err != nil {
		t.Fatal(err)
	}
	submits := 0
	for _, h := range a.History {
		if h.Action == antrag.ActionSubmit {
			submits++
		}
	}
	if submits != 1 || a.Destination == nil {
		t.Errorf("%d submit transitions, destination %v", submits, a.Destination)
	}
	if e, err := svc.outbox.Get(t.Context(), onlinedienst.SubmissionKey(a.ID)); err != nil || e == nil || e.Stage != messaging.StageSubmitted {
		t.Errorf("outbox entry of the application: %+v, %v", e, err)
	}
}

// officeSubmissions counts the submitted submissions the fake
// Zustelldienst holds for the dog-tax office: not those to the postbox
// bridge, which carry the citizen's notifications and the authority's
// answers (one of those may be announced and not yet submitted while we
// count: the Zustelldienst does not show it yet).
func officeSubmissions(t *testing.T, svc *Service) int {
	t.Helper()
	n := 0
	for _, id := range svc.zd.Submissions() {
		es, err := svc.sender.Submission(t.Context(), id)
		if fitconnect.ErrorCode(err) == ozg.NotFound { // a *fitconnect.Problem 404
			continue
		}
		if err != nil {
			t.Fatalf("submission %s: %v", id, err)
		}
		if es.DestinationID == svc.ziel {
			n++
		}
	}
	return n
}

// TestSubmitRedeliver: when the delivery fails and the applicant does not
// try again, the service delivers the submitted application in the
// background, exactly once, and the authority decides.
func TestSubmitRedeliver(t *testing.T) {
	svc, logs := startServiceWith(t, Config{Redeliver: 100 * time.Millisecond})
	svc.router = &downRouter{down: 1, next: svc.router}
	base := svc.URL()
	b := newBrowser(t)
	b.login(base)
	b.post(base+"/antrag", validForm(b.csrf()))
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
	b.post(base+"/bezahlen", url.Values{"csrf": {b.csrf()}})
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.expect("paid", "/absenden", 200, `id="zahlung-ok"`)
	b.post(base+"/absenden", url.Values{"csrf": {b.csrf()}})
	b.expect("routing down", "/absenden", http.StatusBadGateway, "Bitte versuchen Sie es erneut")
	// The applicant closes the browser.
	waitFor(t, "delivery in the background", func() bool { return officeSubmissions(t, svc) == 1 })
	b.get(base + "/status")
	b.awaitStatus(base, `data-state="decided"`)
	if n := officeSubmissions(t, svc); n != 1 {
		t.Errorf("%d submissions, want 1", n)
	}
	if !strings.Contains(logs.String(), "submitted application delivered in the background") {
		t.Error("the background delivery is not logged")
	}
	a := sessionAntrag(t, svc, b)
	submits := 0
	for _, h := range a.History {
		if h.Action == antrag.ActionSubmit {
			submits++
		}
	}
	if submits != 1 {
		t.Errorf("%d submit transitions", submits)
	}
}
