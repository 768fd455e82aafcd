package xbezahldienste

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"software.sslmate.com/src/go-pkcs12"
)

// Authenticator adds credentials to a request. XBezahldienste leaves
// authentication to the operator; BasicAuth and ClientCredentials cover the
// header-based schemes, client certificates (mTLS) are configured on the
// HTTP client with NewTLSClient.
type Authenticator interface {
	Authenticate(ctx context.Context, req *http.Request) error
}

// Invalidator is implemented by authenticators holding a cached token; the
// provider calls Invalidate after a 401 and retries once with a new token.
type Invalidator interface {
	Invalidate()
}

// BasicAuth is HTTP Basic authentication.
type BasicAuth struct {
	Username string
	Password string
}

// Authenticate implements Authenticator.
func (b BasicAuth) Authenticate(ctx context.Context, req *http.Request) error {
	req.SetBasicAuth(b.Username, b.Password)
	return nil
}

// ClientCredentials is the OAuth 2.0 client credentials grant (RFC 6749
// section 4.4): it fetches an access token from TokenURL, caches it until
// shortly before it expires and sends it as a Bearer token. Concurrent
// requests share one token fetch. Safe for concurrent use; do not copy
// after first use.
type ClientCredentials struct {
	TokenURL     string           // the token endpoint
	ClientID     string           // client id
	ClientSecret string           // client secret, sent with HTTP Basic (client_secret_basic)
	Scopes       []string         // requested scopes, optional
	HTTPClient   *http.Client     // nil means http.DefaultClient
	Now          func() time.Time // clock; nil means time.Now
	// EarlyExpiry renews the token this long before it expires; 0 means 30 s.
	EarlyExpiry time.Duration

	mu      sync.Mutex
	token   string
	expires time.Time
}

// ErrToken is wrapped by errors fetching an OAuth token.
var ErrToken = errors.New("xbezahldienste: OAuth token request failed")

// Token returns a valid access token, fetching a new one when the cached
// one is missing or about to expire.
func (c *ClientCredentials) Token(ctx context.Context) (string, error) {
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	early := c.EarlyExpiry
	if early <= 0 {
		early = 30 * time.Second
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" && now().Add(early).Before(c.expires) {
		return c.token, nil
	}
	form := url.Values{"grant_type": {"client_credentials"}}
	if len(c.Scopes) > 0 {
		form.Set("scope", strings.Join(c.Scopes, " "))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.TokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrToken, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.SetBasicAuth(url.QueryEscape(c.ClientID), url.QueryEscape(c.ClientSecret))
	hc := c.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrToken, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrToken, err)
	}
	if resp.StatusCode != http.StatusOK {
		code := ozg.Unauthenticated
		if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
			code = ozg.Unavailable
		}
		return "", &ozg.Error{Code: code, Op: "xbezahldienste.ClientCredentials", Err: fmt.Errorf("%w: HTTP %d", ErrToken, resp.StatusCode)}
	}
	var tr struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &tr); err != nil || tr.AccessToken == "" {
		return "", &ozg.Error{Code: ozg.Unauthenticated, Op: "xbezahldienste.ClientCredentials", Err: fmt.Errorf("%w: no access_token in the response", ErrToken)}
	}
	if tr.TokenType != "" && !strings.EqualFold(tr.TokenType, "bearer") {
		return "", &ozg.Error{Code: ozg.Unauthenticated, Op: "xbezahldienste.ClientCredentials", Err: fmt.Errorf("%w: token type %q, want Bearer", ErrToken, tr.TokenType)}
	}
	exp := time.Duration(tr.ExpiresIn) * time.Second
	if tr.ExpiresIn <= 0 {
		exp = 5 * time.Minute
	}
	c.token, c.expires = tr.AccessToken, now().Add(exp)
	return c.token, nil
}

// Authenticate implements Authenticator.
func (c *ClientCredentials) Authenticate(ctx context.Context, req *http.Request) error {
	t, err := c.Token(ctx)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+t)
	return nil
}

// Invalidate drops the cached token.
func (c *ClientCredentials) Invalidate() {
	c.mu.Lock()
	c.token = ""
	c.mu.Unlock()
}

// LoadPEMCertificate loads a client certificate (with its chain) and its
// private key from PEM for mutual TLS.
func LoadPEMCertificate(certPEM, keyPEM []byte) (tls.Certificate, error) {
	c, err := tls.X509KeyPair(certPEM, keyPEM)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("xbezahldienste: client certificate: %w", err)
	}
	return c, nil
}

// LoadPKCS12Certificate loads a client certificate, its chain and private
// key from a PKCS#12 (.p12/.pfx) file as operators hand them out, including
// the AES-based files OpenSSL 3 writes by default.
func LoadPKCS12Certificate(data []byte, password string) (tls.Certificate, error) {
	key, cert, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("xbezahldienste: PKCS#12: %w", err)
	}
	c := tls.Certificate{PrivateKey: key, Leaf: cert, Certificate: [][]byte{cert.Raw}}
	for _, ca := range chain {
		c.Certificate = append(c.Certificate, ca.Raw)
	}
	return c, nil
}

// NewTLSClient returns an HTTP client that presents cert for mutual TLS
// and trusts roots (nil means the system roots), with TLS 1.2 at least.
func NewTLSClient(cert tls.Certificate, roots *x509.CertPool) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.TLSClientConfig = &tls.Config{Certificates: []tls.Certificate{cert}, RootCAs: roots, MinVersion: tls.VersionTLS12}
	return &http.Client{Transport: t}
}
