package zufi

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Base URLs of the PVOG Suchdienst REST API. The paths of DefaultPaths are
// relative to them and carry their own version segment.
const (
	// SuchdienstProduktion is the production Suchdienst of the FITKO.
	SuchdienstProduktion = "https://pvog.fitko.net/suchdienst/api"
	// SuchdienstStage is the stage (test) Suchdienst of the FITKO.
	SuchdienstStage = "https://stage.pvog.fitko.net/suchdienst/api"
	// SuchdienstDemo is the older public demo at Dataport.
	SuchdienstDemo = "https://public.demo.pvog.cloud-bdc.dataport.de/suchdienst/api"
)

// ErrMalformed reports an answer of the PVOG that does not have the
// documented shape (bad JSON, missing fields, wrong page).
var ErrMalformed = errors.New("zufi: malformed PVOG answer")

// HTTPError is an answer with an unexpected HTTP status.
type HTTPError struct {
	Status     int           // HTTP status code
	RetryAfter time.Duration // the server's Retry-After, if any
}

// Error names the status and the Retry-After, if any.
func (e *HTTPError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("zufi: PVOG answered HTTP %d (retry after %s)", e.Status, e.RetryAfter)
	}
	return fmt.Sprintf("zufi: PVOG answered HTTP %d", e.Status)
}

// TokenSource supplies an OAuth 2.0 access token. The Suchdienst's OpenAPI
// declares OAuth 2.0, but its search endpoints answer without a token in
// production; the Bereitstelldienst requires one.
type TokenSource interface {
	Token(ctx context.Context) (string, error)
}

