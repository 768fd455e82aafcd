package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// The XZuFi test messages of package zufi: hand-built with real RLP region
// keys (see ozg/zufi/testdata/README.md).
const zufiTestdata = "../../ozg/zufi/testdata/"

var (
	xzufi220  = zufiTestdata + "hundesteuer-mayen-koblenz_xzufi-2.2.0.xml"
	xzufi231  = zufiTestdata + "kreis-land_xzufi-2.3.1.xml"
	transfer  = zufiTestdata + "transfer_xzufi-2.3.1.xml"
	allXZuFi  = []string{"-xzufi", xzufi220, "-xzufi", xzufi231, "-xzufi", transfer}
	twoXZuFi  = []string{"-xzufi", xzufi220, "-xzufi", xzufi231} // without the transfer page, which deletes the Kreis responsibility
	zustCmd   = []string{"ozg", "zustaendig"}
	hundeSt   = "99102013104000" // Hundesteuer Anmeldung
	waffenBK  = "99089001001000"
	landLeist = "99050012104000"
)

func zust(args ...string) []string { return append(slices.Clone(zustCmd), args...) }

func files(fs []string, args ...string) []string { return zust(append(slices.Clone(fs), args...)...) }

// TestOZGZustaendigOffline runs the command on the XZuFi test messages:
// found at each level of the ARS hierarchy, not found, and bad arguments.
func TestOZGZustaendigOffline(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		code     int
		inStdout []string // each must occur in stdout
		inStderr string
	}{
		{"Gemeinde", files(allXZuFi, "-leika", hundeSt, "-ars", "071370003003"), exitOK, []string{
			"LeiKa 99102013104000 in 071370003003 Andernach, Stadt, source xzufi",
			"zuständige Stelle (01): Stadtverwaltung Andernach, Steueramt [OE-ANDERNACH-STEUER]",
			"found at level Gemeinde 071370003003 Andernach, Stadt",
			"E-Mail: steueramt@andernach.example",
			// The Spezialisierung for Andernach replaces costs and deadlines.
			"002: 84.00 EUR – Jahressteuer für den ersten Hund",
			"Innerhalb eines Monats",
			"online service: Hundesteuer online anmelden [OD-HST-RLP] https://hundesteuer.example/rlp/start",
		}, ""},
		{"Gemeindeverband by PLZ", files(allXZuFi, "-leika", hundeSt, "-plz", "56642"), exitOK, []string{
			"in 071375001057 Kruft (PLZ 56642)",
			"zuständige Stelle (01): Verbandsgemeindeverwaltung Pellenz, Fachbereich Finanzen [OE-VG-PELLENZ-FIN]",
			"found at level Gemeindeverband 071375001 Pellenz",
			"address Hausanschrift: Musterstraße 1, 56637 Plaidt",
			"Telefon Festnetz: +49 2632 0000-0 (Zentrale)",
			"trust level: substanziell (code 20)",
			"001: free of charge",
			"002: 60.00 to 900.00 EUR",
			"hand in: Nachweis der Haftpflichtversicherung (Versicherungsnachweis) – Nur für gefährliche Hunde",
			"001 – 14 Tage – Innerhalb von zwei Wochen",
			"002 – --01-01 to --01-31",
			"processing time:\n    2 bis 3 Wochen",
			"text modules (5): Leistungsbezeichnung (02); Leistungsbezeichnung II (03); Volltext (06); Rechtsgrundlagen der Hundesteuer (07); Hundesteuermarke (HST-MARKE)",
		}, ""},
		{"Kreis", files(twoXZuFi, "-leika", waffenBK, "-ars", "071375001057"), exitOK, []string{
			"OE-KV-MYK-ORDNUNG]",
			"found at level Kreis 07137 Mayen-Koblenz",
		}, ""},
		{"Land", files(allXZuFi, "-leika", landLeist, "-ars", "071375001057"), exitOK, []string{
			"Ansprechpunkt (03): Landesamt Rheinland-Pfalz (Testdaten) [OE-LAND-RLP]",
			"found at level Land 07 Rheinland-Pfalz",
		}, ""},
		{"texts only with -texte", files(allXZuFi, "-leika", hundeSt, "-ars", "071370003003", "-texte"), exitOK, []string{
			"--- Volltext (06)\n    In Andernach melden Sie Ihren Hund beim Steueramt an.",
		}, ""},
		{"Kreis responsibility deleted", files(allXZuFi, "-leika", waffenBK, "-ars", "071375001057"), exitFindings, nil,
			"nobody is responsible for LeiKa 99089001001000 in 071375001057 (Kruft) or the areas above it"},
		{"nobody in Mainz", files(allXZuFi, "-leika", hundeSt, "-ars", "073150000000"), exitFindings, nil,
			"nobody is responsible for LeiKa 99102013104000 in 073150000000 (Mainz, Stadt)"},
		{"bad LeiKa", files(allXZuFi, "-leika", "98102013104000", "-ars", "07"), exitUsage, nil, "-leika:"},
		{"bad ARS", files(allXZuFi, "-leika", hundeSt, "-ars", "07X"), exitUsage, nil, "-ars:"},
		{"unknown PLZ", files(allXZuFi, "-leika", hundeSt, "-plz", "99999"), exitUsage, nil, "postcode 99999 is unknown"},
		{"ambiguous PLZ", files(allXZuFi, "-leika", hundeSt, "-plz", "56220"), exitUsage, nil, "postcode 56220 is ambiguous, it is the seat of 071375008"},
		{"PLZ not 5 digits", files(allXZuFi, "-leika", hundeSt, "-plz", "5664"), exitUsage, nil, "not a postcode of 5 digits"},
		{"no source", zust("-leika", hundeSt, "-ars", "07"), exitUsage, nil, "give either -xzufi FILE or -pvog BASEURL"},
		{"both sources", files(allXZuFi, "-pvog", "http://x", "-leika", hundeSt, "-ars", "07"), exitUsage, nil, "give either -xzufi FILE or -pvog BASEURL"},
		{"no LeiKa", files(allXZuFi, "-ars", "07"), exitUsage, nil, "-leika KEY is required"},
		{"ARS and PLZ", files(allXZuFi, "-leika", hundeSt, "-ars", "07", "-plz", "56642"), exitUsage, nil, "give either -ars ARS or -plz PLZ"},
		{"argument left", files(allXZuFi, "-leika", hundeSt, "-ars", "07", "extra"), exitUsage, nil, `unexpected argument "extra"`},
		{"timeout not positive", files(allXZuFi, "-leika", hundeSt, "-ars", "07", "-timeout", "0s"), exitUsage, nil, "-timeout must be positive"},
		{"token without pvog", files(allXZuFi, "-leika", hundeSt, "-ars", "07", "-token-env", "X"), exitUsage, nil, "-token-env needs -pvog"},
		{"missing file", zust("-xzufi", "testdata/nonexistent.xml", "-leika", hundeSt, "-ars", "07"), exitUsage, nil, "nonexistent.xml"},
		{"not XZuFi", zust("-xzufi", "main.go", "-leika", hundeSt, "-ars", "07"), exitUsage, nil, "main.go:"},
		{"help", zust("-h"), exitUsage, nil, "-json prints one object"},
	}
	for _, tt := range tests {
		code, out, stderr := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.inStderr) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d, stderr containing %q", tt.name, code, stderr, tt.code, tt.inStderr)
		}
		for _, want := range tt.inStdout {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, want, out)
			}
		}
		if tt.code != exitOK && out != "" {
			t.Errorf("%s: stdout %q on failure", tt.name, out)
		}
	}
}

