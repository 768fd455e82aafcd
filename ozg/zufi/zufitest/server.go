package zufitest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
)

// Prefix is the path under which the fake serves the Suchdienst, as the
// PVOG does (https://pvog.fitko.net/suchdienst/api).
const Prefix = "/suchdienst/api"

// Options configure the fake. A nil *Options is valid.
type Options struct {
	// PageSize is the largest page the fake answers (like Spring's
	// max-page-size); 0 means 2, so that paging happens with small test
	// data.
	PageSize int
	// Token, if set, is the bearer token every request must carry;
	// others get 401.
	Token string
	// Vererben makes /v2/organisationunits/titles answer the units of the
	// first area up the ARS hierarchy that has any (as Directory.Zustaendig
	// does) instead of only those recorded for the asked area. Whether
	// the PVOG resolves the hierarchy there is not documented.
	Vererben bool
}

// Server is an httptest server speaking the PVOG Suchdienst endpoints the
// zufi.Client uses, answering from XZuFi documents. Not for production.
// It is safe for concurrent use.
type Server struct {
	// URL is the base URL to give zufi.NewClient: the httptest URL plus
	// Prefix.
	URL string

	srv  *httptest.Server
	opts Options
	dir  *zufi.Directory
	ids  []string // Leistung IDs in document order

	mu       sync.Mutex
	throttle []string          // Retry-After values of the next 429 answers
	broken   map[string]string // path below Prefix → body of a malformed answer
	requests []string          // request paths with query, in order
}

