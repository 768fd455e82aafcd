package zufi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// ErrMalformed reports an answer of the PVOG that does not have the
// documented shape (bad JSON, missing fields, bad XZuFi).
var ErrMalformed = errors.New("zufi: malformed PVOG answer")

// HTTPError is an answer with an unexpected HTTP status.
type HTTPError struct {
	Status     int           // HTTP status code
	RetryAfter time.Duration // the server's Retry-After, if any
}

func (e *HTTPError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("zufi: PVOG answered HTTP %d (retry after %s)", e.Status, e.RetryAfter)
	}
	return fmt.Sprintf("zufi: PVOG answered HTTP %d", e.Status)
}

// TokenSource supplies the OAuth 2.0 access token the PVOG requires
// (client-credentials grant at the PVOG Keycloak).
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// ClientOptions configure a PVOG client. A nil *ClientOptions is valid.
type ClientOptions struct {
	// HTTPClient sends the requests; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Logger receives one debug record per request (method, path without
	// query, status, attempt); nil discards.
	Logger *slog.Logger
	// Token supplies the bearer token; nil sends none.
	Token TokenSource
	// MinInterval is the least time between two requests (client-side
	// rate limit); 0 means none.
	MinInterval time.Duration
	// MaxRetries is how often a 429 or 503 answer is retried; 0 means 3,
	// a negative value none.
	MaxRetries int
	// MaxRetryAfter caps the wait a Retry-After header may ask for; a
	// longer one is returned as an Unavailable error. 0 means 60 s.
	MaxRetryAfter time.Duration
	// MaxPages caps the pages one listing may fetch; 0 means 1000.
	MaxPages int
	// Paths are the endpoint paths relative to the base URL; nil means
	// DefaultPaths.
	Paths *Paths
	// Now and Sleep are the clock; nil means the real one. Sleep must
	// return early with ctx.Err() when ctx ends.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Paths are the PVOG endpoint paths, relative to the client's base URL.
type Paths struct {
	Orte                   string // locations by plz or name
	Leistungen             string // service descriptions; + "/{id}" the detail
	Organisationseinheiten string // responsible units
	Onlinedienste          string // online services
	Verwaltungsobjekte     string // Bereitstelldienst XZuFi pages
}

// DefaultPaths returns the paths zufitest serves: the Bereitstelldienst
// path of the PVOG and this package's model of the Suchdienst paths
// (check them against the Suchdienst API of your PVOG environment).
func DefaultPaths() *Paths {
	return &Paths{
		Orte:                   "suchdienst/api/v1/orte",
		Leistungen:             "suchdienst/api/v1/leistungen",
		Organisationseinheiten: "suchdienst/api/v1/organisationseinheiten",
		Onlinedienste:          "suchdienst/api/v1/onlinedienste",
		Verwaltungsobjekte:     "bereitstelldienst/api/v2/verwaltungsobjekte",
	}
}

// Client talks to the PVOG: the Suchdienst (locations, service
// descriptions, organisational units, online services) and the
// Bereitstelldienst (XZuFi objects for an ARS). It is safe for concurrent
// use.
type Client struct {
	base *url.URL
	opts ClientOptions
	log  *slog.Logger
	mu   sync.Mutex
	next time.Time
}

// NewClient returns a client for the PVOG at baseURL (e.g.
// https://pvog.example/; zufitest.Server.URL for the fake).
func NewClient(baseURL string, opts *ClientOptions) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, "zufi.NewClient", "base URL must be an absolute http(s) URL")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c := &Client{base: u}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.HTTPClient == nil {
		c.opts.HTTPClient = http.DefaultClient
	}
	if c.opts.MaxRetries == 0 {
		c.opts.MaxRetries = 3
	}
	if c.opts.MaxRetryAfter == 0 {
		c.opts.MaxRetryAfter = time.Minute
	}
	if c.opts.MaxPages == 0 {
		c.opts.MaxPages = 1000
	}
	if c.opts.Now == nil {
		c.opts.Now = time.Now
	}
	if c.opts.Paths == nil {
		c.opts.Paths = DefaultPaths()
	}
	if c.opts.Sleep == nil {
		c.opts.Sleep = sleep
	}
	c.log = c.opts.Logger
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// wait enforces MinInterval.
func (c *Client) wait(ctx context.Context) error {
	if c.opts.MinInterval <= 0 {
		return ctx.Err()
	}
	c.mu.Lock()
	now := c.opts.Now()
	at := c.next
	if at.Before(now) {
		at = now
	}
	c.next = at.Add(c.opts.MinInterval)
	c.mu.Unlock()
	return c.opts.Sleep(ctx, at.Sub(now))
}

