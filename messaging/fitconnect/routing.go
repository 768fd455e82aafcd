package fitconnect

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// URN prefixes of the area identifiers in a destinationSignature.
const (
	GebietARSPrefix = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:"
	GebietAGSPrefix = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags:"
)

// RouteQuery asks the Routing API for the destination of a public service
// in an area. Exactly one of ARS, AGS and AreaID must be set.
type RouteQuery struct {
	LeiKa  ozg.Leistungsschluessel
	ARS    ozg.ARS
	AGS    ozg.AGS
	AreaID string // an area ID from the Routing API's area search
}

// Route is a destination whose destinationSignature verified and covers
// the requested service and area.
type Route struct {
	DestinationID   string
	DestinationName string
	SubmissionHost  string
	Parameters      json.RawMessage // destinationParameters as returned
	Signed          DestinationSignature
}

// DestinationSignature is the signed content of a route.
type DestinationSignature struct {
	SubmissionHost string          `json:"submissionHost"`
	Issuer         string          `json:"iss"`
	IssuedAt       int64           `json:"iat"`
	DestinationID  string          `json:"destinationId"`
	Services       []SignedService `json:"services"`
}

// SignedService lists the areas and services a destination is responsible for.
type SignedService struct {
	GebietIDs   []string `json:"gebietIDs"`
	LeistungIDs []string `json:"leistungIDs"`
}

type rawRoute struct {
	DestinationID         string          `json:"destinationId"`
	DestinationSignature  string          `json:"destinationSignature"`
	DestinationParameters json.RawMessage `json:"destinationParameters"`
	DestinationName       string          `json:"destinationName"`
}

func (q *RouteQuery) values() (url.Values, error) {
	if q.LeiKa.IsZero() {
		return nil, errors.New("fitconnect: route query: LeiKa key missing")
	}
	v := url.Values{"leikaKey": {q.LeiKa.String()}}
	n := 0
	if !q.ARS.IsZero() {
		v.Set("ars", q.ARS.String())
		n++
	}
	if !q.AGS.IsZero() {
		v.Set("ags", q.AGS.String())
		n++
	}
	if q.AreaID != "" {
		v.Set("areaId", q.AreaID)
		n++
	}
	if n != 1 {
		return nil, fmt.Errorf("fitconnect: route query: want exactly one of ARS, AGS and AreaID, got %d", n)
	}
	return v, nil
}

// covers reports whether the signed services name the queried service and
// area in one entry.
func (q *RouteQuery) covers(s *DestinationSignature) bool {
	leika := q.LeiKa.URN()
	for _, svc := range s.Services {
		if !slices.Contains(svc.LeistungIDs, leika) {
			continue
		}
		for _, g := range svc.GebietIDs {
			switch {
			case !q.ARS.IsZero():
				if rs, ok := strings.CutPrefix(g, GebietARSPrefix); ok {
					if a, err := ozg.ParseARS(rs); err == nil && (a == q.ARS || a.Contains(q.ARS)) {
						return true
					}
				}
			case !q.AGS.IsZero():
				if ags, ok := strings.CutPrefix(g, GebietAGSPrefix); ok && ags == q.AGS.String() {
					return true
				}
			default:
				if g == q.AreaID || strings.HasSuffix(g, ":"+q.AreaID) {
					return true
				}
			}
		}
	}
	return false
}

// Routes asks the Routing API for the destinations of a service in an area
// and returns only routes whose destinationSignature (JWS PS512 by the
// Self-Service-Portal) verifies and covers the requested destination,
// service and area. An unsigned route fails with ErrRouteUnsigned, one that
// does not cover the query with ErrRouteMismatch: an unverified destination
// is never returned.
func (c *Client) Routes(ctx context.Context, q *RouteQuery) ([]Route, error) {
	v, err := q.values()
	if err != nil {
		return nil, err
	}
	if c.opts.Environment.RoutingURL == "" {
		return nil, notConfigured("Environment.RoutingURL")
	}
	var resp struct {
		Routes []rawRoute `json:"routes"`
	}
	u := strings.TrimRight(c.opts.Environment.RoutingURL, "/") + "/v1/routes?" + v.Encode()
	if err := c.do(ctx, &request{method: "GET", url: u, idempotent: true, noAuth: true}, &resp); err != nil {
		return nil, err
	}
	out := make([]Route, 0, len(resp.Routes))
	for i, r := range resp.Routes {
		rt, err := c.verifyRoute(ctx, q, &r)
		if err != nil {
			return nil, fmt.Errorf("route %d: %w", i, err)
		}
		out = append(out, *rt)
	}
	return out, nil
}

func (c *Client) verifyRoute(ctx context.Context, q *RouteQuery, r *rawRoute) (*Route, error) {
	return VerifyRoute(r.DestinationID, r.DestinationSignature, q, func(kid string) (*rsa.PublicKey, error) {
		return c.portalKey(ctx, kid)
	}, r.DestinationName, r.DestinationParameters)
}

// VerifyRoute verifies a destinationSignature for destinationID against the
// portal key named by its kid and checks that it covers the query.
func VerifyRoute(destinationID, signature string, q *RouteQuery, key func(kid string) (*rsa.PublicKey, error), name string, params json.RawMessage) (*Route, error) {
	if signature == "" {
		return nil, ErrRouteUnsigned
	}
	h, err := ParseJWSHeader(signature)
	if err != nil {
		return nil, err
	}
	pub, err := key(h.KeyID)
	if err != nil {
		return nil, err
	}
	payload, _, err := VerifyJWS(signature, pub)
	if err != nil {
		return nil, err
	}
	var ds DestinationSignature
	if err := json.Unmarshal(payload, &ds); err != nil {
		return nil, fmt.Errorf("%w: payload: %v", ErrMalformedJWS, err)
	}
	if ds.DestinationID != destinationID {
		return nil, fmt.Errorf("%w: signed destinationId differs from the route's", ErrRouteMismatch)
	}
	if !q.covers(&ds) {
		return nil, fmt.Errorf("%w: signed services do not cover LeiKa %s in the requested area", ErrRouteMismatch, q.LeiKa)
	}
	return &Route{DestinationID: ds.DestinationID, DestinationName: name, SubmissionHost: ds.SubmissionHost, Parameters: params, Signed: ds}, nil
}

func (c *Client) portalKey(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	set := c.opts.PortalKeys
	if set == nil {
		if c.opts.Environment.PortalJWKSURL == "" {
			return nil, notConfigured("PortalKeys or Environment.PortalJWKSURL")
		}
		set = &jose.JSONWebKeySet{}
		if err := c.do(ctx, &request{method: "GET", url: c.opts.Environment.PortalJWKSURL, idempotent: true, noAuth: true}, set); err != nil {
			return nil, err
		}
	}
	return KeySetLookup(set)("", kid)
}