// ClientOptions configure a PVOG client. A nil *ClientOptions is valid.
type ClientOptions struct {
	// HTTPClient sends the requests; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Logger receives one debug record per request (operation, path
	// without query, status, attempt); nil discards.
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
	// longer one is returned as an Unavailable error. 0 means 60 s; a
	// negative value is refused by NewClient.
	MaxRetryAfter time.Duration
	// MaxPages caps the pages one listing may fetch; 0 means 1000; a
	// negative value is refused by NewClient.
	MaxPages int
	// PageSize is the size asked for per page of a listing; 0 means 50.
	// Values below 5 are raised to 5, the least /v7 accepts. The server
	// may answer smaller pages.
	PageSize int
	// Paths are the endpoint paths relative to the base URL; nil means
	// DefaultPaths.
	Paths *Paths
	// Now and Sleep are the clock; nil means the real one. Sleep must
	// return early with ctx.Err() when ctx ends. Now also gives the
	// validDate the client sends (its date in Europe/Berlin).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Paths are the Suchdienst endpoint paths, relative to the base URL.
// "{ars}" and "{lbId}" are replaced by the path-escaped argument.
type Paths struct {
	Orte                   string // locations by postcode or name
	Ortsvorschlaege        string // autocomplete suggestions for locations
	OrtDetails             string // locations (ARS, postcode, name) by postcode
	Leistungen             string // service descriptions by LeiKa key and ARS
	Suche                  string // full-text search in an area
	LeistungDetail         string // one service description for an area
	LeistungenCSV          string // all service descriptions of an area as CSV
	Organisationseinheiten string // units responsible for a service at a place
	Organisationseinheit   string // one unit
	Onlinedienst           string // one online service
	Relationen             string // XZuFi 2.3 relations as JSON
}

// DefaultPaths returns the paths of the PVOG Suchdienst REST API 9.12.
func DefaultPaths() *Paths {
	return &Paths{
		Orte:                   "v2/locations",
		Ortsvorschlaege:        "v2/locations/suggestions",
		OrtDetails:             "v3/locations/details",
		Leistungen:             "v3/servicedescriptions/leikaid",
		Suche:                  "v7/servicedescriptions/{ars}",
		LeistungDetail:         "v6/servicedescriptions/{lbId}/detail",
		LeistungenCSV:          "v5/servicedescriptions/csv",
		Organisationseinheiten: "v2/organisationunits/titles",
		Organisationseinheit:   "v5/organisationunits/detail",
		Onlinedienst:           "v2/onlineservices/detail",
		Relationen:             "v1/relations/jzufi-2-3",
	}
}

// Client talks to the PVOG Suchdienst REST API. It is safe for concurrent
// use.
type Client struct {
	base *url.URL
	opts ClientOptions
	log  *slog.Logger
	mu   sync.Mutex
	next time.Time
}

// NewClient returns a client for the Suchdienst at baseURL (e.g.
// SuchdienstProduktion; zufitest.Server.URL for the fake).
func NewClient(baseURL string, opts *ClientOptions) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, "zufi.NewClient", "base URL must be an absolute http(s) URL without query")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c := &Client{base: u}
	if opts != nil {
		c.opts = *opts
	}
	if c.opts.MaxPages < 0 || c.opts.MaxRetryAfter < 0 {
		return nil, ozg.Errorf(ozg.InvalidArgument, "zufi.NewClient", "MaxPages and MaxRetryAfter must not be negative")
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
	if c.opts.PageSize == 0 {
		c.opts.PageSize = 50
	}
	c.opts.PageSize = max(c.opts.PageSize, 5)
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

// fillPath fills the "{name}" placeholders of a path template with the
// path-escaped values (name, value pairs).
func fillPath(tmpl string, vars ...string) string {
	for i := 0; i+1 < len(vars); i += 2 {
		tmpl = strings.ReplaceAll(tmpl, "{"+vars[i]+"}", url.PathEscape(vars[i+1]))
	}
	return tmpl
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
		req.Header.Set("Accept", "application/json, text/csv;q=0.9, */*;q=0.1")
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
	t := strings.TrimSpace(h)
	if s, err := strconv.ParseInt(t, 10, 64); err == nil && s >= 0 {
		if s > int64(math.MaxInt64/time.Second) {
			return math.MaxInt64 // longer than any cap; must not wrap around
		}
		return time.Duration(s) * time.Second
	}
	if t != "" && strings.Trim(t, "0123456789") == "" {
		return math.MaxInt64 // delay-seconds too long even for int64
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
		return &ozg.Error{Code: ozg.Unknown, Op: op, Err: fmt.Errorf("%w: %s: %w", ErrMalformed, what, err)}
	}
	return &ozg.Error{Code: ozg.Unknown, Op: op, Err: fmt.Errorf("%w: %s", ErrMalformed, what)}
}

// validDate is the date of t in Europe/Berlin as yyyy-MM-dd. German time is
// CET (UTC+1), and CEST (UTC+2) from 01:00 UTC on the last Sunday of March
// to 01:00 UTC on the last Sunday of October (EU rule since 1996); the
// rule is computed here so that no time-zone database is needed.
func validDate(t time.Time) string {
	t = t.UTC()
	y := t.Year()
	start := lastSunday(y, time.March).Add(time.Hour)
	end := lastSunday(y, time.October).Add(time.Hour)
	off := time.Hour
	if !t.Before(start) && t.Before(end) {
		off = 2 * time.Hour
	}
	return t.Add(off).Format(time.DateOnly)
}

// lastSunday is 00:00 UTC of the last Sunday of the month.
func lastSunday(year int, m time.Month) time.Time {
	d := time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC) // last day of m
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// checkID validates a PVOG object id argument (e.g. L100042.LB.101954):
// 1 to 200 letters, digits and . _ : -.
func checkID(op, what, id string) error {
	if id == "" || len(id) > 200 {
		return ozg.Errorf(ozg.InvalidArgument, op, "%s must be 1 to 200 characters", what)
	}
	for i := 0; i < len(id); i++ {
		b := id[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '.' || b == '_' || b == ':' || b == '-') {
			return ozg.Errorf(ozg.InvalidArgument, op, "%s has a character other than letters, digits and . _ : - at byte %d", what, i+1)
		}
	}
	return nil
}

func checkArea(op string, a ozg.ARS) error {
	if a.IsZero() {
		return ozg.Errorf(ozg.InvalidArgument, op, "area (ARS) is required")
	}
	return nil
}

// ars12 pads an ARS with zeros to 12 digits, as the detail endpoints
// expect ("07137" → "071370000000").
func ars12(a ozg.ARS) string {
	s := a.String()
	return s + strings.Repeat("0", 12-len(s))
}

// springPage is a Spring Data Page as the Suchdienst listings send it.
type springPage struct {
	Content       *[]json.RawMessage `json:"content"`
	TotalPages    *int               `json:"totalPages"`
	TotalElements *int64             `json:"totalElements"`
	Number        *int               `json:"number"`
	Last          *bool              `json:"last"`
}

// list fetches every page of a Spring-paged listing. wrap names the key
// the page sits under ("" for none).
func list[T any](ctx context.Context, c *Client, op, path string, q url.Values, wrap string, decode func(json.RawMessage) (T, error)) ([]T, error) {
	var out []T
	for p := 0; ; p++ {
		if p >= c.opts.MaxPages {
			return nil, malformed(op, fmt.Sprintf("more than %d pages", c.opts.MaxPages), nil)
		}
		q.Set("page", strconv.Itoa(p))
		q.Set("size", strconv.Itoa(c.opts.PageSize))
		body, err := c.get(ctx, op, path, q)
		if err != nil {
			return nil, err
		}
		raw := json.RawMessage(body)
		if wrap != "" {
			var w map[string]json.RawMessage
			if err := decodeObject(raw, &w); err != nil {
				return nil, malformed(op, fmt.Sprintf("page %d", p), err)
			}
			if raw = w[wrap]; raw == nil {
				return nil, malformed(op, fmt.Sprintf("page %d: %s missing", p, wrap), nil)
			}
		}
		var pg springPage
		if err := decodeObject(raw, &pg); err != nil {
			return nil, malformed(op, fmt.Sprintf("page %d", p), err)
		}
		switch {
		case pg.Content == nil:
			return nil, malformed(op, fmt.Sprintf("page %d: content missing", p), nil)
		case pg.Number == nil || pg.TotalPages == nil:
			return nil, malformed(op, fmt.Sprintf("page %d: number or totalPages missing", p), nil)
		case *pg.Number != p:
			return nil, malformed(op, fmt.Sprintf("page %d answered as page %d", p, *pg.Number), nil)
		case *pg.TotalPages < 0 || (*pg.TotalPages == 0 && len(*pg.Content) > 0) || (*pg.TotalPages > 0 && p >= *pg.TotalPages):
			return nil, malformed(op, fmt.Sprintf("page %d with %d items answered as one of %d pages", p, len(*pg.Content), *pg.TotalPages), nil)
		}
		last := p+1 >= *pg.TotalPages
		if pg.Last != nil && *pg.Last != last {
			return nil, malformed(op, fmt.Sprintf("page %d of %d: last is %t", p, *pg.TotalPages, *pg.Last), nil)
		}
		for i, r := range *pg.Content {
			v, err := decode(r)
			if err != nil {
				return nil, malformed(op, fmt.Sprintf("page %d item %d", p, i), err)
			}
			out = append(out, v)
		}
		if last {
			return out, nil
		}
	}
}

// array decodes a JSON array answer item by item.
func array[T any](op string, body []byte, decode func(json.RawMessage) (T, error)) ([]T, error) {
	var items []json.RawMessage
	t := bytes.TrimSpace(body)
	if len(t) == 0 || t[0] != '[' {
		return nil, malformed(op, "answer", errors.New("not a JSON array"))
	}
	if err := json.Unmarshal(t, &items); err != nil {
		return nil, malformed(op, "answer", err)
	}
	out := make([]T, 0, len(items))
	for i, r := range items {
		v, err := decode(r)
		if err != nil {
			return nil, malformed(op, fmt.Sprintf("item %d", i), err)
		}
		out = append(out, v)
	}
	return out, nil
}

// Orte finds locations by postcode or (part of a) name:
// GET /v2/locations?q=…. The answer is one JSON array, not paged.
func (c *Client) Orte(ctx context.Context, q string) ([]Ort, error) {
	const op = "zufi.Orte"
	q = strings.TrimSpace(q)
	if q == "" || len(q) > 200 || strings.ContainsFunc(q, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "search text must be 1 to 200 bytes without control characters")
	}
	body, err := c.get(ctx, op, c.opts.Paths.Orte, url.Values{"q": {q}})
	if err != nil {
		return nil, err
	}
	return array(op, body, decodeOrt)
}

