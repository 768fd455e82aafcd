package main

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/payment/sepa"
)

// syncBuffer collects the service's log for a failing test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startService starts the service on a free port, keeping its state in
// dir ("" for memory); the log is printed when the test fails.
func startService(t *testing.T, dir string) (*Service, *syncBuffer) {
	t.Helper()
	return startServiceWith(t, Config{DataDir: dir})
}

// startServiceWith starts the service with cfg on a free port, with a
// 100 ms tick unless cfg sets one.
func startServiceWith(t *testing.T, cfg Config) (*Service, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	cfg.Addr = "127.0.0.1:0"
	if cfg.Tick == 0 {
		cfg.Tick = 100 * time.Millisecond
	}
	cfg.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	svc, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		svc.Close()
		if t.Failed() {
			t.Logf("service log:\n%s", logs.String())
		}
	})
	return svc, logs
}

// waitFor polls cond until it holds, as long as the test may run (up to
// the go test -timeout deadline, less a margin for the failure report; at
// most 5 minutes without one): the service's background steps get the
// time a loaded CI machine needs, and a healthy run returns as soon as
// cond holds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	start := time.Now()
	if !poll(t, cond) {
		t.Fatalf("%s: not within %s", what, time.Since(start).Round(time.Second))
	}
}

// poll is waitFor that reports instead of failing.
func poll(t *testing.T, cond func() bool) bool {
	limit := time.Now().Add(5 * time.Minute)
	if d, ok := t.Deadline(); ok {
		margin := min(time.Until(d)/10, 30*time.Second)
		limit = d.Add(-margin)
	}
	for !cond() {
		if time.Now().After(limit) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

// awaitStatus reloads the status page until it holds every string of
// want (the authority answers in the background), as long as poll allows.
func (b *browser) awaitStatus(base string, want ...string) {
	b.t.Helper()
	ok := poll(b.t, func() bool {
		for _, w := range want {
			if !strings.Contains(b.body, w) {
				b.get(base + "/status")
				return false
			}
		}
		return true
	})
	if !ok {
		b.t.Fatalf("status page without %q:\n%s", want, b.body)
	}
}

// browser is an HTTP client with a cookie jar that remembers the last page.
type browser struct {
	t    *testing.T
	c    *http.Client
	url  *url.URL // of the last response
	body string
	code int
}

// startReviewed starts a service, logs in through the browser, fills in
// the valid form and confirms the review: the application is Reviewed and
// the fee is due.
func startReviewed(t *testing.T) (*Service, *browser, string) {
	t.Helper()
	svc, _ := startService(t, "")
	base := svc.URL()
	b := newBrowser(t)
	b.login(base)
	b.post(base+"/antrag", validForm(b.csrf()))
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
	return svc, b, base
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, c: &http.Client{Jar: jar, Timeout: time.Minute}}
}

func (b *browser) do(req *http.Request) {
	b.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	b.url, b.body, b.code = resp.Request.URL, string(body), resp.StatusCode
}

func (b *browser) get(u string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	b.do(req)
}

func (b *browser) post(u string, form url.Values) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	b.do(req)
}

var (
	formRE   = regexp.MustCompile(`(?s)<form[^>]*action="([^"]*)"[^>]*>(.*?)</form>`)
	hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)"`)
	csrfRE   = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// submitAutoForm posts the first form of the page with its hidden fields,
// as the browser does with the SAML POST binding's auto-submitting form.
func (b *browser) submitAutoForm() {
	b.t.Helper()
	m := formRE.FindStringSubmatch(b.body)
	if m == nil {
		b.t.Fatalf("no form on %s:\n%s", b.url, b.body)
	}
	v := url.Values{}
	for _, h := range hiddenRE.FindAllStringSubmatch(m[2], -1) {
		v.Set(html.UnescapeString(h[1]), html.UnescapeString(h[2]))
	}
	action, err := b.url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		b.t.Fatal(err)
	}
	b.post(action.String(), v)
}

func (b *browser) csrf() string {
	b.t.Helper()
	m := csrfRE.FindStringSubmatch(b.body)
	if m == nil {
		b.t.Fatalf("no CSRF token on %s", b.url)
	}
	return m[1]
}

