package main

import (
	"net/url"
	"strings"
	"testing"
)

// TestLogsOhnePersonendaten: the whole flow at debug level, with an
// attachment, logs no personal data — not the applicant's names or
// street, not the dog's name, not the uploaded file's name.
func TestLogsOhnePersonendaten(t *testing.T) {
	svc, logs := startService(t, "")
	base := svc.URL()
	b := newBrowser(t)
	b.login(base)
	b.postFile(base+"/antrag", validForm(b.csrf()), "haftpflicht", "Versicherung-Geheimname.pdf", "application/pdf", minimalPDF)
	b.expect("review", "/pruefen", 200)
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
	b.post(base+"/bezahlen", url.Values{"csrf": {b.csrf()}})
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.post(base+"/absenden", url.Values{"csrf": {b.csrf()}})
	b.awaitStatus(base, `data-state="decided"`, `data-state="COMPLETED"`)
	if !strings.Contains(b.body, "Versicherung-Geheimname.pdf") || !strings.Contains(b.body, "Bello") {
		t.Fatal("the decision does not show the file and the dog: nothing to look for in the log")
	}
	for _, l := range strings.Split(logs.String(), "\n") {
		for _, w := range []string{"Mustermann", "Erika", "Musterweg", "Bello", "Geheimname"} {
			if strings.Contains(l, w) {
				t.Errorf("%q in the log: %s", w, l)
			}
		}
	}
}
