package fitconnect

import (
	"bytes"
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
	// Parameters is destinationParameters: when ParametersVerified, the
	// canonical bytes over which destinationParametersSignature verified
	// (see CanonicalJSON); otherwise the bytes as returned (nil if absent).
	Parameters json.RawMessage
	// Params is Parameters decoded; nil if the route has none. Its
	// submissionUrl names the host the destinationSignature signs.
	Params *DestinationParameters
	// Signature is the destinationSignature (compact JWS) that verified.
	Signature string
	// ParametersSignature is destinationParametersSignature, a detached
	// compact JWS of the Zustelldienst; "" if the route has none.
	ParametersSignature string
	// ParametersVerified reports whether ParametersSignature verified over
	// Parameters. It is false only when the route carries no
	// destinationParametersSignature: a signature that does not verify
	// fails the whole call.
	ParametersVerified bool
	Signed             DestinationSignature
}

// DestinationParameters are the technical parameters of a destination as
// the Routing API reports them in route.destinationParameters.
type DestinationParameters struct {
	SubmissionURL     string             `json:"submissionUrl"` // base URL of the Submission API
	EncryptionKid     string             `json:"encryptionKid"` // kid of the encryption key
	MetadataVersions  []string           `json:"metadataVersions,omitempty"`
	SubmissionSchemas []SubmissionSchema `json:"submissionSchemas,omitempty"`
	Status            string             `json:"status,omitempty"` // "active" to receive
	ReplyChannels     json.RawMessage    `json:"replyChannels,omitempty"`
	PublicKeys        json.RawMessage    `json:"publicKeys,omitempty"` // JWK set, if reported
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
	DestinationID                  string          `json:"destinationId"`
	DestinationSignature           string          `json:"destinationSignature"`
	DestinationParameters          json.RawMessage `json:"destinationParameters"`
	DestinationParametersSignature string          `json:"destinationParametersSignature"`
	DestinationName                string          `json:"destinationName"`
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
//
// The destinationParameters must name, in submissionUrl, the host the
// destinationSignature signs as submissionHost (ErrRouteMismatch
// otherwise). If the route carries a destinationParametersSignature, it is
// verified as the FIT-Connect documentation describes: a detached JWS
// (PS512) of the Zustelldienst over the parameters in canonical form
// (CanonicalJSON), checked with the key named by its kid in the JWK set at
// submissionUrl + "/.well-known/jwks.json"; Route.Parameters then holds
// exactly the verified bytes. A route without that signature is returned
// with ParametersVerified false, for the caller to decide.
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
	rt, err := VerifyRoute(r.DestinationID, r.DestinationSignature, q, func(kid string) (*rsa.PublicKey, error) {
		return c.portalKey(ctx, kid)
	}, r.DestinationName, nil)
	if err != nil {
		return nil, err
	}
	params := bytes.TrimSpace(r.DestinationParameters)
	if len(params) == 0 || string(params) == "null" {
		if r.DestinationParametersSignature != "" {
			return nil, fmt.Errorf("%w: destinationParametersSignature without destinationParameters", ErrRouteMismatch)
		}
		return rt, nil
	}
	// Decoded unverified only to find the Zustelldienst; its host must be
	// the one the Self-Service-Portal signed.
	p, err := decodeParameters(params, rt.SubmissionHost)
	if err != nil {
		return nil, err
	}
	if sig := r.DestinationParametersSignature; sig != "" {
		canon, err := VerifyDestinationParameters(params, sig, func(kid string) (*rsa.PublicKey, error) {
			return c.submissionServiceKey(ctx, p.SubmissionURL, kid)
		})
		if err != nil {
			return nil, fmt.Errorf("destinationParametersSignature: %w", err)
		}
		if p, err = decodeParameters(canon, rt.SubmissionHost); err != nil {
			return nil, err
		}
		params, rt.ParametersSignature, rt.ParametersVerified = canon, sig, true
	}
	rt.Parameters, rt.Params = params, p
	return rt, nil
}