// New starts a fake serving the XZuFi documents (read with zufi.Read and
// indexed in a zufi.Directory, in order, so later documents update and
// delete earlier objects). Close the server when done.
func New(docs [][]byte, opts *Options) (*Server, error) {
	s := &Server{dir: zufi.NewDirectory(), broken: map[string]string{}}
	if opts != nil {
		s.opts = *opts
	}
	if s.opts.PageSize <= 0 {
		s.opts.PageSize = 2
	}
	for i, d := range docs {
		m, err := zufi.Read(bytes.NewReader(d), nil)
		if err != nil {
			return nil, fmt.Errorf("zufitest: document %d: %w", i, err)
		}
		s.dir.Add(m)
		for _, l := range m.Leistungen {
			if !slices.Contains(s.ids, l.ID.Value) {
				s.ids = append(s.ids, l.ID.Value)
			}
		}
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL + Prefix
	return s, nil
}

// Close shuts the server down.
func (s *Server) Close() { s.srv.Close() }

// Client returns an *http.Client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Directory returns the directory the fake answers from.
func (s *Server) Directory() *zufi.Directory { return s.dir }

// Throttle makes the next len(retryAfter) requests answer 429 Too Many
// Requests with the given Retry-After values ("" sends no header).
func (s *Server) Throttle(retryAfter ...string) {
	s.mu.Lock()
	s.throttle = append(s.throttle, retryAfter...)
	s.mu.Unlock()
}

// Break makes requests to the path below the base URL (e.g.
// "/v2/locations" or "/v6/servicedescriptions/L100007-4711/detail")
// answer 200 with the body, for testing malformed answers.
func (s *Server) Break(path, body string) {
	s.mu.Lock()
	s.broken[strings.TrimPrefix(path, "/")] = body
	s.mu.Unlock()
}

// Requests returns the request paths (below Prefix) with their queries,
// in order.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	rel, ok := strings.CutPrefix(r.URL.Path, Prefix+"/")
	s.mu.Lock()
	s.requests = append(s.requests, strings.TrimPrefix(r.URL.RequestURI(), Prefix))
	var retry *string
	if len(s.throttle) > 0 {
		retry = &s.throttle[0]
		s.throttle = s.throttle[1:]
	}
	broken, isBroken := s.broken[rel]
	s.mu.Unlock()
	switch {
	case s.opts.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.opts.Token:
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	case r.Method != http.MethodGet:
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	case retry != nil:
		if *retry != "" {
			w.Header().Set("Retry-After", *retry)
		}
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return
	case !ok:
		http.NotFound(w, r)
		return
	case isBroken:
		_, _ = io.WriteString(w, broken)
		return
	}
	q := r.URL.Query()
	if v := q.Get("validDate"); v != "" {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			http.Error(w, "validDate must be yyyy-MM-dd", http.StatusBadRequest)
			return
		}
	}
	parts := strings.Split(rel, "/")
	switch {
	case rel == "v2/locations":
		s.locations(w, q)
	case rel == "v2/locations/suggestions":
		s.suggestions(w, q)
	case rel == "v3/locations/details":
		s.locationDetails(w, q)
	case rel == "v3/servicedescriptions/leikaid":
		s.leikaid(w, q)
	case rel == "v5/servicedescriptions/csv":
		s.csv(w, q)
	case len(parts) == 4 && parts[0] == "v6" && parts[1] == "servicedescriptions" && parts[3] == "detail":
		s.serviceDetail(w, parts[2], q)
	case len(parts) == 3 && parts[0] == "v7" && parts[1] == "servicedescriptions":
		s.search(w, parts[2], q)
	case rel == "v2/organisationunits/titles":
		s.titles(w, q)
	case rel == "v5/organisationunits/detail":
		s.unitDetail(w, q)
	case rel == "v2/onlineservices/detail":
		s.onlineService(w, q)
	case rel == "v1/relations/jzufi-2-3":
		s.relations(w, q)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// area parses an ARS parameter; a 12-digit key padded with zeros (as the
// detail endpoints take it) is cut back to the area it pads.
func area(s string) (ozg.ARS, error) {
	a, err := ozg.ParseARS(s)
	if err != nil || len(s) != 12 || a.Exists() {
		return a, err
	}
	for _, n := range []int{9, 5, 3, 2} {
		if strings.Trim(s[n:], "0") == "" {
			if p, err := ozg.ParseARS(s[:n]); err == nil && p.Exists() {
				return p, nil
			}
		}
	}
	return a, nil
}

func chain(a ozg.ARS) []ozg.ARS {
	var out []ozg.ARS
	for ; !a.IsZero(); a = a.Parent() {
		out = append(out, a)
	}
	return out
}

// locations answers /v2/locations from the region directory of package
// ozg: a 5-digit q matches the postcode of the Gemeinde's seat, any other
// q the beginning of a Gemeinde's name.
func (s *Server) locations(w http.ResponseWriter, q url.Values) {
	text := strings.TrimSpace(q.Get("q"))
	if text == "" {
		http.Error(w, "q required", http.StatusBadRequest)
		return
	}
	plz := len(text) == 5 && strings.Trim(text, "0123456789") == ""
	out := []map[string]any{}
	for r := range ozg.Regions() {
		if r.Level() != ozg.LevelGemeinde {
			continue
		}
		if (plz && r.PLZ == text) || (!plz && strings.HasPrefix(strings.ToLower(r.Name), strings.ToLower(text))) {
			o := map[string]any{"ars": r.ARS.String(), "name": r.Name, "zip": nil, "zipCodeCount": 0}
			if !r.AGS.IsZero() {
				o["ags"] = r.AGS.String()
			}
			if r.PLZ != "" {
				o["zip"], o["zipCodeCount"] = r.PLZ, 1
			}
			out = append(out, o)
		}
	}
	writeJSON(w, out)
}

// MaxSuggestions is how many suggestions /v2/locations/suggestions
// answers at most.
const MaxSuggestions = 10

// suggestions answers /v2/locations/suggestions with the Gemeinden whose
// name begins with q (ignoring case), at most MaxSuggestions, as objects
// {"name", "ars"} — the fake's own shape; the PVOG's is not documented.
func (s *Server) suggestions(w http.ResponseWriter, q url.Values) {
	text := strings.ToLower(strings.TrimSpace(q.Get("q")))
	if text == "" {
		http.Error(w, "q required", http.StatusBadRequest)
		return
	}
	out := []map[string]any{}
	for r := range ozg.Regions() {
		if len(out) == MaxSuggestions {
			break
		}
		if r.Level() == ozg.LevelGemeinde && strings.HasPrefix(strings.ToLower(r.Name), text) {
			out = append(out, map[string]any{"name": r.Name, "ars": r.ARS.String()})
		}
	}
	writeJSON(w, out)
}

// locationDetails answers /v3/locations/details?plz=&limit= with the
// Gemeinden whose seat has the postcode in the region directory of
// package ozg, as {"ars", "plz", "name"}; limit (if given) caps them.
func (s *Server) locationDetails(w http.ResponseWriter, q url.Values) {
	plz := q.Get("plz")
	if len(plz) != 5 || strings.Trim(plz, "0123456789") != "" {
		http.Error(w, "plz must have 5 digits", http.StatusBadRequest)
		return
	}
	limit := -1
	if v := q.Get("limit"); v != "" {
		var err error
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			http.Error(w, "bad limit", http.StatusBadRequest)
			return
		}
	}
	out := []map[string]any{}
	for r := range ozg.Regions() {
		if len(out) == limit {
			break
		}
		if r.Level() == ozg.LevelGemeinde && r.PLZ == plz {
			out = append(out, map[string]any{"ars": r.ARS.String(), "plz": r.PLZ, "name": r.Name})
		}
	}
	writeJSON(w, out)
}

