package zufi_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

func fake(t *testing.T, opts *zufitest.Options) *zufitest.Server {
	t.Helper()
	var docs [][]byte
	for _, name := range testFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	s, err := zufitest.New(docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// recSleep records the waits instead of sleeping.
type recSleep struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (r *recSleep) sleep(ctx context.Context, d time.Duration) error {
	r.mu.Lock()
	r.waits = append(r.waits, d)
	r.mu.Unlock()
	return ctx.Err()
}

type staticToken string

func (s staticToken) Token(context.Context) (string, error) { return string(s), nil }

func client(t *testing.T, s *zufitest.Server, opts *zufi.ClientOptions) *zufi.Client {
	t.Helper()
	if opts == nil {
		opts = &zufi.ClientOptions{}
	}
	opts.HTTPClient = s.Client()
	c, err := zufi.NewClient(s.URL, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClientOrtePaging(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	ctx := context.Background()
	// 56220 is shared by five Gemeinden of the VG Weißenthurm: three pages of two.
	orte, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56220"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, o := range orte {
		names = append(names, o.Name)
		if !strings.HasPrefix(o.ARS.String(), "071375008") {
			t.Errorf("%s has ARS %s", o.Name, o.ARS)
		}
	}
	want := []string{"Bassenheim", "Kaltenengers", "Kettig", "Sankt Sebastian", "Urmitz"}
	if !slices.Equal(names, want) {
		t.Errorf("got %v, want %v", names, want)
	}
	if n := len(s.Requests()); n != 3 {
		t.Errorf("%d requests, want 3 pages", n)
	}
	orte, err = c.Orte(ctx, zufi.OrtQuery{Name: "Andernach"})
	if err != nil || len(orte) != 1 || orte[0].ARS.String() != "071370003003" {
		t.Errorf("by name: %v %v", orte, err)
	}
	if _, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "5622"}); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("bad postcode: %v", err)
	}
}

// TestClientPortalQuestions: postcode → ARS → responsible unit, online
// service, service detail; the fake walks up the hierarchy like the PVOG.
func TestClientPortalQuestions(t *testing.T) {
	s := fake(t, &zufitest.Options{Token: "t0k3n"})
	c := client(t, s, &zufi.ClientOptions{Token: staticToken("t0k3n")})
	ctx := context.Background()
	orte, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"}) // Kruft
	if err != nil || len(orte) != 1 {
		t.Fatalf("%v %v", orte, err)
	}
	oes, err := c.Organisationseinheiten(ctx, hundesteuer, orte[0].ARS)
	if err != nil || len(oes) != 1 || oes[0].ID != "OE-VG-PELLENZ-FIN" || oes[0].Gebiet.String() != "071375001" || oes[0].Email != "steuern@vg-pellenz.example" {
		t.Fatalf("oes %+v %v", oes, err)
	}
	ls, err := c.Leistungen(ctx, hundesteuer, orte[0].ARS)
	if err != nil || len(ls) != 1 || ls[0].Name != "Hund zur Hundesteuer anmelden" || ls[0].OnlinedienstLinks[0] != "https://hundesteuer.example/rlp/start" || ls[0].Vertrauensniveau != ozg.NiveauSubstanziell {
		t.Fatalf("leistungen %+v %v", ls, err)
	}
	ods, err := c.Onlinedienste(ctx, hundesteuer, orte[0].ARS)
	if err != nil || len(ods) != 1 || ods[0].URL != "https://hundesteuer.example/rlp/start" {
		t.Fatalf("onlinedienste %+v %v", ods, err)
	}
	l, err := c.Leistung(ctx, ls[0].ID, orte[0].ARS)
	if err != nil {
		t.Fatal(err)
	}
	if k := l.Kosten[1]; k.BetragBis.StringFixed(2) != "900.00" || len(l.Dokumente) != 2 {
		t.Errorf("detail %+v", l)
	}
	if _, err := c.Leistung(ctx, "gibt-es-nicht", orte[0].ARS); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	// Without the token: Unauthenticated.
	anon := client(t, s, nil)
	if _, err := anon.Orte(ctx, zufi.OrtQuery{PLZ: "56642"}); !errors.Is(err, ozg.ErrUnauthenticated) {
		t.Errorf("no token: %v", err)
	}
}

func TestClientVerwaltungsobjekte(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	msgs, err := c.Verwaltungsobjekte(context.Background(), ozg.MustParseARS("07137"))
	if err != nil || len(msgs) != len(testFiles) {
		t.Fatalf("%d messages, %v", len(msgs), err)
	}
	d := zufi.NewDirectory(msgs...)
	got, err := d.Zustaendig(hundesteuer, ozg.MustParseARS("071375008216"))
	if err != nil || got[0].Organisationseinheit.ID.Value != "OE-MUELHEIM-KAERLICH" {
		t.Errorf("%v %v", got, err)
	}
	reqs := s.Requests()
	if reqs[0] != "/bereitstelldienst/api/v2/verwaltungsobjekte?ars=07137&index=0" || !strings.Contains(reqs[2], "index=2") {
		t.Errorf("requests %v", reqs)
	}
}