// expect checks the path and status of the last page and that it holds
// every string of want.
func (b *browser) expect(step, path string, code int, want ...string) {
	b.t.Helper()
	if b.url.Path != path || b.code != code {
		b.t.Fatalf("%s: at %s with %d, want %s with %d:\n%s", step, b.url.Path, b.code, path, code, b.body)
	}
	for _, w := range want {
		if !strings.Contains(b.body, w) {
			b.t.Fatalf("%s: page %s lacks %q:\n%s", step, path, w, b.body)
		}
	}
}

// login runs the BundID login through the fake IdP.
func (b *browser) login(base string) {
	b.t.Helper()
	b.loginAt(base, "/login")
}

// loginAt logs in with the IdP whose login starts at path: /login for
// BundID, /login/unternehmen for Mein Unternehmenskonto.
func (b *browser) loginAt(base, path string) {
	b.t.Helper()
	b.get(base + "/")
	b.expect("start", "/", 200, `id="login"`, "Anmelden mit BundID", `id="login-unternehmen"`)
	b.post(base+path, nil)
	// The SP's page posts the signed AuthnRequest to the IdP …
	if !strings.Contains(b.body, `name="SAMLRequest"`) {
		b.t.Fatalf("login: no AuthnRequest form:\n%s", b.body)
	}
	b.submitAutoForm()
	// … whose page posts the signed and encrypted response to our ACS.
	if !strings.Contains(b.body, `name="SAMLResponse"`) {
		b.t.Fatalf("IdP: no response form (status %d):\n%s", b.code, b.body)
	}
	b.submitAutoForm()
}

// validForm is a complete dog registration.
func validForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf},
		"G99000001/F60000227": {"Fälscher"}, // locked: must be ignored
		"G99000002/F99000003": {"Bello"}, "G99000002/F99000004": {"002"},
		"G99000002/F99000005": {"2025-04-01"}, "G99000002/F99000006": {"2026-10-15"},
		"G99000002/F99000007": {"false"}, "F99000008": {"1"}}
}

