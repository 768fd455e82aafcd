package antrag_test

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
	"github.com/ozg-baukasten/baukasten/xoev/xdatenfelder"
	"github.com/shopspring/decimal"
)

// hundForm reads the hand-written Hundesteuer test schema.
func hundForm() (*antrag.Form, error) {
	var lists genericode.Registry
	if err := lists.LoadFiles("testdata/hunderasse_genericode.xml"); err != nil {
		return nil, err
	}
	f, err := os.Open("testdata/hundesteuer-anmeldung_xdf2.xml")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := xdatenfelder.Read(f, &xdatenfelder.ReadOptions{Codelisten: &lists, RequireCodelisten: true})
	if err != nil {
		return nil, err
	}
	return antrag.NewForm(s, nil)
}

// Compile a form and describe it for a front end.
func ExampleNewForm() {
	form, err := hundForm()
	if err != nil {
		fmt.Println(err)
		return
	}
	d := form.Describe()
	fmt.Println(d.Title, "-", d.SchemaURI)
	for _, it := range d.Items[1].Children {
		fmt.Printf("%s %s %s %s\n", it.Path, it.Widget, it.Type, it.Label)
	}
	fmt.Println(d.Items[1].Children[1].Options[1])
	// Output:
	// Anmeldung eines Hundes zur Hundesteuer - https://schema.fitko.de/fim/s99000001_1.0.schema.json
	// G99000002/F99000003 input text Name des Hundes
	// G99000002/F99000004 select text Rasse
	// G99000002/F99000005 input date Geburtsdatum des Hundes
	// G99000002/F99000006 input date Seit wann halten Sie den Hund?
	// G99000002/F99000007 input bool Handelt es sich um einen gefährlichen Hund (Listenhund)?
	// {002 Labrador Retriever }
}

// Validate submission data; every violation names the FIM path, the label
// and the rule.
func ExampleForm_Validate() {
	form, err := hundForm()
	if err != nil {
		fmt.Println(err)
		return
	}
	data := []byte(`{
	  "G99000001": {"F60000227": "Mustermann", "F60000228": "Erika"},
	  "G99000002": {"F99000004": "042", "F99000005": "2025-04-01", "F99000006": "15.07.2025", "F99000007": "nein"},
	  "F99000008": 0
	}`)
	rep, err := form.Validate(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range rep.Violations {
		fmt.Printf("%s [%s] %s\n", v.Path, v.Rule, v.Message)
	}
	// Output:
	// G99000002/F99000003 [required] Name des Hundes: Pflichtangabe fehlt
	// G99000002/F99000004 [enum] Rasse: Wert ist in der Auswahlliste nicht enthalten
	// G99000002/F99000006 [format] Seit wann halten Sie den Hund?: Wert muss ein Datum (JJJJ-MM-TT) sein
	// G99000002/F99000007 [type] Handelt es sich um einen gefährlichen Hund (Listenhund)?: Wert muss ja oder nein sein
	// F99000008 [minimum] Wie viele Hunde halten Sie insgesamt (einschließlich dieses Hundes)?: Wert ist kleiner als 1
}

// Drive a dog-tax registration through its lifecycle.
func ExampleMachine() {
	form, err := hundForm()
	if err != nil {
		fmt.Println(err)
		return
	}
	t0 := time.Date(2026, 11, 29, 9, 0, 0, 0, time.UTC)
	m := &antrag.Machine{
		Now:   func() time.Time { t0 = t0.Add(time.Minute); return t0 },
		NewID: func() string { return "antrag-1" },
	}
	citizen := antrag.Actor{Kind: "applicant", ID: "postfach-123"}
	system := antrag.Actor{Kind: "system", ID: "onlinedienst"}
	a, err := m.New(antrag.Spec{
		Leistung: ozg.MustParseLeistungsschluessel("99102013104000"), LeistungName: "Hundesteuer Anmeldung",
		Gebiet: ozg.MustParseARS("071370003003"), Form: form,
		Vertrauensniveau: ozg.NiveauSubstanziell, Gebuehr: decimal.RequireFromString("15.00"),
	}, citizen)
	if err != nil {
		fmt.Println(err)
		return
	}
	data := json.RawMessage(`{"G99000001":{"F60000227":"Mustermann","F60000228":"Erika"},
	  "G99000002":{"F99000003":"Bello","F99000004":"002","F99000005":"2025-04-01","F99000006":"2025-07-15","F99000007":false},
	  "F99000008":1}`)
	steps := []error{m.Edit(a, citizen, data, nil)}
	_, err = m.Review(a, citizen, form, antrag.Declaration{
		Text: "Zusammenfassung Ihrer Angaben …", Warning: "Bitte prüfen Sie Ihre Angaben.", WarningAcknowledged: true})
	steps = append(steps, err,
		m.Pay(a, system, antrag.Payment{TransactionID: "tx-1", TransactionReference: "KZ-1", PaymentMethod: "GIROPAY", Status: "BOOKED", GrossAmount: decimal.RequireFromString("15")}))
	for _, err := range steps {
		if err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(m.Submit(a, citizen, antrag.Login{Method: ozg.LoginBenutzername, Level: ozg.NiveauBasisregistrierung}))
	fmt.Println(m.Submit(a, citizen, antrag.Login{Method: ozg.LoginEID, Level: ozg.NiveauHoch}))
	fmt.Println(m.Forward(a, system, antrag.Destination{ID: "11111111-1111-4111-8111-111111111111"}))
	fmt.Println(m.Decide(a, system, "b-1"))
	for _, h := range a.History {
		fmt.Println(h.At.Format("15:04"), h.From, "→", h.To, "by", h.By.Kind)
	}
	md := a.Metadata()
	fmt.Println(md.PublicServiceType.Identifier, md.ContentStructure.Data.SubmissionSchema.SchemaURI, md.PaymentInformation.Status)
	// Output:
	// antrag.submit: trust level of the login is too low: login Basisregistrierung, service requires substanziell
	// <nil>
	// <nil>
	// antrag.decide: cannot decide in state forwarded
	// 09:01  → draft by applicant
	// 09:02 draft → draft by applicant
	// 09:03 draft → reviewed by applicant
	// 09:04 reviewed → paid by system
	// 09:05 paid → submitted by applicant
	// 09:06 submitted → forwarded by system
	// urn:de:fim:leika:leistung:99102013104000 https://schema.fitko.de/fim/s99000001_1.0.schema.json BOOKED
}

// Prefill the owner's names from the identity the login reported.
func ExampleForm_PrefillPerson() {
	form, err := hundForm()
	if err != nil {
		fmt.Println(err)
		return
	}
	owner := ozg.Person{FamilyName: "Mustermann", GivenNames: "Erika", Vertrauensniveau: ozg.NiveauHoch}
	group, err := form.PrefillPerson("G99000001", owner)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, _ := json.Marshal(map[string]any{"G99000001": group})
	fmt.Println(string(b))
	// Output:
	// {"G99000001":{"F60000227":"Mustermann","F60000228":"Erika"}}
}
