// Command quickstart shows, offline and on embedded defaults, what the
// Baukasten packages do: it identifies a municipal online service by its
// LeiKa key, finds the responsible municipality in the official region
// directory, checks the login's trust level against the service's
// requirement, and prints each step.
//
//	go run ./examples/quickstart
package main

import (
	"errors"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run does the quickstart's work, writing what it did to w.
func run(w io.Writer) error {
	p := func(format string, args ...any) { fmt.Fprintf(w, format+"\n", args...) }

	// 1. The service: dog-tax registration (Hundesteuer Anmeldung).
	leika, err := ozg.ParseLeistungsschluessel("99102013104000")
	if err != nil {
		return err
	}
	p("Service           LeiKa %s (%s)", leika, leika.URN())
	p("                  Leistungsgruppierung %s, Leistungsobjekt %s, Verrichtung %s",
		leika.Leistungsgruppierung(), leika.Leistungsobjekt(), leika.Verrichtung())

	// 2. The municipality, from the embedded Destatis region directory.
	ars, err := ozg.ParseKnownARS("071315001004")
	if err != nil {
		return err
	}
	region, _ := ozg.LookupRegion(ars)
	ags, _ := ars.AGS()
	p("Municipality      %s, ARS %s, AGS %s, %s", region.Name, ars, ags, ars.Land().Name())
	for a := ars.Parent(); !a.IsZero(); a = a.Parent() {
		if r, ok := ozg.LookupRegion(a); ok {
			p("  within          %-16s %s (%s)", a.Level(), r.Name, a)
		}
	}
	p("                  %s", ozg.RegionDirectoryAttribution)

	// 3. The login's trust level against the service's requirement.
	required := ozg.NiveauSubstanziell
	for _, reported := range []string{"STORK-QAA-Level-3", "http://eidas.europa.eu/LoA/low"} {
		got, err := ozg.ParseVertrauensniveau(reported)
		if err != nil {
			return err
		}
		p("Trust level       login %q is %s: sufficient for %s: %v", reported, got, required, got.AtLeast(required))
	}

	// 4. Bad input gives a typed error naming position and rule.
	_, err = ozg.ParseARS("07a315000000")
	p("Bad input         %v", err)
	p("                  code %s, InvalidArgument: %v", ozg.CodeOf(err), errors.Is(err, ozg.ErrInvalidArgument))
	return nil
}
