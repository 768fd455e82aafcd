package zufitest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
)

// Options configure the fake. A nil *Options is valid.
type Options struct {
	// PageSize is the number of items per Suchdienst page; 0 means 2, so
	// that paging happens with small test data.
	PageSize int
	// Token, if set, is the bearer token every request must carry;
	// others get 401.
	Token string
}

// Server is an httptest server speaking the PVOG endpoints the zufi.Client
// uses, answering from XZuFi documents. Not for production. It is safe for
// concurrent use.
type Server struct {
	// URL is the base URL to give zufi.NewClient.
	URL string

	srv   *httptest.Server
	opts  Options
	dir   *zufi.Directory
	pages [][]byte          // the documents, one Bereitstelldienst page each
	raw   map[string][]byte // leistung ID → standalone XZuFi document

	mu       sync.Mutex
	throttle []string          // Retry-After values of the next 429 answers
	broken   map[string]string // path → body of a malformed answer
	requests []string          // request paths with query, in order
}

// New starts a fake serving the XZuFi documents. Each document must be an
// XZuFi 2.2.0 or 2.3.1 message that declares the xzufi (and, if used, xsi)
// prefix on its root element. Close the server when done.
func New(docs [][]byte, opts *Options) (*Server, error) {
	s := &Server{dir: zufi.NewDirectory(), raw: map[string][]byte{}, broken: map[string]string{}}
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
		s.pages = append(s.pages, d)
		if err := s.extractLeistungen(d); err != nil {
			return nil, fmt.Errorf("zufitest: document %d: %w", i, err)
		}
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	s.URL = s.srv.URL
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

// Break makes requests to the path (e.g. "/suchdienst/api/v1/orte")
// answer 200 with the body, for testing malformed answers.
func (s *Server) Break(path, body string) {
	s.mu.Lock()
	s.broken[path] = body
	s.mu.Unlock()
}

// Requests returns the request paths with their queries, in order.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// extractLeistungen keeps each leistung element's bytes as a standalone
// document for the detail endpoint.
func (s *Server) extractLeistungen(doc []byte) error {
	d := xml.NewDecoder(bytes.NewReader(doc))
	var rootNS string
	depthStart, depth := -1, 0
	var start int64
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if rootNS == "" {
				rootNS = t.Name.Space
			}
			if t.Name.Local == "leistung" && depthStart < 0 {
				depthStart, start = depth, off
			}
		case xml.EndElement:
			if depth == depthStart {
				body := doc[start:d.InputOffset()]
				m, err := zufi.Read(bytes.NewReader(wrap(rootNS, body)), nil)
				if err != nil || len(m.Leistungen) != 1 {
					return fmt.Errorf("leistung at offset %d: %v", start, err)
				}
				s.raw[m.Leistungen[0].ID.Value] = wrap(rootNS, body)
				depthStart = -1
			}
			depth--
		}
	}
}

func wrap(ns string, body []byte) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xzufi:schreibe.Leistung xmlns:xzufi="` + ns + `" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.Write(body)
	b.WriteString(`</xzufi:schreibe.Leistung>`)
	return b.Bytes()
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests = append(s.requests, r.URL.RequestURI())
	var retry *string
	if len(s.throttle) > 0 {
		retry = &s.throttle[0]
		s.throttle = s.throttle[1:]
	}
	broken, isBroken := s.broken[r.URL.Path]
	s.mu.Unlock()
	if s.opts.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.opts.Token {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	if retry != nil {
		if *retry != "" {
			w.Header().Set("Retry-After", *retry)
		}
		http.Error(w, "too many requests", http.StatusTooManyRequests)
		return
	}
	if isBroken {
		_, _ = io.WriteString(w, broken)
		return
	}
	q := r.URL.Query()
	p := r.URL.Path
	switch {
	case p == "/suchdienst/api/v1/orte":
		s.orte(w, q.Get("plz"), q.Get("name"), q.Get("page"))
	case p == "/suchdienst/api/v1/leistungen":
		s.withKeyArea(w, q, s.leistungen)
	case strings.HasPrefix(p, "/suchdienst/api/v1/leistungen/"):
		s.leistung(w, strings.TrimPrefix(p, "/suchdienst/api/v1/leistungen/"))
	case p == "/suchdienst/api/v1/organisationseinheiten":
		s.withKeyArea(w, q, s.organisationseinheiten)
	case p == "/suchdienst/api/v1/onlinedienste":
		key, err1 := ozg.ParseLeistungsschluessel(q.Get("leika"))
		ars, err2 := ozg.ParseARS(q.Get("ars"))
		if err1 != nil || err2 != nil {
			http.Error(w, "leika and ars required", http.StatusBadRequest)
			return
		}
		s.onlinedienste(w, key, ars, q.Get("page"))
	case p == "/bereitstelldienst/api/v2/verwaltungsobjekte":
		s.verwaltungsobjekte(w, q.Get("index"), q.Get("ars"))
	default:
		http.NotFound(w, r)
	}
}