// Ortsvorschlaege returns autocomplete suggestions for a location being
// typed: GET /v2/locations/suggestions?q=…. The answer's shape is not
// documented to this package; it must be a JSON array whose items are
// strings or objects (see Ortsvorschlag), each kept in Raw.
func (c *Client) Ortsvorschlaege(ctx context.Context, q string) ([]Ortsvorschlag, error) {
	const op = "zufi.Ortsvorschlaege"
	q = strings.TrimSpace(q)
	if q == "" || len(q) > 200 || strings.ContainsFunc(q, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "search text must be 1 to 200 bytes without control characters")
	}
	body, err := c.get(ctx, op, c.opts.Paths.Ortsvorschlaege, url.Values{"q": {q}})
	if err != nil {
		return nil, err
	}
	return array(op, body, decodeOrtsvorschlag)
}

// OrtDetails returns the locations with the postcode:
// GET /v3/locations/details?plz=…&limit=…, one JSON array of {ars, plz,
// name}. limit caps the number of locations the server returns; 0 sends
// none (the server's default).
func (c *Client) OrtDetails(ctx context.Context, plz string, limit int) ([]OrtDetail, error) {
	const op = "zufi.OrtDetails"
	if len(plz) != 5 || strings.Trim(plz, "0123456789") != "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "postcode must be 5 digits")
	}
	if limit < 0 || limit > 10000 {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "limit must be 0 (server default) to 10000")
	}
	q := url.Values{"plz": {plz}}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	body, err := c.get(ctx, op, c.opts.Paths.OrtDetails, q)
	if err != nil {
		return nil, err
	}
	return array(op, body, decodeOrtDetail)
}