// TestOZGZustaendigJSON compares the -json document with the golden file
// (go test ./cmd/baukasten -run ZustaendigJSON -update rewrites it).
func TestOZGZustaendigJSON(t *testing.T) {
	code, out, stderr := runCmd(t, files(allXZuFi, "-leika", hundeSt, "-plz", "56642", "-json", "-texte")...)
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	golden := filepath.Join("testdata", "zustaendig-kruft.json")
	if *update {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("JSON differs from %s:\n%s", golden, out)
	}
	// Independent of the golden file: the document decodes into the
	// documented fields, and the numbers are the message's.
	var doc zustaendigJSON
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Leistungen) != 1 {
		t.Fatalf("%d Leistungen", len(doc.Leistungen))
	}
	l := doc.Leistungen[0]
	if doc.ARS != "071375001057" || doc.Quelle != "xzufi" || l.ID != "L100007-4711" || len(l.Stellen) != 1 ||
		l.Stellen[0].Gebiet != (gebietJSON{"071375001", "Gemeindeverband", "Pellenz"}) || l.Stellen[0].Rolle.Code != "01" {
		t.Errorf("document: %+v", doc)
	}
	if len(l.Kosten) != 2 || l.Kosten[1].BetragVon != "60.00" || l.Kosten[1].BetragBis != "900.00" || l.Kosten[1].Waehrung != "EUR" || !l.Kosten[0].Kostenfrei {
		t.Errorf("costs: %+v", l.Kosten)
	}
	if l.Onlinedienst == nil || l.Onlinedienst.Vertrauensniveau != "substanziell" || len(l.Texte) != 5 || l.Texte[2].Text == "" {
		t.Errorf("online service %+v, texts %+v", l.Onlinedienst, l.Texte)
	}
	// Without -texte the texts are left out, nothing else changes.
	_, short, _ := runCmd(t, files(allXZuFi, "-leika", hundeSt, "-plz", "56642", "-json")...)
	if strings.Contains(short, `"text"`) || len(short) >= len(out) {
		t.Errorf("-json without -texte:\n%s", short)
	}
}

