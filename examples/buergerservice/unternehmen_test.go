package main

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/einvoice"
)

// TestUnternehmenHTTP: a business logs in with Mein Unternehmenskonto and
// registers a dog; the fee invoice is an XRechnung addressed to the
// business (the organisation as buyer, with its registered address, the
// acting person as contact), valid under the XRechnung rules, delivered
// with the decision through the FIT-Connect postbox bridge to the
// business's postbox, and shown as HTML.
func TestUnternehmenHTTP(t *testing.T) {
	svc, logs := startService(t, "")
	base := svc.URL()
	p := svc.dienst.Parameters
	b := newBrowser(t)
	b.loginAt(base, "/login/unternehmen")
	b.expect("login", "/antrag", 200, `id="unternehmen">für Wachschutz Muster GmbH</span>`, `value="Mustermann"`)
	if !strings.Contains(logs.String(), "organisation=true") {
		t.Error("the login was not logged as a business account's")
	}
	b.post(base+"/antrag", validForm(b.csrf()))
	b.post(base+"/pruefen", url.Values{"csrf": {b.csrf()}, "bestaetigung": {"ja"}})
	b.expect("pay page", "/bezahlen", 200, `<strong id="betrag">96,00 EUR</strong>`)
	b.post(base+"/bezahlen", url.Values{"csrf": {b.csrf()}})
	b.post(b.url.String(), url.Values{"action": {"pay"}})
	b.expect("paid", "/absenden", 200, `id="zahlung-ok"`)
	b.post(base+"/absenden", url.Values{"csrf": {b.csrf()}})
	b.awaitStatus(base, `data-state="decided"`, `data-state="COMPLETED"`)

	// The decision with the invoice went to the business's postbox.
	a := sessionAntrag(t, svc, b)
	post, err := svc.postfach.entries("", a.ID)
	if err != nil {
		t.Fatal(err)
	}
	var xml []byte
	for _, m := range post {
		if m.Kind != "nachricht" {
			continue
		}
		if m.Mailbox != unternehmenPostfach {
			t.Errorf("decision delivered to postbox %q, want the business's %q", m.Mailbox, unternehmenPostfach)
		}
		for _, at := range m.Attachments {
			if at.MIMEType == "application/xml" {
				xml = at.Data
			}
		}
	}
	if xml == nil {
		t.Fatalf("no XRechnung in the business's postbox: %+v", post)
	}
	fromView, _, err := svc.invoice(context.Background(), &session{AntragID: a.ID})
	if err != nil || string(fromView) != string(xml) {
		t.Fatalf("the invoice page shows another invoice: %v", err)
	}

	// An XRechnung addressed to the business.
	inv, rep, err := einvoice.ValidateBytes(xml, &einvoice.ValidateOptions{Profile: einvoice.ValidateXRechnung})
	if err != nil || !rep.Valid {
		t.Fatalf("invoice: %v %+v", err, rep)
	}
	by := inv.Buyer
	if by.Name != "Wachschutz Muster GmbH" || by.Address.Line1 != "Gewerbestraße 5" || by.Address.PostCode != p.Rechnung.Anschrift.PostalCode ||
		by.Address.City != p.Rechnung.Anschrift.City || by.Address.CountryCode != "DE" || by.Contact == nil || by.Contact.Name != "Erika Mustermann" ||
		by.ElectronicAddress.Address != "buchhaltung@wachschutz-muster.example" {
		t.Errorf("buyer %+v (contact %+v)", by, by.Contact)
	}
	if inv.Seller.Name != p.Behoerde || inv.BuyerReference != a.Payment.TransactionReference || inv.Totals.DuePayable == nil || !inv.Totals.DuePayable.IsZero() {
		t.Errorf("invoice seller %q, buyer reference %q (Kassenzeichen %q), due %s", inv.Seller.Name, inv.BuyerReference, a.Payment.TransactionReference, inv.Totals.DuePayable)
	}

	// Shown as HTML (einvoice.RenderHTML) after validation.
	b.get(base + "/rechnung")
	b.expect("invoice", "/rechnung", 200, `id="validierung" data-valid="true"`)
	b.get(base + "/rechnung/ansicht")
	b.expect("invoice view", "/rechnung/ansicht", 200, "Wachschutz Muster GmbH", "Gewerbestraße 5", p.LeitwegID)

	// A citizen's invoice stays addressed to the citizen.
	c := newBrowser(t)
	c.login(base)
	c.expect("citizen login", "/antrag", 200)
	if strings.Contains(c.body, `id="unternehmen"`) {
		t.Error("a BundID login is shown as a business")
	}
}
