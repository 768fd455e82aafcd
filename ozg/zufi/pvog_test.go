package zufi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	_ "time/tzdata" // the Europe/Berlin oracle for validDate

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

var (
	waffenbesitzkarte = ozg.MustParseLeistungsschluessel("99089001001000")
	landesleistung    = ozg.MustParseLeistungsschluessel("99050012104000")
	kruft             = ozg.MustParseARS("071375001057") // Gemeinde in the VG Pellenz
	andernach         = ozg.MustParseARS("071370003003") // verbandsfreie Stadt
	muelheimKaerlich  = ozg.MustParseARS("071375008216")
	mainz             = ozg.MustParseARS("073150000000")
)

func readDocs(t testing.TB, files []string) [][]byte {
	t.Helper()
	var docs [][]byte
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	return docs
}

// fake serves all test documents.
func fake(t *testing.T, opts *zufitest.Options) *zufitest.Server {
	return fakeOf(t, testFiles, opts)
}

func fakeOf(t *testing.T, files []string, opts *zufitest.Options, extra ...string) *zufitest.Server {
	t.Helper()
	docs := readDocs(t, files)
	for _, e := range extra {
		docs = append(docs, []byte(e))
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

func (s staticToken) Token(context.Context) (string, error) {
	if s == "" {
		return "", errors.New("no token today")
	}
	return string(s), nil
}

var fixedNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func client(t *testing.T, s *zufitest.Server, opts *zufi.ClientOptions) *zufi.Client {
	t.Helper()
	if opts == nil {
		opts = &zufi.ClientOptions{}
	}
	opts.HTTPClient = s.Client()
	if opts.Now == nil {
		opts.Now = func() time.Time { return fixedNow }
	}
	c, err := zufi.NewClient(s.URL, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func query(t *testing.T, req string) (string, url.Values) {
	t.Helper()
	u, err := url.Parse(req)
	if err != nil {
		t.Fatal(err)
	}
	return u.Path, u.Query()
}

func TestClientOrte(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	cases := []struct {
		q         string
		want      []string // names
		arsPrefix string
	}{
		// 56220 is the seat postcode of five Gemeinden of the VG Weißenthurm (GV100AD).
		{"56220", []string{"Bassenheim", "Kaltenengers", "Kettig", "Sankt Sebastian", "Urmitz"}, "071375008"},
		{"56642", []string{"Kruft"}, "071375001"},
		{"Andernach", []string{"Andernach, Stadt"}, "071370003003"},
		{"  andern ", []string{"Andernach, Stadt"}, "071370003003"},
		{"Gibtsnicht", nil, ""},
	}
	for _, tc := range cases {
		orte, err := c.Orte(context.Background(), tc.q)
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		var names []string
		for _, o := range orte {
			names = append(names, o.Name)
			ags, _ := o.ARS.AGS()
			region, _ := ozg.LookupRegion(o.ARS)
			if !strings.HasPrefix(o.ARS.String(), tc.arsPrefix) || o.AGS != ags || o.PLZ != region.PLZ || o.ZipCodeCount != 1 || !json.Valid(o.Raw) {
				t.Errorf("%q: %+v", tc.q, o)
			}
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("%q: got %v, want %v", tc.q, names, tc.want)
		}
		path, q := query(t, s.Requests()[len(s.Requests())-1])
		if path != "/v2/locations" || q.Get("q") != strings.TrimSpace(tc.q) {
			t.Errorf("%q: requested %s %v", tc.q, path, q)
		}
	}
}

// TestClientOrtsvorschlaege: suggestions from the fake (objects) and, as
// the PVOG's shape is not known, string items; Raw keeps each item.
func TestClientOrtsvorschlaege(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	ctx := context.Background()
	got, err := c.Ortsvorschlaege(ctx, " Kruf ")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Text != "Kruft" || got[0].ARS != kruft || string(got[0].Raw) != `{"ars":"071375001057","name":"Kruft"}` {
		t.Errorf("got %+v", got)
	}
	if path, q := query(t, s.Requests()[0]); path != "/v2/locations/suggestions" || q.Get("q") != "Kruf" {
		t.Errorf("requested %s %v", path, q)
	}
	if got, err := c.Ortsvorschlaege(ctx, "Kru"); err != nil || len(got) != zufitest.MaxSuggestions {
		t.Errorf("Kru: %d suggestions, %v", len(got), err)
	}
	if got, err := c.Ortsvorschlaege(ctx, "Gibtsnicht"); err != nil || len(got) != 0 {
		t.Errorf("Gibtsnicht: %+v %v", got, err)
	}
	// Strings and objects with other or missing fields are taken as sent.
	s.Break("/v2/locations/suggestions", `["Kruft (56642)", {"label":"x","ars":null}, {"name":"Plaidt","ars":"071375001088","zip":"56637"}]`)
	got, err = c.Ortsvorschlaege(ctx, "Kr")
	if err != nil || len(got) != 3 {
		t.Fatalf("%+v %v", got, err)
	}
	if got[0].Text != "Kruft (56642)" || string(got[0].Raw) != `"Kruft (56642)"` || !got[0].ARS.IsZero() ||
		got[1].Text != "" || !got[1].ARS.IsZero() || string(got[1].Raw) != `{"label":"x","ars":null}` ||
		got[2].Text != "Plaidt" || got[2].ARS.String() != "071375001088" || !strings.Contains(string(got[2].Raw), `"zip":"56637"`) {
		t.Errorf("got %+v", got)
	}
}

// TestClientOrtDetails: the locations of a postcode, with limit.
func TestClientOrtDetails(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	ctx := context.Background()
	cases := []struct {
		plz   string
		limit int
		want  []string // name/ARS
		query string
	}{
		{"56642", 0, []string{"Kruft/071375001057"}, "plz=56642"},
		// 56220 is the seat postcode of five Gemeinden of the VG Weißenthurm (GV100AD).
		{"56220", 0, []string{"Bassenheim/071375008202", "Kaltenengers/071375008209", "Kettig/071375008211", "Sankt Sebastian/071375008222", "Urmitz/071375008225"}, "plz=56220"},
		{"56220", 2, []string{"Bassenheim/071375008202", "Kaltenengers/071375008209"}, "limit=2&plz=56220"},
		{"99999", 5, nil, "limit=5&plz=99999"},
	}
	for _, tc := range cases {
		got, err := c.OrtDetails(ctx, tc.plz, tc.limit)
		if err != nil {
			t.Fatalf("%s: %v", tc.plz, err)
		}
		var names []string
		for _, o := range got {
			names = append(names, o.Name+"/"+o.ARS.String())
			if o.PLZ != tc.plz || !json.Valid(o.Raw) {
				t.Errorf("%s: %+v", tc.plz, o)
			}
		}
		if !slices.Equal(names, tc.want) {
			t.Errorf("%s/%d: got %v, want %v", tc.plz, tc.limit, names, tc.want)
		}
		r := s.Requests()
		if last := r[len(r)-1]; last != "/v3/locations/details?"+tc.query {
			t.Errorf("%s: requested %s", tc.plz, last)
		}
	}
}

// TestClientSuchePaging: the v7 search follows the Spring paging over three
// pages of one item and stops at the last.
func TestClientSuchePaging(t *testing.T) {
	s := fake(t, &zufitest.Options{PageSize: 1})
	c := client(t, s, nil)
	got, err := c.Suche(context.Background(), kruft, "Hund Waffenbesitzkarte Landesleistung")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id, name string
		ars      []string
	}{
		{"L100007-4711", "Hund zur Hundesteuer anmelden", []string{"07137"}},
		{"L100007-0815", "Waffenbesitzkarte Erteilung", nil}, // its Kreis responsibility is deleted by the transfer page
		{"L100007-0816", "Landesleistung (Testdaten)", []string{"07"}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d items: %+v", len(got), got)
	}
	for i, w := range want {
		var ars []string
		for _, a := range got[i].ARS {
			ars = append(ars, a.String())
		}
		if got[i].ID != w.id || got[i].Name != w.name || !slices.Equal(ars, w.ars) || got[i].Bund {
			t.Errorf("item %d: %+v", i, got[i])
		}
	}
	reqs := s.Requests()
	if len(reqs) != 3 {
		t.Fatalf("requests %v", reqs)
	}
	for i, r := range reqs {
		path, q := query(t, r)
		if path != "/v7/servicedescriptions/071375001057" || q.Get("page") != string(rune('0'+i)) || q.Get("size") != "50" {
			t.Errorf("request %d: %s", i, r)
		}
	}
	// MaxPages caps the walk.
	capped := client(t, s, &zufi.ClientOptions{MaxPages: 2})
	if _, err := capped.Suche(context.Background(), kruft, "Hund Waffenbesitzkarte Landesleistung"); !errors.Is(err, zufi.ErrMalformed) || !strings.Contains(err.Error(), "more than 2 pages") {
		t.Errorf("MaxPages: %v", err)
	}
}

func TestClientLeistungen(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	cases := []struct {
		key  ozg.Leistungsschluessel
		area ozg.ARS
		want []string
	}{
		{hundesteuer, kruft, []string{"L100007-4711"}},
		{hundesteuer, mainz, nil}, // valid in the Kreis Mayen-Koblenz only
		{waffenbesitzkarte, mainz, []string{"L100007-0815"}},
		{landesleistung, ozg.MustParseARS("07"), []string{"L100007-0816"}},
	}
	for _, tc := range cases {
		got, err := c.Leistungen(context.Background(), tc.key, tc.area)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, l := range got {
			ids = append(ids, l.ID)
			if ld, ok := s.Directory().Leistung(l.ID); !ok || ld.Name() != l.Name {
				t.Errorf("%s: name %q", l.ID, l.Name)
			}
		}
		if !slices.Equal(ids, tc.want) {
			t.Errorf("%s in %s: %v, want %v", tc.key, tc.area, ids, tc.want)
		}
		path, q := query(t, s.Requests()[len(s.Requests())-1])
		if path != "/v3/servicedescriptions/leikaid" || q.Get("leikaIds") != tc.key.String() || q.Get("ars") != tc.area.String() ||
			q.Get("validDate") != "2026-03-01" || q.Get("page") != "0" {
			t.Errorf("requested %s %v", path, q)
		}
	}
}

// TestValidDate: the validDate sent is the date in Europe/Berlin, checked
// against the time-zone database.
func TestValidDate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	s := fake(t, nil)
	instants := []time.Time{
		time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC),
		time.Date(2026, 3, 31, 21, 59, 0, 0, time.UTC), // CEST: 23:59 on the 31st
		time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC),  // CEST: already April
		time.Date(2026, 3, 28, 23, 0, 0, 0, time.UTC),  // CET, the night before the switch: 00:00 on the 29th
		time.Date(2026, 10, 24, 22, 30, 0, 0, time.UTC),
		time.Date(2026, 10, 25, 22, 30, 0, 0, time.UTC), // CET again: 23:30
		time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC),
		time.Date(2027, 6, 30, 22, 0, 0, 0, time.FixedZone("X", -5*3600)),
	}
	for _, now := range instants {
		c := client(t, s, &zufi.ClientOptions{Now: func() time.Time { return now }})
		if _, err := c.Leistungen(context.Background(), hundesteuer, kruft); err != nil {
			t.Fatal(err)
		}
		_, q := query(t, s.Requests()[len(s.Requests())-1])
		if want := now.In(berlin).Format(time.DateOnly); q.Get("validDate") != want {
			t.Errorf("%s: validDate %s, want %s", now, q.Get("validDate"), want)
		}
	}
}

