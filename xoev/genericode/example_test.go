package genericode_test

import (
	"embed"
	"fmt"
	"os"

	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

func ExampleRegistry_Lookup() {
	var reg genericode.Registry
	if _, err := reg.LoadFS(os.DirFS("testdata"), "*.xml"); err != nil {
		fmt.Println(err)
		return
	}
	row, ok := reg.Lookup("urn:de:xoev:codeliste:erreichbarkeit", "3", "01")
	fmt.Println(ok, row.Code(), row.Name())
	_, ok = reg.Lookup("urn:de:xoev:codeliste:erreichbarkeit", "2", "01")
	fmt.Println(ok)
	// Output:
	// true 01 E-Mail
	// false
}

func ExampleParse() {
	f, err := os.Open("testdata/urn_xoev-de_xinneres_codeliste_geschlecht_1.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	l, err := genericode.Parse(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(l.Identification.CanonicalVersionURI, l.Generation, l.Len())
	for i := range l.Len() {
		fmt.Println(l.Row(i).Code(), l.Row(i).Name())
	}
	// Output:
	// urn:xoev-de:xinneres:codeliste:geschlecht_1 genericode/3 4
	// m männlich
	// w weiblich
	// x keine Angabe
	// d divers
}

//go:embed testdata/*.xml
var lists embed.FS

// Code lists compiled into the binary with embed.
func ExampleRegistry_LoadFS() {
	var reg genericode.Registry
	n, err := reg.LoadFS(lists, "testdata/*.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	l, _ := reg.Latest("urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix")
	row, _ := l.Lookup("psw")
	fmt.Println(n, l.Identification.Version, row.Value("behoerdenkategorie") != "")
	// Output: 5 51 true
}
