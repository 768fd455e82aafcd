package zufi_test

import (
	"bytes"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg/zufi"
)

// TestDirectoryAddUpdates: a schreibe of an object whose ID is already in
// the directory updates it (as for Leistungen) instead of adding a second
// copy, so adding the same data twice answers the same; a responsibility
// sent as zustaendigkeitTransferObjekt is kept once, also when it arrives
// before its unit and when the unit is sent again without it.
func TestDirectoryAddUpdates(t *testing.T) {
	m220 := readFile(t, testFiles[0])
	transfer := readFile(t, testFiles[2])
	count := func(d *zufi.Directory) (oes, dienste int) {
		return len(d.Organisationseinheiten()), len(d.Onlinedienste())
	}
	once := zufi.NewDirectory(m220)
	twice := zufi.NewDirectory(m220, m220)
	o1, d1 := count(once)
	if o2, d2 := count(twice); o1 != o2 || d1 != d2 {
		t.Errorf("added twice: %d units, %d online services; once: %d, %d", o2, d2, o1, d1)
	}
	if got, err := twice.Zustaendig(hundesteuer, kruft); err != nil || len(got) != 1 {
		t.Errorf("added twice: %d answers, %v; want 1", len(got), err)
	}

	// The transfer page twice: one responsibility for Mülheim-Kärlich.
	d := zufi.NewDirectory(m220, transfer, transfer)
	if got, err := d.Zustaendig(hundesteuer, muelheimKaerlich); err != nil || len(got) != 1 {
		t.Errorf("transfer twice: %d answers, %v; want 1", len(got), err)
	}
	// The unit sent again on its own keeps the transferred responsibility.
	unitOnly := []byte(`<xzufi:schreibe.Transfer xmlns:xzufi="http://xoev.de/schemata/xzufi/2_3_1">
  <xzufi:schreibe>
    <xzufi:organisationseinheit>
      <xzufi:id>OE-MUELHEIM-KAERLICH</xzufi:id>
      <xzufi:name><xzufi:name languageCode="de">Stadtverwaltung M&#252;lheim-K&#228;rlich (neuer Name)</xzufi:name></xzufi:name>
    </xzufi:organisationseinheit>
  </xzufi:schreibe>
</xzufi:schreibe.Transfer>`)
	mu, err := zufi.Read(bytes.NewReader(unitOnly), &zufi.ReadOptions{Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	d.Add(mu)
	got, err := d.Zustaendig(hundesteuer, muelheimKaerlich)
	if err != nil || len(got) != 1 || got[0].Organisationseinheit.NameDE() != "Stadtverwaltung Mülheim-Kärlich (neuer Name)" {
		t.Errorf("unit updated: %v, %d answers", err, len(got))
	}
	// The transfer before its unit: applied when the unit arrives.
	tOnly := readFile(t, testFiles[2])
	tOnly.Organisationseinheiten = nil
	e := zufi.NewDirectory(m220, tOnly, mu)
	if got, err := e.Zustaendig(hundesteuer, muelheimKaerlich); err != nil || len(got) != 1 || got[0].Zustaendigkeit.ID.Value != "Z-MK-HST" {
		t.Errorf("transfer before its unit: %v, %d answers", err, len(got))
	}
}