func TestClientLeistungDetail(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	cases := []struct {
		area     ozg.ARS
		sentARS  string
		contains string // a text module, as published
	}{
		{kruft, "071375001057", "<p>Wenn Sie einen Hund halten, müssen Sie ihn bei Ihrer Gemeinde zur Hundesteuer anmelden.</p>"},
		{andernach, "071370003003", "In Andernach melden Sie Ihren Hund beim Steueramt an."}, // the Spezialisierung
		{ozg.MustParseARS("07137"), "071370000000", "<p>Wenn Sie einen Hund halten"},
	}
	for _, tc := range cases {
		d, err := c.LeistungDetail(context.Background(), "L100007-4711", tc.area)
		if err != nil {
			t.Fatal(err)
		}
		found := slices.ContainsFunc(d.Details, func(m zufi.Detailtextmodul) bool { return strings.Contains(m.Text, tc.contains) })
		if d.Name != "Hund zur Hundesteuer anmelden" || d.ID != "L100007-4711" || !found || !json.Valid(d.Raw) {
			t.Errorf("%s: %+v", tc.area, d)
		}
		path, q := query(t, s.Requests()[len(s.Requests())-1])
		if path != "/v6/servicedescriptions/L100007-4711/detail" || q.Get("ars") != tc.sentARS || q.Get("validDate") != "2026-03-01" {
			t.Errorf("requested %s %v", path, q)
		}
	}
	if _, err := c.LeistungDetail(context.Background(), "L100007-9999", kruft); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("unknown lbId: %v", err)
	}
}

