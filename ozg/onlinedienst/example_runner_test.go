package onlinedienst_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/ozg-baukasten/baukasten/messaging/messagingtest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

// Run the dog-tax service for the Stadt Andernach: the Runner wires the
// form (antrag), the fee (payment), routing (XZuFi data with verified
// destinationSignatures) and delivery (messaging), all on fakes. The login
// would come from servicekonto (see Login); here it is given directly.
func ExampleRunner() {
	ctx := context.Background()
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	raw, err := os.ReadFile("testdata/hundesteuer-anmeldung.definition.json")
	must(err)
	def, err := onlinedienst.Load(raw)
	must(err)
	s, err := onlinedienst.Bind(def, &onlinedienst.Parameters{
		ARS:        ozg.MustParseARS("071370003003"),
		Behoerde:   "Stadtverwaltung Andernach",
		LeitwegID:  "071370003003-STEUER-48",
		Zahlung:    &onlinedienst.Zahlung{OriginatorID: "rlp-andernach", EndpointID: "andernach-01", CredentialsRef: "vault:kv/andernach/epay"},
		FITConnect: &onlinedienst.FITConnect{ClientID: "c0ffee00-0000-4000-8000-000000000002", ClientSecretRef: "vault:kv/andernach/fitconnect"},
		Rechnung: &onlinedienst.Rechnungssteller{Anschrift: ozg.Address{Street: "Läufstraße", HouseNumber: "11", PostalCode: "56626", City: "Andernach"},
			IBAN: "DE02120300000000202051", Kontoinhaber: "Stadtkasse Andernach",
			Kontakt: onlinedienst.Kontakt{Name: "Steueramt", Telefon: "+49 2632 0000-100", Email: "steueramt@andernach.example"}},
		Servicekonto: &onlinedienst.Servicekonto{EntityID: "https://service.andernach.example/sp",
			ACSURL: "https://service.andernach.example/sp/acs", KeyRef: "vault:kv/andernach/saml"},
		Werte: map[string]string{"satzErsterHund": "84.00", "satzZweiterHund": "120.00", "satzWeitererHund": "150.00", "haushaltsstelle": "61100.30000"},
	})
	must(err)

	// The form of the definition's Stammdatenschema.
	xdf, err := os.ReadFile("testdata/hundesteuer-anmeldung_xdf2.xml")
	must(err)
	var lists genericode.Registry
	must(lists.LoadFiles("testdata/hunderasse_genericode.xml"))
	form, err := def.Form(xdf, &lists)
	must(err)

	// Routing over XZuFi data, verifying destinationSignatures.
	f, err := os.Open("../zufi/testdata/hundesteuer-mayen-koblenz_xzufi-2.2.0.xml")
	must(err)
	defer f.Close()
	m, err := zufi.Read(f, nil)
	must(err)
	keyFile, err := os.ReadFile("../zufi/testdata/ssp-test.jwks.json")
	must(err)
	var portalKeys jose.JSONWebKeySet
	must(json.Unmarshal(keyFile, &portalKeys))
	router := zufi.NewDirectory(m).Router(&zufi.JWSVerifier{Keys: &portalKeys})

	clock := func() time.Time { return time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC) }
	pay := payment.NewClient(paymenttest.New(&paymenttest.Options{Behavior: paymenttest.AlwaysPays(), Now: clock}), &payment.ClientOptions{Now: clock})
	msg, _ := messagingtest.NewClient(nil)
	r, err := onlinedienst.NewRunner(s, onlinedienst.RunnerOptions{
		Form: form, Payments: pay, ReturnURL: "https://hundesteuer.example/return", Router: router,
		Sender:  &onlinedienst.MessagingSender{Client: msg},
		Machine: &antrag.Machine{Now: clock, NewID: func() string { return "AND-2026-0001" }},
	})
	must(err)

	citizen := antrag.Actor{Kind: "applicant", ID: "postfach-4711"}
	a, err := r.Start(ctx, citizen)
	must(err)
	must(r.Fill(ctx, a, citizen, json.RawMessage(`{
	  "G99000001": {"F60000227": "Mustermann", "F60000228": "Erika"},
	  "G99000002": {"F99000003": "Bello", "F99000004": "002", "F99000005": "2025-04-01", "F99000006": "2025-07-15", "F99000007": false},
	  "F99000008": 1
	}`), nil))
	_, err = r.Review(ctx, a, citizen, antrag.Declaration{Text: "…", Warning: "Bitte prüfen Sie Ihre Angaben.", WarningAcknowledged: true})
	must(err)
	p, err := r.Pay(ctx, a)
	must(err)
	fmt.Println("fee", a.Gebuehr.StringFixed(2), "EUR, pay at", p.PaymentURL)
	must(r.ConfirmPayment(ctx, a, antrag.Actor{Kind: "system", ID: "payment"}, p.ID))
	subID, err := r.Submit(ctx, a, citizen, antrag.Login{Method: ozg.LoginEID, Level: ozg.NiveauHoch})
	must(err)
	fmt.Println(a.State, "to destination", a.Destination.ID)
	got, err := msg.Receive(ctx, subID)
	must(err)
	fmt.Println("received", got.Service.Identifier)
	// Output:
	// fee 84.00 EUR, pay at https://pay.invalid/tx-000001
	// forwarded to destination 8d2e5b41-0c7a-4f69-a1d3-5e9b7c2f4a18
	// received urn:de:fim:leika:leistung:99102013104000
}
