package ozg_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func ExampleParseARS() {
	a, err := ozg.ParseARS("071315001004")
	if err != nil {
		panic(err)
	}
	fmt.Println(a, a.Level(), a.Land().Name())
	fmt.Println("Regierungsbezirk", a.Regierungsbezirk(), "Kreis", a.Kreis(), "Gemeindeverband", a.Gemeindeverband(), "Gemeinde", a.Gemeinde())
	for p := a.Parent(); !p.IsZero(); p = p.Parent() {
		fmt.Println("in", p, p.Level())
	}

	_, err = ozg.ParseARS("07a150000000")
	fmt.Println(err)
	fmt.Println(errors.Is(err, ozg.ErrInvalidArgument))
	// Output:
	// 071315001004 Gemeinde Rheinland-Pfalz
	// Regierungsbezirk 1 Kreis 31 Gemeindeverband 5001 Gemeinde 4
	// in 071315001 Gemeindeverband
	// in 07131 Kreis
	// in 071 Regierungsbezirk
	// in 07 Land
	// ozg: ARS "07a…": character 3 is not a digit
	// true
}

func ExampleARS_AGS() {
	a := ozg.MustParseARS("073150000000")
	g, ok := a.AGS()
	fmt.Println(g, ok)

	// A Gemeindeverband has no AGS.
	_, ok = ozg.MustParseARS("071315001").AGS()
	fmt.Println(ok)
	// Output:
	// 07315000 true
	// false
}

func ExampleARS_Contains() {
	kreis := ozg.MustParseARS("07131") // Landkreis Ahrweiler
	for _, s := range []string{"071315001004", "073150000000"} {
		fmt.Println(s, kreis.Contains(ozg.MustParseARS(s)))
	}
	// Output:
	// 071315001004 true
	// 073150000000 false
}

func ExampleARS_Children() {
	vg := ozg.MustParseARS("071315001")
	r, _ := ozg.LookupRegion(vg)
	fmt.Println(r.Name, "—", r.Type)
	n := 0
	for g := range vg.Children() {
		if n < 3 {
			fmt.Println(g.ARS, g.Name)
		}
		n++
	}
	fmt.Println(n, "Gemeinden")
	// Output:
	// Adenau — Verbandsgemeinde
	// 071315001001 Adenau, Stadt
	// 071315001004 Antweiler
	// 071315001005 Aremberg
	// 37 Gemeinden
}

func ExampleARS_Exists() {
	// ParseARS checks the syntax; Exists asks the region directory.
	a := ozg.MustParseARS("071315001999")
	fmt.Println(a.Exists(), ozg.MustParseARS("071315001004").Exists())
	// Output: false true
}

func ExampleParseKnownARS() {
	_, err := ozg.ParseKnownARS("071315001999")
	fmt.Println(err)
	// Output: ozg: ARS "071315001999": is not in the region directory (Gebietsstand 2023-11-30)
}

func ExampleParseAGS() {
	g, err := ozg.ParseAGS("07131004")
	if err != nil {
		panic(err)
	}
	fmt.Println(g, g.Level(), g.Kreis(), g.Gemeinde(), g.Parent())
	// Only the directory knows the Gemeindeverband digits of the ARS.
	a, ok := g.ARS()
	fmt.Println(a, ok)
	_, err = ozg.ParseAGS("17131004")
	fmt.Println(err)
	// Output:
	// 07131004 Gemeinde 31 4 07131
	// 071315001004 true
	// ozg: AGS "17…": character 2 ends the Land part (characters 1-2) "17", which is not a Land: Länder are 01 to 16
}

func ExampleLookupRegion() {
	r, ok := ozg.LookupRegion(ozg.MustParseARS("073150000000"))
	fmt.Println(ok)
	fmt.Println(r.Name, "|", r.Type, "|", r.AGS, "|", r.PLZ, "|", r.AreaHa, "ha |", r.Population)
	fmt.Println(ozg.RegionDirectoryAttribution)
	// Output:
	// true
	// Mainz, Stadt | Kreisfreie Stadt | 07315000 | 55116 | 9773 ha | 220552
	// © Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV100AD, Gebietsstand 30.11.2023
}

func ExampleLookupRegionAGS() {
	r, ok := ozg.LookupRegionAGS(ozg.MustParseAGS("07131004"))
	fmt.Println(r.Name, r.ARS, ok)
	// Output: Antweiler 071315001004 true
}

func ExampleParseLand() {
	l, err := ozg.ParseLand("07")
	if err != nil {
		panic(err)
	}
	fmt.Println(l, l.Name(), l.Abbrev(), l == ozg.RheinlandPfalz)
	_, err = ozg.ParseLand("17")
	fmt.Println(err)
	// Output:
	// 07 Rheinland-Pfalz RP true
	// ozg: Land "17": character 2 ends the Land part (characters 1-2) "17", which is not a Land: Länder are 01 to 16
}

func ExampleLands() {
	for _, l := range ozg.Lands() {
		if l.Abbrev() >= "S" {
			fmt.Println(l, l.Abbrev(), l.Name())
		}
	}
	// Output:
	// 01 SH Schleswig-Holstein
	// 10 SL Saarland
	// 14 SN Sachsen
	// 15 ST Sachsen-Anhalt
	// 16 TH Thüringen
}

func ExampleLandByAbbrev() {
	l, ok := ozg.LandByAbbrev("BY")
	fmt.Println(l, l.Name(), ok)
	// Output: 09 Bayern true
}

func ExampleARS_MarshalText() {
	type Zustaendigkeit struct {
		ARS  ozg.ARS  `json:"ars"`
		Land ozg.Land `json:"land"`
	}
	b, _ := json.Marshal(Zustaendigkeit{ARS: ozg.MustParseARS("07131"), Land: ozg.RheinlandPfalz})
	fmt.Println(string(b))
	var z Zustaendigkeit
	err := json.Unmarshal([]byte(`{"ars":"0713","land":"07"}`), &z)
	fmt.Println(err)
	// Output:
	// {"ars":"07131","land":"07"}
	// ozg: ARS "0713": has 4 digits; an ARS has 2, 3, 5, 9 or 12 digits
}