// TestClientRetryAfter: 429 answers are retried after the server's
// Retry-After (seconds and HTTP date); too long a wait or too many 429s
// give Unavailable with the HTTPError.
func TestClientRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := fake(t, nil)
	rs := &recSleep{}
	var logBuf bytes.Buffer
	c := client(t, s, &zufi.ClientOptions{Sleep: rs.sleep, Now: func() time.Time { return now },
		Logger: slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx := context.Background()

	s.Throttle("7", now.Add(30*time.Second).Format(httpTime), "")
	orte, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"})
	if err != nil || len(orte) != 1 {
		t.Fatalf("%v %v", orte, err)
	}
	if want := []time.Duration{7 * time.Second, 30 * time.Second, 3 * time.Second}; !slices.Equal(rs.waits, want) {
		t.Errorf("waits %v, want %v", rs.waits, want)
	}
	if !strings.Contains(logBuf.String(), "status=429") || strings.Contains(logBuf.String(), "56642") {
		t.Errorf("log must show the status and no query values:\n%s", logBuf.String())
	}

	s.Throttle("3600")
	_, err = c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"})
	var he *zufi.HTTPError
	if !errors.Is(err, ozg.ErrUnavailable) || !errors.As(err, &he) || he.Status != 429 || he.RetryAfter != time.Hour {
		t.Errorf("long Retry-After: %v", err)
	}

	s.Throttle("1", "1", "1", "1")
	_, err = c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"})
	if !errors.Is(err, ozg.ErrUnavailable) {
		t.Errorf("four 429s with 3 retries: %v", err)
	}
}

const httpTime = "Mon, 02 Jan 2006 15:04:05 GMT"

func TestClientRateLimit(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	s := fake(t, nil)
	rs := &recSleep{}
	c := client(t, s, &zufi.ClientOptions{Sleep: rs.sleep, Now: func() time.Time { return now }, MinInterval: 500 * time.Millisecond})
	for range 3 {
		if _, err := c.Orte(context.Background(), zufi.OrtQuery{PLZ: "56642"}); err != nil {
			t.Fatal(err)
		}
	}
	// The clock stands still: each request waits one interval more.
	want := []time.Duration{0, 500 * time.Millisecond, time.Second}
	if !slices.Equal(rs.waits, want) {
		t.Errorf("waits %v, want %v", rs.waits, want)
	}
}

// TestClientMalformed: every kind of broken answer gives a clear error
// wrapping ErrMalformed that says what was wrong.
func TestClientMalformed(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name, path, body string
		call             func(c *zufi.Client) error
		contains         string
	}{
		{"not json", "/suchdienst/api/v1/orte", "<html>Wartung</html>",
			func(c *zufi.Client) error { _, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"}); return err }, "page 0"},
		{"wrong page", "/suchdienst/api/v1/orte", `{"items":[],"page":3,"totalPages":5}`,
			func(c *zufi.Client) error { _, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"}); return err }, "answered as page 3"},
		{"bad ars", "/suchdienst/api/v1/orte", `{"items":[{"ars":"07X","name":"x"}],"page":0,"totalPages":1}`,
			func(c *zufi.Client) error { _, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"}); return err }, "ARS"},
		{"missing ars", "/suchdienst/api/v1/orte", `{"items":[{"name":"x"}],"page":0,"totalPages":1}`,
			func(c *zufi.Client) error { _, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"}); return err }, "item 0: ars missing"},
		{"leistung without leika", "/suchdienst/api/v1/leistungen", `{"items":[{"id":"x"}],"page":0,"totalPages":1}`,
			func(c *zufi.Client) error {
				_, err := c.Leistungen(ctx, hundesteuer, ozg.MustParseARS("07137"))
				return err
			}, "id or leika missing"},
		{"detail not xzufi", "/suchdienst/api/v1/leistungen/L100007-4711", `<foo/>`,
			func(c *zufi.Client) error {
				_, err := c.Leistung(ctx, "L100007-4711", ozg.MustParseARS("07137"))
				return err
			}, "XZuFi"},
		{"bereitstelldienst fields", "/bereitstelldienst/api/v2/verwaltungsobjekte", `{"naechsterIndex":1}`,
			func(c *zufi.Client) error { _, err := c.Verwaltungsobjekte(ctx, ozg.MustParseARS("07137")); return err }, "vollstaendig missing"},
		{"bereitstelldienst loop", "/bereitstelldienst/api/v2/verwaltungsobjekte", `{"xzufiObjekte":"","vollstaendig":false,"naechsterIndex":0}`,
			func(c *zufi.Client) error { _, err := c.Verwaltungsobjekte(ctx, ozg.MustParseARS("07137")); return err }, "does not advance"},
	}
	for _, tc := range cases {
		s := fake(t, nil)
		s.Break(tc.path, tc.body)
		err := tc.call(client(t, s, nil))
		if !errors.Is(err, zufi.ErrMalformed) || !strings.Contains(err.Error(), tc.contains) {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
}

func TestClientContextAndStatus(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Orte(ctx, zufi.OrtQuery{PLZ: "56642"}); !errors.Is(err, ozg.ErrCanceled) {
		t.Errorf("canceled: %v", err)
	}
	paths := zufi.DefaultPaths()
	paths.Orte = "suchdienst/api/v9/orte"
	other := client(t, s, &zufi.ClientOptions{Paths: paths})
	if _, err := other.Orte(context.Background(), zufi.OrtQuery{PLZ: "56642"}); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("custom path: %v", err)
	}
	if r := s.Requests(); r[len(r)-1] != "/suchdienst/api/v9/orte?page=0&plz=56642" {
		t.Errorf("requested %s", r[len(r)-1])
	}
	if _, err := zufi.NewClient("ftp://x", nil); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("bad base: %v", err)
	}
}
