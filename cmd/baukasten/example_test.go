package main

import (
	"context"
	"os"
	"strings"
)

// The responsibility for a Land service asked for the Gemeinde Kruft is
// found at the level of the Land Rheinland-Pfalz.
func Example_zustaendig() {
	run(context.Background(), []string{"ozg", "zustaendig",
		"-xzufi", "../../ozg/zufi/testdata/hundesteuer-mayen-koblenz_xzufi-2.2.0.xml",
		"-xzufi", "../../ozg/zufi/testdata/kreis-land_xzufi-2.3.1.xml",
		"-leika", "99050012104000", "-ars", "071375001057"},
		env{strings.NewReader(""), os.Stdout, os.Stderr})
	// Output:
	// LeiKa 99050012104000 in 071375001057 Kruft, source xzufi
	//
	// Leistung L100007-0816: Landesleistung (Testdaten)
	//   Ansprechpunkt (03): Landesamt Rheinland-Pfalz (Testdaten) [OE-LAND-RLP]
	//     found at level Land 07 Rheinland-Pfalz
	//   text modules (1): Leistungsbezeichnung II (03)
}