// TestFlowHTTP drives the whole service over HTTP with a cookie jar:
// login, form (with field errors first), review, payment on the fake
// platform's page, submission, the authority's decision, the invoice, the
// applicant's copy, and a restart that keeps everything.
func TestFlowHTTP(t *testing.T) {
	dir := t.TempDir()
	svc, logs := startService(t, dir)
	base := svc.URL()
	b := newBrowser(t)

	// 1. Login at trust level substanziell; the form is prefilled.
	b.login(base)
	b.expect("login", "/antrag", 200, "Anmeldung eines Hundes zur Hundesteuer",
		`id="f-G99000001-F60000227" name="G99000001/F60000227" type="text" value="Mustermann"`, "readonly",
		`value="Erika"`, `<option value="002">Labrador Retriever</option>`)
	if !strings.Contains(logs.String(), `msg="login accepted"`) || !strings.Contains(logs.String(), "level=substanziell") {
		t.Fatalf("login not logged at trust level substanziell:\n%s", logs)
	}

	// 2. Field-level messages for invalid input.
	bad := validForm(b.csrf())
	bad.Del("G99000002/F99000003")
	bad.Set("G99000002/F99000004", "042")
	bad.Set("F99000008", "0")
	b.post(base+"/antrag", bad)
	b.expect("invalid form", "/antrag", 422, `id="fehlerzusammenfassung"`, "Bitte korrigieren Sie 3 Angaben",
		`<p class="fehler" id="f-G99000002-F99000003-fehler">Name des Hundes: Pflichtangabe fehlt</p>`,
		`<p class="fehler" id="f-G99000002-F99000004-fehler">Rasse: Wert ist in der Auswahlliste nicht enthalten</p>`,
		`id="f-F99000008-fehler">Wie viele Hunde halten Sie insgesamt (einschließlich dieses Hundes)?: Wert ist kleiner als 1</p>`,
		`value="2026-10-15"`) // entered values are kept
	b.post(base+"/antrag", validForm(b.csrf()))

	// 3. Review: the whole declaration and the § 9a warning.
	b.expect("review", "/pruefen", 200, `id="erklaerung"`, `id="wert-f-G99000001-F60000227">Mustermann`,
		`id="wert-f-G99000002-F99000004">Labrador Retriever`, `id="wert-f-G99000002-F99000006">15.10.2026`,
		`id="wert-f-G99000002-F99000007">nein`, "Hinweis nach § 9a OZG", "verbindliche Erklärung")
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}})
	b.expect("review unconfirmed", "/pruefen", 422, "Bitte bestätigen Sie")
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
	b.expect("pay page", "/bezahlen", 200, `id="bezahlen"`, `id="girocode"`, `<strong id="betrag">96,00 EUR</strong>`, "DE12 5001 0517 0648 4898 90",
		`<dd id="kassenzeichen">HST-`)
	csrf := b.csrf()

	// 4a. The GiroCode decodes (independent QR decoder) to the fee's EPC payload.
	resp, err := b.c.Get(base + "/girocode.png")
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("girocode: %v", err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	qr, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("girocode does not decode: %v", err)
	}
	epc, err := sepa.ParseEPC([]byte(qr.GetText()))
	if err != nil {
		t.Fatalf("girocode payload: %v", err)
	}
	if epc.IBAN != "DE12500105170648489890" || epc.Amount.StringFixed(2) != "96.00" || epc.Purpose != "GOVT" || !strings.HasPrefix(epc.Text, "HST-") ||
		!strings.Contains(b.body, `<dd id="kassenzeichen">`+epc.Text+`</dd>`) {
		t.Fatalf("girocode payload %+v", epc)
	}

	// 4b. Online payment: redirect to the platform's page, pay, come back.
	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	if b.url.Host == strings.TrimPrefix(base, "http://") || !strings.Contains(b.body, `value="pay"`) {
		t.Fatalf("not on the payment page: %s\n%s", b.url, b.body)
	}
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.expect("back from payment", "/absenden", 200, `id="zahlung-ok"`, "Ihre Zahlung über 96,00 EUR ist eingegangen")

	// 5. Submit through FIT-Connect; 6. the authority decides.
	b.post(base+"/absenden", url.Values{"csrf": {b.csrf()}})
	b.expect("submitted", "/status", 200, `id="antrag-id"`)
	b.awaitStatus(base, `data-state="decided"`, `data-state="COMPLETED"`)
	waitFor(t, "the authority's case closed", func() bool {
		open, err := svc.kv.keys(kindOffen)
		return err == nil && len(open) == 0
	})
	b.expect("decision", "/status", 200, "beschieden", `id="zustelldienst" data-state="accepted"`, `id="bescheid-text"`,
		"für Ihren Hund „Bello“ wird ab 01.11.2026 eine Hundesteuer von jährlich 96,00 EUR festgesetzt",
		`<li data-state="PROCESSING">In Bearbeitung: Ihr Antrag ist eingegangen`, `<li data-state="COMPLETED">Abgeschlossen: Der Bescheid wurde in Ihr Postfach zugestellt`,
		"von der Behörde angenommen", "über FIT-Connect übermittelt", "Gebühr bezahlt", `id="rechnung-link"`)
	for _, step := range []string{"responsible authority found, route signatures verified", "submission received, decrypted and hash-checked", "submission accepted (signed accept-submission SET)",
		"postbox entry delivered", "authority accepted the submission (verified SET)", "decision delivered", "fitconnect callback verified"} {
		if !strings.Contains(logs.String(), step) {
			t.Errorf("log lacks %q", step)
		}
	}

	// The invoice for the fee, validated and shown.
	b.get(base + "/rechnung")
	b.expect("invoice", "/rechnung", 200, `id="validierung" data-valid="true"`, `<iframe id="rechnung-ansicht" src="/rechnung/ansicht"`)
	b.get(base + "/rechnung/ansicht")
	b.expect("invoice view", "/rechnung/ansicht", 200, "GEB-HST-", "Erika Mustermann", "55116", "Stadtverwaltung Mainz", "073150000000-HST01-61",
		`<th>Bereits gezahlt</th><td class="num">96,00 EUR</td>`, `<th>Zahlbetrag</th><td class="num">0,00 EUR</td>`, "Hundesteuer Anmeldung", "DE12 5001 0517 0648 4898 90")

	// The applicant's copy (§ 9a (4) OZG).
	b.get(base + "/kopie")
	var cp antrag.CitizenCopy
	if err := json.Unmarshal([]byte(b.body), &cp); err != nil {
		t.Fatalf("copy: %v\n%s", err, b.body)
	}
	if !cp.Declaration.WarningAcknowledged || !strings.Contains(cp.Declaration.Text, "Name des Hundes: Bello") ||
		lookup(decode(cp.Data), "G99000001/F60000227") != "Mustermann" {
		t.Fatalf("copy: %+v", cp)
	}

	// A restart with the same directory loses nothing.
	svc.Close()
	svc2, _ := startService(t, dir)
	u2, _ := url.Parse(svc2.URL())
	old, _ := url.Parse(base)
	for _, c := range b.c.Jar.Cookies(old) {
		b.c.Jar.SetCookies(u2, []*http.Cookie{c})
	}
	b.get(svc2.URL() + "/status")
	b.expect("after restart", "/status", 200, `data-state="decided"`, "Hundesteuer von jährlich 96,00 EUR")
}

