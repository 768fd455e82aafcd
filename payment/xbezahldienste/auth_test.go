package xbezahldienste_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
	"software.sslmate.com/src/go-pkcs12"
)

func TestClientCredentials(t *testing.T) {
	var fetches atomic.Int32
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id, secret, ok := r.BasicAuth()
		if !ok || id != "client" || secret != "s3cret" || r.FormValue("grant_type") != "client_credentials" || r.FormValue("scope") != "payment" {
			http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
			return
		}
		n := fetches.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "tok-" + string(rune('0'+n)), "token_type": "Bearer", "expires_in": 300})
	}))
	defer tokenSrv.Close()
	cc := &xbezahldienste.ClientCredentials{TokenURL: tokenSrv.URL, ClientID: "client", ClientSecret: "s3cret", Scopes: []string{"payment"}, Now: clock}

	srv := xbezahldienstetest.NewServer(&xbezahldienstetest.Options{BearerToken: "tok-1"})
	defer srv.Close()
	p, _ := xbezahldienste.New(srv.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{HTTPClient: srv.Client(), Auth: cc})
	c := payment.NewClient(p, nil)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.Create(ctx, drivertest.Params("oauth-1")); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d token fetches for 20 concurrent calls, want 1 (cached)", n)
	}
	// Expiry: 300 s minus 30 s early renewal.
	mu.Lock()
	now = now.Add(271 * time.Second)
	mu.Unlock()
	tok, err := cc.Token(ctx)
	if err != nil || tok != "tok-2" || fetches.Load() != 2 {
		t.Errorf("after expiry: %q, %v, %d fetches", tok, err, fetches.Load())
	}
	// The server now rejects tok-2; the provider invalidates and retries
	// once with tok-3, which is also rejected: Unauthenticated.
	_, err = c.Get(ctx, "tx-00000001")
	if !errors.Is(err, ozg.ErrUnauthenticated) || fetches.Load() != 3 {
		t.Errorf("rejected token: %v after %d fetches, want Unauthenticated after 3", err, fetches.Load())
	}
	bad := &xbezahldienste.ClientCredentials{TokenURL: tokenSrv.URL, ClientID: "client", ClientSecret: "wrong"}
	if _, err := bad.Token(ctx); !errors.Is(err, xbezahldienste.ErrToken) || !errors.Is(err, ozg.ErrUnauthenticated) {
		t.Errorf("wrong secret: %v", err)
	}
}

type pki struct {
	caCert     *x509.Certificate
	caKey      *ecdsa.PrivateKey
	clientCert *x509.Certificate
	clientKey  *ecdsa.PrivateKey
}

func newPKI(t *testing.T) *pki {
	t.Helper()
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	caTmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Test CA"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, &caKey.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	ca, _ := x509.ParseCertificate(caDER)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Online-Dienst"}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, KeyUsage: x509.KeyUsageDigitalSignature}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &pki{caCert: ca, caKey: caKey, clientCert: cert, clientKey: key}
}

func TestMTLS(t *testing.T) {
	k := newPKI(t)
	srv := xbezahldienstetest.NewServer(nil)
	defer srv.Close()
	// A TLS front that requires a client certificate from the test CA and
	// forwards to the fake platform.
	pool := x509.NewCertPool()
	pool.AddCert(k.caCert)
	front := httptest.NewUnstartedServer(srv.Config.Handler)
	front.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	front.StartTLS()
	defer front.Close()
	roots := x509.NewCertPool()
	roots.AddCert(front.Certificate())

	keyDER, _ := x509.MarshalECPrivateKey(k.clientKey)
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: k.clientCert.Raw})
	keyPEM := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER})
	fromPEM, err := xbezahldienste.LoadPEMCertificate(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	pfx, err := pkcs12.Modern.Encode(k.clientKey, k.clientCert, []*x509.Certificate{k.caCert}, "geheim")
	if err != nil {
		t.Fatal(err)
	}
	fromP12, err := xbezahldienste.LoadPKCS12Certificate(pfx, "geheim")
	if err != nil {
		t.Fatal(err)
	}
	if len(fromP12.Certificate) != 2 {
		t.Errorf("PKCS#12 chain has %d certificates, want 2", len(fromP12.Certificate))
	}
	if _, err := xbezahldienste.LoadPKCS12Certificate(pfx, "falsch"); err == nil {
		t.Error("wrong PKCS#12 password accepted")
	}
	if _, err := xbezahldienste.LoadPEMCertificate(certPEM, certPEM); err == nil {
		t.Error("PEM without key accepted")
	}
	ctx := context.Background()
	for name, cert := range map[string]tls.Certificate{"PEM": fromPEM, "PKCS12": fromP12} {
		// The fake's transaction URLs point at the plain server; only the
		// API calls go through the TLS front.
		p, _ := xbezahldienste.New(front.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{HTTPClient: xbezahldienste.NewTLSClient(cert, roots)})
		if _, err := p.Status(ctx); err != nil {
			t.Errorf("%s: Status over mTLS: %v", name, err)
		}
	}
	// Without a client certificate the server refuses the handshake.
	p, _ := xbezahldienste.New(front.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{HTTPClient: &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}})
	if _, err := p.Status(ctx); err == nil {
		t.Error("Status without client certificate succeeded")
	}
}