// get fetches path with the query and returns the body of a 200 answer.
func (c *Client) get(ctx context.Context, op, path string, q url.Values) ([]byte, error) {
	u := c.base.ResolveReference(&url.URL{Path: strings.TrimPrefix(path, "/"), RawQuery: q.Encode()})
	for attempt := 0; ; attempt++ {
		if err := c.wait(ctx); err != nil {
			return nil, c.fail(op, err)
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
		if err != nil {
			return nil, c.fail(op, err)
		}
		req.Header.Set("Accept", "application/json, application/xml")
		if c.opts.Token != nil {
			tok, err := c.opts.Token.Token(ctx)
			if err != nil {
				return nil, &ozg.Error{Code: ozg.Unauthenticated, Op: op, Err: err}
			}
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := c.opts.HTTPClient.Do(req)
		if err != nil {
			return nil, c.fail(op, err)
		}
		body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
		resp.Body.Close()
		c.log.DebugContext(ctx, "pvog request", "op", op, "path", u.Path, "status", resp.StatusCode, "attempt", attempt+1)
		if err != nil {
			return nil, c.fail(op, err)
		}
		if resp.StatusCode == http.StatusOK {
			return body, nil
		}
		herr := &HTTPError{Status: resp.StatusCode, RetryAfter: c.retryAfter(resp.Header.Get("Retry-After"))}
		retryable := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable
		if !retryable || attempt >= c.opts.MaxRetries || herr.RetryAfter > c.opts.MaxRetryAfter {
			return nil, &ozg.Error{Code: statusCode(resp.StatusCode), Op: op, Err: herr}
		}
		d := herr.RetryAfter
		if d == 0 {
			d = time.Duration(attempt+1) * time.Second
		}
		c.log.InfoContext(ctx, "pvog asks to retry", "op", op, "status", resp.StatusCode, "wait", d)
		if err := c.opts.Sleep(ctx, d); err != nil {
			return nil, c.fail(op, err)
		}
	}
}

// retryAfter parses a Retry-After header: delay seconds or an HTTP date.
func (c *Client) retryAfter(h string) time.Duration {
	if h == "" {
		return 0
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(c.opts.Now()); d > 0 {
			return d
		}
	}
	return 0
}

func statusCode(s int) ozg.Code {
	switch {
	case s == http.StatusNotFound:
		return ozg.NotFound
	case s == http.StatusBadRequest:
		return ozg.InvalidArgument
	case s == http.StatusUnauthorized:
		return ozg.Unauthenticated
	case s == http.StatusForbidden:
		return ozg.PermissionDenied
	case s == http.StatusTooManyRequests || s >= 500:
		return ozg.Unavailable
	}
	return ozg.Unknown
}

func (c *Client) fail(op string, err error) error {
	switch {
	case errors.Is(err, context.Canceled):
		return &ozg.Error{Code: ozg.Canceled, Op: op, Err: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &ozg.Error{Code: ozg.DeadlineExceeded, Op: op, Err: err}
	}
	return &ozg.Error{Code: ozg.Unavailable, Op: op, Err: err}
}

func malformed(op, what string, err error) error {
	if err != nil {
		return &ozg.Error{Code: ozg.Unknown, Op: op, Err: fmt.Errorf("%w: %s: %v", ErrMalformed, what, err)}
	}
	return &ozg.Error{Code: ozg.Unknown, Op: op, Err: fmt.Errorf("%w: %s", ErrMalformed, what)}
}

// Ort is a location found by postcode or name, with its ARS.
type Ort struct {
	ARS  ozg.ARS `json:"ars"`           // regional key
	Name string  `json:"name"`          // name of the Gemeinde
	PLZ  string  `json:"plz,omitempty"` // postcode searched for or of the seat
}

// OrtQuery searches locations: by postcode or by (part of the) name.
type OrtQuery struct {
	PLZ  string // 5-digit postcode
	Name string // name or its beginning
}

// Page is the paging envelope of the Suchdienst listings.
type page[T any] struct {
	Items      []T `json:"items"`
	Page       int `json:"page"`
	TotalPages int `json:"totalPages"`
}

// list fetches every page of a listing.
func list[T any](ctx context.Context, c *Client, op, path string, q url.Values, check func(*T) error) ([]T, error) {
	var out []T
	for p := 0; ; p++ {
		if p >= c.opts.MaxPages {
			return nil, malformed(op, fmt.Sprintf("more than %d pages", c.opts.MaxPages), nil)
		}
		q.Set("page", strconv.Itoa(p))
		body, err := c.get(ctx, op, path, q)
		if err != nil {
			return nil, err
		}
		var pg page[T]
		dec := json.NewDecoder(bytes.NewReader(body))
		if err := dec.Decode(&pg); err != nil {
			return nil, malformed(op, "page "+strconv.Itoa(p), err)
		}
		if pg.Page != p || pg.TotalPages < 0 || (pg.TotalPages > 0 && p >= pg.TotalPages) {
			return nil, malformed(op, fmt.Sprintf("page %d answered as page %d of %d", p, pg.Page, pg.TotalPages), nil)
		}
		for i := range pg.Items {
			if err := check(&pg.Items[i]); err != nil {
				return nil, malformed(op, fmt.Sprintf("page %d item %d", p, i), err)
			}
		}
		out = append(out, pg.Items...)
		if p+1 >= pg.TotalPages {
			return out, nil
		}
	}
}

// Orte finds locations by postcode or name.
func (c *Client) Orte(ctx context.Context, q OrtQuery) ([]Ort, error) {
	const op = "zufi.Orte"
	v := url.Values{}
	switch {
	case q.PLZ != "" && q.Name == "":
		if len(q.PLZ) != 5 || strings.Trim(q.PLZ, "0123456789") != "" {
			return nil, ozg.Errorf(ozg.InvalidArgument, op, "postcode must be 5 digits")
		}
		v.Set("plz", q.PLZ)
	case q.Name != "" && q.PLZ == "":
		v.Set("name", q.Name)
	default:
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "give either a postcode or a name")
	}
	return list(ctx, c, op, c.opts.Paths.Orte, v, func(o *Ort) error {
		if o.ARS.IsZero() {
			return errors.New("ars missing")
		}
		return nil
	})
}

// LeistungInfo is a service description as the Suchdienst lists it.
type LeistungInfo struct {
	ID                string                  `json:"id"`                      // PVOG ID of the Leistung
	Leika             ozg.Leistungsschluessel `json:"leika"`                   // LeiKa key
	Name              string                  `json:"name"`                    // German name (text module 03, else 02)
	Teaser            string                  `json:"teaser,omitempty"`        // text module 24
	Vertrauensniveau  ozg.Vertrauensniveau    `json:"vertrauensniveau"`        // required trust level, if stated
	OnlinedienstLinks []string                `json:"onlinedienste,omitempty"` // application links for the area
}

func checkLeistung(l *LeistungInfo) error {
	if l.ID == "" || l.Leika.IsZero() {
		return errors.New("id or leika missing")
	}
	return nil
}

// Leistungen lists the service descriptions for a LeiKa key in an area.
func (c *Client) Leistungen(ctx context.Context, key ozg.Leistungsschluessel, gebiet ozg.ARS) ([]LeistungInfo, error) {
	const op = "zufi.Leistungen"
	if key.IsZero() || gebiet.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "LeiKa key and area are required")
	}
	return list(ctx, c, op, c.opts.Paths.Leistungen, url.Values{"leika": {key.String()}, "ars": {gebiet.String()}}, checkLeistung)
}