// TestLoginRequired: every page of the application needs a login; a
// forged login answer is refused.
func TestLoginRequired(t *testing.T) {
	svc, _ := startService(t, "")
	b := newBrowser(t)
	for _, p := range []string{"/antrag", "/pruefen", "/bezahlen", "/absenden", "/status", "/rechnung", "/kopie"} {
		b.get(svc.URL() + p)
		b.expect("no login "+p, "/", 200, `id="login"`)
	}
	b.post(svc.URL()+"/saml/acs", url.Values{"SAMLResponse": {"PHNhbWxwOlJlc3BvbnNlLz4="}, "RelayState": {"x"}})
	if b.code != http.StatusForbidden && b.code != http.StatusBadRequest {
		t.Fatalf("forged response: %d", b.code)
	}
}

// TestPaymentCanceled: a canceled payment brings the citizen back to the
// payment page, and a second attempt succeeds.
func TestPaymentCanceled(t *testing.T) {
	_, b, base := startReviewed(t)
	csrf := b.csrf()
	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	b.post(b.url.String(), url.Values{"action": {"cancel"}})
	b.expect("canceled", "/bezahlen", 200, "Sie haben die Zahlung abgebrochen")
	b.post(base+"/bezahlen", url.Values{"csrf": {csrf}})
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.expect("second attempt", "/absenden", 200, `id="zahlung-ok"`)
	// A POST without the CSRF token is refused.
	b.post(base+"/absenden", url.Values{})
	if b.code != http.StatusForbidden {
		t.Fatalf("POST without CSRF token: %d", b.code)
	}
}

// TestAntragStore checks the example's antrag.Store in memory and in
// files the way antragtest's conformance suite does. (The suite itself is
// not run: its ConcurrentUpdatesOneWins starts each update right after its
// Get, so a later Get can read the revision an earlier update wrote and a
// correct store fails now and then; TestAntragStoreFiles checks the same
// property without the race.)
func TestAntragStore(t *testing.T) {
	for _, files := range []bool{false, true} {
		dir := ""
		if files {
			dir = t.TempDir()
		}
		kv, _ := newKV(dir)
		s := antragStore{kv}
		ctx := t.Context()
		if _, err := s.Get(ctx, "fehlt"); ozg.CodeOf(err) != ozg.NotFound {
			t.Errorf("files=%v: Get of a missing application: %v", files, err)
		}
		a := &antrag.Antrag{ID: "iso", State: antrag.Draft, Data: []byte(`{"F99000008":1}`), History: []antrag.Transition{{To: antrag.Draft}}}
		if err := s.Create(ctx, a); err != nil || a.Revision != 1 {
			t.Fatalf("files=%v: Create: %v, revision %d", files, err, a.Revision)
		}
		a.Data[2] = 'X'
		got, _ := s.Get(ctx, "iso")
		got.History[0].To = antrag.Decided
		got2, _ := s.Get(ctx, "iso")
		if string(got2.Data) != `{"F99000008":1}` || got2.History[0].To != antrag.Draft {
			t.Errorf("files=%v: stored application changed through a pointer", files)
		}
		canceled, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Get(canceled, "iso"); ozg.CodeOf(err) != ozg.Canceled {
			t.Errorf("files=%v: canceled Get: %v", files, err)
		}
		if err := s.Update(ctx, &antrag.Antrag{ID: "fehlt", Revision: 1}); ozg.CodeOf(err) != ozg.NotFound {
			t.Errorf("files=%v: Update of a missing application: %v", files, err)
		}
	}
}

