package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/ozg-baukasten/baukasten/payment/sepa"
	"github.com/shopspring/decimal"
)

// testForm is the form of the embedded definition.
func testForm() (*antrag.Form, error) {
	def, err := importDefinition()
	if err != nil {
		return nil, err
	}
	return loadForm(def)
}

// TestEmbeddedDefinition: the example embeds the signed definition that
// package onlinedienst publishes (byte for byte), Import verifies it, and
// a tampered copy is refused; every embedded municipality binds.
func TestEmbeddedDefinition(t *testing.T) {
	embedded, err := dienstFiles.ReadFile("dienst/hundesteuer-anmeldung.definition.jws")
	if err != nil {
		t.Fatal(err)
	}
	published, err := os.ReadFile("../../ozg/onlinedienst/testdata/hundesteuer-anmeldung.definition.jws")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(embedded, published) {
		t.Error("dienst/hundesteuer-anmeldung.definition.jws differs from ozg/onlinedienst/testdata: copy it again")
	}
	def, err := importDefinition()
	if err != nil {
		t.Fatal(err)
	}
	if def.ID != "hundesteuer-anmeldung" || def.Leistung.Schluessel.String() != "99102013104000" || def.Zustellung.Art != onlinedienst.ZustellungRouting {
		t.Errorf("definition %s %s %s", def.ID, def.Leistung.Schluessel, def.Zustellung.Art)
	}
	// One changed character of the payload breaks the signature.
	parts := strings.Split(string(bytes.TrimSpace(embedded)), ".")
	p := []byte(parts[1])
	p[40] ^= 1
	tampered := parts[0] + "." + string(p) + "." + parts[2]
	if _, err := onlinedienst.Import([]byte(tampered), &onlinedienst.ImportOptions{AllowUnsigned: true}); !errors.Is(err, onlinedienst.ErrSignature) {
		t.Errorf("tampered definition: %v", err)
	}
	if got := gemeindeNamen(); !slices.Equal(got, []string{"andernach", "mainz", "pellenz"}) {
		t.Errorf("municipalities %v", got)
	}
	for _, g := range gemeindeNamen() {
		if _, err := loadDienst(g); err != nil {
			t.Errorf("%s: %v", g, err)
		}
	}
	if _, err := loadDienst("hamburg"); ozg.CodeOf(err) != ozg.InvalidArgument || !strings.Contains(err.Error(), "andernach, mainz, pellenz") {
		t.Errorf("unknown municipality: %v", err)
	}
}

// gemeindeLauf is what one run of the service shows, split into what the
// municipality's parameters decide and what the definition decides.
type gemeindeLauf struct {
	// From the parameters.
	ars, gebiet, routeArea        string
	einleitung, tarif             string
	fee, kassenzeichen            string
	haushaltsstelle, objektnummer string
	eingang                       string // the "submitted" notification in the postbox
	seller, leitwegID, iban       string // of the invoice and the GiroCode
	destination                   string // the destination routing found for the ARS
	behoerdeZiel                  string // the destination the authority received at
	// From the definition.
	leistung, schema, schemaURI, niveau string
	formFields                          []string
	weitergeleitet                      string // the "forwarded" notification
}

var (
	fieldIDRE = regexp.MustCompile(`<(?:input|select)[^>]* name="([^"]+)"`)
	tarifRE   = regexp.MustCompile(`<td class="betrag">([^<]+)</td>`)
	statusRE  = regexp.MustCompile(`<li data-state="SUBMITTED">Eingereicht: ([^<]*)</li>`)
)