// Leistung fetches the full description of a service for an area, as an
// XZuFi leistung (the fake returns the general description).
func (c *Client) Leistung(ctx context.Context, id string, gebiet ozg.ARS) (*Leistung, error) {
	const op = "zufi.Leistung"
	if id == "" || gebiet.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "id and area are required")
	}
	body, err := c.get(ctx, op, strings.TrimSuffix(c.opts.Paths.Leistungen, "/")+"/"+url.PathEscape(id), url.Values{"ars": {gebiet.String()}})
	if err != nil {
		return nil, err
	}
	m, err := Read(bytes.NewReader(body), nil)
	if err != nil {
		return nil, malformed(op, "XZuFi", err)
	}
	if len(m.Leistungen) != 1 || m.Leistungen[0].ID.Value != id {
		return nil, malformed(op, fmt.Sprintf("want exactly leistung %q, got %d", id, len(m.Leistungen)), nil)
	}
	return &m.Leistungen[0], nil
}

// OrganisationseinheitInfo is a responsible unit as the Suchdienst lists it.
type OrganisationseinheitInfo struct {
	ID     string  `json:"id"`                // PVOG ID
	Name   string  `json:"name"`              // German name
	Gebiet ozg.ARS `json:"gebiet"`            // area of the responsibility
	Rolle  string  `json:"rolle,omitempty"`   // role code
	Email  string  `json:"email,omitempty"`   // e-mail
	Phone  string  `json:"telefon,omitempty"` // telephone
}