// TestAntragStoreFiles: in files, one of several concurrent updates of the
// same revision wins, and the state survives a new store on the same
// directory.
func TestAntragStoreFiles(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	kv, _ := newKV(dir)
	s := antragStore{kv}
	m := &antrag.Machine{}
	form, err := testForm()
	if err != nil {
		t.Fatal(err)
	}
	a, err := m.New(antrag.Spec{Leistung: ozg.MustParseLeistungsschluessel("99102013104000"), Gebiet: ozg.MustParseARS("073150000000"), Form: form}, system)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, a); err != nil {
		t.Fatal(err)
	}
	if err := s.Create(ctx, a); ozg.CodeOf(err) != ozg.AlreadyExists {
		t.Fatalf("second Create: %v", err)
	}
	var copies []*antrag.Antrag
	for range 8 {
		c, err := s.Get(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		copies = append(copies, c)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for _, c := range copies {
		wg.Go(func() {
			if s.Update(ctx, c) == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			} else if err := s.Update(ctx, c); ozg.CodeOf(err) != ozg.FailedPrecondition {
				t.Errorf("stale update: %v", err)
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d concurrent updates of revision 1 succeeded, want 1", wins)
	}
	kv2, _ := newKV(dir)
	got, err := antragStore{kv2}.Get(ctx, a.ID)
	if err != nil || got.Revision != 2 || got.State != antrag.Draft {
		t.Fatalf("after reopening: %+v, %v", got, err)
	}
	if _, err := (antragStore{kv2}).Get(ctx, "../etc"); ozg.CodeOf(err) != ozg.NotFound {
		t.Fatalf("path-like key: %v", err)
	}
}

// TestRunFlags: run prints the URL and stops with its context; a bad
// flag value is an error.
func TestRunFlags(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var out, errs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-data", t.TempDir(), "-log-level", "debug"}, &out, &errs)
	}()
	if !poll(t, func() bool { return strings.Contains(out.String(), "läuft: http://127.0.0.1:") }) {
		t.Fatalf("no URL printed:\n%s\n%s", out.String(), errs.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errs.String(), `msg="service started"`) || !strings.Contains(errs.String(), "ars=073150000000") {
		t.Errorf("log:\n%s", errs.String())
	}
	if err := run(t.Context(), []string{"-log-level", "laut"}, io.Discard, io.Discard); err == nil {
		t.Error("bad -log-level accepted")
	}
	if err := run(t.Context(), []string{"-addr", "127.0.0.1:0", "-gemeinde", "hamburg"}, io.Discard, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "andernach, mainz, pellenz") {
		t.Errorf("unknown -gemeinde: %v", err)
	}
	var errs2 syncBuffer
	if err := run(t.Context(), []string{"-h"}, io.Discard, &errs2); !strings.Contains(errs2.String(), "-gemeinde") {
		t.Errorf("-h: %v\n%s", err, errs2.String())
	}
}

// TestRunGemeinde: -gemeinde binds another municipality's parameters to
// the same definition.
func TestRunGemeinde(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	var out, errs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-gemeinde", "andernach"}, &out, &errs)
	}()
	if !poll(t, func() bool {
		return strings.Contains(out.String(), "Bürgerservice Hundesteuer (Stadtverwaltung Andernach) läuft: http://127.0.0.1:")
	}) {
		t.Fatalf("no URL printed:\n%s\n%s", out.String(), errs.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if l := errs.String(); !strings.Contains(l, "gemeinde=andernach") || !strings.Contains(l, "ars=071370003003") || !strings.Contains(l, "definition=hundesteuer-anmeldung") {
		t.Errorf("log:\n%s", l)
	}
}