// runGemeinde drives the HTTP flow of TestFlowHTTP for a municipality with
// two dogs, up to the decision and the invoice, and reports what it saw.
func runGemeinde(t *testing.T, gemeinde string) gemeindeLauf {
	t.Helper()
	logs := &syncBuffer{}
	svc, err := New(Config{Addr: "127.0.0.1:0", Tick: 100 * time.Millisecond, Gemeinde: gemeinde,
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		svc.Close()
		if t.Failed() {
			t.Logf("%s service log:\n%s", gemeinde, logs.String())
		}
	}()
	base := svc.URL()
	b := newBrowser(t)
	var l gemeindeLauf

	b.get(base + "/")
	b.expect("start", "/", 200, `id="login"`)
	l.einleitung = between(b.body, `<p id="einleitung">`, `</p>`)
	var rates []string
	for _, m := range tarifRE.FindAllStringSubmatch(b.body, -1) {
		rates = append(rates, m[1])
	}
	l.tarif = strings.Join(rates, " / ")
	l.ars = between(b.body, "· ARS ", "</small>")
	b.login(base)
	b.expect("login", "/antrag", 200)
	for _, m := range fieldIDRE.FindAllStringSubmatch(b.body, -1) {
		l.formFields = append(l.formFields, m[1])
	}
	form := validForm(b.csrf())
	form.Set("F99000008", "2")
	b.post(base+"/antrag", form)
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
	b.expect("pay page", "/bezahlen", 200, `id="girocode"`)
	l.fee = between(b.body, `<strong id="betrag">`, `</strong>`)
	l.iban = strings.ReplaceAll(between(b.body, `<dd id="iban">`, `</dd>`), " ", "")
	b.post(base+"/bezahlen", url.Values{"csrf": {b.csrf()}})
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.expect("paid", "/absenden", 200, `id="zahlung-ok"`)
	b.post(base+"/absenden", url.Values{"csrf": {b.csrf()}})
	b.awaitStatus(base, `data-state="decided"`, `data-state="COMPLETED"`)
	notes := statusRE.FindAllStringSubmatch(b.body, -1)
	if len(notes) != 2 {
		t.Fatalf("%s: %d notifications in the postbox, want 2:\n%s", gemeinde, len(notes), b.body)
	}
	l.eingang, l.weitergeleitet = notes[0][1], notes[1][1]

	a := sessionAntrag(t, svc, b)
	l.gebiet, l.leistung, l.schema, l.schemaURI = a.Gebiet.String(), a.Leistung.String(), a.Schema, a.SchemaURI
	l.niveau = a.Vertrauensniveau.String()
	l.kassenzeichen = a.Payment.TransactionReference
	l.destination = a.Destination.ID
	if !a.Gebuehr.Equal(decimal.RequireFromString(strings.TrimSuffix(strings.ReplaceAll(l.fee, ",", "."), " EUR"))) {
		t.Errorf("%s: stored fee %s, page %s", gemeinde, a.Gebuehr, l.fee)
	}
	logged := logs.String()
	l.haushaltsstelle = logValue(logged, "haushaltsstelle")
	l.objektnummer = logValue(logged, "objektnummer")
	l.routeArea = logValue(logged, "area")
	if d := logValue(logged, "destination"); d != l.destination {
		t.Errorf("%s: routing logged destination %q, the application has %q", gemeinde, d, l.destination)
	}
	l.behoerdeZiel = svc.behoerde.dest
	if e, err := svc.outbox.Get(context.Background(), onlinedienst.SubmissionKey(a.ID)); err != nil || e == nil || e.Ref.DestinationID != l.destination {
		t.Errorf("%s: the submission went to %+v (%v), not to the routed destination %s", gemeinde, e, err, l.destination)
	}
	b.get(base + "/rechnung/ansicht")
	b.expect("invoice view", "/rechnung/ansicht", 200)
	xml, _, err := svc.invoice(context.Background(), &session{AntragID: a.ID})
	if err != nil {
		t.Fatal(err)
	}
	inv, rep, err := einvoice.ValidateBytes(xml, &einvoice.ValidateOptions{Profile: einvoice.ValidateXRechnung})
	if err != nil || !rep.Valid {
		t.Fatalf("%s: invoice: %v %+v", gemeinde, err, rep)
	}
	l.seller, l.leitwegID = inv.Seller.Name, inv.Seller.ElectronicAddress.Address
	if !strings.Contains(b.body, l.leitwegID) || l.leitwegID == "" {
		t.Errorf("%s: invoice view lacks the Leitweg-ID %q", gemeinde, l.leitwegID)
	}
	if inv.BuyerReference != l.kassenzeichen {
		t.Errorf("%s: invoice buyer reference %q, Kassenzeichen %q", gemeinde, inv.BuyerReference, l.kassenzeichen)
	}
	return l
}

// TestGemeinden runs the same signed definition for the three embedded
// municipalities over HTTP and checks that what differs between them is
// exactly what their parameters say — area, rates and fee, booking data,
// overridden texts, invoice issuer and account — while the form, the fee
// rule, the trust level, the service and the way the office is found are
// the definition's.
func TestGemeinden(t *testing.T) {
	def, err := importDefinition()
	if err != nil {
		t.Fatal(err)
	}
	runs := map[string]gemeindeLauf{}
	for _, g := range gemeindeNamen() {
		p, err := gemeindeParameters(g)
		if err != nil {
			t.Fatal(err)
		}
		l := runGemeinde(t, g)
		runs[g] = l
		text := func(k string) string {
			if s, ok := p.Texte[k]; ok {
				return s
			}
			return def.Texte[k].Text
		}
		amount := func(k string) string { return euro(decimal.RequireFromString(p.Werte[k])) + " EUR" }
		id := strings.TrimPrefix(l.kassenzeichen, p.Werte["kassenzeichenPraefix"])
		ibanWant, _ := sepa.ParseIBAN(p.Rechnung.IBAN)
		// What the parameters (with the definition's templates) say.
		for _, c := range []struct{ name, got, want string }{
			{"ARS in the header", l.ars, p.ARS.String()},
			{"Gebiet of the application", l.gebiet, p.ARS.String()},
			{"area of the route", l.routeArea, p.ARS.String()},
			{"introduction", l.einleitung, text("einleitung")},
			{"rates", l.tarif, strings.Join([]string{amount("satzErsterHund"), amount("satzZweiterHund"), amount("satzWeitererHund")}, " / ")},
			{"fee for the second dog", l.fee, amount("satzZweiterHund")},
			{"Kassenzeichen", l.kassenzeichen, p.Werte["kassenzeichenPraefix"] + id},
			{"Haushaltsstelle", l.haushaltsstelle, p.Werte["haushaltsstelle"]},
			{"Objektnummer", l.objektnummer, "HST-" + p.ARS.String()},
			{"notification on submission", l.eingang, text("eingang")},
			{"invoice seller", l.seller, p.Behoerde},
			{"invoice Leitweg-ID", l.leitwegID, p.LeitwegID},
			{"IBAN", l.iban, ibanWant.String()},
			{"destination found by routing", l.destination, zielID(def.Leistung.Schluessel, p.ARS)},
			{"destination the authority receives at", l.behoerdeZiel, zielID(def.Leistung.Schluessel, p.ARS)},
		} {
			if c.got != c.want {
				t.Errorf("%s: %s is %q, want %q", g, c.name, c.got, c.want)
			}
		}
		if len(id) != 36 {
			t.Errorf("%s: Kassenzeichen %q does not end in the application ID", g, l.kassenzeichen)
		}
	}
	// What the definition says: the same for every municipality.
	want := runs[defaultGemeinde]
	if want.leistung != def.Leistung.Schluessel.String() || want.schema != def.Stammdatenschema.ID+"V"+def.Stammdatenschema.Version ||
		want.niveau != def.Vertrauensniveau.String() ||
		want.weitergeleitet != def.Texte["weitergeleitet"].Text || len(want.formFields) < 7 {
		t.Errorf("definition's part: %+v", want)
	}
	for g, l := range runs {
		got := []string{l.leistung, l.schema, l.schemaURI, l.niveau, l.weitergeleitet, strings.Join(l.formFields, ",")}
		exp := []string{want.leistung, want.schema, want.schemaURI, want.niveau, want.weitergeleitet, strings.Join(want.formFields, ",")}
		if !slices.Equal(got, exp) {
			t.Errorf("%s differs from %s in what the definition decides:\n got %q\nwant %q", g, defaultGemeinde, got, exp)
		}
	}
	// And the parameters do make a difference.
	if runs["mainz"].fee == runs["andernach"].fee || runs["mainz"].eingang == runs["andernach"].eingang || runs["pellenz"].ars == runs["andernach"].ars {
		t.Errorf("the municipalities look alike: %+v", runs)
	}
	// Each municipality's office has its own destination.
	seen := map[string]string{}
	for g, l := range runs {
		if other, ok := seen[l.destination]; ok || l.destination == "" || l.destination == fitconnecttest.DefaultDestination {
			t.Errorf("%s delivers to %q, as %s does", g, l.destination, other)
		}
		seen[l.destination] = g
	}
}

// between returns the text between the first start and the next end.
func between(s, start, end string) string {
	_, rest, ok := strings.Cut(s, start)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, end)
	return v
}

// logValue returns the value of the first key=value attribute in a text
// log.
func logValue(log, key string) string {
	m := regexp.MustCompile(`\s` + regexp.QuoteMeta(key) + `=("[^"]*"|\S+)`).FindStringSubmatch(log)
	if m == nil {
		return ""
	}
	return strings.Trim(m[1], `"`)
}

// sessionAntrag returns the stored application of the browser's session.
func sessionAntrag(t *testing.T, svc *Service, b *browser) *antrag.Antrag {
	t.Helper()
	u, _ := url.Parse(svc.URL())
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
		t.Fatal(fmt.Errorf("application of the session: %w", err))
	}
	return a
}