// Leistungen lists the service descriptions for the LeiKa key in the
// area: GET /v3/servicedescriptions/leikaid?leikaIds=…&ars=…&validDate=…
// &page=…&size=…, following the Spring paging to the last page. validDate
// is today in Europe/Berlin by ClientOptions.Now.
func (c *Client) Leistungen(ctx context.Context, key ozg.Leistungsschluessel, gebiet ozg.ARS) ([]LeistungInfo, error) {
	const op = "zufi.Leistungen"
	if key.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "LeiKa key is required")
	}
	if err := checkArea(op, gebiet); err != nil {
		return nil, err
	}
	q := url.Values{"leikaIds": {key.String()}, "ars": {gebiet.String()}, "validDate": {validDate(c.opts.Now())}}
	return list(ctx, c, op, c.opts.Paths.Leistungen, q, "", decodeLeistungInfo)
}

// Suche searches the service descriptions of an area by text:
// GET /v7/servicedescriptions/{ars}?q=…&page=…&size=…, whose answer holds
// the Spring page under "serviceDescriptions". Items carry the areas they
// are for in ARS (Bund for federal descriptions).
func (c *Client) Suche(ctx context.Context, gebiet ozg.ARS, text string) ([]LeistungInfo, error) {
	const op = "zufi.Suche"
	if err := checkArea(op, gebiet); err != nil {
		return nil, err
	}
	text = strings.TrimSpace(text)
	if text == "" || len(text) > 500 || strings.ContainsFunc(text, func(r rune) bool { return r < ' ' || r == 0x7f }) {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "search text must be 1 to 500 bytes without control characters")
	}
	path := fillPath(c.opts.Paths.Suche, "ars", gebiet.String())
	return list(ctx, c, op, path, url.Values{"q": {text}}, "serviceDescriptions", decodeLeistungInfo)
}

// LeistungDetail fetches a service description as it applies in the
// area: GET /v6/servicedescriptions/{lbId}/detail?ars=…&validDate=…. The
// area is sent as 12 digits, padded with zeros ("07137" as 071370000000),
// as the endpoint expects. The text modules are returned as published,
// HTML included.
func (c *Client) LeistungDetail(ctx context.Context, lbID string, gebiet ozg.ARS) (*LeistungDetail, error) {
	const op = "zufi.LeistungDetail"
	if err := checkID(op, "lbId", lbID); err != nil {
		return nil, err
	}
	if err := checkArea(op, gebiet); err != nil {
		return nil, err
	}
	path := fillPath(c.opts.Paths.LeistungDetail, "lbId", lbID)
	body, err := c.get(ctx, op, path, url.Values{"ars": {ars12(gebiet)}, "validDate": {validDate(c.opts.Now())}})
	if err != nil {
		return nil, err
	}
	d, err := decodeLeistungDetail(body)
	if err != nil {
		return nil, malformed(op, "answer", err)
	}
	return d, nil
}