func FuzzDecodeProblem(f *testing.F) {
	for _, s := range []string{
		`{"type":"about:blank","title":"Conflict","status":409,"detail":"exists","functionalCode":"PAYMENT_EXISTS","instance":"https://x/paymenttransaction/o/e/tx-1"}`,
		`{"status":400,"functionalCode":"CALCULATION_ERROR"}`,
		`{}`, `[]`, `null`, `{"status":"400"}`, `{"status":1000}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := xbezahldienste.DecodeProblem(b)
		if err != nil {
			if !errors.Is(err, xbezahldienste.ErrProblem) {
				t.Fatalf("error %v does not wrap ErrProblem", err)
			}
			return
		}
		pe := &xbezahldienste.ProblemError{HTTPStatus: p.Status, Problem: *p}
		_ = pe.Error()
		if c := pe.Code(); c == ozg.OK {
			t.Fatalf("problem mapped to OK")
		}
	})
}

func TestDecodeProblem(t *testing.T) {
	tests := []struct {
		in   string
		code xbezahldienste.FunctionalCode
		ok   bool
	}{
		{`{"status":409,"functionalCode":"PAYMENT_EXISTS"}`, xbezahldienste.CodePaymentExists, true},
		{`{"title":"x","functionalCode":"SOMETHING_NEW"}`, "SOMETHING_NEW", true},
		{`{"status":99}`, "", false},
		{`not json`, "", false},
		{`{"status":"400"}`, "", false},
	}
	for _, tt := range tests {
		p, err := xbezahldienste.DecodeProblem([]byte(tt.in))
		if (err == nil) != tt.ok || (err == nil && p.FunctionalCode != tt.code) {
			t.Errorf("DecodeProblem(%s) = %+v, %v", tt.in, p, err)
		}
	}
	codes := map[xbezahldienste.FunctionalCode]ozg.Code{
		xbezahldienste.CodeNoValidOriginatorOrEndpoint: ozg.FailedPrecondition, xbezahldienste.CodePaymentExists: ozg.AlreadyExists,
		xbezahldienste.CodeNoValidOriginatorOrDestination: ozg.FailedPrecondition,
		xbezahldienste.CodeCalculationError:               ozg.InvalidArgument, xbezahldienste.CodeBookingDataMissing: ozg.InvalidArgument,
		xbezahldienste.CodeValidationError: ozg.InvalidArgument, xbezahldienste.CodeForbidden: ozg.PermissionDenied,
	}
	for fc, want := range codes {
		if got := (&xbezahldienste.ProblemError{HTTPStatus: 400, Problem: xbezahldienste.Problem{FunctionalCode: fc}}).Code(); got != want {
			t.Errorf("%s → %v, want %v", fc, got, want)
		}
	}
	statuses := map[int]ozg.Code{400: ozg.InvalidArgument, 401: ozg.Unauthenticated, 403: ozg.PermissionDenied, 404: ozg.NotFound,
		409: ozg.AlreadyExists, 429: ozg.Unavailable, 500: ozg.Unavailable, 503: ozg.Unavailable, 501: ozg.Unimplemented, 418: ozg.Unknown}
	for st, want := range statuses {
		pe := &xbezahldienste.ProblemError{HTTPStatus: st, Problem: xbezahldienste.Problem{FunctionalCode: xbezahldienste.CodeUnspecified}}
		if got := pe.Code(); got != want {
			t.Errorf("UNSPECIFIED with %d → %v, want %v", st, got, want)
		}
	}
	if got := (&xbezahldienste.ProblemError{HTTPStatus: 401, Problem: xbezahldienste.Problem{FunctionalCode: xbezahldienste.CodeForbidden}}).Code(); got != ozg.Unauthenticated {
		t.Errorf("FORBIDDEN with 401 → %v", got)
	}
}

// TestPKCS12FromOpenSSL loads a PKCS#12 file written by OpenSSL 3 with its
// default AES-based encryption and checks it matches the PEM files.
func TestPKCS12FromOpenSSL(t *testing.T) {
	p12, err := os.ReadFile("testdata/client-openssl3.p12")
	if err != nil {
		t.Fatal(err)
	}
	certPEM, _ := os.ReadFile("testdata/client.pem")
	keyPEM, _ := os.ReadFile("testdata/client-key.pem")
	fromP12, err := xbezahldienste.LoadPKCS12Certificate(p12, "baukasten")
	if err != nil {
		t.Fatalf("LoadPKCS12Certificate: %v", err)
	}
	fromPEM, err := xbezahldienste.LoadPEMCertificate(certPEM, keyPEM)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(fromP12.Certificate[0], fromPEM.Certificate[0]) {
		t.Error("certificate from PKCS#12 differs from the PEM one")
	}
	if fromP12.Leaf.Subject.CommonName != "Online-Dienst Test" {
		t.Errorf("CN = %q", fromP12.Leaf.Subject.CommonName)
	}
	k1, ok1 := fromP12.PrivateKey.(*ecdsa.PrivateKey)
	k2, ok2 := fromPEM.PrivateKey.(*ecdsa.PrivateKey)
	if !ok1 || !ok2 || !k1.Equal(k2) {
		t.Error("private key from PKCS#12 differs from the PEM one")
	}
	if _, err := xbezahldienste.LoadPKCS12Certificate(p12, "wrong"); err == nil {
		t.Error("wrong password accepted")
	}
}
