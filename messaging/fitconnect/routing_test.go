package fitconnect_test

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
)

func newServer(t *testing.T, opts *fitconnecttest.Options) *fitconnecttest.Server {
	t.Helper()
	srv, err := fitconnecttest.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func newClient(t *testing.T, o *fitconnect.Options) *fitconnect.Client {
	t.Helper()
	c, err := fitconnect.New(o)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRoutes(t *testing.T) {
	srv := newServer(t, nil)
	c := newClient(t, srv.SenderOptions())
	ctx := context.Background()
	q := &fitconnect.RouteQuery{LeiKa: ozg.MustParseLeistungsschluessel(fitconnecttest.DefaultLeiKa), ARS: ozg.MustParseARS(fitconnecttest.DefaultARS)}
	routes, err := c.Routes(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(routes) != 1 || routes[0].DestinationID != fitconnecttest.DefaultDestination || routes[0].DestinationName != "Testbehörde" {
		t.Fatalf("got %+v", routes)
	}
	rt := routes[0]
	if !rt.ParametersVerified || rt.ParametersSignature == "" || rt.Signature == "" {
		t.Errorf("ParametersVerified %v, ParametersSignature %q, Signature %q", rt.ParametersVerified, rt.ParametersSignature, rt.Signature)
	}
	if p := rt.Params; p == nil || p.SubmissionURL != srv.URL || p.EncryptionKid != srv.Keys.EncryptionKid || p.Status != "active" ||
		len(p.SubmissionSchemas) != 1 || p.SubmissionSchemas[0].SchemaURI != fitconnecttest.DefaultSchemaURI {
		t.Errorf("Params = %+v", rt.Params)
	}
	// Parameters are the verified canonical bytes: sorted, compact.
	if canon, err := fitconnect.CanonicalJSON(rt.Parameters); err != nil || string(canon) != string(rt.Parameters) ||
		!strings.HasPrefix(string(rt.Parameters), `{"encryptionKid":`) {
		t.Errorf("Parameters not canonical: %s (%v)", rt.Parameters, err)
	}
	tests := []struct {
		mode fitconnecttest.RouteMode
		want error
	}{
		{fitconnecttest.RoutesUnsigned, fitconnect.ErrRouteUnsigned},
		{fitconnecttest.RoutesWrongService, fitconnect.ErrRouteMismatch},
		{fitconnecttest.RoutesForged, fitconnect.ErrSignature},
		{fitconnecttest.RoutesParametersForged, fitconnect.ErrSignature},
		{fitconnecttest.RoutesParametersTampered, fitconnect.ErrSignature},
		{fitconnecttest.RoutesParametersWrongHost, fitconnect.ErrRouteMismatch},
	}
	for _, tc := range tests {
		srv.SetRouteMode(tc.mode)
		routes, err := c.Routes(ctx, q)
		if !errors.Is(err, tc.want) || routes != nil {
			t.Errorf("mode %d: got %v (%d routes), want %v", tc.mode, err, len(routes), tc.want)
		}
	}
	// Without destinationParametersSignature the route comes back, marked
	// unverified, for the caller to decide.
	srv.SetRouteMode(fitconnecttest.RoutesParametersUnsigned)
	if routes, err := c.Routes(ctx, q); err != nil || len(routes) != 1 || routes[0].ParametersVerified || routes[0].Params == nil {
		t.Errorf("parameters unsigned: %v, %+v", err, routes)
	}
	srv.SetRouteMode(fitconnecttest.RoutesSigned)
	// Exactly one of ARS, AGS, areaId.
	for _, bad := range []*fitconnect.RouteQuery{
		{LeiKa: q.LeiKa},
		{LeiKa: q.LeiKa, ARS: q.ARS, AreaID: "1"},
		{ARS: q.ARS},
	} {
		if _, err := c.Routes(ctx, bad); err == nil {
			t.Errorf("Routes(%+v): no error", bad)
		}
	}
	if routes, err := c.Routes(ctx, &fitconnect.RouteQuery{LeiKa: q.LeiKa, AreaID: "4711"}); err != nil || len(routes) != 1 {
		t.Errorf("by areaId: %v, %d routes", err, len(routes))
	}
}

func TestVerifyRouteMismatch(t *testing.T) {
	k := keys(t)
	sg := &fitconnect.Signer{Key: k.Portal, KeyID: "p"}
	leika := ozg.MustParseLeistungsschluessel("99400048079000")
	ars := ozg.MustParseARS("091620000000")
	sign := func(ds fitconnect.DestinationSignature) string {
		b, _ := json.Marshal(ds)
		s, _ := sg.SignJWS(b, "")
		return s
	}
	key := func(kid string) (*rsa.PublicKey, error) {
		if kid != "p" {
			return nil, fitconnect.ErrUnknownKey
		}
		return &k.Portal.PublicKey, nil
	}
	svc := []fitconnect.SignedService{{GebietIDs: []string{fitconnect.GebietARSPrefix + "091620000000"}, LeistungIDs: []string{leika.URN()}}}
	q := &fitconnect.RouteQuery{LeiKa: leika, ARS: ars}
	tests := []struct {
		name string
		dest string
		sig  string
		q    *fitconnect.RouteQuery
		want error
	}{
		{"ok", destID, sign(fitconnect.DestinationSignature{DestinationID: destID, Services: svc}), q, nil},
		{"Kreis covers its Gemeinde", destID, sign(fitconnect.DestinationSignature{DestinationID: destID,
			Services: []fitconnect.SignedService{{GebietIDs: []string{fitconnect.GebietARSPrefix + "09162"}, LeistungIDs: []string{leika.URN()}}}}), q, nil},
		{"unsigned", destID, "", q, fitconnect.ErrRouteUnsigned},
		{"other destination", destID, sign(fitconnect.DestinationSignature{DestinationID: subID, Services: svc}), q, fitconnect.ErrRouteMismatch},
		{"other area", destID, sign(fitconnect.DestinationSignature{DestinationID: destID, Services: svc}),
			&fitconnect.RouteQuery{LeiKa: leika, ARS: ozg.MustParseARS("091630000000")}, fitconnect.ErrRouteMismatch},
		{"service and area in different entries", destID, sign(fitconnect.DestinationSignature{DestinationID: destID,
			Services: []fitconnect.SignedService{{GebietIDs: svc[0].GebietIDs}, {LeistungIDs: svc[0].LeistungIDs}}}), q, fitconnect.ErrRouteMismatch},
		{"unknown kid", destID, func() string {
			b, _ := json.Marshal(fitconnect.DestinationSignature{DestinationID: destID, Services: svc})
			s, _ := (&fitconnect.Signer{Key: k.Portal, KeyID: "x"}).SignJWS(b, "")
			return s
		}(), q, fitconnect.ErrUnknownKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := fitconnect.VerifyRoute(tc.dest, tc.sig, tc.q, key, "", nil)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (r != nil) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestAddRoute checks the seeded routes of the fake: a Kreis covers its
// Gemeinden, each route is signed for its own destination, and the answer
// holds every destination responsible.
func TestAddRoute(t *testing.T) {
	srv := newServer(t, nil)
	leika := "99102013104000"
	for _, r := range []fitconnecttest.Route{
		{DestinationID: destID, Name: "Kreis", LeiKa: []string{leika}, ARS: []string{"07137"}},
		{DestinationID: subID, Name: "Gemeinde", LeiKa: []string{leika}, ARS: []string{"071370003003"}, EncryptionKid: "kid-g"},
	} {
		if err := srv.AddRoute(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.AddRoute(fitconnecttest.Route{DestinationID: destID, LeiKa: []string{leika}, ARS: []string{"7"}}); err == nil {
		t.Error("AddRoute accepted a bad ARS")
	}
	c := newClient(t, srv.SenderOptions())
	tests := []struct {
		ars  string
		want []string
	}{
		{"071370003003", []string{"Kreis", "Gemeinde"}},
		{"071370001001", []string{"Kreis"}},
		{"07137", []string{"Kreis"}},
		{"07", nil},
		{"07138", nil},
	}
	for _, tc := range tests {
		routes, err := c.Routes(context.Background(), &fitconnect.RouteQuery{LeiKa: ozg.MustParseLeistungsschluessel(leika), ARS: ozg.MustParseARS(tc.ars)})
		if err != nil {
			t.Fatalf("%s: %v", tc.ars, err)
		}
		var got []string
		for _, r := range routes {
			got = append(got, r.DestinationName)
			if !r.ParametersVerified {
				t.Errorf("%s: %s: parameters not verified", tc.ars, r.DestinationName)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: got %v, want %v", tc.ars, got, tc.want)
		}
	}
}

func TestVerifyDestinationParameters(t *testing.T) {
	k := keys(t)
	params := []byte(`{"submissionUrl":"https://zd.example","encryptionKid":"k1","metadataVersions":["1.0.0"]}`)
	canon := `{"encryptionKid":"k1","metadataVersions":["1.0.0"],"submissionUrl":"https://zd.example"}`
	detached := func(key *rsa.PrivateKey, kid, payload string) string {
		s, err := (&fitconnect.Signer{Key: key, KeyID: kid}).SignJWS([]byte(payload), "")
		if err != nil {
			t.Fatal(err)
		}
		p := strings.Split(s, ".")
		return p[0] + ".." + p[2]
	}
	good := detached(k.Zustelldienst, "zd", canon)
	attached := func() string {
		s, _ := (&fitconnect.Signer{Key: k.Zustelldienst, KeyID: "zd"}).SignJWS([]byte(canon), "")
		return s
	}()
	key := func(kid string) (*rsa.PublicKey, error) {
		if kid != "zd" {
			return nil, fmt.Errorf("%w: %s", fitconnect.ErrUnknownKey, kid)
		}
		return &k.Zustelldienst.PublicKey, nil
	}
	tests := []struct {
		name   string
		params string
		sig    string
		want   error
	}{
		{"ok", string(params), good, nil},
		{"whitespace and order do not matter", "{\n  \"metadataVersions\" : [ \"1.0.0\" ],\r\n\t\"submissionUrl\":\"https://zd.example\", \"encryptionKid\": \"k1\"\n}", good, nil},
		{"value changed", strings.Replace(string(params), "k1", "k2", 1), good, fitconnect.ErrSignature},
		{"member added", strings.Replace(string(params), "{", `{"status":"active",`, 1), good, fitconnect.ErrSignature},
		{"signed by another key", string(params), detached(k.Other, "zd", canon), fitconnect.ErrSignature},
		{"signed over the non-canonical form", string(params), detached(k.Zustelldienst, "zd", string(params)), fitconnect.ErrSignature},
		{"unknown kid", string(params), detached(k.Zustelldienst, "x", canon), fitconnect.ErrUnknownKey},
		{"not detached", string(params), attached, fitconnect.ErrMalformedJWS},
		{"empty", string(params), "", fitconnect.ErrMalformedJWS},
		{"two parts", string(params), "a.b", fitconnect.ErrMalformedJWS},
		{"alg none", string(params), header(map[string]any{"alg": "none", "kid": "zd"}) + "..", fitconnect.ErrAlgorithmNotAllowed},
		{"duplicate member", `{"encryptionKid":"k1","encryptionKid":"k2"}`, good, fitconnect.ErrMalformedJWS},
		{"not JSON", `{"encryptionKid":`, good, fitconnect.ErrMalformedJWS},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fitconnect.VerifyDestinationParameters([]byte(tc.params), tc.sig, key)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if tc.want == nil && string(got) != canon {
				t.Errorf("verified bytes %s, want %s", got, canon)
			}
			if tc.want != nil && got != nil {
				t.Error("bytes returned with an error")
			}
		})
	}
}