func TestClientLeistungenCSV(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	rows, err := c.LeistungenCSV(context.Background(), kruft)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r["ID-LB"]+"="+r["Name"])
	}
	want := []string{"L100007-4711=Hund zur Hundesteuer anmelden", "L100007-0815=Waffenbesitzkarte Erteilung", "L100007-0816=Landesleistung (Testdaten)"}
	if !slices.Equal(got, want) {
		t.Errorf("got %v", got)
	}
	if _, q := query(t, s.Requests()[0]); q.Get("ars") != "071375001057" {
		t.Errorf("query %v", q)
	}
	// The CSV parsing: BOM, quoting, extra columns; broken files name the line.
	cases := []struct {
		body     string
		rows     int
		contains string
	}{
		{"\uFEFFID-LB|Name|LeiKa-ID\nL1.LB.1|\"Hund | Steuer\"|99102013104000\n", 1, ""},
		{"ID-LB|Name\n", 0, ""},
		{"ID-LB|Bezeichnung\nL1.LB.1|x\n", 0, "column Name missing"},
		{"ID-LB|Name|Name\nL1.LB.1|x|y\n", 0, `"Name" twice`},
		{"ID-LB|Name\nL1.LB.1|x\nL1.LB.2\n", 0, "line 3"},
		{"ID-LB|Name\nL1.LB.1|x\n|y\n", 0, "line 3: ID-LB empty"},
		{"", 0, "CSV header"},
	}
	for _, tc := range cases {
		s.Break("/v5/servicedescriptions/csv", tc.body)
		rows, err := c.LeistungenCSV(context.Background(), kruft)
		if tc.contains == "" {
			if err != nil || len(rows) != tc.rows {
				t.Errorf("%q: %v %v", tc.body, rows, err)
			}
			continue
		}
		if !errors.Is(err, zufi.ErrMalformed) || !strings.Contains(err.Error(), tc.contains) {
			t.Errorf("%q: %v", tc.body, err)
		}
	}
	s.Break("/v5/servicedescriptions/csv", "\uFEFFID-LB|Name|LeiKa-ID\nL1.LB.1|\"Hund | Steuer\"|99102013104000\n")
	if rows, _ := c.LeistungenCSV(context.Background(), kruft); rows[0]["Name"] != "Hund | Steuer" || rows[0]["LeiKa-ID"] != "99102013104000" {
		t.Errorf("quoted field: %v", rows)
	}
}

func TestClientOrganisationseinheiten(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	ctx := context.Background()
	cases := []struct {
		lbID string
		area ozg.ARS
		want []string // id/role
	}{
		{"L100007-4711", ozg.MustParseARS("071375001"), []string{"OE-VG-PELLENZ-FIN/01"}},
		{"L100007-4711", kruft, nil}, // recorded for the Verbandsgemeinde, not the Gemeinde
		{"L100007-4711", andernach, []string{"OE-ANDERNACH-STEUER/01"}},
		{"L100007-4711", muelheimKaerlich, []string{"OE-MUELHEIM-KAERLICH/01"}}, // from the transfer page
		{"L100007-0816", ozg.MustParseARS("07"), []string{"OE-LAND-RLP/03"}},
		{"L100007-0815", ozg.MustParseARS("07137"), nil}, // deleted by the transfer page
	}
	for _, tc := range cases {
		oes, err := c.Organisationseinheiten(ctx, tc.lbID, tc.area)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range oes {
			got = append(got, o.ID+"/"+o.Rolle.Code)
			if o.Title == "" || !json.Valid(o.Raw) {
				t.Errorf("%+v", o)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s in %s: %v, want %v", tc.lbID, tc.area, got, tc.want)
		}
		path, q := query(t, s.Requests()[len(s.Requests())-1])
		if path != "/v2/organisationunits/titles" || q.Get("lbId") != tc.lbID || q.Get("ars") != tc.area.String() {
			t.Errorf("requested %s %v", path, q)
		}
	}
}

func TestClientOrganisationseinheit(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	ctx := context.Background()
	var want *zufi.Organisationseinheit
	for _, o := range s.Directory().Organisationseinheiten() {
		if o.ID.Value == "OE-VG-PELLENZ-FIN" {
			want = o
		}
	}
	cases := []struct {
		area ozg.ARS
		lbID string
		role string
	}{
		{kruft, "L100007-4711", "01"},
		{ozg.ARS{}, "", zufi.RolleAnsprechpunkt}, // without lbId: Ansprechpunkt
	}
	for _, tc := range cases {
		o, err := c.Organisationseinheit(ctx, "OE-VG-PELLENZ-FIN", tc.area, tc.lbID)
		if err != nil {
			t.Fatal(err)
		}
		if o.ID != want.ID.Value || o.Title != want.NameDE() || o.Rolle == nil || o.Rolle.Code != tc.role {
			t.Errorf("%+v", o)
		}
		if len(o.Adressen) != len(want.Anschriften) || len(o.Kommunikation) != len(want.Kommunikation) || len(o.Internetadressen) != len(want.Internetadressen) {
			t.Fatalf("%+v", o)
		}
		for i, a := range want.Anschriften {
			got := o.Adressen[i]
			if got.Typ != a.Typ.Name || got.PLZ != a.Postleitzahl || got.Ort != a.Ort || !strings.HasPrefix(got.Strasse, a.Strasse) {
				t.Errorf("address %d: %+v", i, got)
			}
		}
		for i, k := range want.Kommunikation {
			if o.Kommunikation[i].Code != k.Kanal.Code || o.Kommunikation[i].Wert != k.Kennung {
				t.Errorf("communication %d: %+v", i, o.Kommunikation[i])
			}
		}
		if o.Adressen[0].Strasse != "Musterstraße 1" || o.Internetadressen[0] != "https://www.vg-pellenz.example" {
			t.Errorf("%+v", o)
		}
		path, q := query(t, s.Requests()[len(s.Requests())-1])
		if path != "/v5/organisationunits/detail" || q.Get("q") != "OE-VG-PELLENZ-FIN" || q.Get("lbId") != tc.lbID || q.Has("ars") == tc.area.IsZero() {
			t.Errorf("requested %s %v", path, q)
		}
	}
	if _, err := c.Organisationseinheit(ctx, "OE-GIBT-ES-NICHT", kruft, ""); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("unknown unit: %v", err)
	}
	// lastUpdate as in the official sample.
	s.Break("/v5/organisationunits/detail", `{"id":"L100042.OE.868","title":"Landgericht München I","lastUpdate":"2022-10-10T09:12:27.031512400Z","languages":["de"],"role":"Ansprechpunkt"}`)
	o, err := c.Organisationseinheit(ctx, "L100042.OE.868", ozg.ARS{}, "")
	if err != nil || !o.LastUpdate.Equal(time.Date(2022, 10, 10, 9, 12, 27, 31512400, time.UTC)) || o.Rolle.Text != "Ansprechpunkt" || !strings.Contains(string(o.Raw), `"languages"`) {
		t.Errorf("%+v %v", o, err)
	}
}