// leistungen returns the Leistungen valid in the area, in document order.
func (s *Server) leistungen(a ozg.ARS, keep func(*zufi.Leistung) bool) []*zufi.Leistung {
	var out []*zufi.Leistung
	for _, id := range s.ids {
		l, ok := s.dir.Leistung(id)
		if !ok || !keep(l) {
			continue
		}
		if len(l.GueltigkeitGebiet) > 0 && !slices.ContainsFunc(l.GueltigkeitGebiet, func(g ozg.ARS) bool { return g.Contains(a) }) {
			continue
		}
		out = append(out, l)
	}
	return out
}

// writePage writes items as one page of a Spring Data Page.
func (s *Server) writePage(w http.ResponseWriter, q url.Values, items []any, minSize int, wrap string) {
	p, size := 0, 20
	var err error
	if v := q.Get("page"); v != "" {
		if p, err = strconv.Atoi(v); err != nil || p < 0 {
			http.Error(w, "bad page", http.StatusBadRequest)
			return
		}
	}
	if v := q.Get("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 {
			http.Error(w, "bad size", http.StatusBadRequest)
			return
		}
	}
	if size < minSize {
		http.Error(w, fmt.Sprintf("size must be at least %d", minSize), http.StatusBadRequest)
		return
	}
	size = min(size, s.opts.PageSize)
	total := (len(items) + size - 1) / size
	lo, hi := min(p*size, len(items)), min(p*size+size, len(items))
	page := map[string]any{
		"content": items[lo:hi], "totalPages": total, "totalElements": len(items),
		"number": p, "size": size, "first": p == 0, "last": p+1 >= total,
	}
	if wrap != "" {
		writeJSON(w, map[string]any{wrap: page})
		return
	}
	writeJSON(w, page)
}

func (s *Server) leikaid(w http.ResponseWriter, q url.Values) {
	var keys []ozg.Leistungsschluessel
	for _, v := range q["leikaIds"] {
		for _, k := range strings.Split(v, ",") {
			key, err := ozg.ParseLeistungsschluessel(k)
			if err != nil {
				http.Error(w, "bad leikaIds", http.StatusBadRequest)
				return
			}
			keys = append(keys, key)
		}
	}
	a, err := ozg.ParseARS(q.Get("ars"))
	if len(keys) == 0 || err != nil {
		http.Error(w, "leikaIds and ars required", http.StatusBadRequest)
		return
	}
	items := []any{}
	for _, l := range s.leistungen(a, func(l *zufi.Leistung) bool {
		return slices.ContainsFunc(keys, func(k ozg.Leistungsschluessel) bool { return slices.Contains(l.ReferenzLeiKa, k) })
	}) {
		items = append(items, map[string]any{"id": l.ID.Value, "name": l.Name()})
	}
	s.writePage(w, q, items, 1, "")
}

// areas are the areas a Leistung is for: its validity areas, else those of
// its Zuständigkeiten.
func (s *Server) areas(l *zufi.Leistung) []string {
	var out []string
	add := func(a ozg.ARS) {
		if !slices.Contains(out, a.String()) {
			out = append(out, a.String())
		}
	}
	for _, a := range l.GueltigkeitGebiet {
		add(a)
	}
	if len(out) > 0 {
		return out
	}
	for _, o := range s.dir.Organisationseinheiten() {
		for _, z := range o.Zustaendigkeiten {
			if z.LeistungID.Value == l.ID.Value {
				for _, a := range z.Gebiete {
					add(a)
				}
			}
		}
	}
	return out
}

// search answers /v7/servicedescriptions/{ars}: a Leistung matches when
// one of the whitespace-separated terms of q occurs (ignoring case) in
// its name or a text module.
func (s *Server) search(w http.ResponseWriter, ars string, q url.Values) {
	a, err := ozg.ParseARS(ars)
	terms := strings.Fields(strings.ToLower(q.Get("q")))
	if err != nil || len(terms) == 0 {
		http.Error(w, "ars and q required", http.StatusBadRequest)
		return
	}
	items := []any{}
	for _, l := range s.leistungen(a, func(l *zufi.Leistung) bool {
		hay := []string{strings.ToLower(l.Name())}
		for _, t := range l.Texte {
			for _, in := range t.Inhalt {
				hay = append(hay, strings.ToLower(in.Text))
			}
		}
		return slices.ContainsFunc(terms, func(t string) bool {
			return slices.ContainsFunc(hay, func(h string) bool { return strings.Contains(h, t) })
		})
	}) {
		items = append(items, map[string]any{"id": l.ID.Value, "name": l.Name(), "ars": s.areas(l)})
	}
	s.writePage(w, q, items, 5, "serviceDescriptions")
}