// writePage writes items[page*size:…] in the paging envelope.
func writePage[T any](w http.ResponseWriter, items []T, pageParam string, size int) {
	p, err := strconv.Atoi(pageParam)
	if pageParam == "" {
		p, err = 0, nil
	}
	total := (len(items) + size - 1) / size
	if err != nil || p < 0 || (total > 0 && p >= total) {
		http.Error(w, "bad page", http.StatusBadRequest)
		return
	}
	lo, hi := p*size, min(p*size+size, len(items))
	if lo > hi {
		lo = hi
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{"items": items[lo:hi], "page": p, "totalPages": total})
}

func (s *Server) orte(w http.ResponseWriter, plz, name, page string) {
	if (plz == "") == (name == "") {
		http.Error(w, "plz or name", http.StatusBadRequest)
		return
	}
	out := []zufi.Ort{}
	for r := range ozg.Regions() {
		if r.Level() != ozg.LevelGemeinde {
			continue
		}
		if (plz != "" && r.PLZ == plz) || (name != "" && strings.HasPrefix(strings.ToLower(r.Name), strings.ToLower(name))) {
			out = append(out, zufi.Ort{ARS: r.ARS, Name: r.Name, PLZ: r.PLZ})
		}
	}
	writePage(w, out, page, s.opts.PageSize)
}

func (s *Server) withKeyArea(w http.ResponseWriter, q map[string][]string, f func(http.ResponseWriter, []zufi.Answer, string)) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	key, err1 := ozg.ParseLeistungsschluessel(get("leika"))
	ars, err2 := ozg.ParseARS(get("ars"))
	if err1 != nil || err2 != nil {
		http.Error(w, "leika and ars required", http.StatusBadRequest)
		return
	}
	answers, err := s.dir.Zustaendig(key, ars)
	if err != nil && !errors.Is(err, ozg.ErrNotFound) {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f(w, answers, get("page"))
}

func (s *Server) leistungen(w http.ResponseWriter, answers []zufi.Answer, page string) {
	out := []zufi.LeistungInfo{}
	seen := map[string]bool{}
	for _, a := range answers {
		if seen[a.Leistung.ID.Value] {
			continue
		}
		seen[a.Leistung.ID.Value] = true
		info := zufi.LeistungInfo{ID: a.Leistung.ID.Value, Leika: a.Leistung.ReferenzLeiKa[0], Name: a.Leistung.Name(), Vertrauensniveau: a.Vertrauensniveau}
		info.Teaser, _ = a.Text(zufi.TextTeaser, "de")
		if a.Onlinedienst != nil {
			if l, ok := a.Onlinedienst.Link("01"); ok {
				info.OnlinedienstLinks = append(info.OnlinedienstLinks, l.URL)
			}
		}
		out = append(out, info)
	}
	writePage(w, out, page, s.opts.PageSize)
}

func (s *Server) leistung(w http.ResponseWriter, id string) {
	b, ok := s.raw[id]
	if !ok {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	_, _ = w.Write(b)
}

func (s *Server) organisationseinheiten(w http.ResponseWriter, answers []zufi.Answer, page string) {
	out := []zufi.OrganisationseinheitInfo{}
	for _, a := range answers {
		o := a.Organisationseinheit
		info := zufi.OrganisationseinheitInfo{ID: o.ID.Value, Name: o.NameDE(), Gebiet: a.Gebiet, Rolle: a.Zustaendigkeit.Rolle.Code}
		for _, k := range o.Kommunikation {
			switch k.Kanal.Code {
			case zufi.KanalEmail:
				info.Email = k.Kennung
			case zufi.KanalTelefon:
				info.Phone = k.Kennung
			}
		}
		out = append(out, info)
	}
	writePage(w, out, page, s.opts.PageSize)
}

func (s *Server) onlinedienste(w http.ResponseWriter, key ozg.Leistungsschluessel, ars ozg.ARS, page string) {
	out := []zufi.OnlinedienstInfo{}
	for _, od := range s.dir.OnlinedienstFuer(key, ars) {
		l, _ := od.Link("01")
		name := ""
		if len(od.Bezeichnung) > 0 {
			name = od.Bezeichnung[0].Text
		}
		out = append(out, zufi.OnlinedienstInfo{ID: od.ID.Value, Name: name, URL: l.URL, Vertrauensniveau: od.Vertrauensniveau})
	}
	writePage(w, out, page, s.opts.PageSize)
}

// verwaltungsobjekte serves one document per index; the fake does not
// filter by ARS.
func (s *Server) verwaltungsobjekte(w http.ResponseWriter, index, ars string) {
	i, err := strconv.Atoi(index)
	if _, aerr := ozg.ParseARS(ars); err != nil || aerr != nil || i < 0 || i > len(s.pages) {
		http.Error(w, "index and ars required", http.StatusBadRequest)
		return
	}
	body := ""
	if i < len(s.pages) {
		body = string(s.pages[i])
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(map[string]any{
		"xzufiObjekte":   body,
		"vollstaendig":   i+1 >= len(s.pages),
		"naechsterIndex": i + 1,
	})
}
