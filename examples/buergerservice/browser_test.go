package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

var updateDocs = flag.Bool("update-docs", false, "write the final page's screenshot to docs/buergerservice.png")

// chromium finds the browser: $CHROMIUM, then Debian's chromium and the
// usual names.
func chromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where the browser test saves its screenshots:
// $BAUKASTEN_ARTIFACTS if set, otherwise a temporary directory.
func artifactDir(t *testing.T) string {
	if d := os.Getenv("BAUKASTEN_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestBrowser drives the whole flow in headless Chromium through the
// Chrome DevTools Protocol (chromedp): it clicks the real buttons and fills
// the real fields, follows the real redirects to the fake IdP and the fake
// payment page and back, waits for the authority's decision and opens the
// invoice. It saves screenshots of the decision page and the invoice.
// Without Chromium it is skipped — unless CI is set, where it fails.
func TestBrowser(t *testing.T) {
	path := chromium()
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not found (install Debian's chromium package or set CHROMIUM)")
		}
		t.Skip("chromium not found; install Debian's chromium package or set CHROMIUM")
	}
	svc, _ := startService(t, "")
	base := svc.URL()

	alloc, cancelAlloc := chromedp.NewExecAllocator(t.Context(),
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1100, 900),
	)
	defer cancelAlloc()
	ctx, cancelCtx := chromedp.NewContext(alloc)
	defer cancelCtx()
	// The whole run may take as long as the test may (go test -timeout,
	// less a margin for the diagnostics; at most 5 minutes without one): a
	// loaded CI machine under -race is slow, and a healthy run finishes as
	// soon as it can.
	limit := 5 * time.Minute
	if d, ok := t.Deadline(); ok {
		limit = time.Until(d) - min(time.Until(d)/10, 30*time.Second)
	}
	ctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()

	// The first run starts the browser and ties it to ctx; the steps below
	// run under shorter child contexts.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	dir := artifactDir(t)
	shot := func(name string) string {
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Logf("screenshot %s: %v", name, err)
			return ""
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", p)
		return p
	}
	// Each step gets at most a minute or a third of the run, so a hanging
	// step leaves time for the diagnostics (location, page source,
	// screenshot).
	stepLimit := min(time.Minute, limit/3)
	within := func() (context.Context, context.CancelFunc) { return context.WithTimeout(ctx, stepLimit) }
	failed := func(name string, err error) {
		t.Helper()
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
		shot("fehler.png")
		t.Fatalf("step %q failed at %s: %v\n%s", name, loc, err, html)
	}
	step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := within()
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			failed(name, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		sctx, cancel := within()
		defer cancel()
		s, err := chromedp.Run(sctx, chromedp.Text(chromedp.CSS(sel), chromedp.NodeVisible))
		if err != nil {
			failed("read "+sel, err)
		}
		return strings.TrimSpace(s)
	}
	value := func(name string, sel string) string {
		t.Helper()
		sctx, cancel := within()
		defer cancel()
		s, err := chromedp.Run(sctx, chromedp.Value(chromedp.CSS(sel)))
		if err != nil {
			failed(name, err)
		}
		return s
	}
	attr := func(name, sel, attr string) string {
		t.Helper()
		sctx, cancel := within()
		defer cancel()
		r, err := chromedp.Run(sctx, chromedp.AttributeValue(chromedp.CSS(sel), attr))
		if err != nil {
			failed(name, err)
		}
		return r.Value
	}

	// 1. Login with BundID: the POST binding's forms submit themselves.
	step("start page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#login")))
	shot("1-start.png")
	step("login", chromedp.Click(chromedp.CSS("#login")), chromedp.WaitVisible(chromedp.CSS("#antragsformular")))
	if owner := value("prefilled", "#f-G99000001-F60000227"); owner != "Mustermann" {
		t.Fatalf("Familienname prefilled with %q", owner)
	}

	// 2. An incomplete form gets a message at each field in error, and
	// keeps what was entered.
	step("submit incomplete form",
		chromedp.SendKeys(chromedp.CSS("#f-G99000002-F99000003"), "Bello"),
		chromedp.SetValue(chromedp.CSS("#f-F99000008"), "0"),
		chromedp.Click(chromedp.CSS("#weiter")), chromedp.WaitVisible(chromedp.CSS("#fehlerzusammenfassung")))
	shot("2-formular-fehler.png")
	if got := text("#f-G99000002-F99000004-fehler"); got != "Rasse: Pflichtangabe fehlt" {
		t.Fatalf("field message %q", got)
	}
	if got := text("#f-F99000008-fehler"); !strings.HasSuffix(got, "Wert ist kleiner als 1") {
		t.Fatalf("field message %q", got)
	}
	if got := text("#fehlerzusammenfassung"); !strings.Contains(got, "5 Angaben") {
		t.Fatalf("summary %q", got)
	}
	if got := value("kept", "#f-G99000002-F99000003"); got != "Bello" {
		t.Fatalf("entered name not kept: %q", got)
	}
	// The optional proof of liability insurance, a small PDF.
	nachweis := filepath.Join(t.TempDir(), "haftpflicht.pdf")
	if err := os.WriteFile(nachweis, minimalPDF, 0o600); err != nil {
		t.Fatal(err)
	}
	step("fill in the form",
		chromedp.SetUploadFiles(chromedp.CSS("#a-haftpflicht"), []string{nachweis}),
		chromedp.SetValue(chromedp.CSS("#f-G99000002-F99000004"), "002"),
		chromedp.SetValue(chromedp.CSS("#f-G99000002-F99000005"), "2025-04-01"),
		chromedp.SetValue(chromedp.CSS("#f-G99000002-F99000006"), "2026-10-15"),
		chromedp.Click(chromedp.CSS("#f-G99000002-F99000007-nein")),
		chromedp.SetValue(chromedp.CSS("#f-F99000008"), "1"),
		chromedp.Click(chromedp.CSS("#weiter")),
		chromedp.WaitVisible(chromedp.CSS("#erklaerung")))

	// 3. Review with the § 9a warning.
	shot("3-pruefen.png")
	if got := text("#wert-f-G99000002-F99000004"); got != "Labrador Retriever" {
		t.Fatalf("review shows breed %q", got)
	}
	if got := text("#anlage-haftpflicht"); got != fmt.Sprintf("haftpflicht.pdf (PDF, %d Bytes)", len(minimalPDF)) {
		t.Fatalf("review shows the attachment as %q", got)
	}
	if got := text("#warnung"); !strings.Contains(got, "§ 9a OZG") {
		t.Fatalf("warning %q", got)
	}
	step("confirm", chromedp.Click(chromedp.CSS("#bestaetigung")), chromedp.Click(chromedp.CSS("#bestaetigen")),
		chromedp.WaitVisible(chromedp.CSS("#bezahlen")))

	// 4. The fee is the definition's table with Mainz's rate for one dog;
	// the GiroCode image loads; pay on the platform's page.
	shot("4-bezahlen.png")
	if got := text("#betrag"); got != "96,00 EUR" {
		t.Fatalf("fee %q", got)
	}
	qrWidth, err := chromedp.Run(ctx, chromedp.Poll[int](`(() => { const i = document.getElementById('girocode'); return i.complete && i.naturalWidth > 0 ? i.naturalWidth : 0 })()`, chromedp.WithPollingTimeout(stepLimit)))
	if err != nil {
		failed("girocode", err)
	}
	if qrWidth < 100 {
		t.Fatalf("GiroCode width %d", qrWidth)
	}
	step("to the payment page", chromedp.Click(chromedp.CSS("#bezahlen")), chromedp.WaitVisible(chromedp.CSS(`button[value="pay"]`)))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		failed("payment page location", err)
	}
	if strings.HasPrefix(loc, base) {
		t.Fatalf("payment page is not the platform's: %s", loc)
	}
	shot("4-bezahlseite.png")
	step("pay", chromedp.Click(chromedp.CSS(`button[value="pay"]`)), chromedp.WaitVisible(chromedp.CSS("#zahlung-ok")))

	// 5. Submit; 6. wait for the decision (the page refreshes itself).
	step("submit", chromedp.Click(chromedp.CSS("#absenden")), chromedp.WaitVisible(chromedp.CSS("#status")))
	start := time.Now()
	for {
		step("status", chromedp.Navigate(base+"/status"), chromedp.WaitVisible(chromedp.CSS("#status")))
		state := attr("status", "#status", "data-state")
		completed, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#statusmeldungen li[data-state="COMPLETED"]') !== null`))
		if err != nil {
			failed("postbox", err)
		}
		if state == "decided" && completed {
			break
		}
		if dl, _ := ctx.Deadline(); time.Until(dl) < stepLimit {
			shot("fehler.png")
			t.Fatalf("no decision within %s (state %q)", time.Since(start).Round(time.Second), state)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if got := text("#bescheid-text"); !strings.Contains(got, "Hundesteuer von jährlich 96,00 EUR") || !strings.Contains(got, "- haftpflicht.pdf (PDF,") {
		t.Fatalf("decision %q", got)
	}
	// The definition's notifications arrived in the postbox.
	if got := text("#statusmeldungen"); !strings.Contains(got, "Eingereicht: Ihre Anmeldung ist eingegangen.") ||
		!strings.Contains(got, "Ihre Anmeldung wurde an die zuständige Stelle weitergeleitet.") {
		t.Fatalf("postbox notifications %q", got)
	}
	if got := attr("FIT-Connect state", "#zustelldienst", "data-state"); got != "accepted" {
		t.Fatalf("FIT-Connect state %q", got)
	}
	final := shot("6-bescheid.png")

	step("invoice", chromedp.Click(chromedp.CSS("#rechnung-link")), chromedp.WaitVisible(chromedp.CSS("#validierung")))
	if valid := attr("invoice valid", "#validierung", "data-valid"); valid != "true" {
		t.Fatalf("invoice not valid: %s", text("#befunde"))
	}
	// The invoice itself is einvoice.RenderHTML's page in a frame of the
	// same origin.
	framed, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const d = document.getElementById('rechnung-ansicht').contentDocument; return d && d.readyState === 'complete' ? d.body.innerText : '' })()`, chromedp.WithPollingTimeout(stepLimit)))
	if err != nil {
		failed("invoice frame", err)
	}
	for _, want := range []string{"GEB-HST-", "Erika Mustermann", "Bereits gezahlt", "Zahlbetrag"} {
		if !strings.Contains(framed, want) {
			t.Fatalf("invoice frame lacks %q:\n%s", want, framed)
		}
	}
	shot("6-rechnung.png")

	if *updateDocs && final != "" {
		b, err := os.ReadFile(final)
		if err != nil {
			t.Fatal(err)
		}
		docs := filepath.Join("..", "..", "docs")
		if err := os.MkdirAll(docs, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(docs, "buergerservice.png"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
