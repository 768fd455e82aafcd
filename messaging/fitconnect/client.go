package fitconnect

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Environment holds the endpoints of one FIT-Connect environment. Use one
// of the presets or fill in the URLs of any installation (such as the fake
// of package fitconnecttest).
type Environment struct {
	Name          string // "test", "stage", "prod" or free text
	TokenURL      string // OAuth 2.0 token endpoint
	SubmissionURL string // Submission API base, without the /v1 or /v2 path
	// DestinationURL is the Destination API base of Submission API v2
	// installations (destinations and their encryption keys); "" = SubmissionURL.
	DestinationURL string
	// APIVersion is the Submission API version the URLs serve: "v1"
	// (default) or "v2".
	APIVersion    string
	RoutingURL    string // Routing API base
	PortalJWKSURL string // JWK set that signs destinationSignature (Self-Service-Portal)
}

// TestEnvironment returns the endpoints of the FIT-Connect test
// environment (test data only, open to everyone).
func TestEnvironment() Environment {
	return Environment{
		Name:          "test",
		TokenURL:      "https://auth-testing.fit-connect.fitko.dev/token",
		SubmissionURL: "https://submission-api-testing.fit-connect.fitko.dev",
		RoutingURL:    "https://routing-api-testing.fit-connect.fitko.dev",
		PortalJWKSURL: "https://portal.auth-testing.fit-connect.fitko.dev/.well-known/jwks.json",
	}
}

// TestEnvironmentV2 returns the endpoints of the test environment for
// Submission API v2.
func TestEnvironmentV2() Environment {
	e := TestEnvironment()
	e.Name, e.APIVersion = "test-v2", "v2"
	e.SubmissionURL = "https://test.fit-connect.fitko.dev/submission-api"
	e.DestinationURL = "https://test.fit-connect.fitko.dev/destination-api"
	return e
}

// StageEnvironmentV2 returns the endpoints of the stage environment for
// Submission API v2.
func StageEnvironmentV2() Environment {
	e := StageEnvironment()
	e.Name, e.APIVersion = "stage-v2", "v2"
	e.SubmissionURL = "https://stage.fit-connect.fitko.net/submission-api"
	e.DestinationURL = "https://stage.fit-connect.fitko.net/destination-api"
	return e
}

// ProdEnvironmentV2 returns the endpoints of the production environment
// for Submission API v2.
func ProdEnvironmentV2() Environment {
	e := ProdEnvironment()
	e.Name, e.APIVersion = "prod-v2", "v2"
	e.SubmissionURL = "https://prod.fit-connect.fitko.net/submission-api"
	e.DestinationURL = "https://prod.fit-connect.fitko.net/destination-api"
	return e
}

// StageEnvironment returns the endpoints of the FIT-Connect reference
// (stage) environment.
func StageEnvironment() Environment {
	return Environment{
		Name:          "stage",
		TokenURL:      "https://auth-refz.fit-connect.fitko.net/token",
		SubmissionURL: "https://submission-api-refz.fit-connect.niedersachsen.de",
		RoutingURL:    "https://routing-api-testing.fit-connect.fitko.dev",
		PortalJWKSURL: "https://portal.auth-refz.fit-connect.fitko.net/.well-known/jwks.json",
	}
}

// ProdEnvironment returns the endpoints of the FIT-Connect production
// environment.
func ProdEnvironment() Environment {
	return Environment{
		Name:          "prod",
		TokenURL:      "https://auth-prod.fit-connect.fitko.net/token",
		SubmissionURL: "https://submission-api-prod.fit-connect.niedersachsen.de",
		RoutingURL:    "https://routing-api-prod.fit-connect.fitko.net",
		PortalJWKSURL: "https://portal.auth-prod.fit-connect.fitko.net/.well-known/jwks.json",
	}
}

// RetryOptions configure retries of idempotent calls (GET, PUT, the token
// request) after network errors and 408, 429 and 5xx responses.
type RetryOptions struct {
	MaxAttempts int           // total attempts; 0 = 4, 1 = no retries
	BaseDelay   time.Duration // first back-off; 0 = 200ms; doubles per attempt
	MaxDelay    time.Duration // cap of one back-off and of Retry-After; 0 = 30s
}

