package zufi_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

// oneResponsibility is a minimal XZuFi 2.3.1 message: the Leistung
// L-HIER for hundesteuer and one unit per area in gebiete, each
// zuständige Stelle there (unit id OE-<area>).
func oneResponsibility(gebiete ...string) []byte {
	var b strings.Builder
	b.WriteString(`<xzufi:schreibe.LeistungZustaendigkeit xmlns:xzufi="http://xoev.de/schemata/xzufi/2_3_1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xzufiVersion="2.3.1">
  <xzufi:schreibe>
    <xzufi:leistung>
      <xzufi:id>L-HIER</xzufi:id>
      <xzufi:referenzLeistungsschluessel>99102013104000</xzufi:referenzLeistungsschluessel>
      <xzufi:modulText>
        <xzufi:leikaTextmodul><code>03</code></xzufi:leikaTextmodul>
        <xzufi:inhalt languageCode="de">Hundesteuer (Testdaten)</xzufi:inhalt>
      </xzufi:modulText>
    </xzufi:leistung>
  </xzufi:schreibe>
  <xzufi:schreibe>
`)
	for _, g := range gebiete {
		fmt.Fprintf(&b, `    <xzufi:organisationseinheit>
      <xzufi:id>OE-%[1]s</xzufi:id>
      <xzufi:name><xzufi:name languageCode="de">Stelle %[1]s</xzufi:name></xzufi:name>
      <xzufi:zustaendigkeit xsi:type="xzufi:ZustaendigkeitOrganisationseinheit">
        <xzufi:id>Z-%[1]s</xzufi:id>
        <xzufi:leistungID>L-HIER</xzufi:leistungID>
        <xzufi:gebietID schemeID="urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs">%[1]s</xzufi:gebietID>
        <xzufi:rolle><code>01</code></xzufi:rolle>
      </xzufi:zustaendigkeit>
    </xzufi:organisationseinheit>
`, g)
	}
	b.WriteString("  </xzufi:schreibe>\n</xzufi:schreibe.LeistungZustaendigkeit>\n")
	return []byte(b.String())
}

// TestZustaendigSpecialAreas walks the ARS hierarchy from areas whose keys
// have special shapes in the region directory (GV100AD, embedded in package
// ozg): kreisfreie Städte (Gemeindeverband 0000, Kreis = the city), the
// Stadtstaaten, Bremerhaven in Land Bremen, Regierungsbezirke in Bayern,
// Hessen, Niedersachsen (statistical regions), Sachsen (former
// Direktionsbezirke) and Rheinland-Pfalz (former ones), and the
// gemeindefreie Gebiet outside any Kreis. The ancestors are written out
// here from the directory, not computed with ARS.Parent. A responsibility
// recorded at each ancestor alone must be found there, by
// Directory.Zustaendig and by Client.Zustaendig against the fake; one at a
// neighbouring area must not be found.
func TestZustaendigSpecialAreas(t *testing.T) {
	cases := []struct {
		name      string
		asked     string
		ancestors []string // up to the Land, each in the region directory
		neighbour string   // an area that is not an ancestor
	}{
		{"kreisfreie Stadt Koblenz (RLP, former Reg.-Bez.)", "071110000000", []string{"071110000", "07111", "071", "07"}, "07137"},
		{"Berlin", "110000000000", []string{"110000000", "11000", "11"}, "12"},
		{"Hamburg", "020000000000", []string{"020000000", "02000", "02"}, "01"},
		{"Bremerhaven in Land Bremen", "040120000000", []string{"040120000", "04012", "04"}, "04011"},
		{"München (Reg.-Bez. Oberbayern)", "091620000000", []string{"091620000", "09162", "091", "09"}, "092"},
		{"Frankfurt am Main (Reg.-Bez. Darmstadt)", "064120000000", []string{"064120000", "06412", "064", "06"}, "065"},
		{"Hannover in Region Hannover (stat. Region)", "032410001001", []string{"032410001", "03241", "032", "03"}, "031"},
		{"Chemnitz (former Direktionsbezirk)", "145110000000", []string{"145110000", "14511", "145", "14"}, "146"},
		{"Stuttgart, Stadtkreis", "081110000000", []string{"081110000", "08111", "081", "08"}, "08115"},
		{"gemeindefreies Gebiet outside any Kreis", "070009999", []string{"07"}, "07137"},
	}
	ctx := context.Background()
	for _, c := range cases {
		asked := ozg.MustParseARS(c.asked)
		if !asked.Exists() {
			t.Fatalf("%s: %s not in the region directory", c.name, c.asked)
		}
		for _, want := range append([]string{c.asked}, c.ancestors...) {
			if !ozg.MustParseARS(want).Exists() {
				t.Fatalf("%s: ancestor %s not in the region directory", c.name, want)
			}
			if r, _ := ozg.LookupRegion(ozg.MustParseARS(want)); !r.ARS.Contains(asked) {
				t.Fatalf("%s: %s does not contain %s", c.name, want, c.asked)
			}
			doc := oneResponsibility(want)
			m, err := zufi.Read(bytes.NewReader(doc), &zufi.ReadOptions{Strict: true})
			if err != nil {
				t.Fatal(err)
			}
			got, err := zufi.NewDirectory(m).Zustaendig(hundesteuer, asked)
			if err != nil || len(got) != 1 || got[0].Gebiet.String() != want || got[0].Organisationseinheit.ID.Value != "OE-"+want {
				t.Errorf("%s: directory, responsibility at %s: %v %+v", c.name, want, err, got)
			}
			s, err := zufitest.New([][]byte{doc}, nil)
			if err != nil {
				t.Fatal(err)
			}
			st, err := client(t, s, nil).Zustaendig(ctx, hundesteuer, asked)
			s.Close()
			if err != nil || len(st) != 1 || st[0].Gebiet.String() != want || st[0].Organisationseinheit.ID != "OE-"+want {
				t.Errorf("%s: client, responsibility at %s: %v %+v", c.name, want, err, st)
			}
		}
		// Responsibilities at every level: the most specific one wins, and
		// Zustaendigkeiten lists them all, most specific first.
		all := append([]string{c.asked}, c.ancestors...)
		m, err := zufi.Read(bytes.NewReader(oneResponsibility(all...)), nil)
		if err != nil {
			t.Fatal(err)
		}
		d := zufi.NewDirectory(m)
		if got, err := d.Zustaendig(hundesteuer, asked); err != nil || len(got) != 1 || got[0].Gebiet.String() != c.asked {
			t.Errorf("%s: every level: %v %+v", c.name, err, got)
		}
		got, err := d.Zustaendigkeiten(hundesteuer, asked)
		var order []string
		for _, a := range got {
			order = append(order, a.Gebiet.String())
		}
		if err != nil || strings.Join(order, " ") != strings.Join(all, " ") {
			t.Errorf("%s: Zustaendigkeiten order %v, want %v (%v)", c.name, order, all, err)
		}
		// A neighbouring area is no ancestor.
		m, err = zufi.Read(bytes.NewReader(oneResponsibility(c.neighbour)), nil)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := zufi.NewDirectory(m).Zustaendig(hundesteuer, asked); !errors.Is(err, ozg.ErrNotFound) {
			t.Errorf("%s: responsibility at %s found for %s: %+v %v", c.name, c.neighbour, c.asked, got, err)
		}
	}
}
