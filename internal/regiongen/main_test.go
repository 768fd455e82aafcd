package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	csvPath = "data/de_gv100ad_2023-11-30.csv"
	ozgDir  = "../../ozg"
)

// TestGeneratedFilesUpToDate regenerates the directory into a temporary
// directory and compares it with the files committed in package ozg, so the
// data and the generated files cannot drift apart. After changing the data or
// the generator, run go generate ./ozg.
func TestGeneratedFilesUpToDate(t *testing.T) {
	dir := t.TempDir()
	if err := run(csvPath, dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{binName, goName} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		committed, err := os.ReadFile(filepath.Join(ozgDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, committed) {
			t.Errorf("ozg/%s is stale (%d bytes, regenerated %d): run go generate ./ozg", name, len(committed), len(got))
		}
	}
}

func TestGoGenerateLine(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(ozgDir, "regions.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := "//go:generate go run ../internal/regiongen -in ../internal/regiongen/" + csvPath + " -out ."
	if !strings.Contains(string(src), want+"\n") {
		t.Errorf("ozg/regions.go lacks %q", want)
	}
}

const goodHeader = "satzart,ebene,gebietsstand,ars,ags,name,sitz,typ,typ_bezeichnung,plz,flaeche_ha,bevoelkerung\n"

func TestParseRejects(t *testing.T) {
	good := []string{
		"10,Land,2023-11-30,07,07,Rheinland-Pfalz,Mainz,,,,,",
		"40,Kreis,2023-11-30,07315,07315,\"Mainz, kreisfreie Stadt\",Mainz,41,Kreisfreie Stadt,,,",
		"50,Gemeindeverband,2023-11-30,073150000,,\"Mainz, Stadt\",,50,Verbandsfreie Gemeinde,,,",
		"60,Gemeinde,2023-11-30,073150000000,07315000,\"Mainz, Stadt\",,61,Kreisfreie Stadt,55116,9773,220552",
	}
	regs, date, err := parse(strings.NewReader(goodHeader + strings.Join(good, "\n") + "\n"))
	if err != nil || len(regs) != 4 || date != "2023-11-30" {
		t.Fatalf("parse of good rows: %d regions, %q, %v", len(regs), date, err)
	}
	if regs[3].ags != 7315000 || regs[3].pop != 220552 || regs[0].key != 7e10<<3|1 {
		t.Errorf("parsed %+v", regs)
	}
	tests := []struct {
		row, want string
	}{
		{"30,Region,2023-11-30,081,081,Region,,,,,,", "satzart"},
		{"10,Kreis,2023-11-30,07,07,Rheinland-Pfalz,Mainz,,,,,", "ebene"},
		{"10,Land,2023-11-30,7,7,Rheinland-Pfalz,Mainz,,,,,", "ars"},
		{"10,Land,2023-11-30,17,17,X,X,,,,,", "Land"},
		{"20,Regierungsbezirk,2023-11-30,070,070,X,X,,,,,", "Regierungsbezirk 0"},
		{"40,Kreis,2023-11-30,07315,07316,X,X,41,Kreisfreie Stadt,,,", "ags"},
		{"50,Gemeindeverband,2023-11-30,073150000,07315000,X,,50,Verbandsfreie Gemeinde,,,", "ags"},
		{"60,Gemeinde,2023-11-30,073150000000,07315001,X,,61,Kreisfreie Stadt,55116,1,1", "ags"},
		{"40,Kreis,2023-11-30,07315,07315,X,X,61,Kreisfreie Stadt,,,", "typ"},
		{"10,Land,2023-11-30,07,07,X,X,41,,,,", "typ"},
		{"60,Gemeinde,2023-11-30,073150000000,07315000,X,,61,Kreisfreie Stadt,5511,1,1", "plz"},
		{"60,Gemeinde,2023-11-30,073150000000,07315000,X,,61,Kreisfreie Stadt,55116,,1", "flaeche_ha"},
		{"60,Gemeinde,2023-11-30,073150000000,07315000,X,,61,Kreisfreie Stadt,55116,1,-1", "bevoelkerung"},
		{"40,Kreis,2023-11-30,07315,07315,X,X,41,Kreisfreie Stadt,55116,,", "plz"},
		{"10,Land,2023-11-30,07,07,,Mainz,,,,,", "name"},
		{"10,Land,2023-11-30,07,07,\"a\tb\",Mainz,,,,,", "name"},
		{"10,Land,2023-11-30,07,07,\"\xff\",Mainz,,,,,", "name"},
		{"10,Land,2023-11-30,07,07,X,\"a\nb\",,,,,", "sitz"},
		{"10,Land,2023-11-31x,07,07,X,X,,,,,", "gebietsstand"},
		{"10,Land,2023-11-30,07,07,X,X,,,,", "wrong number of fields"},
		{"10,Land,2023-11-30,07,07,X,X,,,,,\n10,Land,2023-11-30,07,07,Y,Y,,,,,", "duplicate"},
		{"10,Land,2023-11-30,07,07,X,X,,,,,\n10,Land,2023-12-31,08,08,Y,Y,,,,,", "differs"},
	}
	for _, tt := range tests {
		_, _, err := parse(strings.NewReader(goodHeader + tt.row + "\n"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("parse(%q): error %v, want one mentioning %q", tt.row, err, tt.want)
		}
	}
	for _, in := range []string{"", "satzart,ebene\n", goodHeader} {
		if _, _, err := parse(strings.NewReader(in)); err == nil {
			t.Errorf("parse(%q): no error", in)
		}
	}
}

func TestBuildOrdersAndIndexes(t *testing.T) {
	rows := goodHeader +
		"60,Gemeinde,2023-11-30,071315001004,07131004,Antweiler,,64,Kreisangehörige Gemeinde,53533,446,480\n" +
		"50,Gemeindeverband,2023-11-30,071315001,,Adenau,Adenau,53,Verbandsgemeinde,,,\n" +
		"10,Land,2023-11-30,07,07,Rheinland-Pfalz,Mainz,,,,,\n"
	regs, date, err := parse(strings.NewReader(rows))
	if err != nil {
		t.Fatal(err)
	}
	bin, src, err := build(regs, date, "x.csv")
	if err != nil {
		t.Fatal(err)
	}
	// Keys ascending: Land, Gemeindeverband, Gemeinde.
	want := []uint64{7e10<<3 | 1, 71315001000<<3 | 4, 71315001004<<3 | 5}
	for i, w := range want {
		var k uint64
		for j := 7; j >= 0; j-- {
			k = k<<8 | uint64(bin[8*i+j])
		}
		if k != w {
			t.Errorf("key %d = %d, want %d", i, k, w)
		}
	}
	// Buckets by the first five digits: the Land is in 07000, the other two
	// in 07131.
	const bucketsOff = 3*8 + 3*recSize
	for b, want := range map[int]int{0: 0, 7000: 0, 7001: 1, 7131: 1, 7132: 3, buckets: 3} {
		o := bucketsOff + 2*b
		if got := int(bin[o]) | int(bin[o+1])<<8; got != want {
			t.Errorf("bucket %05d starts at %d, want %d", b, got, want)
		}
	}
	text := string(bin[len(bin)-len("Rheinland-Pfalz\tMainz\t\nAdenau\tAdenau\t\nAntweiler\t\t53533\n"):])
	if text != "Rheinland-Pfalz\tMainz\t\nAdenau\tAdenau\t\nAntweiler\t\t53533\n" {
		t.Errorf("text section %q", text)
	}
	flat := strings.Join(strings.Fields(string(src)), " ")
	for _, s := range []string{"regionCount = 3", "regionAGSCount = 1", `regionGebietsstand = "2023-11-30"`, "regionDataLen = 68139", "//go:embed gv100ad.bin", "DO NOT EDIT"} {
		if !strings.Contains(flat, s) {
			t.Errorf("generated Go lacks %q:\n%s", s, src)
		}
	}
}