func fakePVOG(t *testing.T, opts *zufitest.Options) *zufitest.Server {
	t.Helper()
	var docs [][]byte
	for _, f := range []string{xzufi220, xzufi231, transfer} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	s, err := zufitest.New(docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// TestOZGZustaendigOnline runs the command against the zufitest fake of
// the PVOG Suchdienst.
func TestOZGZustaendigOnline(t *testing.T) {
	s := fakePVOG(t, nil)
	pvog := func(args ...string) []string { return zust(append([]string{"-pvog", s.URL}, args...)...) }
	tests := []struct {
		name     string
		args     []string
		code     int
		inStdout []string
		inStderr string
	}{
		{"Gemeindeverband", pvog("-leika", hundeSt, "-plz", "56642"), exitOK, []string{
			"in 071375001057 Kruft (PLZ 56642), source pvog",
			"Leistung L100007-4711: Hund zur Hundesteuer anmelden",
			"zuständige Stelle (01): Verbandsgemeindeverwaltung Pellenz, Fachbereich Finanzen [OE-VG-PELLENZ-FIN]",
			"found at level Gemeindeverband 071375001 Pellenz",
			"address Hausanschrift: Musterstraße 1, 56637 Plaidt",
			"Telefon: +49 2632 0000-0",
			"text modules (4): the Suchdienst sends no names",
			"not in the Suchdienst answers: onlinedienst, vertrauensniveau, kosten",
		}, ""},
		{"Gemeinde with texts", pvog("-leika", hundeSt, "-ars", "071370003003", "-texte"), exitOK, []string{
			"found at level Gemeinde 071370003003 Andernach, Stadt",
			"In Andernach melden Sie Ihren Hund beim Steueramt an.",
		}, ""},
		{"Land", pvog("-leika", landLeist, "-ars", "071375001057"), exitOK, []string{"found at level Land 07 Rheinland-Pfalz"}, ""},
		{"nobody", pvog("-leika", hundeSt, "-ars", "073150000000"), exitFindings, nil,
			"nobody is responsible for LeiKa 99102013104000 in 073150000000 (Mainz, Stadt)"},
		{"bad base URL", zust("-pvog", "ftp://x", "-leika", hundeSt, "-ars", "07"), exitUsage, nil, "-pvog:"},
		// A 404 (wrong base path) is a PVOG error, not "nobody is responsible".
		{"base URL answers 404", zust("-pvog", s.URL+"/wrong", "-leika", hundeSt, "-ars", "071370003003"), exitUsage, nil, "PVOG answered HTTP 404"},
		{"timeout", pvog("-leika", hundeSt, "-ars", "07", "-timeout", "1ns"), exitUsage, nil, "deadline"},
		{"token variable unset", pvog("-leika", hundeSt, "-ars", "07", "-token-env", "BAUKASTEN_TEST_UNSET"), exitUsage, nil,
			"environment variable BAUKASTEN_TEST_UNSET is empty or not set"},
	}
	for _, tt := range tests {
		code, out, stderr := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.inStderr) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d, stderr containing %q", tt.name, code, stderr, tt.code, tt.inStderr)
		}
		for _, want := range tt.inStdout {
			if !strings.Contains(out, want) {
				t.Errorf("%s: output lacks %q:\n%s", tt.name, want, out)
			}
		}
	}

	// The responsibility agrees with the offline answer on the same data.
	_, online, _ := runCmd(t, pvog("-leika", hundeSt, "-ars", "071375001057", "-json")...)
	_, offline, _ := runCmd(t, files(allXZuFi, "-leika", hundeSt, "-ars", "071375001057", "-json")...)
	var on, off zustaendigJSON
	if err := json.Unmarshal([]byte(online), &on); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(offline), &off); err != nil {
		t.Fatal(err)
	}
	if len(on.Leistungen) != 1 || len(off.Leistungen) != 1 || on.Leistungen[0].Name != off.Leistungen[0].Name ||
		on.Leistungen[0].Stellen[0].ID != off.Leistungen[0].Stellen[0].ID || on.Leistungen[0].Stellen[0].Gebiet != off.Leistungen[0].Stellen[0].Gebiet {
		t.Errorf("online %+v\noffline %+v", on, off)
	}
}