func TestClientOnlinedienst(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	od, err := c.Onlinedienst(context.Background(), "OD-HST-RLP")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(od.Links, []string{"https://hundesteuer.example/rlp/start", "https://hundesteuer.example/rlp/hilfe"}) || od.ID != "OD-HST-RLP" {
		t.Errorf("%+v", od)
	}
	if !od.HasParameter("zahlungsverkehr.originatorId") || od.HasParameter("efa.datenschutzerklaerung.url") {
		t.Errorf("parameters in %s", od.Raw)
	}
	if _, q := query(t, s.Requests()[0]); q.Get("q") != "OD-HST-RLP" {
		t.Errorf("query %v", q)
	}
	if _, err := c.Onlinedienst(context.Background(), "L100042.OD.123"); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("unknown: %v", err)
	}
}

// TestClientRelationen: the destination signatures found in the relations
// are those of the XZuFi Zuständigkeiten up the hierarchy.
func TestClientRelationen(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	for _, area := range []ozg.ARS{kruft, andernach, muelheimKaerlich} {
		rel, err := c.Relationen(context.Background(), area, "L100007-4711")
		if err != nil {
			t.Fatal(err)
		}
		answers, err := s.Directory().Zustaendigkeiten(hundesteuer, area)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, a := range answers {
			if sig := a.Zustaendigkeit.DestinationSignature(); sig != "" {
				want = append(want, sig)
			}
		}
		got := rel.DestinationSignatures()
		slices.Sort(got)
		slices.Sort(want)
		if len(want) == 0 && area != muelheimKaerlich || !slices.Equal(got, want) {
			t.Errorf("%s: %d signatures, want %d", area, len(got), len(want))
		}
		_, q := query(t, s.Requests()[len(s.Requests())-1])
		if q.Get("ars") != area.String() || !slices.Equal(q["lbids"], []string{"L100007-4711"}) {
			t.Errorf("query %v", q)
		}
	}
	if _, err := c.Relationen(context.Background(), kruft, "L1.LB.1", "L1.LB.2"); err != nil {
		t.Fatal(err)
	}
	if _, q := query(t, s.Requests()[len(s.Requests())-1]); !slices.Equal(q["lbids"], []string{"L1.LB.1", "L1.LB.2"}) {
		t.Errorf("two lbids: %v", q)
	}
}

func TestRelationenIDSekundaer(t *testing.T) {
	const jws = "eyJhbGciOiJQUzUxMiJ9.eyJkZXN0aW5hdGlvbklkIjoieCJ9.c2ln"
	cases := []struct {
		raw   string
		ids   []string // value@path
		sigs  []string
		names string
	}{
		{`{"a":{"idSekundaer":[{"value":"` + jws + `","schemeID":"` + zufi.SchemeDestination + `"},{"value":"VGP-2","schemeID":"urn:de:rlp:oe:alt"}]}}`,
			[]string{jws + "@$.a.idSekundaer[0]", "VGP-2@$.a.idSekundaer[1]"}, []string{jws}, "array with schemes"},
		{`[{"idSekundaer":{"value":"` + jws + `"}},{"x":[{"idSekundaer":"abc.def"}]}]`,
			[]string{jws + "@$[0].idSekundaer", "abc.def@$[1].x[0].idSekundaer"}, []string{jws}, "object and string without scheme"},
		{`{"idSekundaer":[{"value":"` + jws + `","schemeId":"urn:other"}, {"novalue":1}, 5]}`,
			[]string{jws + "@$.idSekundaer[0]"}, nil, "other scheme"},
		{`{"idSekundaer":null,"b":"` + jws + `"}`, nil, nil, "no entries"},
	}
	for _, tc := range cases {
		r := zufi.Relationen{Raw: json.RawMessage(tc.raw)}
		var ids []string
		for _, id := range r.IDSekundaer() {
			ids = append(ids, id.Value+"@"+id.Path)
		}
		if !slices.Equal(ids, tc.ids) || !slices.Equal(r.DestinationSignatures(), tc.sigs) {
			t.Errorf("%s: %v %v", tc.names, ids, r.DestinationSignatures())
		}
	}
}