// Options configure a Client. Only Environment and the credentials are
// needed to send; receiving needs the destination's keys too.
type Options struct {
	Environment Environment
	// APIVersion overrides Environment.APIVersion: "v1" (default) or "v2".
	// v2 differs in the announce body (publicService instead of
	// serviceType), the event log (per submission instead of per case) and
	// the destination and key lookup (Destination API, key set); the other
	// resources keep their v1 layout under /v2.
	APIVersion   string
	ClientID     string
	ClientSecret string
	Scope        string // optional OAuth scope

	// TrustAnchors verify the x5c chain of every destination key (the
	// Verwaltungs-PKI root in production; fitconnecttest.Server.Roots in tests).
	TrustAnchors *x509.CertPool
	// CheckRevocation, if set, is asked about every key's verified chain.
	CheckRevocation func(ctx context.Context, chain []*x509.Certificate) error

	// Subscriber side: the destination this client receives for, its
	// private decryption keys by kid, and the key that signs SETs.
	DestinationID  string
	DecryptionKeys map[string]*rsa.PrivateKey
	EventSigner    *Signer

	// PortalKeys are the keys that sign destinationSignature; nil = fetch
	// Environment.PortalJWKSURL.
	PortalKeys *jose.JSONWebKeySet

	// Postbox configures messages and status updates to citizens'
	// postboxes through the FIT-Connect bridge.
	Postbox *PostboxOptions

	// ZustelldienstIssuer is the iss of the SETs the Zustelldienst signs;
	// "" = Environment.SubmissionURL.
	ZustelldienstIssuer string
	// MaxAttachmentSize bounds downloaded attachments (bytes of JWE);
	// 0 = 2 GiB.
	MaxAttachmentSize int64

	HTTPClient *http.Client
	Logger     *slog.Logger
	Now        func() time.Time
	Rand       io.Reader
	Retry      RetryOptions
}

// Client talks to the FIT-Connect Submission and Routing APIs. It is safe
// for concurrent use.
type Client struct {
	opts   Options
	base   string // SubmissionURL + "/v1"
	dest   string // DestinationURL (or SubmissionURL) + "/v2" for v2, else base
	hc     *http.Client
	log    *slog.Logger
	now    func() time.Time
	rand   io.Reader
	issuer string

	mu       sync.Mutex
	token    string
	tokenExp time.Time
	zdKeys   map[string]*rsa.PublicKey // Zustelldienst SET keys by kid
	destKeys map[string]*Key           // destination keys by destinationId+"/"+kid
	svcKeys  map[string]*rsa.PublicKey // other Zustelldienst instances' keys by base URL+"#"+kid
}

// New returns a Client. It checks the options but does no I/O.
func New(opts *Options) (*Client, error) {
	if opts == nil {
		return nil, errors.New("fitconnect: New: nil options")
	}
	o := *opts
	if o.Environment.SubmissionURL == "" {
		return nil, errors.New("fitconnect: New: Environment.SubmissionURL is empty")
	}
	if o.APIVersion == "" {
		o.APIVersion = cmpOr(o.Environment.APIVersion, "v1")
	}
	if o.APIVersion != "v1" && o.APIVersion != "v2" {
		return nil, fmt.Errorf("fitconnect: New: APIVersion %q (want v1 or v2)", o.APIVersion)
	}
	if o.MaxAttachmentSize <= 0 {
		o.MaxAttachmentSize = 2 << 30
	}
	c := &Client{opts: o, hc: o.HTTPClient, log: o.Logger, now: o.Now, rand: o.Rand,
		zdKeys: map[string]*rsa.PublicKey{}, destKeys: map[string]*Key{}}
	c.base = strings.TrimRight(o.Environment.SubmissionURL, "/") + "/" + o.APIVersion
	c.dest = c.base
	if o.APIVersion == "v2" && o.Environment.DestinationURL != "" {
		c.dest = strings.TrimRight(o.Environment.DestinationURL, "/") + "/v2"
	}
	if c.hc == nil {
		c.hc = http.DefaultClient
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.rand == nil {
		c.rand = rand.Reader
	}
	c.issuer = o.ZustelldienstIssuer
	if c.issuer == "" {
		c.issuer = strings.TrimRight(o.Environment.SubmissionURL, "/")
	}
	return c, nil
}

// Token returns a bearer token from the OAuth 2.0 client-credentials grant,
// cached until 30 seconds (or a tenth of its lifetime) before it expires.
func (c *Client) Token(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && c.now().Before(c.tokenExp) {
		return c.token, nil
	}
	if c.opts.Environment.TokenURL == "" || c.opts.ClientID == "" {
		return "", notConfigured("token URL and client credentials")
	}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.opts.ClientID}, "client_secret": {c.opts.ClientSecret}}
	if c.opts.Scope != "" {
		form.Set("scope", c.opts.Scope)
	}
	body := form.Encode()
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	err := c.do(ctx, &request{method: http.MethodPost, url: c.opts.Environment.TokenURL, idempotent: true, noAuth: true,
		contentType: "application/x-www-form-urlencoded", body: func() io.Reader { return strings.NewReader(body) }}, &tok)
	if err != nil {
		return "", err
	}
	if tok.AccessToken == "" || !strings.EqualFold(tok.TokenType, "bearer") {
		return "", errors.New("fitconnect: token response lacks a bearer access_token")
	}
	life := time.Duration(tok.ExpiresIn) * time.Second
	margin := min(30*time.Second, life/10)
	c.token, c.tokenExp = tok.AccessToken, c.now().Add(life-margin)
	return c.token, nil
}

// request describes one API call.
type request struct {
	method      string
	url         string
	contentType string
	accept      string
	body        func() io.Reader // a fresh body per attempt; nil = none
	length      int64            // body length if known, else 0
	idempotent  bool
	noAuth      bool
	raw         *[]byte                               // store the raw response body here instead of decoding JSON
	stream      func(r io.Reader, length int64) error // consume the response body
	okStatus    []int                                 // accepted statuses; nil = any 2xx
}

