package fitconnectrouter

import (
	"cmp"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// ErrParametersUnsigned: a route carries no destinationParametersSignature
// and Options.AllowUnsignedParameters is not set.
var ErrParametersUnsigned = errors.New("fitconnectrouter: destinationParameters are not signed")

// Details is what a Directory knows about the authority behind a
// destination beyond the Routing API.
type Details struct {
	// Organisationseinheit is the responsible unit; an empty Name is
	// filled from destinationName.
	Organisationseinheit antrag.Organisationseinheit
	// Onlinedienst is the online service for the service, if any.
	Onlinedienst *antrag.Onlinedienst
	LeistungName string // name of the service
	GebietName   string // name of the area
}

// Directory supplies the details of the authority behind a destination
// that the Routing API does not report. Details returns nil and no error
// when it knows nothing about the destination.
type Directory interface {
	Details(ctx context.Context, destinationID string, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) (*Details, error)
}

// MapDirectory is a Directory from a fixed map keyed by destinationId,
// whatever the service and area.
type MapDirectory map[string]Details

// Details implements Directory.
func (m MapDirectory) Details(_ context.Context, destinationID string, _ ozg.Leistungsschluessel, _ ozg.ARS) (*Details, error) {
	d, ok := m[destinationID]
	if !ok {
		return nil, nil
	}
	return &d, nil
}

// Options configure a Router. A nil *Options means the defaults.
type Options struct {
	// Directory supplies the authorities' details; nil = only what the
	// Routing API reports.
	Directory Directory
	// AllowUnsignedParameters accepts routes without
	// destinationParametersSignature (their destinationSignature still
	// must verify). A signature that is present must always verify.
	AllowUnsignedParameters bool
	// Logger receives debug records of lookups (no personal data); nil =
	// discard.
	Logger *slog.Logger
}

// Router is an antrag.Router over the FIT-Connect Routing API. It is safe
// for concurrent use. The HTTP client, retries and endpoints are those of
// the fitconnect.Client (fitconnect.Options.HTTPClient, Retry,
// Environment.RoutingURL and PortalJWKSURL or PortalKeys).
type Router struct {
	c    *fitconnect.Client
	opts Options
	log  *slog.Logger
}

var _ antrag.Router = (*Router)(nil)

// New returns a Router that asks the Routing API through c.
func New(c *fitconnect.Client, opts *Options) (*Router, error) {
	if c == nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "nil *fitconnect.Client")
	}
	r := &Router{c: c}
	if opts != nil {
		r.opts = *opts
	}
	r.log = r.opts.Logger
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	return r, nil
}

const op = "fitconnectrouter.Route"

// Route implements antrag.Router: it returns the responsibilities for the
// service in the area whose destinations verified, most specific area
// first.
func (r *Router) Route(ctx context.Context, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) ([]antrag.Zustaendigkeit, error) {
	if err := ctx.Err(); err != nil {
		return nil, &ozg.Error{Code: ozg.CodeOf(err), Op: op, Err: err}
	}
	if leistung.IsZero() || gebiet.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "LeiKa key and ARS are required")
	}
	routes, err := r.c.Routes(ctx, &fitconnect.RouteQuery{LeiKa: leistung, ARS: gebiet})
	if err != nil {
		return nil, &ozg.Error{Code: code(ctx, err), Op: op, Err: err}
	}
	if len(routes) == 0 {
		return nil, ozg.Errorf(ozg.NotFound, op, "no destination for %s in %s", leistung, gebiet)
	}
	out := make([]antrag.Zustaendigkeit, 0, len(routes))
	for i := range routes {
		z, err := r.responsibility(ctx, &routes[i], leistung, gebiet)
		if err != nil {
			return nil, err
		}
		out = append(out, z)
	}
	slices.SortStableFunc(out, func(a, b antrag.Zustaendigkeit) int {
		return cmp.Compare(b.Gebiet.ARS.Len(), a.Gebiet.ARS.Len())
	})
	r.log.DebugContext(ctx, "fitconnectrouter: routed", "leika", leistung.String(), "ars", gebiet.String(), "destinations", len(out))
	return out, nil
}

