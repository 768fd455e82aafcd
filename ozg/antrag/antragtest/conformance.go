package antragtest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// Leistung is the LeiKa key the conformance suites use (Hundesteuer
// Anmeldung).
var Leistung = ozg.MustParseLeistungsschluessel("99102013104000")

// Responsibilities returns the data TestRouter seeds a router with: the
// dog-tax registration in the Kreis Mayen-Koblenz (07137) handled by the
// Kreis, with a more specific responsibility for the Gemeinde Andernach
// (071370003003), and a Kreis-level one for another service.
func Responsibilities() []antrag.Zustaendigkeit {
	dest := func(id string) *antrag.Destination {
		return &antrag.Destination{ID: id, Name: "Steueramt " + id, Signature: "eyJhbGciOiJQUzUxMiJ9.e30.sig-" + id,
			SubmissionURL: "https://submission-api.example/", EncryptionKID: "kid-" + id, MetadataVersions: []string{"1.0.0"},
			SubmissionSchemas: []antrag.SubmissionSchema{{SchemaURI: "https://schema.fitko.de/fim/s99000001_1.0.schema.json", MimeType: "application/json"}}}
	}
	other := ozg.MustParseLeistungsschluessel("99102013105000")
	return []antrag.Zustaendigkeit{
		{
			Leistung:             antrag.Leistung{Schluessel: Leistung, Name: "Hundesteuer Anmeldung"},
			Organisationseinheit: antrag.Organisationseinheit{ID: "oe-kreis", Name: "Kreisverwaltung Mayen-Koblenz", Email: "steuer@kreis.example", Address: ozg.Address{City: "Koblenz", PostalCode: "56068", Country: "DE"}},
			Gebiet:               antrag.Gebiet{ARS: ozg.MustParseARS("07137"), Name: "Mayen-Koblenz"},
			Onlinedienst:         &antrag.Onlinedienst{Name: "Hundesteuer online", URL: "https://dienst.example/hund"},
			Destination:          dest("11111111-1111-4111-8111-111111111111"),
		},
		{
			Leistung:             antrag.Leistung{Schluessel: Leistung, Name: "Hundesteuer Anmeldung"},
			Organisationseinheit: antrag.Organisationseinheit{ID: "oe-andernach", Name: "Stadtverwaltung Andernach"},
			Gebiet:               antrag.Gebiet{ARS: ozg.MustParseARS("071370003003"), Name: "Andernach"},
			Destination:          dest("22222222-2222-4222-8222-222222222222"),
		},
		{
			Leistung:             antrag.Leistung{Schluessel: other, Name: "Hundesteuer Abmeldung"},
			Organisationseinheit: antrag.Organisationseinheit{ID: "oe-kreis", Name: "Kreisverwaltung Mayen-Koblenz"},
			Gebiet:               antrag.Gebiet{ARS: ozg.MustParseARS("07137")},
		},
	}
}

// RouterHarness makes a fresh Router whose backend holds exactly the given
// responsibilities. For the in-memory fake that is NewRouter; for the
// FIT-Connect adapter it is the adapter pointed at an httptest fake of the
// Routing API seeded with them (signed with the fake's key).
type RouterHarness func(t *testing.T, zs []antrag.Zustaendigkeit) antrag.Router

