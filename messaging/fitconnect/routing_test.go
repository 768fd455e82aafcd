package fitconnect_test

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
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
	tests := []struct {
		mode fitconnecttest.RouteMode
		want error
	}{
		{fitconnecttest.RoutesUnsigned, fitconnect.ErrRouteUnsigned},
		{fitconnecttest.RoutesWrongService, fitconnect.ErrRouteMismatch},
		{fitconnecttest.RoutesForged, fitconnect.ErrSignature},
	}
	for _, tc := range tests {
		srv.SetRouteMode(tc.mode)
		routes, err := c.Routes(ctx, q)
		if !errors.Is(err, tc.want) || routes != nil {
			t.Errorf("mode %d: got %v (%d routes), want %v", tc.mode, err, len(routes), tc.want)
		}
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