// TestOZGZustaendigOnlineRetry: a 429 with Retry-After is waited out and
// retried; a malformed answer gives a clear error.
func TestOZGZustaendigOnlineRetry(t *testing.T) {
	s := fakePVOG(t, nil)
	s.Throttle("1")
	start := time.Now()
	code, out, stderr := runCmd(t, "ozg", "zustaendig", "-pvog", s.URL, "-leika", hundeSt, "-ars", "071370003003")
	if code != exitOK || !strings.Contains(out, "OE-ANDERNACH-STEUER") {
		t.Fatalf("exit %d, stderr %q, stdout %q", code, stderr, out)
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("answered after %s, before the Retry-After of 1 s", waited)
	}
	reqs := s.Requests()
	if len(reqs) < 2 || reqs[0] != reqs[1] || !strings.HasPrefix(reqs[0], "/v3/servicedescriptions/leikaid?") {
		t.Errorf("the throttled request was not repeated: %v", reqs)
	}

	s.Break("/v3/servicedescriptions/leikaid", "<html>Wartung</html>")
	code, out, stderr = runCmd(t, "ozg", "zustaendig", "-pvog", s.URL, "-leika", hundeSt, "-ars", "071370003003")
	if code != exitUsage || out != "" || !strings.Contains(stderr, "LeiKa 99102013104000 in 071370003003") ||
		!strings.Contains(stderr, "malformed PVOG answer: page 0: not a JSON object") {
		t.Errorf("malformed: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

// TestOZGZustaendigToken: -token-env sends the variable's value as bearer
// token.
func TestOZGZustaendigToken(t *testing.T) {
	s := fakePVOG(t, &zufitest.Options{Token: "t0k3n"})
	args := []string{"ozg", "zustaendig", "-pvog", s.URL, "-leika", hundeSt, "-ars", "071370003003"}
	if code, _, stderr := runCmd(t, args...); code != exitUsage || !strings.Contains(stderr, "401") {
		t.Errorf("without token: exit %d, stderr %q", code, stderr)
	}
	t.Setenv("BAUKASTEN_TEST_PVOG_TOKEN", "t0k3n")
	code, out, stderr := runCmd(t, append(args, "-token-env", "BAUKASTEN_TEST_PVOG_TOKEN")...)
	if code != exitOK || !strings.Contains(out, "OE-ANDERNACH-STEUER") {
		t.Errorf("with token: exit %d, stderr %q", code, stderr)
	}
	if strings.Contains(stderr+out, "t0k3n") {
		t.Error("the token is printed")
	}
}

// TestOZGZustaendigTrustLevelPair: the trust level and its code come from
// the same object. An online service that sends a bare code (no level
// name) leaves the level to the Leistung, so the Leistung's code goes
// with it; the online service keeps its own code in onlinedienst.
func TestOZGZustaendigTrustLevelPair(t *testing.T) {
	b, err := os.ReadFile(xzufi220)
	if err != nil {
		t.Fatal(err)
	}
	od := `<xzufi:vertrauensniveau listURI="urn:xoev-de:fim:codeliste:vertrauensniveau"><code>20</code><name>substanziell</name></xzufi:vertrauensniveau>`
	if !strings.Contains(string(b), od) {
		t.Fatal("test message changed: online service trust level not found")
	}
	b = []byte(strings.Replace(string(b), od, `<xzufi:vertrauensniveau listURI="urn:xoev-de:fim:codeliste:vertrauensniveau"><code>30</code></xzufi:vertrauensniveau>`, 1))
	name := filepath.Join(t.TempDir(), "bare-code.xml")
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCmd(t, zust("-xzufi", name, "-leika", hundeSt, "-ars", "071375001057", "-json")...)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var doc zustaendigJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	l := doc.Leistungen[0]
	if l.Vertrauensniveau != "niedrig" || l.VertrauensniveauCode != "10" || l.Onlinedienst == nil || l.Onlinedienst.VertrauensniveauCode != "30" {
		t.Errorf("trust level %q code %q, online service %+v; want niedrig/10 and the service's own code 30", l.Vertrauensniveau, l.VertrauensniveauCode, l.Onlinedienst)
	}
}