// Organisationseinheiten lists the units responsible for the LeiKa key in
// the area (the PVOG walks up the ARS hierarchy).
func (c *Client) Organisationseinheiten(ctx context.Context, key ozg.Leistungsschluessel, gebiet ozg.ARS) ([]OrganisationseinheitInfo, error) {
	const op = "zufi.Organisationseinheiten"
	if key.IsZero() || gebiet.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "LeiKa key and area are required")
	}
	return list(ctx, c, op, c.opts.Paths.Organisationseinheiten, url.Values{"leika": {key.String()}, "ars": {gebiet.String()}},
		func(o *OrganisationseinheitInfo) error {
			if o.ID == "" || o.Gebiet.IsZero() {
				return errors.New("id or gebiet missing")
			}
			return nil
		})
}

// OnlinedienstInfo is an online service as the Suchdienst lists it.
type OnlinedienstInfo struct {
	ID               string               `json:"id"`               // PVOG ID
	Name             string               `json:"name"`             // German name
	URL              string               `json:"url"`              // application link (link type 01)
	Vertrauensniveau ozg.Vertrauensniveau `json:"vertrauensniveau"` // required trust level
}

// Onlinedienste lists the online services for the LeiKa key in the area.
func (c *Client) Onlinedienste(ctx context.Context, key ozg.Leistungsschluessel, gebiet ozg.ARS) ([]OnlinedienstInfo, error) {
	const op = "zufi.Onlinedienste"
	if key.IsZero() || gebiet.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "LeiKa key and area are required")
	}
	return list(ctx, c, op, c.opts.Paths.Onlinedienste, url.Values{"leika": {key.String()}, "ars": {gebiet.String()}},
		func(o *OnlinedienstInfo) error {
			if o.ID == "" || o.URL == "" {
				return errors.New("id or url missing")
			}
			return nil
		})
}

// verwaltungsobjekte is one page of the Bereitstelldienst.
type verwaltungsobjekte struct {
	XZuFiObjekte   *string `json:"xzufiObjekte"`
	Vollstaendig   *bool   `json:"vollstaendig"`
	NaechsterIndex int     `json:"naechsterIndex"`
}

// Verwaltungsobjekte fetches the XZuFi objects (Leistungen,
// Spezialisierungen, Organisationseinheiten, Onlinedienste and
// Zuständigkeiten) for an ARS from the Bereitstelldienst
// (GET …/bereitstelldienst/api/v2/verwaltungsobjekte?index=N&ars=A),
// following naechsterIndex until the answer says vollstaendig. Each page is
// one XZuFi message; put them into a Directory in order.
func (c *Client) Verwaltungsobjekte(ctx context.Context, gebiet ozg.ARS) ([]*Message, error) {
	const op = "zufi.Verwaltungsobjekte"
	if gebiet.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "area is required")
	}
	var out []*Message
	index := 0
	for p := 0; ; p++ {
		if p >= c.opts.MaxPages {
			return nil, malformed(op, fmt.Sprintf("more than %d pages", c.opts.MaxPages), nil)
		}
		body, err := c.get(ctx, op, c.opts.Paths.Verwaltungsobjekte, url.Values{"index": {strconv.Itoa(index)}, "ars": {gebiet.String()}})
		if err != nil {
			return nil, err
		}
		var v verwaltungsobjekte
		if err := json.Unmarshal(body, &v); err != nil {
			return nil, malformed(op, "index "+strconv.Itoa(index), err)
		}
		if v.XZuFiObjekte == nil || v.Vollstaendig == nil {
			return nil, malformed(op, "xzufiObjekte or vollstaendig missing", nil)
		}
		if *v.XZuFiObjekte != "" {
			m, err := Read(strings.NewReader(*v.XZuFiObjekte), nil)
			if err != nil {
				return nil, malformed(op, "XZuFi at index "+strconv.Itoa(index), err)
			}
			out = append(out, m)
		}
		if *v.Vollstaendig {
			return out, nil
		}
		if v.NaechsterIndex <= index {
			return nil, malformed(op, fmt.Sprintf("naechsterIndex %d does not advance from %d", v.NaechsterIndex, index), nil)
		}
		index = v.NaechsterIndex
	}
}