// LeistungenCSV fetches all service descriptions of an area as CSV:
// GET /v5/servicedescriptions/csv?ars=…. The answer is pipe-separated with
// a header line that must name at least the columns ID-LB and Name; each
// row is returned keyed by the header. A leading UTF-8 byte order mark is
// ignored.
func (c *Client) LeistungenCSV(ctx context.Context, gebiet ozg.ARS) ([]map[string]string, error) {
	const op = "zufi.LeistungenCSV"
	if err := checkArea(op, gebiet); err != nil {
		return nil, err
	}
	body, err := c.get(ctx, op, c.opts.Paths.LeistungenCSV, url.Values{"ars": {gebiet.String()}})
	if err != nil {
		return nil, err
	}
	return parseCSV(op, body)
}

func parseCSV(op string, body []byte) ([]map[string]string, error) {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF"))))
	r.Comma = '|'
	header, err := r.Read()
	if err != nil {
		return nil, malformed(op, "CSV header", err)
	}
	seen := map[string]bool{}
	for i, h := range header {
		if seen[h] {
			return nil, malformed(op, fmt.Sprintf("CSV header column %d: %q twice", i+1, h), nil)
		}
		seen[h] = true
	}
	for _, need := range []string{"ID-LB", "Name"} {
		if !seen[need] {
			return nil, malformed(op, "CSV header: column "+need+" missing", nil)
		}
	}
	var out []map[string]string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, malformed(op, "CSV", err)
		}
		line, _ := r.FieldPos(0)
		row := make(map[string]string, len(header))
		for i, h := range header {
			row[h] = rec[i]
		}
		if row["ID-LB"] == "" {
			return nil, malformed(op, fmt.Sprintf("CSV line %d: ID-LB empty", line), nil)
		}
		out = append(out, row)
	}
}

// Organisationseinheiten lists the units responsible for the service
// description lbId at the place: GET /v2/organisationunits/titles?ars=…
// &lbId=…, each with its role.
func (c *Client) Organisationseinheiten(ctx context.Context, lbID string, gebiet ozg.ARS) ([]OrganisationseinheitInfo, error) {
	const op = "zufi.Organisationseinheiten"
	if err := checkID(op, "lbId", lbID); err != nil {
		return nil, err
	}
	if err := checkArea(op, gebiet); err != nil {
		return nil, err
	}
	body, err := c.get(ctx, op, c.opts.Paths.Organisationseinheiten, url.Values{"ars": {gebiet.String()}, "lbId": {lbID}})
	if err != nil {
		return nil, err
	}
	return array(op, body, decodeOEInfo)
}

// Organisationseinheit fetches one unit: GET /v5/organisationunits/detail
// ?q=…&ars=…&lbId=…&validDate=…. gebiet (may be zero) filters the contact
// persons by area, lbID (may be "") the contact persons and the role by
// the service; without lbID the PVOG sets the role to Ansprechpunkt.
func (c *Client) Organisationseinheit(ctx context.Context, oeID string, gebiet ozg.ARS, lbID string) (*OrganisationseinheitDetail, error) {
	const op = "zufi.Organisationseinheit"
	if err := checkID(op, "OE id", oeID); err != nil {
		return nil, err
	}
	q := url.Values{"q": {oeID}, "validDate": {validDate(c.opts.Now())}}
	if !gebiet.IsZero() {
		q.Set("ars", gebiet.String())
	}
	if lbID != "" {
		if err := checkID(op, "lbId", lbID); err != nil {
			return nil, err
		}
		q.Set("lbId", lbID)
	}
	body, err := c.get(ctx, op, c.opts.Paths.Organisationseinheit, q)
	if err != nil {
		return nil, err
	}
	o, err := decodeOEDetail(body)
	if err != nil {
		return nil, malformed(op, "answer", err)
	}
	return o, nil
}

// Onlinedienst fetches one online service: GET /v2/onlineservices/detail
// ?q=… (odId e.g. L100042.OD.123).
func (c *Client) Onlinedienst(ctx context.Context, odID string) (*OnlinedienstDetail, error) {
	const op = "zufi.Onlinedienst"
	if err := checkID(op, "OD id", odID); err != nil {
		return nil, err
	}
	body, err := c.get(ctx, op, c.opts.Paths.Onlinedienst, url.Values{"q": {odID}})
	if err != nil {
		return nil, err
	}
	o, err := decodeOnlinedienst(body)
	if err != nil {
		return nil, malformed(op, "answer", err)
	}
	return o, nil
}

