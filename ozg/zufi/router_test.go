package zufi_test

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"slices"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/antrag/antragtest"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
)

// detailsVerifier verifies with JWSVerifier and then adds what XZuFi does
// not carry (encryption key ID, accepted schemas), as a portal would from
// the destination's entry at the delivery service.
type detailsVerifier struct {
	v       *zufi.JWSVerifier
	details map[string]antrag.Destination
}

func (d *detailsVerifier) VerifyDestination(ctx context.Context, sig string, l ozg.Leistungsschluessel, a ozg.ARS) (*antrag.Destination, error) {
	dest, err := d.v.VerifyDestination(ctx, sig, l, a)
	if err != nil {
		return nil, err
	}
	full := d.details[dest.ID]
	full.MetadataVersions = slices.Clone(full.MetadataVersions)
	full.SubmissionSchemas = slices.Clone(full.SubmissionSchemas)
	full.Signature = dest.Signature
	full.SubmissionURL = dest.SubmissionURL
	return &full, nil
}

// TestRouterConformance runs the antrag.Router conformance suite against
// Directory.Router: the harness writes the seeded responsibilities as XZuFi
// objects whose destinationSignatures it signs with the test portal key.
func TestRouterConformance(t *testing.T) {
	k := keys(t, "testdata/ssp-test-private.jwks.json").Keys[0]
	signer := &fitconnect.Signer{Key: k.Key.(*rsa.PrivateKey), KeyID: k.KeyID}
	antragtest.TestRouter(t, func(t *testing.T, zs []antrag.Zustaendigkeit) antrag.Router {
		m := &zufi.Message{}
		oes := map[string]*zufi.Organisationseinheit{}
		var order []string
		details := map[string]antrag.Destination{}
		for i, z := range zs {
			lid := "L-" + z.Leistung.Schluessel.String()
			if _, ok := zufi.NewDirectory(m).Leistung(lid); !ok {
				m.Leistungen = append(m.Leistungen, zufi.Leistung{ID: zufi.ID{Value: lid}, ReferenzLeiKa: []ozg.Leistungsschluessel{z.Leistung.Schluessel},
					Texte: []zufi.Textmodul{{Modul: zufi.Code{Code: zufi.TextLeistungsname}, Inhalt: []zufi.Text{{Lang: "de", Text: z.Leistung.Name}}}}})
			}
			o, ok := oes[z.Organisationseinheit.ID]
			if !ok {
				u := z.Organisationseinheit
				o = &zufi.Organisationseinheit{ID: zufi.ID{Value: u.ID}, Name: []zufi.Text{{Lang: "de", Text: u.Name}}}
				if !u.Address.IsZero() {
					o.Anschriften = []zufi.Anschrift{{Strasse: u.Address.Street, Hausnummer: u.Address.HouseNumber, Postleitzahl: u.Address.PostalCode, Ort: u.Address.City}}
				}
				if u.Email != "" {
					o.Kommunikation = append(o.Kommunikation, zufi.Kommunikation{Kanal: zufi.Code{Code: zufi.KanalEmail}, Kennung: u.Email})
				}
				oes[u.ID] = o
				order = append(order, u.ID)
			}
			zz := zufi.Zustaendigkeit{ID: zufi.ID{Value: "Z" + string(rune('0'+i))}, LeistungID: zufi.ID{Value: lid},
				Gebiete: []ozg.ARS{z.Gebiet.ARS}, Rolle: zufi.Code{Code: zufi.RolleZustaendigeStelle}}
			if d := z.Destination; d != nil {
				payload, _ := json.Marshal(map[string]any{"submissionHost": d.SubmissionURL, "iss": "https://portal.example", "iat": 1767225600,
					"destinationId": d.ID, "services": []map[string]any{{"gebietIDs": []string{zufi.SchemeARS + ":" + z.Gebiet.ARS.String()},
						"leistungIDs": []string{z.Leistung.Schluessel.URN()}}}})
				sig, err := signer.SignJWS(payload, "JWT")
				if err != nil {
					t.Fatal(err)
				}
				zz.IDSekundaer = []zufi.ID{{Value: sig, SchemeID: zufi.SchemeDestination, SchemeAgencyID: zufi.SchemeAgencyFITKO}}
				details[d.ID] = *d
			}
			o.Zustaendigkeiten = append(o.Zustaendigkeiten, zz)
			if od := z.Onlinedienst; od != nil {
				m.Onlinedienste = append(m.Onlinedienste, zufi.Onlinedienst{ID: zufi.ID{Value: "OD-" + lid}, Bezeichnung: []zufi.Text{{Lang: "de", Text: od.Name}},
					Links:            []zufi.Link{{URL: od.URL, Typ: zufi.Code{Code: "01"}}},
					Zustaendigkeiten: []zufi.Zustaendigkeit{{LeistungID: zufi.ID{Value: lid}, Gebiete: []ozg.ARS{z.Gebiet.ARS}}}})
			}
		}
		for _, id := range order {
			m.Organisationseinheiten = append(m.Organisationseinheiten, *oes[id])
		}
		v := &detailsVerifier{v: &zufi.JWSVerifier{Keys: keys(t, "testdata/ssp-test.jwks.json")}, details: details}
		return zufi.NewDirectory(m).Router(v)
	})
}
