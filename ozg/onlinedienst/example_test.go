package onlinedienst_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/go-jose/go-jose/v4"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
)

// Import the dog-tax definition another authority published (signed), and
// bind it to the Stadt Andernach's own parameters. A parameter set that
// forgets something gets every problem named.
func ExampleImport() {
	signed, err := os.ReadFile("testdata/hundesteuer-anmeldung.definition.jws")
	if err != nil {
		fmt.Println(err)
		return
	}
	keyFile, err := os.ReadFile("testdata/publisher-test.jwks.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	var keys jose.JSONWebKeySet
	if err := json.Unmarshal(keyFile, &keys); err != nil {
		fmt.Println(err)
		return
	}
	def, err := onlinedienst.Import(signed, &onlinedienst.ImportOptions{Keys: &keys})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(def.ID, def.Version, "by", def.Herausgeber)
	fmt.Println(def.Leistung.Schluessel, def.Leistung.Name, "- trust level", def.Vertrauensniveau)

	params := &onlinedienst.Parameters{
		ARS:        ozg.MustParseARS("071370003003"),
		Behoerde:   "Stadtverwaltung Andernach",
		LeitwegID:  "071370003003-STEUER-48",
		Zahlung:    &onlinedienst.Zahlung{OriginatorID: "rlp-andernach", EndpointID: "andernach-01", CredentialsRef: "vault:kv/andernach/epay"},
		FITConnect: &onlinedienst.FITConnect{ClientID: "c0ffee00-0000-4000-8000-000000000002", ClientSecretRef: "vault:kv/andernach/fitconnect"},
		Rechnung: &onlinedienst.Rechnungssteller{Anschrift: ozg.Address{Street: "Läufstraße", HouseNumber: "11", PostalCode: "56626", City: "Andernach"},
			IBAN: "DE02120300000000202051", Kontoinhaber: "Stadtkasse Andernach",
			Kontakt: onlinedienst.Kontakt{Name: "Steueramt", Telefon: "+49 2632 0000-100", Email: "steueramt@andernach.example"}},
		Werte: map[string]string{"satzErsterHund": "84.00", "haushaltsstelle": "61100.30000"},
	}
	_, err = onlinedienst.Bind(def, params)
	var pe *onlinedienst.ParameterError
	if errors.As(err, &pe) {
		for _, p := range pe.Problems {
			fmt.Println(p.Parameter, p.Kind+":", p.Reason)
		}
	}

	params.Servicekonto = &onlinedienst.Servicekonto{EntityID: "https://service.andernach.example/sp", ACSURL: "https://service.andernach.example/sp/acs", KeyRef: "vault:kv/andernach/saml"}
	params.Werte["satzZweiterHund"] = "120.00"
	params.Werte["satzWeitererHund"] = "150.00"
	s, err := onlinedienst.Bind(def, params)
	if err != nil {
		fmt.Println(err)
		return
	}
	fee, _ := s.Fee(json.RawMessage(`{"F99000008": 2}`))
	fmt.Println("fee for the second dog:", fee.StringFixed(2), "EUR")
	// Output:
	// hundesteuer-anmeldung 1.2.0 by Musterstadt (Testdaten), EfA-Bereitsteller
	// 99102013104000 Hundesteuer Anmeldung - trust level substanziell
	// servicekonto fehlt: the definition requires a login at trust level substanziell
	// werte.satzZweiterHund fehlt: Jahressteuer für den zweiten Hund
	// werte.satzWeitererHund fehlt: Jahressteuer für jeden weiteren Hund
	// fee for the second dog: 120.00 EUR
}
