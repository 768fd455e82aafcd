package xdatenfelder_test

import (
	"fmt"
	"os"

	"github.com/ozg-baukasten/baukasten/xoev/genericode"
	"github.com/ozg-baukasten/baukasten/xoev/xdatenfelder"
)

// Read the real FIM schema S00000094 V1.0 and resolve its code lists.
func ExampleRead() {
	var lists genericode.Registry
	if _, err := lists.LoadFS(os.DirFS("testdata/fim/xdf2-real"), "C*_genericode.xml"); err != nil {
		fmt.Println(err)
		return
	}
	f, err := os.Open("testdata/fim/xdf2-real/S00000094V1.0_xdf2.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	s, err := xdatenfelder.Read(f, &xdatenfelder.ReadOptions{Codelisten: &lists, RequireCodelisten: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Identifikation, "XDatenfelder", s.Standard)
	fmt.Printf("%+v\n", s.Count())
	g := s.Struktur[0].Datenfeldgruppe
	fmt.Println(g.Identifikation.ID, g.BezeichnungEingabe)
	// Output:
	// S00000094V1.0 XDatenfelder 2
	// {Datenfeldgruppen:16 Datenfelder:44 Regeln:13 Codelisten:4}
	// G00000253 Informationen zum Arbeitgeber / zur Arbeitgeberin
}

// A broken message gives a positioned error.
func ExampleRead_error() {
	f, err := os.Open("testdata/fim/v3/unexpected-node.xml")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	_, err = xdatenfelder.Read(f, nil)
	fmt.Println(err)
	// Output:
	// xdatenfelder.Read: unexpected element (node <xdf:unknown>, line 11, column 26, at datenfeldgruppe/identifikation/unknown)
}
