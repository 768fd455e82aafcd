// Package xrepository fetches genericode code lists from XRepository
// (https://www.xrepository.de), the KoSIT repository of XÖV standards and
// code lists, for those who have network access; everybody else loads
// lists from files with package xoev/genericode.
//
// A Client takes a context per call, an *http.Client and a *slog.Logger as
// options, and keeps what it fetched in an on-disk cache directory (one
// file per list version, named like XRepository's CanonicalVersionUri with
// ':' replaced by '_', the names the genericode test data uses), so a
// version is downloaded once.
//
// # Errors
//
// Errors are *ozg.Error: NotFound when XRepository has no such list or
// version, Unavailable for network failures and server errors (retry
// later), InvalidArgument when the answer is not a genericode list or is
// another list than asked for, Canceled/DeadlineExceeded from the context.
//
// # Testing
//
// The tests run the client against an httptest fake of the XRepository
// API serving the genericode test data; nothing goes to the network.
package xrepository

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

// DefaultBaseURL is XRepository's address.
const DefaultBaseURL = "https://www.xrepository.de"

// Options configures a Client. Nil means the defaults.
type Options struct {
	// BaseURL of the XRepository API; default DefaultBaseURL.
	BaseURL string
	// HTTPClient; default http.DefaultClient.
	HTTPClient *http.Client
	// Logger; nil discards.
	Logger *slog.Logger
	// CacheDir is where fetched lists are kept; "" disables the cache.
	CacheDir string
}

// Client fetches code lists. It is safe for concurrent use.
type Client struct {
	base  string
	http  *http.Client
	log   *slog.Logger
	cache string
}

// New returns a Client.
func New(opts *Options) *Client {
	var o Options
	if opts != nil {
		o = *opts
	}
	c := &Client{base: strings.TrimRight(o.BaseURL, "/"), http: o.HTTPClient, log: o.Logger, cache: o.CacheDir}
	if c.base == "" {
		c.base = DefaultBaseURL
	}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

// CanonicalVersionURI returns XRepository's name of one list version:
// uri + "_" + version.
func CanonicalVersionURI(uri, version string) string { return uri + "_" + version }

func cacheName(canonicalVersionURI string) string {
	return strings.NewReplacer(":", "_", "/", "_", "\\", "_").Replace(canonicalVersionURI) + ".xml"
}

// CodeList returns version version of the list uri, from the cache or
// from GET {base}/api/xrepository/{uri}_{version}/genericode.
func (c *Client) CodeList(ctx context.Context, uri, version string) (*genericode.CodeList, error) {
	const op = "xrepository.CodeList"
	if uri == "" || version == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "list URI and version are required")
	}
	cvu := CanonicalVersionURI(uri, version)
	if l, ok := c.fromCache(cvu); ok {
		c.log.DebugContext(ctx, "xrepository: cache hit", "list", cvu)
		return l, nil
	}
	l, data, err := c.get(ctx, op, "/api/xrepository/"+url.PathEscape(cvu)+"/genericode")
	if err != nil {
		return nil, err
	}
	if l.Identification.CanonicalURI != uri || l.Identification.Version != version {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "asked for %s, got %s version %s", cvu, l.Identification.CanonicalURI, l.Identification.Version)
	}
	c.store(ctx, cvu, data)
	return l, nil
}

// Current returns the currently valid version of the list uri. It asks
// GET {base}/api/codeliste/{uri}/gueltigeVersion, which answers with a
// small XML document naming the version (elements kennung and version,
// matched by local name), then fetches that version with CodeList (from the
// cache if it is there).
func (c *Client) Current(ctx context.Context, uri string) (*genericode.CodeList, error) {
	const op = "xrepository.Current"
	if uri == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "list URI is required")
	}
	data, err := c.fetch(ctx, op, "/api/codeliste/"+url.PathEscape(uri)+"/gueltigeVersion")
	if err != nil {
		return nil, err
	}
	var v struct {
		Kennung string `xml:"kennung"`
		Version string `xml:"version"`
	}
	if err := xml.Unmarshal(data, &v); err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: fmt.Errorf("valid-version answer: %w", err)}
	}
	v.Version = strings.TrimSpace(v.Version)
	if v.Version == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "valid-version answer names no version")
	}
	if k := strings.TrimSpace(v.Kennung); k != "" && k != CanonicalVersionURI(uri, v.Version) {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "valid-version answer names %s, not a version of %s", k, uri)
	}
	c.log.DebugContext(ctx, "xrepository: valid version", "list", uri, "version", v.Version)
	return c.CodeList(ctx, uri, v.Version)
}

// Load fetches the given list versions into reg.
func (c *Client) Load(ctx context.Context, reg *genericode.Registry, lists ...genericode.ListKey) error {
	for _, k := range lists {
		l, err := c.CodeList(ctx, k.URI, k.Version)
		if err != nil {
			return err
		}
		reg.Add(l)
	}
	return nil
}

const maxBody = 64 << 20

func (c *Client) get(ctx context.Context, op, path string) (*genericode.CodeList, []byte, error) {
	data, err := c.fetch(ctx, op, path)
	if err != nil {
		return nil, nil, err
	}
	l, err := genericode.ParseBytes(data)
	if err != nil {
		return nil, nil, err
	}
	return l, data, nil
}

func (c *Client) fetch(ctx context.Context, op, path string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: err}
	}
	req.Header.Set("Accept", "application/xml, text/xml")
	c.log.DebugContext(ctx, "xrepository: fetch", "path", path)
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, &ozg.Error{Code: ozg.CodeOf(ctx.Err()), Op: op, Err: ctx.Err()}
		}
		return nil, &ozg.Error{Code: ozg.Unavailable, Op: op, Err: err}
	}
	defer resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusNotFound:
		return nil, ozg.Errorf(ozg.NotFound, op, "%s: not found", path)
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		c.log.WarnContext(ctx, "xrepository: server error", "status", resp.StatusCode)
		return nil, ozg.Errorf(ozg.Unavailable, op, "%s: HTTP %d", path, resp.StatusCode)
	case resp.StatusCode != http.StatusOK:
		return nil, ozg.Errorf(ozg.Unknown, op, "%s: HTTP %d", path, resp.StatusCode)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Unavailable, Op: op, Err: err}
	}
	if len(data) > maxBody {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "response larger than 64 MiB")
	}
	return data, nil
}

func (c *Client) fromCache(cvu string) (*genericode.CodeList, bool) {
	if c.cache == "" {
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(c.cache, cacheName(cvu)))
	if err != nil {
		return nil, false
	}
	l, err := genericode.ParseBytes(data)
	if err != nil || CanonicalVersionURI(l.Identification.CanonicalURI, l.Identification.Version) != cvu {
		return nil, false
	}
	return l, true
}

// store writes data atomically into the cache; failures are logged, not
// returned: the list itself was fetched fine.
func (c *Client) store(ctx context.Context, cvu string, data []byte) {
	if c.cache == "" {
		return
	}
	err := func() error {
		if err := os.MkdirAll(c.cache, 0o755); err != nil {
			return err
		}
		f, err := os.CreateTemp(c.cache, ".fetch-*")
		if err != nil {
			return err
		}
		_, werr := io.Copy(f, bytes.NewReader(data))
		cerr := f.Close()
		if err := errors.Join(werr, cerr); err != nil {
			os.Remove(f.Name())
			return err
		}
		return os.Rename(f.Name(), filepath.Join(c.cache, cacheName(cvu)))
	}()
	if err != nil {
		c.log.WarnContext(ctx, "xrepository: cache write failed", "list", cvu, "err", fmt.Sprint(err))
	}
}