// responsibility builds the Zustaendigkeit of one verified route.
func (r *Router) responsibility(ctx context.Context, rt *fitconnect.Route, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) (antrag.Zustaendigkeit, error) {
	if !rt.ParametersVerified && !r.opts.AllowUnsignedParameters {
		return antrag.Zustaendigkeit{}, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: ErrParametersUnsigned}
	}
	area, ok := signedArea(&rt.Signed, leistung, gebiet)
	if !ok { // Routes has checked this; never trust a route it did not cover
		return antrag.Zustaendigkeit{}, &ozg.Error{Code: ozg.PermissionDenied, Op: op, Err: fitconnect.ErrRouteMismatch}
	}
	d := &antrag.Destination{ID: rt.DestinationID, Name: rt.DestinationName, Signature: rt.Signature,
		ParametersSignature: rt.ParametersSignature}
	if p := rt.Params; p != nil {
		d.SubmissionURL, d.EncryptionKID = p.SubmissionURL, p.EncryptionKid
		d.MetadataVersions = slices.Clone(p.MetadataVersions)
		for _, s := range p.SubmissionSchemas {
			d.SubmissionSchemas = append(d.SubmissionSchemas, antrag.SubmissionSchema{SchemaURI: s.SchemaURI, MimeType: s.MIMEType})
		}
	}
	z := antrag.Zustaendigkeit{
		Leistung:             antrag.Leistung{Schluessel: leistung},
		Organisationseinheit: antrag.Organisationseinheit{Name: rt.DestinationName},
		Gebiet:               antrag.Gebiet{ARS: area},
		Destination:          d,
	}
	if r.opts.Directory == nil {
		return z, nil
	}
	det, err := r.opts.Directory.Details(ctx, rt.DestinationID, leistung, area)
	if err != nil {
		return antrag.Zustaendigkeit{}, &ozg.Error{Code: code(ctx, err), Op: op, Err: err}
	}
	if det != nil {
		z.Organisationseinheit = det.Organisationseinheit
		if z.Organisationseinheit.Name == "" {
			z.Organisationseinheit.Name = rt.DestinationName
		}
		if det.Onlinedienst != nil {
			od := *det.Onlinedienst
			z.Onlinedienst = &od
		}
		z.Leistung.Name, z.Gebiet.Name = det.LeistungName, det.GebietName
	}
	return z, nil
}

// signedArea returns the most specific area of the destinationSignature
// that contains gebiet, in a service entry that lists the LeiKa key.
func signedArea(s *fitconnect.DestinationSignature, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) (ozg.ARS, bool) {
	var best ozg.ARS
	urn := leistung.URN()
	for _, svc := range s.Services {
		if !slices.Contains(svc.LeistungIDs, urn) {
			continue
		}
		for _, g := range svc.GebietIDs {
			rs, ok := strings.CutPrefix(g, fitconnect.GebietARSPrefix)
			if !ok {
				continue
			}
			a, err := ozg.ParseARS(rs)
			if err == nil && (a == gebiet || a.Contains(gebiet)) && a.Len() > best.Len() {
				best = a
			}
		}
	}
	return best, !best.IsZero()
}

// code classifies an error of the client or the directory.
func code(ctx context.Context, err error) ozg.Code {
	if ctx.Err() != nil {
		return ozg.CodeOf(ctx.Err())
	}
	switch {
	case errors.Is(err, fitconnect.ErrMalformedJWS), errors.Is(err, fitconnect.ErrAlgorithmNotAllowed):
		// A bad signature in the answer is a refused route, not bad input.
		return ozg.PermissionDenied
	}
	return fitconnect.ErrorCode(err)
}