// ansprechpunktKruft records an Ansprechpunkt (role 03) for the Hundesteuer
// at Gemeinde level in Kruft, below the zuständige Stelle of the VG Pellenz.
const ansprechpunktKruft = `<xzufi:schreibe.LeistungZustaendigkeit xmlns:xzufi="http://xoev.de/schemata/xzufi/2_3_1"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xzufiVersion="2.3.1">
  <xzufi:schreibe>
    <xzufi:organisationseinheit>
      <xzufi:id>OE-KRUFT-BUERGERBUERO</xzufi:id>
      <xzufi:name><xzufi:name languageCode="de">Ortsgemeinde Kruft, Bürgerbüro (Testdaten)</xzufi:name></xzufi:name>
      <xzufi:zustaendigkeit xsi:type="xzufi:ZustaendigkeitOrganisationseinheit">
        <xzufi:id>Z-KRUFT-HST</xzufi:id>
        <xzufi:leistungID>L100007-4711</xzufi:leistungID>
        <xzufi:gebietID schemeID="urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs">071375001057</xzufi:gebietID>
        <xzufi:rolle><code>03</code></xzufi:rolle>
      </xzufi:zustaendigkeit>
    </xzufi:organisationseinheit>
  </xzufi:schreibe>
</xzufi:schreibe.LeistungZustaendigkeit>`

// TestClientZustaendig: the responsibility walk through the Suchdienst
// finds the unit at Gemeinde, Gemeindeverband, Kreis and Land level and
// agrees with Directory.Zustaendig on the same documents.
func TestClientZustaendig(t *testing.T) {
	twoDocs := testFiles[:2] // without the transfer page, which deletes the Kreis responsibility
	cases := []struct {
		name     string
		files    []string
		extra    string
		vererben bool
		key      ozg.Leistungsschluessel
		area     ozg.ARS
		gebiet   string
		want     []string // id/role
		requests int
		notFound bool
	}{
		{"Gemeindeverband", testFiles, "", false, hundesteuer, kruft, "071375001", []string{"OE-VG-PELLENZ-FIN/01"}, 4, false},
		{"Gemeinde", testFiles, "", false, hundesteuer, andernach, "071370003003", []string{"OE-ANDERNACH-STEUER/01"}, 2, false},
		{"Gemeinde by transfer", testFiles, "", false, hundesteuer, muelheimKaerlich, "071375008216", []string{"OE-MUELHEIM-KAERLICH/01"}, 2, false},
		{"Kreis", twoDocs, "", false, waffenbesitzkarte, kruft, "07137", []string{"OE-KV-MYK-ORDNUNG/01"}, 6, false},
		{"Kreis deleted", testFiles, "", false, waffenbesitzkarte, kruft, "", nil, 10, true},
		{"Land, Ansprechpunkt only", testFiles, "", false, landesleistung, kruft, "07", []string{"OE-LAND-RLP/03"}, 10, false},
		{"nobody", testFiles, "", false, hundesteuer, mainz, "", nil, 5, true},
		// Unlike Directory.Zustaendig, the walk passes an Ansprechpunkt to find the zuständige Stelle.
		{"Ansprechpunkt below", testFiles, ansprechpunktKruft, false, hundesteuer, kruft, "071375001", []string{"OE-VG-PELLENZ-FIN/01"}, 4, false},
		{"server resolves the hierarchy", testFiles, "", true, hundesteuer, kruft, "071375001057", []string{"OE-VG-PELLENZ-FIN/01"}, 2, false},
	}
	for _, tc := range cases {
		var extra []string
		if tc.extra != "" {
			extra = append(extra, tc.extra)
		}
		s := fakeOf(t, tc.files, &zufitest.Options{Vererben: tc.vererben}, extra...)
		c := client(t, s, nil)
		got, err := c.Zustaendig(context.Background(), tc.key, tc.area)
		if n := len(s.Requests()); n != tc.requests {
			t.Errorf("%s: %d requests, want %d: %v", tc.name, n, tc.requests, s.Requests())
		}
		oracle, oerr := s.Directory().Zustaendig(tc.key, tc.area)
		if tc.notFound {
			if !errors.Is(err, ozg.ErrNotFound) || !errors.Is(oerr, ozg.ErrNotFound) {
				t.Errorf("%s: %v / directory %v", tc.name, err, oerr)
			}
			continue
		}
		if err != nil || oerr != nil {
			t.Fatalf("%s: %v / directory %v", tc.name, err, oerr)
		}
		var ids, oids []string
		for i, st := range got {
			ids = append(ids, st.Organisationseinheit.ID+"/"+st.Organisationseinheit.Rolle.Code)
			if st.Gebiet.String() != tc.gebiet || st.Leistung.ID == "" {
				t.Errorf("%s: %d: %+v", tc.name, i, st)
			}
		}
		for _, a := range oracle {
			oids = append(oids, a.Organisationseinheit.ID.Value+"/"+a.Zustaendigkeit.Rolle.Code)
			if !tc.vererben && tc.extra == "" && a.Gebiet.String() != tc.gebiet {
				t.Errorf("%s: directory found it for %s", tc.name, a.Gebiet)
			}
		}
		wantDir := tc.want
		if tc.extra != "" {
			wantDir = []string{"OE-KRUFT-BUERGERBUERO/03"} // the directory stops at the Ansprechpunkt
		}
		if !slices.Equal(ids, tc.want) || !slices.Equal(oids, wantDir) {
			t.Errorf("%s: client %v, directory %v, want %v", tc.name, ids, oids, tc.want)
		}
	}
}