// decodeParameters decodes destinationParameters and checks that their
// submissionUrl is on the signed submissionHost.
func decodeParameters(b []byte, submissionHost string) (*DestinationParameters, error) {
	var p DestinationParameters
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%w: destinationParameters: %v", ErrRouteMismatch, err)
	}
	u, err := url.Parse(p.SubmissionURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("%w: destinationParameters.submissionUrl is not an absolute URL", ErrRouteMismatch)
	}
	if !strings.EqualFold(u.Host, submissionHost) {
		return nil, fmt.Errorf("%w: destinationParameters.submissionUrl is not on the signed submissionHost", ErrRouteMismatch)
	}
	return &p, nil
}

// VerifyDestinationParameters verifies a destinationParametersSignature:
// a detached compact JWS (RFC 7515 appendix F, empty payload part) signed
// with PS512 over params in canonical form (CanonicalJSON). key returns
// the Zustelldienst's public key for the JWS's kid. It returns the
// canonical bytes that verified; use only those.
func VerifyDestinationParameters(params []byte, signature string, key func(kid string) (*rsa.PublicKey, error)) ([]byte, error) {
	if signature == "" {
		return nil, fmt.Errorf("%w: empty destinationParametersSignature", ErrMalformedJWS)
	}
	head, rest, _ := strings.Cut(signature, ".")
	payload, sig, ok := strings.Cut(rest, ".")
	if !ok || strings.Contains(sig, ".") {
		return nil, fmt.Errorf("%w: want 3 dot-separated parts", ErrMalformedJWS)
	}
	if payload != "" {
		return nil, fmt.Errorf("%w: destinationParametersSignature must be detached (empty payload part)", ErrMalformedJWS)
	}
	canon, err := CanonicalJSON(params)
	if err != nil {
		return nil, err
	}
	h, err := ParseJWSHeader(signature)
	if err != nil {
		return nil, err
	}
	pub, err := key(h.KeyID)
	if err != nil {
		return nil, err
	}
	out, _, err := VerifyJWS(head+"."+b64.EncodeToString(canon)+"."+sig, pub)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// submissionServiceKey returns the signing key kid of the Zustelldienst at
// submissionURL from its JWK set; the environment's own Zustelldienst
// shares the SET key cache.
func (c *Client) submissionServiceKey(ctx context.Context, submissionURL, kid string) (*rsa.PublicKey, error) {
	base := strings.TrimRight(submissionURL, "/")
	if base == strings.TrimRight(c.opts.Environment.SubmissionURL, "/") {
		return c.zustelldienstKey(ctx, kid)
	}
	ck := base + "#" + kid
	c.mu.Lock()
	k, ok := c.svcKeys[ck]
	c.mu.Unlock()
	if ok {
		return k, nil
	}
	// The JWK set is public: no bearer token goes to another host.
	var set jose.JSONWebKeySet
	if err := c.do(ctx, &request{method: "GET", url: base + "/.well-known/jwks.json", idempotent: true, noAuth: true}, &set); err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.svcKeys == nil {
		c.svcKeys = map[string]*rsa.PublicKey{}
	}
	for _, k := range set.Keys {
		if pub, ok := k.Key.(*rsa.PublicKey); ok && k.Algorithm == SignatureAlgorithm && pub.N.BitLen() >= 2048 {
			c.svcKeys[base+"#"+k.KeyID] = pub
		}
	}
	if k, ok := c.svcKeys[ck]; ok {
		return k, nil
	}
	return nil, fmt.Errorf("%w: kid %q not in the Zustelldienst key set", ErrUnknownKey, kid)
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
	return &Route{DestinationID: ds.DestinationID, DestinationName: name, SubmissionHost: ds.SubmissionHost, Parameters: params,
		Signature: signature, Signed: ds}, nil
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