// Relationen fetches the XZuFi 2.3 relations of service descriptions in
// an area in their JSON form: GET /v1/relations/jzufi-2-3?ars=…&lbids=…
// (one lbids parameter per id). The answer's shape is not documented to
// this package: it is returned as raw JSON (which must be an object or an
// array), and Relationen.DestinationSignatures collects the FIT-Connect
// destination signatures from its idSekundaer entries.
func (c *Client) Relationen(ctx context.Context, gebiet ozg.ARS, lbIDs ...string) (Relationen, error) {
	const op = "zufi.Relationen"
	if err := checkArea(op, gebiet); err != nil {
		return Relationen{}, err
	}
	if len(lbIDs) == 0 {
		return Relationen{}, ozg.Errorf(ozg.InvalidArgument, op, "at least one lbId is required")
	}
	for _, id := range lbIDs {
		if err := checkID(op, "lbId", id); err != nil {
			return Relationen{}, err
		}
	}
	body, err := c.get(ctx, op, c.opts.Paths.Relationen, url.Values{"ars": {gebiet.String()}, "lbids": lbIDs})
	if err != nil {
		return Relationen{}, err
	}
	t := bytes.TrimSpace(body)
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') || !json.Valid(t) {
		return Relationen{}, malformed(op, "answer", errors.New("not a JSON object or array"))
	}
	return Relationen{Raw: json.RawMessage(t)}, nil
}

// ZustaendigeStelle is one unit the responsibility walk found.
type ZustaendigeStelle struct {
	// Gebiet is the area the unit was found for: the asked one or the
	// first of its parents that has one.
	Gebiet               ozg.ARS
	Leistung             LeistungInfo             // the service description (lbId) asked for
	Organisationseinheit OrganisationseinheitInfo // the unit, with its role
}

// Zustaendig answers who is responsible for the service (LeiKa key) in the
// area through the Suchdienst, walking up the ARS hierarchy like
// Directory.Zustaendig does offline: for the area, then its
// Gemeindeverband, Kreis, (Regierungsbezirk,) Land, it lists the service
// descriptions (Leistungen) and for each the units
// (Organisationseinheiten), and stops at the first area with a zuständige
// Stelle (role 01 or 02, Rolle.Zustaendig). It returns that area's units,
// zuständige Stellen first; if no area up to the Land has one, the units
// (e.g. Ansprechpunkte) of the most specific area that has any. It returns
// NotFound when no area has a unit, and the first request error as is.
func (c *Client) Zustaendig(ctx context.Context, key ozg.Leistungsschluessel, gebiet ozg.ARS) ([]ZustaendigeStelle, error) {
	const op = "zufi.Zustaendig"
	if key.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "LeiKa key is required")
	}
	if err := checkArea(op, gebiet); err != nil {
		return nil, err
	}
	var fallback []ZustaendigeStelle
	for area := gebiet; !area.IsZero(); area = area.Parent() {
		ls, err := c.Leistungen(ctx, key, area)
		if err != nil {
			return nil, err
		}
		var found []ZustaendigeStelle
		responsible := false
		for _, l := range ls {
			oes, err := c.Organisationseinheiten(ctx, l.ID, area)
			if err != nil {
				return nil, err
			}
			for _, o := range oes {
				found = append(found, ZustaendigeStelle{Gebiet: area, Leistung: l, Organisationseinheit: o})
				responsible = responsible || o.Rolle.Zustaendig()
			}
		}
		slices.SortStableFunc(found, func(a, b ZustaendigeStelle) int {
			return strings.Compare(a.Organisationseinheit.Rolle.Code, b.Organisationseinheit.Rolle.Code)
		})
		if responsible {
			return found, nil
		}
		if fallback == nil && len(found) > 0 {
			fallback = found
		}
	}
	if fallback != nil {
		return fallback, nil
	}
	return nil, ozg.Errorf(ozg.NotFound, op, "no unit for LeiKa %s in %s or above", key, gebiet)
}