func (c *Client) retry() (attempts int, base, maxDelay time.Duration) {
	r := c.opts.Retry
	attempts, base, maxDelay = r.MaxAttempts, r.BaseDelay, r.MaxDelay
	if attempts <= 0 {
		attempts = 4
	}
	if base <= 0 {
		base = 200 * time.Millisecond
	}
	if maxDelay <= 0 {
		maxDelay = 30 * time.Second
	}
	return
}

func retryable(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status >= 500 && status != http.StatusNotImplemented
}

// retryAfter parses a Retry-After header (seconds or HTTP date).
func (c *Client) retryAfter(h string) (time.Duration, bool) {
	if h == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(h); err == nil {
		return max(0, t.Sub(c.now())), true
	}
	return 0, false
}

// do performs a request with authentication, retries and problem mapping,
// and decodes a JSON response into out (if not nil).
func (c *Client) do(ctx context.Context, rq *request, out any) error {
	attempts, delay, maxDelay := c.retry()
	if !rq.idempotent {
		attempts = 1
	}
	var lastErr error
	for attempt := 1; ; attempt++ {
		status, wait, err := c.once(ctx, rq, out)
		if err == nil {
			return nil
		}
		lastErr = err
		if ctx.Err() != nil || attempt >= attempts || (status != 0 && !retryable(status)) {
			return lastErr
		}
		if status == 0 && !isNetErr(err) {
			return lastErr
		}
		d := delay
		if j, jerr := rand.Int(c.rand, big.NewInt(int64(delay/2)+1)); jerr == nil {
			d += time.Duration(j.Int64())
		}
		if wait > 0 {
			d = wait
		}
		d = min(d, maxDelay)
		c.log.DebugContext(ctx, "fitconnect: retrying", "method", rq.method, "status", status, "attempt", attempt, "delay", d)
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return lastErr
		case <-t.C:
		}
		delay = min(delay*2, maxDelay)
	}
}

type netError struct{ error }

func (e netError) Unwrap() error { return e.error }

func isNetErr(err error) bool {
	var n netError
	return errors.As(err, &n)
}

func (c *Client) once(ctx context.Context, rq *request, out any) (status int, wait time.Duration, err error) {
	var body io.Reader
	if rq.body != nil {
		body = rq.body()
	}
	req, err := http.NewRequestWithContext(ctx, rq.method, rq.url, body)
	if err != nil {
		return 0, 0, fmt.Errorf("fitconnect: %w", err)
	}
	if rq.length > 0 {
		req.ContentLength = rq.length
	}
	if rq.contentType != "" {
		req.Header.Set("Content-Type", rq.contentType)
	}
	req.Header.Set("Accept", cmpOr(rq.accept, "application/json, application/problem+json"))
	if !rq.noAuth {
		tok, err := c.Token(ctx)
		if err != nil {
			return 0, 0, err
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return 0, 0, ctx.Err()
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its text repeats the URL with the query
		}
		return 0, 0, netError{fmt.Errorf("fitconnect: %s %s: %w", rq.method, redactURL(rq.url), err)}
	}
	defer resp.Body.Close()
	ok := resp.StatusCode >= 200 && resp.StatusCode < 300
	if rq.okStatus != nil {
		ok = false
		for _, s := range rq.okStatus {
			ok = ok || s == resp.StatusCode
		}
	}
	if !ok {
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		p := problemFrom(resp.StatusCode, b)
		w, _ := c.retryAfter(resp.Header.Get("Retry-After"))
		if resp.StatusCode == http.StatusUnauthorized && !rq.noAuth {
			c.mu.Lock()
			c.token = ""
			c.mu.Unlock()
		}
		return resp.StatusCode, w, p
	}
	switch {
	case rq.stream != nil:
		return resp.StatusCode, 0, rq.stream(resp.Body, resp.ContentLength)
	case rq.raw != nil:
		b, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxAttachmentSize+1))
		if err != nil {
			return 0, 0, netError{fmt.Errorf("fitconnect: read response: %w", err)}
		}
		*rq.raw = b
	case out != nil:
		b, err := io.ReadAll(io.LimitReader(resp.Body, 256<<20))
		if err != nil {
			return 0, 0, netError{fmt.Errorf("fitconnect: read response: %w", err)}
		}
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, 0, fmt.Errorf("fitconnect: %s %s: decode response: %w", rq.method, redactURL(rq.url), err)
		}
	default:
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20)) //nolint:errcheck // drain for reuse
	}
	return resp.StatusCode, 0, nil
}

// redactURL drops the query, which may hold identifiers.
func redactURL(s string) string {
	s, _, _ = strings.Cut(s, "?")
	return s
}

func jsonBody(v any) (func() io.Reader, int64, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, 0, err
	}
	return func() io.Reader { return bytes.NewReader(b) }, int64(len(b)), nil
}

func (c *Client) getJSON(ctx context.Context, u string, out any) error {
	return c.do(ctx, &request{method: http.MethodGet, url: u, idempotent: true}, out)
}

func pathEscape(s string) string { return url.PathEscape(s) }
