package main

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

// The service is not written here: it is the dog-tax definition an EfA
// provider published (package ozg/onlinedienst), signed with the
// provider's key. The example plays an authority that takes it over: it
// verifies the signature with the publisher's public key, and supplies
// only its own parameters.
//
//go:embed dienst/hundesteuer-anmeldung.definition.jws dienst/herausgeber.jwks.json dienst/gemeinden/*.json
var dienstFiles embed.FS

// defaultGemeinde is the municipality the example runs for unless -gemeinde
// names another of gemeindeNamen.
const defaultGemeinde = "mainz"

// gemeindeNamen lists the municipalities whose parameters the example embeds
// (dienst/gemeinden/NAME.json): the same definition runs for each.
func gemeindeNamen() []string {
	ents, _ := dienstFiles.ReadDir("dienst/gemeinden")
	var out []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".json"); ok {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// importDefinition verifies the signed definition with the publisher's
// key set and loads it; a tampered or unsigned definition is refused.
func importDefinition() (*onlinedienst.Definition, error) {
	jws, err := dienstFiles.ReadFile("dienst/hundesteuer-anmeldung.definition.jws")
	if err != nil {
		return nil, err
	}
	raw, err := dienstFiles.ReadFile("dienst/herausgeber.jwks.json")
	if err != nil {
		return nil, err
	}
	var keys jose.JSONWebKeySet
	if err := json.Unmarshal(raw, &keys); err != nil {
		return nil, fmt.Errorf("publisher keys: %w", err)
	}
	return onlinedienst.Import(jws, &onlinedienst.ImportOptions{Keys: &keys})
}

// gemeindeParameters reads the embedded parameters of a municipality.
func gemeindeParameters(name string) (*onlinedienst.Parameters, error) {
	if !slices.Contains(gemeindeNamen(), name) {
		return nil, ozg.Errorf(ozg.InvalidArgument, "parameters", "none embedded for this municipality (known: %s)", strings.Join(gemeindeNamen(), ", "))
	}
	b, err := dienstFiles.ReadFile("dienst/gemeinden/" + name + ".json")
	if err != nil {
		return nil, err
	}
	return onlinedienst.LoadParameters(b)
}

// loadDienst imports the definition and binds the municipality's
// parameters to it: Bind names every missing, conflicting or invalid
// parameter.
func loadDienst(gemeinde string) (*onlinedienst.Dienst, error) {
	def, err := importDefinition()
	if err != nil {
		return nil, err
	}
	p, err := gemeindeParameters(gemeinde)
	if err != nil {
		return nil, err
	}
	return onlinedienst.Bind(def, p)
}

// loadForm compiles the FIM form the definition names (Stammdatenschema
// id and version). The definition references the schema instead of
// embedding it, so the authority loads it — here from fim/, standing in
// for the FIM repository — and Definition.Form checks that it is the one
// named.
func loadForm(d *onlinedienst.Definition) (*antrag.Form, error) {
	var lists genericode.Registry
	if _, err := lists.LoadFS(fimFiles, "fim/*_genericode.xml"); err != nil {
		return nil, fmt.Errorf("code lists: %w", err)
	}
	b, err := fimFiles.ReadFile("fim/hundesteuer-anmeldung_xdf2.xml")
	if err != nil {
		return nil, err
	}
	return d.Form(b, &lists)
}

// loggedRouter is the Runner's antrag.Router: the service's router (the
// FIT-Connect Routing API), read at each call, with the authority it found
// logged.
type loggedRouter struct{ s *Service }

func (r loggedRouter) Route(ctx context.Context, l ozg.Leistungsschluessel, g ozg.ARS) ([]antrag.Zustaendigkeit, error) {
	zs, err := r.s.router.Route(ctx, l, g)
	if err != nil {
		return nil, err
	}
	for _, z := range zs {
		if z.Destination != nil {
			r.s.log.Info("responsible authority found, route signatures verified", "authority", z.Organisationseinheit.Name,
				"area", z.Gebiet.ARS.String(), "destination", z.Destination.ID)
			break
		}
	}
	return zs, nil
}

// replyChannel is how the authority may answer: the postbox at the
// service account of the applicant who opened the application (its
// actor ID is the postbox handle of the login) — BundID's for a citizen,
// Mein Unternehmenskonto's for a business.
func (s *Service) replyChannel(_ context.Context, a *antrag.Antrag) (*messaging.ReplyChannel, error) {
	if len(a.History) == 0 {
		return nil, nil
	}
	by := a.History[0].By.ID
	if handle, ok := strings.CutPrefix(by, businessPrefix); ok {
		return onlinedienst.PostboxReply(handle, s.ukIdP.URL+"/"), nil
	}
	handle, ok := strings.CutPrefix(by, applicantPrefix)
	if !ok {
		return nil, nil
	}
	return onlinedienst.PostboxReply(handle, s.idp.URL+"/"), nil
}

// postfachHinweis sends the definition's citizen notifications (with the
// texts the municipality overrides) as status updates to the citizen's
// postbox, through the FIT-Connect postbox bridge and the outbox (one per
// application and state, however often Submit runs). The text goes into
// the status's additional information (up to 100 characters; the status
// details allow only 50).
type postfachHinweis struct{ s *Service }

func (n postfachHinweis) Notify(ctx context.Context, a *antrag.Antrag, kanal, text string) error {
	if kanal != "postfach" {
		return ozg.Errorf(ozg.Unimplemented, "buergerservice.notify", "channel %q", kanal)
	}
	_, err := n.s.msg.SendPostboxStatus(ctx, &messaging.PostboxStatus{
		ApplicationID: a.ID, State: "SUBMITTED", PublicServiceName: a.LeistungName,
		SenderName: n.s.dienst.Parameters.Behoerde, AdditionalInformation: text, Created: time.Now(),
	}, &messaging.SendOptions{IdempotencyKey: "hinweis-" + string(a.State) + "-" + a.ID})
	if err != nil {
		n.s.log.Warn("notification to the postbox failed", "antrag", a.ID, "state", string(a.State), "err", err)
		return err
	}
	n.s.log.Info("notification sent to the postbox", "antrag", a.ID, "state", string(a.State))
	return nil
}