// TestRouter is the conformance suite every antrag.Router passes.
func TestRouter(t *testing.T, h RouterHarness) {
	ctx := context.Background()
	data := Responsibilities()
	t.Run("MostSpecificFirst", func(t *testing.T) {
		r := h(t, data)
		got, err := r.Route(ctx, Leistung, ozg.MustParseARS("071370003003"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Organisationseinheit.ID != "oe-andernach" || got[1].Organisationseinheit.ID != "oe-kreis" {
			t.Fatalf("got %v, want Andernach then the Kreis", ids(got))
		}
	})
	t.Run("AreaContainment", func(t *testing.T) {
		r := h(t, data)
		got, err := r.Route(ctx, Leistung, ozg.MustParseARS("071370001001"))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].Organisationseinheit.ID != "oe-kreis" {
			t.Fatalf("got %v, want the Kreis only", ids(got))
		}
	})
	t.Run("DetailsKept", func(t *testing.T) {
		r := h(t, data)
		got, err := r.Route(ctx, Leistung, ozg.MustParseARS("07137"))
		if err != nil {
			t.Fatal(err)
		}
		want := data[0]
		z := got[0]
		// The signature must be there as a compact JWS; a backend that signs
		// (the FIT-Connect routing directory) reports its own, not the one
		// seeded here.
		if z.Organisationseinheit.Name != want.Organisationseinheit.Name || z.Organisationseinheit.Email != want.Organisationseinheit.Email ||
			z.Gebiet.ARS != want.Gebiet.ARS || z.Leistung.Schluessel != Leistung || z.Destination == nil ||
			z.Destination.ID != want.Destination.ID || strings.Count(z.Destination.Signature, ".") != 2 ||
			z.Destination.EncryptionKID != want.Destination.EncryptionKID || !z.Destination.Accepts("https://schema.fitko.de/fim/s99000001_1.0.schema.json") {
			t.Fatalf("got %+v, want %+v", z, want)
		}
		if z.Onlinedienst == nil || z.Onlinedienst.URL != want.Onlinedienst.URL {
			t.Errorf("Onlinedienst %+v", z.Onlinedienst)
		}
		// The caller's copy is its own.
		z.Destination.ID = "changed"
		again, _ := r.Route(ctx, Leistung, ozg.MustParseARS("07137"))
		if again[0].Destination.ID != want.Destination.ID {
			t.Error("Route returns shared memory")
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		r := h(t, data)
		for _, c := range []struct {
			l ozg.Leistungsschluessel
			a string
		}{{Leistung, "07138"}, {Leistung, "09"}, {ozg.MustParseLeistungsschluessel("99102013106000"), "071370003003"}} {
			_, err := r.Route(ctx, c.l, ozg.MustParseARS(c.a))
			if !errors.Is(err, ozg.ErrNotFound) {
				t.Errorf("Route(%s, %s) = %v, want NotFound", c.l, c.a, err)
			}
		}
	})
	t.Run("InvalidArgument", func(t *testing.T) {
		r := h(t, data)
		if _, err := r.Route(ctx, ozg.Leistungsschluessel{}, ozg.MustParseARS("07137")); ozg.CodeOf(err) != ozg.InvalidArgument {
			t.Errorf("zero key: %v", err)
		}
		if _, err := r.Route(ctx, Leistung, ozg.ARS{}); ozg.CodeOf(err) != ozg.InvalidArgument {
			t.Errorf("zero area: %v", err)
		}
	})
	t.Run("Canceled", func(t *testing.T) {
		r := h(t, data)
		c, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := r.Route(c, Leistung, ozg.MustParseARS("07137")); err == nil {
			t.Error("canceled context: no error")
		}
	})
	t.Run("Concurrent", func(t *testing.T) {
		r := h(t, data)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Go(func() {
				got, err := r.Route(ctx, Leistung, ozg.MustParseARS("071370003003"))
				if err == nil && len(got) != 2 {
					err = fmt.Errorf("got %d results", len(got))
				}
				if err != nil {
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

func ids(zs []antrag.Zustaendigkeit) []string {
	out := make([]string, len(zs))
	for i, z := range zs {
		out[i] = z.Organisationseinheit.ID
	}
	return out
}

// StoreHarness makes a fresh, empty Store.
type StoreHarness func(t *testing.T) antrag.Store

// TestStore is the conformance suite every antrag.Store passes.
func TestStore(t *testing.T, h StoreHarness) {
	ctx := context.Background()
	newA := func(id string) *antrag.Antrag {
		return &antrag.Antrag{ID: id, Leistung: Leistung, Gebiet: ozg.MustParseARS("07137"), State: antrag.Draft,
			Data: []byte(`{"F99000008":1}`), History: []antrag.Transition{{To: antrag.Draft, Action: antrag.ActionCreate}}}
	}
	t.Run("CreateGetUpdate", func(t *testing.T) {
		s := h(t)
		a := newA("a1")
		if err := s.Create(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.Revision != 1 {
			t.Errorf("revision after Create = %d, want 1", a.Revision)
		}
		got, err := s.Get(ctx, "a1")
		if err != nil {
			t.Fatal(err)
		}
		if got.Leistung != Leistung || string(got.Data) != `{"F99000008":1}` || got.Revision != 1 || len(got.History) != 1 {
			t.Fatalf("Get = %+v", got)
		}
		got.State = antrag.Reviewed
		if err := s.Update(ctx, got); err != nil {
			t.Fatal(err)
		}
		again, _ := s.Get(ctx, "a1")
		if again.State != antrag.Reviewed || again.Revision != 2 || got.Revision != 2 {
			t.Errorf("after Update: state %s revision %d/%d", again.State, again.Revision, got.Revision)
		}
	})
	t.Run("Errors", func(t *testing.T) {
		s := h(t)
		if _, err := s.Get(ctx, "nope"); !errors.Is(err, ozg.ErrNotFound) {
			t.Errorf("Get unknown: %v", err)
		}
		if err := s.Update(ctx, newA("nope")); !errors.Is(err, ozg.ErrNotFound) {
			t.Errorf("Update unknown: %v", err)
		}
		if err := s.Create(ctx, newA("a")); err != nil {
			t.Fatal(err)
		}
		if err := s.Create(ctx, newA("a")); !errors.Is(err, ozg.ErrAlreadyExists) {
			t.Errorf("Create twice: %v", err)
		}
		stale := newA("a")
		stale.Revision = 7
		if err := s.Update(ctx, stale); !errors.Is(err, ozg.ErrFailedPrecondition) {
			t.Errorf("stale Update: %v", err)
		}
	})
	t.Run("Isolation", func(t *testing.T) {
		s := h(t)
		a := newA("iso")
		if err := s.Create(ctx, a); err != nil {
			t.Fatal(err)
		}
		a.Data[2] = 'X'
		a.History[0].To = antrag.Decided
		got, _ := s.Get(ctx, "iso")
		got.Data[3] = 'Y'
		got2, _ := s.Get(ctx, "iso")
		if string(got2.Data) != `{"F99000008":1}` || got2.History[0].To != antrag.Draft {
			t.Errorf("stored application changed through a pointer: %s %s", got2.Data, got2.History[0].To)
		}
	})
	t.Run("ConcurrentUpdatesOneWins", func(t *testing.T) {
		s := h(t)
		if err := s.Create(ctx, newA("c")); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		wins := 0
		for range 8 {
			a, err := s.Get(ctx, "c")
			if err != nil {
				t.Fatal(err)
			}
			wg.Go(func() {
				if s.Update(ctx, a) == nil {
					mu.Lock()
					wins++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if wins != 1 {
			t.Errorf("%d concurrent updates of the same revision succeeded, want 1", wins)
		}
	})
	t.Run("Canceled", func(t *testing.T) {
		s := h(t)
		c, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Get(c, "x"); err == nil || errors.Is(err, ozg.ErrNotFound) {
			t.Errorf("canceled Get: %v", err)
		}
	})
}