// TestClientRetryAfter: 429 answers are retried after the server's
// Retry-After (seconds and HTTP date); too long a wait or too many 429s
// give Unavailable with the HTTPError.
func TestClientRetryAfter(t *testing.T) {
	s := fake(t, nil)
	rs := &recSleep{}
	var logBuf bytes.Buffer
	c := client(t, s, &zufi.ClientOptions{Sleep: rs.sleep,
		Logger: slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx := context.Background()

	s.Throttle("7", fixedNow.Add(30*time.Second).Format(httpTime), "")
	orte, err := c.Orte(ctx, "56642")
	if err != nil || len(orte) != 1 {
		t.Fatalf("%v %v", orte, err)
	}
	if want := []time.Duration{7 * time.Second, 30 * time.Second, 3 * time.Second}; !slices.Equal(rs.waits, want) {
		t.Errorf("waits %v, want %v", rs.waits, want)
	}
	if !strings.Contains(logBuf.String(), "status=429") || strings.Contains(logBuf.String(), "56642") {
		t.Errorf("log must show the status and no query values:\n%s", logBuf.String())
	}

	cases := []struct {
		name       string
		throttle   []string
		retryAfter time.Duration
	}{
		{"Retry-After over MaxRetryAfter", []string{"3600"}, time.Hour},
		{"HTTP date over MaxRetryAfter", []string{fixedNow.Add(2 * time.Minute).Format(httpTime)}, 2 * time.Minute},
		{"four 429s with 3 retries", []string{"1", "1", "1", "1"}, time.Second},
	}
	for _, tc := range cases {
		s.Throttle(tc.throttle...)
		_, err = c.Leistungen(ctx, hundesteuer, kruft)
		var he *zufi.HTTPError
		if !errors.Is(err, ozg.ErrUnavailable) || !errors.As(err, &he) || he.Status != 429 || he.RetryAfter != tc.retryAfter {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// A Retry-After too large for a time.Duration must not wrap around to
	// a short or negative wait and be retried at once.
	for _, ra := range []string{"10000000000", "99999999999999999999999"} {
		waits := len(rs.waits)
		s.Throttle(ra)
		_, err = c.Leistungen(ctx, hundesteuer, kruft)
		var he *zufi.HTTPError
		if !errors.Is(err, ozg.ErrUnavailable) || !errors.As(err, &he) || he.RetryAfter <= time.Hour || len(rs.waits) != waits {
			t.Errorf("Retry-After %s: %v, waits %v", ra, err, rs.waits[waits:])
		}
	}
	// A throttle in the middle of the paging resumes at the same page.
	p := fake(t, &zufitest.Options{PageSize: 1})
	pc := client(t, p, &zufi.ClientOptions{Sleep: rs.sleep})
	if _, err := pc.Suche(ctx, kruft, "Hund"); err != nil {
		t.Fatal(err)
	}
	p.Throttle("2")
	if got, err := pc.Suche(ctx, kruft, "Hund Landesleistung"); err != nil || len(got) != 2 {
		t.Errorf("%v %v", got, err)
	}
}

const httpTime = "Mon, 02 Jan 2006 15:04:05 GMT"

func TestClientRateLimit(t *testing.T) {
	s := fake(t, nil)
	rs := &recSleep{}
	c := client(t, s, &zufi.ClientOptions{Sleep: rs.sleep, MinInterval: 500 * time.Millisecond})
	for range 3 {
		if _, err := c.Orte(context.Background(), "56642"); err != nil {
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
// wrapping ErrMalformed that says where it was wrong.
func TestClientMalformed(t *testing.T) {
	ctx := context.Background()
	orte := func(c *zufi.Client) error { _, err := c.Orte(ctx, "56642"); return err }
	vorschlaege := func(c *zufi.Client) error { _, err := c.Ortsvorschlaege(ctx, "Kr"); return err }
	ortDetails := func(c *zufi.Client) error { _, err := c.OrtDetails(ctx, "56642", 0); return err }
	leistungen := func(c *zufi.Client) error { _, err := c.Leistungen(ctx, hundesteuer, kruft); return err }
	suche := func(c *zufi.Client) error { _, err := c.Suche(ctx, kruft, "Hund"); return err }
	detail := func(c *zufi.Client) error { _, err := c.LeistungDetail(ctx, "L100007-4711", kruft); return err }
	titles := func(c *zufi.Client) error { _, err := c.Organisationseinheiten(ctx, "L100007-4711", kruft); return err }
	oe := func(c *zufi.Client) error {
		_, err := c.Organisationseinheit(ctx, "OE-VG-PELLENZ-FIN", kruft, "")
		return err
	}
	od := func(c *zufi.Client) error { _, err := c.Onlinedienst(ctx, "OD-HST-RLP"); return err }
	rel := func(c *zufi.Client) error { _, err := c.Relationen(ctx, kruft, "L100007-4711"); return err }
	const (
		pLoc    = "/v2/locations"
		pSugg   = "/v2/locations/suggestions"
		pLocDet = "/v3/locations/details"
		pLeika  = "/v3/servicedescriptions/leikaid"
		pSuche  = "/v7/servicedescriptions/071375001057"
		pDetail = "/v6/servicedescriptions/L100007-4711/detail"
		pTitles = "/v2/organisationunits/titles"
		pOE     = "/v5/organisationunits/detail"
		pOD     = "/v2/onlineservices/detail"
		pRel    = "/v1/relations/jzufi-2-3"
	)
	cases := []struct {
		name, path, body string
		call             func(c *zufi.Client) error
		contains         string
	}{
		{"not json", pLoc, "<html>Wartung</html>", orte, "answer: not a JSON array"},
		{"object, not array", pLoc, `{"ars":"071375001057"}`, orte, "not a JSON array"},
		{"missing ars", pLoc, `[{"name":"x"}]`, orte, "item 0: ars missing"},
		{"bad ars", pLoc, `[{"name":"Kruft","ars":"071375001057"},{"ars":"07X","name":"x"}]`, orte, "item 1: ars"},
		{"bad ags", pLoc, `[{"name":"x","ars":"071375001057","ags":"1"}]`, orte, "item 0: ags"},
		{"zip a number", pLoc, `[{"name":"x","ars":"071375001057","zip":56642}]`, orte, "item 0"},
		{"suggestions not json", pSugg, "Wartung", vorschlaege, "answer: not a JSON array"},
		{"suggestions an object", pSugg, `{"suggestions":[]}`, vorschlaege, "not a JSON array"},
		{"suggestion a number", pSugg, `["Kruft",7]`, vorschlaege, "item 1: neither a string nor an object"},
		{"suggestion null", pSugg, `[null]`, vorschlaege, "item 0: neither a string nor an object"},
		{"suggestion empty string", pSugg, `[""]`, vorschlaege, "item 0: empty suggestion"},
		{"suggestion bad ars", pSugg, `[{"name":"x","ars":"07X"}]`, vorschlaege, "item 0: ars"},
		{"details not json", pLocDet, "<html>", ortDetails, "answer: not a JSON array"},
		{"details an object", pLocDet, `{"ars":"071375001057","plz":"56642","name":"Kruft"}`, ortDetails, "not a JSON array"},
		{"details missing ars", pLocDet, `[{"plz":"56642","name":"Kruft"}]`, ortDetails, "item 0: ars missing"},
		{"details bad ars", pLocDet, `[{"ars":"071375001057","plz":"56642","name":"Kruft"},{"ars":"99","plz":"1","name":"x"}]`, ortDetails, "item 1: ars"},
		{"details missing name", pLocDet, `[{"ars":"071375001057","plz":"56642"}]`, ortDetails, "item 0: name missing"},
		{"details plz a number", pLocDet, `[{"ars":"071375001057","plz":56642,"name":"Kruft"}]`, ortDetails, "item 0"},
		{"details item a string", pLocDet, `["Kruft"]`, ortDetails, "item 0: not a JSON object"},
		{"page not json", pLeika, `Wartung`, leistungen, "page 0: not a JSON object"},
		{"content missing", pLeika, `{"number":0,"totalPages":1}`, leistungen, "page 0: content missing"},
		{"number missing", pLeika, `{"content":[],"totalPages":1}`, leistungen, "number or totalPages missing"},
		{"wrong page", pLeika, `{"content":[],"number":3,"totalPages":5}`, leistungen, "page 0 answered as page 3"},
		{"wrong page later", pLeika, `{"content":[{"id":"L1.LB.1"}],"number":0,"totalPages":3,"last":false}`, leistungen, "page 1 answered as page 0"},
		{"items but no pages", pLeika, `{"content":[{"id":"a"}],"number":0,"totalPages":0}`, leistungen, "answered as one of 0 pages"},
		{"last disagrees", pLeika, `{"content":[],"number":0,"totalPages":2,"last":true}`, leistungen, "last is true"},
		{"missing id", pLeika, `{"content":[{"id":"L1.LB.1"},{"name":"x"}],"number":0,"totalPages":1}`, leistungen, "page 0 item 1: id missing"},
		{"id a number", pLeika, `{"content":[{"id":7}],"number":0,"totalPages":1}`, leistungen, "page 0 item 0"},
		{"wrapper missing", pSuche, `{"content":[],"number":0,"totalPages":0}`, suche, "serviceDescriptions missing"},
		{"bad ars in item", pSuche, `{"serviceDescriptions":{"content":[{"id":"a","ars":["000000000000","99"]}],"number":0,"totalPages":1}}`, suche, "page 0 item 0: ars[1]"},
		{"detail without name", pDetail, `{"details":[]}`, detail, "name missing"},
		{"detail without details", pDetail, `{"name":"x"}`, detail, "details missing"},
		{"detail text module not object", pDetail, `{"name":"x","details":["<p>"]}`, detail, "details[0]"},
		{"titles missing id", pTitles, `[{"title":"x","role":{"code":"01"}}]`, titles, "item 0: id missing"},
		{"titles role a number", pTitles, `[{"id":"x","role":1}]`, titles, "item 0"},
		{"unit without id", pOE, `{"title":"x"}`, oe, "id missing"},
		{"unit bad lastUpdate", pOE, `{"id":"x","lastUpdate":"10.10.2022"}`, oe, "lastUpdate"},
		{"unit bad address", pOE, `{"id":"x","location":{"addresses":[1]}}`, oe, "location.addresses[0]"},
		{"online service array", pOD, `[]`, od, "not a JSON object"},
		{"online service bad link", pOD, `{"links":["https://x"]}`, od, "links[0]"},
		{"relations not json", pRel, `{"a":`, rel, "not a JSON object or array"},
		{"relations a string", pRel, `"x"`, rel, "not a JSON object or array"},
	}
	for _, tc := range cases {
		s := fake(t, nil)
		s.Break(tc.path, tc.body)
		err := tc.call(client(t, s, nil))
		if !errors.Is(err, zufi.ErrMalformed) || ozg.CodeOf(err) != ozg.Unknown || !strings.Contains(err.Error(), tc.contains) {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
	// The federal marker is not an area.
	s := fake(t, nil)
	s.Break(pSuche, `{"serviceDescriptions":{"content":[{"id":"B1.LB.1","name":"x","ars":["000000000000"]},{"id":"L1.LB.2","ars":"071375001057"}],"number":0,"totalPages":1,"last":true}}`)
	got, err := client(t, s, nil).Suche(ctx, kruft, "Hund")
	if err != nil || !got[0].Bund || len(got[0].ARS) != 0 || got[1].Bund || len(got[1].ARS) != 1 {
		t.Errorf("%+v %v", got, err)
	}
}

// TestClientArguments: bad arguments are refused before any request.
func TestClientArguments(t *testing.T) {
	s := fake(t, nil)
	c := client(t, s, nil)
	ctx := context.Background()
	var zero ozg.ARS
	cases := []struct {
		name string
		call func() error
	}{
		{"Orte empty", func() error { _, err := c.Orte(ctx, "  "); return err }},
		{"Orte control", func() error { _, err := c.Orte(ctx, "a\nb"); return err }},
		{"Vorschlaege empty", func() error { _, err := c.Ortsvorschlaege(ctx, ""); return err }},
		{"Vorschlaege too long", func() error { _, err := c.Ortsvorschlaege(ctx, strings.Repeat("a", 201)); return err }},
		{"Vorschlaege control", func() error { _, err := c.Ortsvorschlaege(ctx, "Kr\x00"); return err }},
		{"OrtDetails short plz", func() error { _, err := c.OrtDetails(ctx, "5664", 0); return err }},
		{"OrtDetails letters", func() error { _, err := c.OrtDetails(ctx, "5664a", 0); return err }},
		{"OrtDetails negative limit", func() error { _, err := c.OrtDetails(ctx, "56642", -1); return err }},
		{"OrtDetails huge limit", func() error { _, err := c.OrtDetails(ctx, "56642", 10001); return err }},
		{"Leistungen no key", func() error { _, err := c.Leistungen(ctx, ozg.Leistungsschluessel{}, kruft); return err }},
		{"Leistungen no area", func() error { _, err := c.Leistungen(ctx, hundesteuer, zero); return err }},
		{"Suche no text", func() error { _, err := c.Suche(ctx, kruft, ""); return err }},
		{"Suche no area", func() error { _, err := c.Suche(ctx, zero, "Hund"); return err }},
		{"Detail bad id", func() error { _, err := c.LeistungDetail(ctx, "../x", kruft); return err }},
		{"Detail no area", func() error { _, err := c.LeistungDetail(ctx, "L1.LB.1", zero); return err }},
		{"CSV no area", func() error { _, err := c.LeistungenCSV(ctx, zero); return err }},
		{"Titles empty id", func() error { _, err := c.Organisationseinheiten(ctx, "", kruft); return err }},
		{"Unit id with space", func() error { _, err := c.Organisationseinheit(ctx, "L1 OE", kruft, ""); return err }},
		{"Unit bad lbId", func() error { _, err := c.Organisationseinheit(ctx, "L1.OE.1", kruft, "L1/LB"); return err }},
		{"OD id too long", func() error { _, err := c.Onlinedienst(ctx, strings.Repeat("x", 201)); return err }},
		{"Relationen no lbId", func() error { _, err := c.Relationen(ctx, kruft); return err }},
		{"Relationen bad lbId", func() error { _, err := c.Relationen(ctx, kruft, "ok", "nicht ok"); return err }},
		{"Zustaendig no key", func() error { _, err := c.Zustaendig(ctx, ozg.Leistungsschluessel{}, kruft); return err }},
		{"Zustaendig no area", func() error { _, err := c.Zustaendig(ctx, hundesteuer, zero); return err }},
	}
	for _, tc := range cases {
		if err := tc.call(); !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if r := s.Requests(); len(r) != 0 {
		t.Errorf("requests sent: %v", r)
	}
}

func TestClientContextAndStatus(t *testing.T) {
	s := fake(t, &zufitest.Options{Token: "t0k3n"})
	ctx := context.Background()
	cases := []struct {
		name  string
		opts  *zufi.ClientOptions
		ctx   func() context.Context
		check func(error) bool
	}{
		{"token", &zufi.ClientOptions{Token: staticToken("t0k3n")}, context.Background, func(err error) bool { return err == nil }},
		{"no token", nil, context.Background, func(err error) bool { return errors.Is(err, ozg.ErrUnauthenticated) }},
		{"wrong token", &zufi.ClientOptions{Token: staticToken("falsch")}, context.Background, func(err error) bool {
			var he *zufi.HTTPError
			return errors.Is(err, ozg.ErrUnauthenticated) && errors.As(err, &he) && he.Status == 401
		}},
		{"token source fails", &zufi.ClientOptions{Token: staticToken("")}, context.Background, func(err error) bool { return errors.Is(err, ozg.ErrUnauthenticated) }},
		{"canceled", &zufi.ClientOptions{Token: staticToken("t0k3n")}, func() context.Context {
			c, cancel := context.WithCancel(ctx)
			cancel()
			return c
		}, func(err error) bool { return errors.Is(err, ozg.ErrCanceled) && errors.Is(err, context.Canceled) }},
		{"deadline", &zufi.ClientOptions{Token: staticToken("t0k3n")}, func() context.Context {
			c, cancel := context.WithDeadline(ctx, time.Now().Add(-time.Second))
			t.Cleanup(cancel)
			return c
		}, func(err error) bool { return errors.Is(err, ozg.ErrDeadlineExceeded) }},
	}
	for _, tc := range cases {
		_, err := client(t, s, tc.opts).Orte(tc.ctx(), "56642")
		if !tc.check(err) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	// Other paths: the request goes there; the fake does not know it.
	paths := zufi.DefaultPaths()
	paths.Orte = "v9/locations"
	other := client(t, s, &zufi.ClientOptions{Paths: paths, Token: staticToken("t0k3n")})
	if _, err := other.Orte(ctx, "56642"); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("custom path: %v", err)
	}
	if r := s.Requests(); r[len(r)-1] != "/v9/locations?q=56642" {
		t.Errorf("requested %s", r[len(r)-1])
	}
	for _, base := range []string{"ftp://x", "https://", "https://x/api?x=1", ":"} {
		if _, err := zufi.NewClient(base, nil); !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("base %q: %v", base, err)
		}
	}
	// Negative limits are a configuration error, not a malformed answer.
	for _, o := range []*zufi.ClientOptions{{MaxPages: -1}, {MaxRetryAfter: -time.Second}} {
		if _, err := zufi.NewClient(zufi.SuchdienstProduktion, o); !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("options %+v: %v", o, err)
		}
	}
	for _, base := range []string{zufi.SuchdienstProduktion, zufi.SuchdienstStage, zufi.SuchdienstDemo} {
		if _, err := zufi.NewClient(base, nil); err != nil {
			t.Errorf("base %q: %v", base, err)
		}
	}
}
