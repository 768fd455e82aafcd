package main

import (
	"crypto/sha256"
	"fmt"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/antrag/fitconnectrouter"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
)

// ziel is the FIT-Connect destination of one municipality's dog-tax office
// as the fake Zustelldienst hosts it: every embedded municipality has its
// own, with its own keys, serving the definition's service in the
// municipality's area (its ARS). In production an office registers its
// destination in the FIT-Connect self-service portal and the Routing API
// finds it; the online service never names it (the definition delivers by
// routing, so the parameters carry no destination ID).
type ziel struct {
	gemeinde string
	id       string // destinationId
	params   *onlinedienst.Parameters
}

// zielID is the destination ID the fake gives the office serving a
// service in an area: a name-based UUID (version 8, RFC 9562) of the LeiKa
// key and the ARS, so it stays the same across restarts and -data.
func zielID(l ozg.Leistungsschluessel, a ozg.ARS) string {
	h := sha256.Sum256([]byte("buergerservice destination " + l.String() + " " + a.String()))
	h[6] = h[6]&0x0f | 0x80
	h[8] = h[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}

// ziele lists the destinations of every embedded municipality's office for
// the definition's service.
func ziele(def *onlinedienst.Definition) ([]ziel, error) {
	var out []ziel
	for _, g := range gemeindeNamen() {
		p, err := gemeindeParameters(g)
		if err != nil {
			return nil, fmt.Errorf("municipality %s: %w", g, err)
		}
		out = append(out, ziel{gemeinde: g, id: zielID(def.Leistung.Schluessel, p.ARS), params: p})
	}
	return out, nil
}

// buero is the office as the directory describes it: the authority's name
// with the contact of its invoices.
func buero(p *onlinedienst.Parameters) antrag.Organisationseinheit {
	office := antrag.Organisationseinheit{ID: "steueramt", Name: p.Behoerde}
	if r := p.Rechnung; r != nil {
		office.Name += ", " + r.Kontakt.Name
		office.Email = r.Kontakt.Email
	}
	return office
}

// zustelldienstZiele returns the destinations the fake Zustelldienst hosts
// (each office's, taking data in the schema of the definition's form) and
// the directory with each office's details, which the Routing API does not
// carry (in production: the PVOG, package ozg/zufi).
func zustelldienstZiele(def *onlinedienst.Definition, schemaURI string) ([]ziel, []fitconnecttest.Destination, fitconnectrouter.MapDirectory, error) {
	zs, err := ziele(def)
	if err != nil {
		return nil, nil, nil, err
	}
	var ds []fitconnecttest.Destination
	dir := fitconnectrouter.MapDirectory{}
	for _, z := range zs {
		ds = append(ds, fitconnecttest.Destination{ID: z.id, Name: z.params.Behoerde, LeiKa: def.Leistung.Schluessel.String(), ARS: z.params.ARS.String(),
			SubmissionSchemas: []fitconnect.SubmissionSchema{{SchemaURI: schemaURI, MIMEType: "application/json"}}})
		region, _ := ozg.LookupRegion(z.params.ARS)
		dir[z.id] = fitconnectrouter.Details{Organisationseinheit: buero(z.params), LeistungName: def.Leistung.Name, GebietName: region.Name}
	}
	return zs, ds, dir, nil
}
