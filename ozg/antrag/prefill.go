package antrag

import (
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// personFields maps harmonised FIM data fields (Baukastenelemente of the
// Bundesredaktion, as used e.g. in S00000094) to the attributes of an
// ozg.Person the service account reports.
var personFields = map[string]func(p *ozg.Person) any{
	"F60000227": func(p *ozg.Person) any { return str(p.FamilyName) },           // Familienname
	"F60000228": func(p *ozg.Person) any { return str(p.GivenNames) },           // Vornamen
	"F60000229": func(p *ozg.Person) any { return str(p.AcademicTitle) },        // Doktorgrade
	"F60000231": func(p *ozg.Person) any { return num(p.BirthDate.Day) },        // Tag (Geburtsdatum)
	"F60000232": func(p *ozg.Person) any { return num(int(p.BirthDate.Month)) }, // Monat
	"F60000233": func(p *ozg.Person) any { return num(p.BirthDate.Year) },       // Jahr
	"F60000243": func(p *ozg.Person) any { return str(p.Address.Street) },       // Straße
	"F60000244": func(p *ozg.Person) any { return str(p.Address.HouseNumber) },  // Hausnummer
	"F60000246": func(p *ozg.Person) any { return str(p.Address.PostalCode) },   // Postleitzahl
	"F60000247": func(p *ozg.Person) any { return str(p.Address.City) },         // Ort
	"F60000240": func(p *ozg.Person) any { return str(p.Phone) },                // Telefonnummer
	"F60000242": func(p *ozg.Person) any { return str(p.Email) },                // E-Mail-Adresse
}

func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func num(n int) any {
	if n == 0 {
		return nil
	}
	return n
}

// PrefillPerson fills the harmonised FIM fields (F60000227 Familienname,
// F60000228 Vornamen, F60000229 Doktorgrade, F60000231–F60000233
// Geburtsdatum, F60000240 Telefon, F60000242 E-Mail, F60000243–F60000247
// Anschrift) inside the group at path (e.g. "G99000001"; "" for the top
// level) from the identity the login reported. It descends into nested
// groups that occur at most once and returns the data of that group, ready
// to be placed at path in the submission data, with only the attributes
// the identity has. Of optional sibling groups (alternatives such as
// street address and post-office box) only the one with the most filled
// fields is kept; select fields (e.g. "Inland/Ausland") are left to the
// caller. A path that names no group gives NotFound.
func (f *Form) PrefillPerson(path string, p ozg.Person) (map[string]any, error) {
	items := f.items
	if path != "" {
		for _, seg := range strings.Split(path, "/") {
			var next *item
			for _, it := range items {
				if it.id == seg && it.field == nil {
					next = it
				}
			}
			if next == nil {
				return nil, ozg.Errorf(ozg.NotFound, "antrag.PrefillPerson", "no group %s in the form", path)
			}
			items = next.children
		}
	}
	return prefill(items, &p), nil
}

func prefill(items []*item, p *ozg.Person) map[string]any {
	out := map[string]any{}
	// Optional sibling groups are often alternatives (street address or
	// post-office box): only the one the identity fills best is kept.
	best, bestN := "", 0
	for _, it := range items {
		if it.st.Anzahl.Repeated() {
			continue
		}
		if it.field == nil {
			sub := prefill(it.children, p)
			n := leaves(sub)
			if n == 0 {
				continue
			}
			if it.st.Anzahl.Min > 0 {
				out[it.id] = sub
			} else if n > bestN {
				if best != "" {
					delete(out, best)
				}
				best, bestN = it.id, n
				out[it.id] = sub
			}
			continue
		}
		if it.noData {
			continue
		}
		if get, ok := personFields[it.id]; ok {
			if v := get(p); v != nil {
				out[it.id] = v
			}
		}
	}
	return out
}

// leaves counts the values in a prefilled tree.
func leaves(m map[string]any) int {
	n := 0
	for _, v := range m {
		if sub, ok := v.(map[string]any); ok {
			n += leaves(sub)
		} else {
			n++
		}
	}
	return n
}
