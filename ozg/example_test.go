package ozg_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func ExampleParseLeistungsschluessel() {
	k, err := ozg.ParseLeistungsschluessel("99050012104000") // Gewerbe anmelden
	if err != nil {
		panic(err)
	}
	fmt.Println(k.URN())
	fmt.Println("Leistungsgruppierung", k.Leistungsgruppierung())
	fmt.Println("Leistungsobjekt", k.Leistungsobjekt(), "=", k.LeistungsobjektSchluessel())
	fmt.Println("Verrichtung", k.Verrichtung(), "Verrichtungsdetail", k.Verrichtungsdetail())

	// The URN form parses to the same key.
	u := ozg.MustParseLeistungsschluessel("urn:de:fim:leika:leistung:99050012104000")
	fmt.Println(u == k)

	_, err = ozg.ParseLeistungsschluessel("99a50012104000")
	fmt.Println(err)
	fmt.Println(errors.Is(err, ozg.ErrInvalidArgument))
	// Output:
	// urn:de:fim:leika:leistung:99050012104000
	// Leistungsgruppierung 050
	// Leistungsobjekt 012 = 99050012000000
	// Verrichtung 104 Verrichtungsdetail 000
	// true
	// ozg: Leistungsschlüssel "99a…": character 3 is not a digit
	// true
}

func ExampleLeistungsschluessel_json() {
	var antrag struct {
		Leistung ozg.Leistungsschluessel `json:"leistung"`
	}
	err := json.Unmarshal([]byte(`{"leistung":"urn:de:fim:leika:leistung:99050012104000"}`), &antrag)
	fmt.Println(antrag.Leistung, err)
	b, _ := json.Marshal(antrag)
	fmt.Println(string(b))
	// Output:
	// 99050012104000 <nil>
	// {"leistung":"99050012104000"}
}

func ExampleParseElementID() {
	id := ozg.MustParseElementID("F60000227")
	fmt.Println(id.Kind(), "of XDatenfelder", id.XDatenfelder(), "Nummernkreis", id.Nummernkreis())
	id3, _ := id.XDF3()
	fmt.Println(id3, "Nummernkreis", id3.Nummernkreis())

	_, err := ozg.ParseElementID("C00000000020")
	fmt.Println(err)
	// Output:
	// Datenfeld of XDatenfelder 2 Nummernkreis 60
	// F60000000227 Nummernkreis 60000
	// ozg: FIM-ID "C…": character 1 (Codeliste) is not an element letter of XDatenfelder 3
}

func ExampleParseElementRef() {
	ref, err := ozg.ParseElementRef("G60000000088V1.2.0")
	if err != nil {
		panic(err)
	}
	fmt.Println(ref.ID.Kind(), ref.ID, "version", ref.Version)

	// References are comparable: use them as map keys.
	seen := map[ozg.ElementRef]bool{ref: true}
	fmt.Println(seen[ozg.MustParseElementRef("G60000000088V1.2.0")])

	// Versions are ordered.
	older := ozg.MustParseElementRef("G60000000088V1.1.0")
	fmt.Println(older.Version.Compare(ref.Version))
	// An XDatenfelder 2 reference in its XDatenfelder 3 form.
	x3, _ := ozg.MustParseElementRef("F60000227V1.0").XDF3()
	fmt.Println(x3)
	// Output:
	// Datenfeldgruppe G60000000088 version 1.2.0
	// true
	// -1
	// F60000000227V1.0.0
}

func ExampleParseVertrauensniveau() {
	// The same level in the vocabularies of BundID, STORK and eIDAS.
	for _, s := range []string{"Substantiell", "SUBSTANTIELL", "STORK-QAA-Level-3", "http://eidas.europa.eu/LoA/substantial"} {
		v, err := ozg.ParseVertrauensniveau(s)
		fmt.Println(v, err)
	}
	v := ozg.NiveauNiedrig
	fmt.Println(v.STORK(), v.EIDAS())
	fmt.Printf("%q\n", ozg.NiveauBasisregistrierung.EIDAS())
	// Output:
	// substanziell <nil>
	// substanziell <nil>
	// substanziell <nil>
	// substanziell <nil>
	// STORK-QAA-Level-2 http://eidas.europa.eu/LoA/low
	// ""
}

