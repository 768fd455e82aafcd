package fitconnectrouter_test

import (
	"context"
	"crypto/rsa"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/antrag/antragtest"
	"github.com/ozg-baukasten/baukasten/ozg/antrag/fitconnectrouter"
)

// seed starts a fake whose Routing API reports the destinations of zs and
// returns it with a directory of the authorities' details. A
// responsibility without destination has no route: the Routing API knows
// destinations only.
func seed(t *testing.T, zs []antrag.Zustaendigkeit) (*fitconnecttest.Server, fitconnectrouter.MapDirectory) {
	t.Helper()
	srv, err := fitconnecttest.NewServer(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	dir := fitconnectrouter.MapDirectory{}
	for _, z := range zs {
		d := z.Destination
		if d == nil {
			continue
		}
		var schemas []fitconnect.SubmissionSchema
		for _, s := range d.SubmissionSchemas {
			schemas = append(schemas, fitconnect.SubmissionSchema{SchemaURI: s.SchemaURI, MIMEType: s.MimeType})
		}
		if err := srv.AddRoute(fitconnecttest.Route{DestinationID: d.ID, Name: d.Name, LeiKa: []string{z.Leistung.Schluessel.String()},
			ARS: []string{z.Gebiet.ARS.String()}, EncryptionKid: d.EncryptionKID, MetadataVersions: d.MetadataVersions,
			SubmissionSchemas: schemas}); err != nil {
			t.Fatal(err)
		}
		dir[d.ID] = fitconnectrouter.Details{Organisationseinheit: z.Organisationseinheit, Onlinedienst: z.Onlinedienst,
			LeistungName: z.Leistung.Name, GebietName: z.Gebiet.Name}
	}
	return srv, dir
}

func newRouter(t *testing.T, srv *fitconnecttest.Server, opts *fitconnectrouter.Options) *fitconnectrouter.Router {
	t.Helper()
	c, err := fitconnect.New(srv.SenderOptions())
	if err != nil {
		t.Fatal(err)
	}
	r, err := fitconnectrouter.New(c, opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestConformance(t *testing.T) {
	antragtest.TestRouter(t, func(t *testing.T, zs []antrag.Zustaendigkeit) antrag.Router {
		srv, dir := seed(t, zs)
		return newRouter(t, srv, &fitconnectrouter.Options{Directory: dir})
	})
}

// andernach routes the suite's most specific case.
func andernach(ctx context.Context, r antrag.Router) ([]antrag.Zustaendigkeit, error) {
	return r.Route(ctx, antragtest.Leistung, ozg.MustParseARS("071370003003"))
}

// TestRefusesUnverified checks that no route that fails a check comes
// back: one bad route fails the call with PermissionDenied.
func TestRefusesUnverified(t *testing.T) {
	srv, dir := seed(t, antragtest.Responsibilities())
	r := newRouter(t, srv, &fitconnectrouter.Options{Directory: dir})
	tests := []struct {
		name string
		mode fitconnecttest.RouteMode
		want error
	}{
		{"unsigned", fitconnecttest.RoutesUnsigned, fitconnect.ErrRouteUnsigned},
		{"forged", fitconnecttest.RoutesForged, fitconnect.ErrSignature},
		{"signed for another service", fitconnecttest.RoutesWrongService, fitconnect.ErrRouteMismatch},
		{"parameters unsigned", fitconnecttest.RoutesParametersUnsigned, fitconnectrouter.ErrParametersUnsigned},
		{"parameters forged", fitconnecttest.RoutesParametersForged, fitconnect.ErrSignature},
		{"parameters altered", fitconnecttest.RoutesParametersTampered, fitconnect.ErrSignature},
		{"submissionUrl on another host", fitconnecttest.RoutesParametersWrongHost, fitconnect.ErrRouteMismatch},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv.SetRouteMode(tc.mode)
			got, err := andernach(t.Context(), r)
			if got != nil || !errors.Is(err, tc.want) || ozg.CodeOf(err) != ozg.PermissionDenied {
				t.Fatalf("got %d responsibilities, %v (code %s); want PermissionDenied wrapping %v", len(got), err, ozg.CodeOf(err), tc.want)
			}
		})
	}
	srv.SetRouteMode(fitconnecttest.RoutesSigned)
	if _, err := andernach(t.Context(), r); err != nil {
		t.Fatalf("signed routes refused: %v", err)
	}
}

// TestAllowUnsignedParameters: the option admits routes without
// destinationParametersSignature, not routes without destinationSignature.
func TestAllowUnsignedParameters(t *testing.T) {
	srv, _ := seed(t, antragtest.Responsibilities())
	r := newRouter(t, srv, &fitconnectrouter.Options{AllowUnsignedParameters: true})
	srv.SetRouteMode(fitconnecttest.RoutesParametersUnsigned)
	got, err := andernach(t.Context(), r)
	if err != nil || len(got) != 2 {
		t.Fatalf("got %d, %v", len(got), err)
	}
	if d := got[0].Destination; d.ParametersSignature != "" || d.Signature == "" || d.SubmissionURL != srv.URL {
		t.Errorf("destination %+v", d)
	}
	for _, m := range []fitconnecttest.RouteMode{fitconnecttest.RoutesUnsigned, fitconnecttest.RoutesParametersForged} {
		srv.SetRouteMode(m)
		if _, err := andernach(t.Context(), r); ozg.CodeOf(err) != ozg.PermissionDenied {
			t.Errorf("mode %d with AllowUnsignedParameters: %v", m, err)
		}
	}
}

// TestDestination checks every field taken from the route, and that the
// signatures handed out are the ones that verify.
func TestDestination(t *testing.T) {
	data := antragtest.Responsibilities()
	srv, _ := seed(t, data)
	r := newRouter(t, srv, nil) // no directory: only what the Routing API says
	got, err := andernach(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d responsibilities, want 2", len(got))
	}
	for i, want := range []antrag.Zustaendigkeit{data[1], data[0]} {
		z, wd := got[i], want.Destination
		d := z.Destination
		if d.ID != wd.ID || d.Name != wd.Name || d.EncryptionKID != wd.EncryptionKID || d.SubmissionURL != srv.URL ||
			!slices.Equal(d.MetadataVersions, wd.MetadataVersions) || !slices.Equal(d.SubmissionSchemas, wd.SubmissionSchemas) {
			t.Errorf("%d: destination %+v, want %+v with submissionUrl %s", i, d, wd, srv.URL)
		}
		if z.Gebiet.ARS != want.Gebiet.ARS || z.Leistung.Schluessel != antragtest.Leistung {
			t.Errorf("%d: area %s service %s, want %s %s", i, z.Gebiet.ARS, z.Leistung.Schluessel, want.Gebiet.ARS, antragtest.Leistung)
		}
		// Without a directory the authority is what the route names.
		if z.Organisationseinheit.Name != wd.Name || z.Organisationseinheit.ID != "" || z.Onlinedienst != nil || z.Gebiet.Name != "" {
			t.Errorf("%d: details without directory: %+v %+v %+v", i, z.Organisationseinheit, z.Onlinedienst, z.Gebiet)
		}
		// The destinationSignature returned verifies with the portal key
		// and covers the query.
		rt, err := fitconnect.VerifyRoute(d.ID, d.Signature, &fitconnect.RouteQuery{LeiKa: antragtest.Leistung, ARS: ozg.MustParseARS("071370003003")},
			func(string) (*rsa.PublicKey, error) { return &srv.Keys.Portal.PublicKey, nil }, "", nil)
		if err != nil || rt.DestinationID != wd.ID {
			t.Errorf("%d: returned destinationSignature does not verify: %v", i, err)
		}
		// The destinationParametersSignature is the detached JWS.
		if p := strings.Split(d.ParametersSignature, "."); len(p) != 3 || p[0] == "" || p[1] != "" || p[2] == "" {
			t.Errorf("%d: destinationParametersSignature %q is not a detached JWS", i, d.ParametersSignature)
		}
	}
}

func TestErrors(t *testing.T) {
	ctx := t.Context()
	t.Run("NotFound404", func(t *testing.T) {
		srv, dir := seed(t, antragtest.Responsibilities())
		r := newRouter(t, srv, &fitconnectrouter.Options{Directory: dir})
		srv.FailNext(1, http.StatusNotFound, "")
		if _, err := andernach(ctx, r); !errors.Is(err, ozg.ErrNotFound) {
			t.Errorf("got %v, want NotFound", err)
		}
	})
	t.Run("Unavailable503", func(t *testing.T) {
		srv, dir := seed(t, antragtest.Responsibilities())
		r := newRouter(t, srv, &fitconnectrouter.Options{Directory: dir})
		srv.FailNext(4, http.StatusServiceUnavailable, "")
		if _, err := andernach(ctx, r); !errors.Is(err, ozg.ErrUnavailable) {
			t.Errorf("got %v, want Unavailable", err)
		}
		// The client retries: three failures, then the answer.
		srv.FailNext(3, http.StatusServiceUnavailable, "")
		if got, err := andernach(ctx, r); err != nil || len(got) != 2 {
			t.Errorf("after retries: %d, %v", len(got), err)
		}
	})
	t.Run("UnavailableNetwork", func(t *testing.T) {
		srv, dir := seed(t, antragtest.Responsibilities())
		r := newRouter(t, srv, &fitconnectrouter.Options{Directory: dir})
		srv.Close()
		if _, err := andernach(ctx, r); !errors.Is(err, ozg.ErrUnavailable) {
			t.Errorf("got %v, want Unavailable", err)
		}
	})
	t.Run("DeadlineExceeded", func(t *testing.T) {
		srv, dir := seed(t, antragtest.Responsibilities())
		r := newRouter(t, srv, &fitconnectrouter.Options{Directory: dir})
		c, cancel := context.WithTimeout(ctx, -time.Second)
		defer cancel()
		if _, err := andernach(c, r); !errors.Is(err, ozg.ErrDeadlineExceeded) {
			t.Errorf("got %v, want DeadlineExceeded", err)
		}
	})
	t.Run("Directory", func(t *testing.T) {
		srv, _ := seed(t, antragtest.Responsibilities())
		broken := errors.New("directory down")
		r := newRouter(t, srv, &fitconnectrouter.Options{Directory: failing{&ozg.Error{Code: ozg.Unavailable, Op: "pvog", Err: broken}}})
		if _, err := andernach(ctx, r); !errors.Is(err, broken) || ozg.CodeOf(err) != ozg.Unavailable {
			t.Errorf("got %v (%s), want the directory's Unavailable", err, ozg.CodeOf(err))
		}
	})
	t.Run("NilClient", func(t *testing.T) {
		if _, err := fitconnectrouter.New(nil, nil); ozg.CodeOf(err) != ozg.InvalidArgument {
			t.Errorf("New(nil) = %v", err)
		}
	})
}

type failing struct{ err error }

func (f failing) Details(context.Context, string, ozg.Leistungsschluessel, ozg.ARS) (*fitconnectrouter.Details, error) {
	return nil, f.err
}

// TestDirectoryCannotOverrideSigned: directory data fill the authority's
// details but never the destination, service key or area.
func TestDirectoryCannotOverrideSigned(t *testing.T) {
	data := antragtest.Responsibilities()
	srv, dir := seed(t, data)
	d := dir[data[1].Destination.ID]
	d.Organisationseinheit.Name = ""
	dir[data[1].Destination.ID] = d
	r := newRouter(t, srv, &fitconnectrouter.Options{Directory: dir})
	got, err := andernach(t.Context(), r)
	if err != nil {
		t.Fatal(err)
	}
	z := got[0]
	if z.Organisationseinheit.ID != "oe-andernach" || z.Organisationseinheit.Name != data[1].Destination.Name ||
		z.Gebiet.Name != "Andernach" || z.Leistung.Name != "Hundesteuer Anmeldung" {
		t.Errorf("got %+v", z)
	}
}