// serviceDetail answers /v6/servicedescriptions/{lbId}/detail with the
// text modules as they apply in the area (a Spezialisierung for the area
// replaces modules of the general description).
func (s *Server) serviceDetail(w http.ResponseWriter, id string, q url.Values) {
	if len(q.Get("ars")) != 12 {
		http.Error(w, "ars must have 12 digits", http.StatusBadRequest)
		return
	}
	a, err := area(q.Get("ars"))
	if err != nil {
		http.Error(w, "bad ars", http.StatusBadRequest)
		return
	}
	l, ok := s.dir.Leistung(id)
	if !ok {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	texte := l.Texte
	for _, key := range l.ReferenzLeiKa {
		answers, _ := s.dir.Zustaendig(key, a)
		for _, an := range answers {
			if an.Leistung.ID.Value == id {
				texte = an.Texte
			}
		}
	}
	details := []any{}
	for _, t := range texte {
		for _, in := range t.Inhalt {
			if in.Lang == "de" || in.Lang == "" {
				details = append(details, map[string]any{"text": in.Text})
				break
			}
		}
	}
	writeJSON(w, map[string]any{"id": l.ID.Value, "name": l.Name(), "details": details})
}

func (s *Server) csv(w http.ResponseWriter, q url.Values) {
	a, err := ozg.ParseARS(q.Get("ars"))
	if err != nil {
		http.Error(w, "ars required", http.StatusBadRequest)
		return
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Comma = '|'
	_ = cw.Write([]string{"ID-LB", "Name"})
	for _, l := range s.leistungen(a, func(*zufi.Leistung) bool { return true }) {
		_ = cw.Write([]string{l.ID.Value, l.Name()})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=UTF-8")
	_, _ = w.Write(b.Bytes())
}

// unitRole is a unit with its role for a Leistung in an area.
type unitRole struct {
	unit *zufi.Organisationseinheit
	z    zufi.Zustaendigkeit
}

// units returns the units responsible for the Leistung recorded for the
// area (or, with vererben, for the first area up the hierarchy that has
// any).
func (s *Server) units(lbID string, a ozg.ARS, vererben bool) []unitRole {
	levels := []ozg.ARS{a}
	if vererben {
		levels = chain(a)
	}
	for _, level := range levels {
		var out []unitRole
		for _, o := range s.dir.Organisationseinheiten() {
			for _, z := range o.Zustaendigkeiten {
				if z.LeistungID.Value == lbID && slices.Contains(z.Gebiete, level) {
					out = append(out, unitRole{o, z})
				}
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func (s *Server) titles(w http.ResponseWriter, q url.Values) {
	a, err := ozg.ParseARS(q.Get("ars"))
	id := q.Get("lbId")
	if err != nil || id == "" {
		http.Error(w, "ars and lbId required", http.StatusBadRequest)
		return
	}
	out := []any{}
	for _, u := range s.units(id, a, s.opts.Vererben) {
		out = append(out, map[string]any{"id": u.unit.ID.Value, "title": u.unit.NameDE(), "role": map[string]any{"code": u.z.Rolle.Code}})
	}
	writeJSON(w, out)
}

// unitDetail answers /v5/organisationunits/detail. The role is that of
// the unit's Zuständigkeit for lbId (in the area and above, if ars is
// given); without lbId it is Ansprechpunkt (code 03).
func (s *Server) unitDetail(w http.ResponseWriter, q url.Values) {
	id := q.Get("q")
	if id == "" {
		http.Error(w, "q required", http.StatusBadRequest)
		return
	}
	var a ozg.ARS
	if v := q.Get("ars"); v != "" {
		var err error
		if a, err = area(v); err != nil {
			http.Error(w, "bad ars", http.StatusBadRequest)
			return
		}
	}
	var o *zufi.Organisationseinheit
	for _, u := range s.dir.Organisationseinheiten() {
		if u.ID.Value == id {
			o = u
		}
	}
	if o == nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	out := map[string]any{"id": o.ID.Value, "title": o.NameDE()}
	if lb := q.Get("lbId"); lb == "" {
		out["role"] = map[string]any{"code": zufi.RolleAnsprechpunkt}
	} else {
		for _, z := range o.Zustaendigkeiten {
			if z.LeistungID.Value == lb && (a.IsZero() || slices.ContainsFunc(chain(a), func(c ozg.ARS) bool { return slices.Contains(z.Gebiete, c) })) {
				out["role"] = map[string]any{"code": z.Rolle.Code}
				break
			}
		}
	}
	addresses, comms, web := []any{}, []any{}, []any{}
	for _, an := range o.Anschriften {
		typ := an.Typ.Name
		if typ == "" {
			typ = an.Typ.Code
		}
		addresses = append(addresses, map[string]any{"type": typ, "street": strings.TrimSpace(an.Strasse + " " + an.Hausnummer), "zip": an.Postleitzahl, "city": an.Ort})
	}
	for _, k := range o.Kommunikation {
		comms = append(comms, map[string]any{"code": k.Kanal.Code, "value": k.Kennung})
	}
	for _, l := range o.Internetadressen {
		web = append(web, map[string]any{"uri": l.URL})
	}
	out["location"] = map[string]any{"addresses": addresses, "communications": comms}
	out["internetAddresses"] = web
	writeJSON(w, out)
}

// onlineService answers /v2/onlineservices/detail. The EfA parameters
// are sent as "parameters": [{"name", "value"}] — the fake's own shape;
// the PVOG's is not documented.
func (s *Server) onlineService(w http.ResponseWriter, q url.Values) {
	id := q.Get("q")
	if id == "" {
		http.Error(w, "q required", http.StatusBadRequest)
		return
	}
	for _, od := range s.dir.Onlinedienste() {
		if od.ID.Value != id {
			continue
		}
		links, params := []any{}, []any{}
		for _, l := range od.Links {
			links = append(links, map[string]any{"uri": l.URL})
		}
		for _, p := range od.Parameter {
			params = append(params, map[string]any{"name": p.Name, "value": p.Wert})
		}
		writeJSON(w, map[string]any{"id": od.ID.Value, "links": links, "parameters": params})
		return
	}
	http.Error(w, "not found", http.StatusNotFound)
}

func jsonID(id zufi.ID) map[string]any {
	m := map[string]any{"value": id.Value}
	if id.SchemeID != "" {
		m["schemeID"] = id.SchemeID
	}
	if id.SchemeAgencyID != "" {
		m["schemeAgencyID"] = id.SchemeAgencyID
	}
	return m
}

// relations answers /v1/relations/jzufi-2-3 with the Leistungen and the
// units' Zuständigkeiten for them in the area and above, in a JSON form
// of XZuFi element names that is the fake's own (the PVOG's is not
// documented): idSekundaer entries are objects with value, schemeID and
// schemeAgencyID.
func (s *Server) relations(w http.ResponseWriter, q url.Values) {
	a, err := ozg.ParseARS(q.Get("ars"))
	ids := q["lbids"]
	if err != nil || len(ids) == 0 {
		http.Error(w, "ars and lbids required", http.StatusBadRequest)
		return
	}
	levels := chain(a)
	leistungen, units := []any{}, []any{}
	for _, id := range ids {
		if l, ok := s.dir.Leistung(id); ok {
			leistungen = append(leistungen, map[string]any{"id": jsonID(l.ID), "name": l.Name()})
		}
	}
	for _, o := range s.dir.Organisationseinheiten() {
		var zs []any
		for _, z := range o.Zustaendigkeiten {
			if !slices.Contains(ids, z.LeistungID.Value) || !slices.ContainsFunc(levels, func(c ozg.ARS) bool { return slices.Contains(z.Gebiete, c) }) {
				continue
			}
			sek, gebiete := []any{}, []any{}
			for _, id := range z.IDSekundaer {
				sek = append(sek, jsonID(id))
			}
			for _, g := range z.GebietID {
				gebiete = append(gebiete, jsonID(g))
			}
			zs = append(zs, map[string]any{"id": jsonID(z.ID), "idSekundaer": sek, "leistungID": jsonID(z.LeistungID),
				"gebietID": gebiete, "rolle": map[string]any{"code": z.Rolle.Code}})
		}
		if len(zs) > 0 {
			units = append(units, map[string]any{"id": jsonID(o.ID), "zustaendigkeit": zs})
		}
	}
	writeJSON(w, map[string]any{"leistung": leistungen, "organisationseinheit": units})
}
