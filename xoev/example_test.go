package xoev_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/ozg-baukasten/baukasten/xoev"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

func ExampleDecodeHeader() {
	data, err := os.ReadFile("testdata/xwasser-1.0.0/examples/administration_receipt.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := xoev.DecodeHeader(data)
	if err != nil {
		fmt.Println(err)
		return
	}
	id := h.Kopf.Identifikation
	fmt.Println(h.Standard, h.Version, h.Local, h.IsTest())
	fmt.Println(id.NachrichtenUUID, id.Nachrichtentyp.Code, id.ErstellungszeitpunktLexical())
	fmt.Println("autor:", h.Kopf.Autor.Kennung, "leser:", h.Kopf.Leser.Kennung)
	// Output:
	// XWasser 1.0.0 administration.quittung.0020 true
	// 693c64d6-456f-4d14-abe7-fe9681c74aaf 0010 2024-05-28T09:00:00
	// autor: psw:11113110 leser: psw:01003110
}

// A standard's header extension is a struct that embeds xoev.Referenz;
// the body is a struct with the standard's namespace in its tags.
func ExampleMarshal() {
	type kopfErweiterung struct{ xoev.Referenz }
	const ns = "https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0"
	// Nest structs for nested elements: encoding/xml drops the namespace of
	// the parents in an "a>b" tag path.
	type vorgang struct {
		VorgangsID string `xml:"https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0 vorgangsID"`
	}
	type status struct {
		Technisch xoev.Code `xml:"https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0 aktuellerStatusTechnisch"`
	}
	type quittung struct {
		Vorgang  vorgang `xml:"https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0 identifikationVorgang"`
		Quittung status  `xml:"https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0 quittung"`
	}
	m := xoev.Message[quittung]{
		Header: xoev.Header{
			Namespace: ns, Local: "administration.quittung.0020", Prefix: "xwas",
			Produkt: "Fachverfahren", Produkthersteller: "Beispiel GmbH", Standard: "XWasser", Version: "1.0.0",
			Kopf: xoev.Nachrichtenkopf{
				Identifikation: xoev.IdentifikationNachricht{Nachrichtentyp: xoev.Code{Code: "0020", ListURI: "urn:xoev-de:xwasser:codeliste:nachrichtentyp", ListVersionID: "1"}},
				Leser:          xoev.Behoerde{Verzeichnisdienst: xoev.Code{Code: "DVDV", ListVersionID: "2"}, Kennung: "psw:010031100000", Name: "Gesundheitsamt"},
				Autor:          xoev.Behoerde{Verzeichnisdienst: xoev.Code{Code: "DVDV", ListVersionID: "2"}, Kennung: "olb:090000000000", Name: "Labor"},
				Extension:      &kopfErweiterung{xoev.Referenz{ReferenzUUID: "693c64d6-456f-4d14-abe7-fe9681c74aae"}},
			},
		},
		Body: quittung{
			Vorgang:  vorgang{VorgangsID: "5e08e073-4e06-438d-9444-1275f6cbf061"},
			Quittung: status{Technisch: xoev.Code{Code: "200", ListURI: "urn:xoev-de:xewaffe:codeliste:statustechnisch", ListVersionID: "1"}},
		},
	}
	// Fixed randomness and clock for a reproducible example; omit both in production.
	zero := zeroReader{}
	_ = m.Header.Stamp(&xoev.NewOptions{Rand: zero, Now: func() time.Time { return time.Date(2026, 5, 28, 9, 0, 0, 0, time.UTC) }})
	out, err := xoev.Marshal(&m)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <xwas:administration.quittung.0020 xmlns:xwas="https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0" produkt="Fachverfahren" produkthersteller="Beispiel GmbH" standard="XWasser" version="1.0.0">
	//   <nachrichtenkopf.g2g>
	//     <identifikation.nachricht>
	//       <nachrichtenUUID>00000000-0000-4000-8000-000000000000</nachrichtenUUID>
	//       <nachrichtentyp listURI="urn:xoev-de:xwasser:codeliste:nachrichtentyp" listVersionID="1">
	//         <code>0020</code>
	//       </nachrichtentyp>
	//       <erstellungszeitpunkt>2026-05-28T09:00:00.000Z</erstellungszeitpunkt>
	//     </identifikation.nachricht>
	//     <leser>
	//       <verzeichnisdienst listVersionID="2">
	//         <code>DVDV</code>
	//       </verzeichnisdienst>
	//       <kennung>psw:010031100000</kennung>
	//       <name>Gesundheitsamt</name>
	//     </leser>
	//     <autor>
	//       <verzeichnisdienst listVersionID="2">
	//         <code>DVDV</code>
	//       </verzeichnisdienst>
	//       <kennung>olb:090000000000</kennung>
	//       <name>Labor</name>
	//     </autor>
	//     <referenzUUID>693c64d6-456f-4d14-abe7-fe9681c74aae</referenzUUID>
	//   </nachrichtenkopf.g2g>
	//   <xwas:identifikationVorgang>
	//     <xwas:vorgangsID>5e08e073-4e06-438d-9444-1275f6cbf061</xwas:vorgangsID>
	//   </xwas:identifikationVorgang>
	//   <xwas:quittung>
	//     <xwas:aktuellerStatusTechnisch listURI="urn:xoev-de:xewaffe:codeliste:statustechnisch" listVersionID="1">
	//       <code>200</code>
	//     </xwas:aktuellerStatusTechnisch>
	//   </xwas:quittung>
	// </xwas:administration.quittung.0020>
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }

func ExampleCheck() {
	data, err := os.ReadFile("testdata/xwasser-1.0.0/examples/olb_report_minimal.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	var reg genericode.Registry
	if _, err := reg.LoadDir("genericode/testdata"); err != nil {
		fmt.Println(err)
		return
	}
	_, rep, err := xoev.Check(context.Background(), data, &xoev.CheckOptions{Registry: &reg, Strict: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range rep.Findings {
		fmt.Println(f.Rule, f.Path)
	}
	// Output:
	// XOEV-HDR-NACHRICHTENTYP nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp
	// XOEV-HDR-PRAEFIX nachrichtenkopf.g2g/leser/kennung
	// XOEV-HDR-PRAEFIX nachrichtenkopf.g2g/autor/kennung
	// XOEV-HDR-LIST-MISSING dokumentTyp line 33 col 9
	// XOEV-STRICT-ESCAPE line 2 col 321
	// XOEV-STRICT-ESCAPE line 2 col 357
	// XOEV-STRICT-EMPTY-LISTVERSION line 12 col 26
	// XOEV-STRICT-EMPTY-LISTVERSION line 19 col 26
	// XOEV-STRICT-EMPTY-CODE nachrichtenkopf.g2g/leser/verzeichnisdienst/code
	// XOEV-STRICT-EMPTY-CODE nachrichtenkopf.g2g/autor/verzeichnisdienst/code
	// XOEV-STRICT-TIMESTAMP-MS nachrichtenkopf.g2g/identifikation.nachricht/erstellungszeitpunkt
	// XOEV-STRICT-TIMESTAMP-ZONE nachrichtenkopf.g2g/identifikation.nachricht/erstellungszeitpunkt
}

func ExampleValidate() {
	var reg genericode.Registry
	if _, err := reg.LoadDir("genericode/testdata"); err != nil {
		fmt.Println(err)
		return
	}
	kanal := xoev.Code{Code: "01", ListVersionID: "3"}
	spec := xoev.CodeSpec{Type: xoev.CodeType3, ListURI: xoev.ListErreichbarkeit}
	err := xoev.Validate(&reg, spec, "erreichbarkeit/kanal", &kanal)
	fmt.Println(err, kanal.Name)
	bad := xoev.Code{Code: "77", ListVersionID: "3"}
	fmt.Println(xoev.Validate(&reg, spec, "erreichbarkeit/kanal", &bad))
	// Output:
	// <nil> E-Mail
	// xoev.Validate: xoev: erreichbarkeit/kanal: code "77": not in urn:de:xoev:codeliste:erreichbarkeit version 3
}

func ExampleParseBehoerdenkennung() {
	for _, s := range []string{"psw:01003110", "abc:123456789012", "MELDID:12052000", "psw 01003110"} {
		k, err := xoev.ParseBehoerdenkennung(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(k.Praefix, k.Kennung, k.IsCurrent())
	}
	// Output:
	// psw 01003110 false
	// abc 123456789012 true
	// MELDID 12052000 false
	// xoev.ParseBehoerdenkennung: Behördenkennung "psw …": character 4 is not a letter (präfix)
}