func ExampleVertrauensniveau_AtLeast() {
	required := ozg.NiveauSubstanziell
	for _, got := range []ozg.Vertrauensniveau{ozg.NiveauBasisregistrierung, ozg.NiveauSubstanziell, ozg.NiveauHoch, 0} {
		fmt.Printf("%q enough: %v\n", got, got.AtLeast(required))
	}
	// Output:
	// "Basisregistrierung" enough: false
	// "substanziell" enough: true
	// "hoch" enough: true
	// "" enough: false
}

func ExamplePerson() {
	p := ozg.Person{
		BPK2:             "Zz9Qk3xYw0Vb7NmLp4Rt6Us8Wq1=",
		GivenNames:       "Erika",
		FamilyName:       "Mustermann",
		BirthDate:        ozg.MustDate("1964-08-12"),
		Address:          ozg.Address{Street: "Heidestraße", HouseNumber: "17", PostalCode: "51147", City: "Köln", Country: "DE"},
		Vertrauensniveau: ozg.NiveauHoch,
		LoginMethod:      ozg.LoginEID,
	}
	// Printing and logging never show personal data …
	fmt.Println(p)
	log := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // keep the output stable
			}
			return a
		},
	}))
	log.Info("login", "person", p)
	// … and neither do validation errors.
	p.Email = "erika(at)example.org"
	fmt.Println(p.Validate())
	// JSON carries everything.
	b, _ := json.Marshal(ozg.Person{FamilyName: "Mustermann", BirthDate: ozg.Date{Year: 1964}, Gender: ozg.GenderFemale})
	fmt.Println(string(b))
	// Output:
	// ozg.Person{set: BPK2 GivenNames FamilyName BirthDate Address; Vertrauensniveau: hoch; LoginMethod: eID}
	// level=INFO msg=login person.set="[BPK2 GivenNames FamilyName BirthDate Address]" person.vertrauensniveau=hoch person.loginMethod=eID
	// ozg: Person.Email is not an e-mail address
	// {"familyName":"Mustermann","birthDate":"1964","gender":"2"}
}

func ExampleOrganisation() {
	o := ozg.Organisation{Name: "Muster Holzbau GmbH", ElsterAccountID: "1000123456", LegalForm: "GmbH"}
	fmt.Println(o)
	fmt.Println(o.Validate())
	// Output:
	// ozg.Organisation{set: Name ElsterAccountID LegalForm}
	// <nil>
}

func ExampleParseDate() {
	for _, s := range []string{"1964-08-12", "1980-00-00", "1980-05"} {
		d, err := ozg.ParseDate(s)
		fmt.Println(d, d.IsComplete(), err)
	}
	_, err := ozg.ParseDate("1964-02-30")
	fmt.Println(err) // does not repeat the date
	// Output:
	// 1964-08-12 true <nil>
	// 1980 false <nil>
	// 1980-05 false <nil>
	// ozg: Datum "…": character 9 has a day after the end of its month
}

func ExampleParseGender() {
	g, _ := ozg.ParseGender("2")
	fmt.Println(g)
	b, _ := g.MarshalText()
	fmt.Println(string(b))
	// Output:
	// female
	// 2
}

func ExampleParseLoginMethod() {
	m, err := ozg.ParseLoginMethod("smart-eid")
	fmt.Println(m, err)
	_, err = ozg.ParseLoginMethod("Passwort")
	fmt.Println(err)
	// Output:
	// Smart-eID <nil>
	// ozg: LoginMethod "Passwort": is not a login method (eID, Smart-eID, ELSTER, Benutzername, eIDAS, FINK, Diia)
}

func ExampleCodeOf() {
	notFound := &ozg.Error{Code: ozg.NotFound, Op: "messaging.Get"}
	wrapped := fmt.Errorf("fetch reply: %w", notFound)
	fmt.Println(wrapped)
	fmt.Println(ozg.CodeOf(wrapped), errors.Is(wrapped, ozg.ErrNotFound))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fmt.Println(ozg.CodeOf(ctx.Err()))
	fmt.Println(ozg.CodeOf(errors.New("something else")), ozg.CodeOf(nil))
	// Output:
	// fetch reply: messaging.Get: not found
	// NotFound true
	// Canceled
	// Unknown OK
}

func ExampleErrorf() {
	err := ozg.Errorf(ozg.Unavailable, "payment.Create", "provider answered %d", 503)
	fmt.Println(err)
	fmt.Println(errors.Is(err, ozg.ErrUnavailable))
	var e *ozg.Error
	fmt.Println(errors.As(err, &e), e.Code, e.Op)
	// Output:
	// payment.Create: provider answered 503
	// true
	// true Unavailable payment.Create
}
