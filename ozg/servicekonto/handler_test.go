package servicekonto_test

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

var (
	formAction = regexp.MustCompile(`<form method="post" action="([^"]*)"`)
	formInput  = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)"`)
)

// submit plays the browser: it reads the auto-submitting form in page and
// posts it.
func submit(t *testing.T, c *http.Client, page []byte) *http.Response {
	t.Helper()
	m := formAction.FindSubmatch(page)
	if m == nil {
		t.Fatalf("no form in:\n%s", page)
	}
	vals := url.Values{}
	for _, in := range formInput.FindAllSubmatch(page, -1) {
		vals.Set(html.UnescapeString(string(in[1])), html.UnescapeString(string(in[2])))
	}
	resp, err := c.PostForm(html.UnescapeString(string(m[1])), vals)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

func readAll(t *testing.T, r *http.Response) []byte {
	t.Helper()
	defer r.Body.Close()
	b, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// spServer runs the SP's login and ACS handlers on an httptest server.
func spServer(t *testing.T, idp *servicekontotest.IdP, binding string, logs *bytes.Buffer) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	sp := newSP(t, idp, func(c *servicekonto.Config) {
		c.ACSURL = srv.URL + "/acs"
		c.Now = time.Now
		c.Logger = slog.New(slog.NewTextHandler(logs, nil))
	})
	mux.Handle("/login", sp.LoginHandler(&servicekonto.LoginHandlerOptions{
		Binding:    binding,
		RelayState: func(*http.Request) string { return "session-42" },
	}))
	mux.Handle("/acs", sp.ACSHandler(servicekonto.ACSOptions{
		OnLogin: func(w http.ResponseWriter, r *http.Request, res *servicekonto.Result, relayState string) {
			json.NewEncoder(w).Encode(map[string]string{
				"relayState": relayState,
				"level":      res.Identity.Vertrauensniveau.String(),
				"familyName": res.Identity.Person.FamilyName,
			})
		},
	}))
	return srv
}

func TestHandlersEndToEnd(t *testing.T) {
	for _, binding := range []string{servicekonto.BindingPOST, servicekonto.BindingRedirect} {
		t.Run(binding[strings.LastIndex(binding, ":")+1:], func(t *testing.T) {
			idp := servicekontotest.New(nil)
			defer idp.Close()
			var logs bytes.Buffer
			srv := spServer(t, idp, binding, &logs)
			c := srv.Client()
			resp, err := c.Get(srv.URL + "/login") // follows the Redirect binding's 303
			if err != nil {
				t.Fatal(err)
			}
			page := readAll(t, resp)
			if binding == servicekonto.BindingPOST {
				// The SP's page posts the AuthnRequest to the IdP.
				page = readAll(t, submit(t, c, page))
			}
			// The IdP's page posts the response to the ACS.
			final := submit(t, c, page)
			body := readAll(t, final)
			if final.StatusCode != http.StatusOK {
				t.Fatalf("ACS: %d %s\nlogs: %s", final.StatusCode, body, logs.String())
			}
			var got map[string]string
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if got["relayState"] != "session-42" || got["level"] != "hoch" || got["familyName"] != "Mustermann" {
				t.Errorf("got %v", got)
			}
		})
	}
}

func TestACSNeverLeaksDetail(t *testing.T) {
	idp := servicekontotest.New(&servicekontotest.Options{Response: servicekontotest.ResponseOptions{Attack: servicekontotest.AttackWrongAudience}})
	defer idp.Close()
	var logs bytes.Buffer
	srv := spServer(t, idp, servicekonto.BindingRedirect, &logs)
	c := srv.Client()
	resp, err := c.Get(srv.URL + "/login")
	if err != nil {
		t.Fatal(err)
	}
	final := submit(t, c, readAll(t, resp))
	body := string(readAll(t, final))
	if final.StatusCode != http.StatusForbidden {
		t.Fatalf("status %d, want 403", final.StatusCode)
	}
	for _, leak := range []string{"audience", "Audience", "other-sp", "rejected"} {
		if strings.Contains(body, leak) {
			t.Errorf("body leaks %q: %s", leak, body)
		}
	}
	if !strings.Contains(logs.String(), "reason=audience") {
		t.Errorf("log lacks the reason: %s", logs.String())
	}
	if strings.Contains(logs.String(), "Mustermann") {
		t.Errorf("log carries personal data: %s", logs.String())
	}
}

func TestACSBadRequests(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, nil)
	h := sp.ACSHandler(servicekonto.ACSOptions{OnLogin: func(http.ResponseWriter, *http.Request, *servicekonto.Result, string) {
		t.Error("OnLogin called")
	}})
	cases := []struct {
		name   string
		req    *http.Request
		status int
	}{
		{"GET", httptest.NewRequest(http.MethodGet, "/acs", nil), http.StatusBadRequest},
		{"no SAMLResponse", formReq(url.Values{"x": {"1"}}), http.StatusBadRequest},
		{"not base64", formReq(url.Values{"SAMLResponse": {"%%%"}}), http.StatusForbidden},
		{"RelayState too long", formReq(url.Values{"SAMLResponse": {"PHg+"}, "RelayState": {strings.Repeat("r", 81)}}), http.StatusForbidden},
	}
	for _, tc := range cases {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, tc.req)
		if w.Code != tc.status {
			t.Errorf("%s: status %d, want %d", tc.name, w.Code, tc.status)
		}
	}
}

func formReq(v url.Values) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/acs", strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}

func TestRedirectDecoder(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, nil)
	l, err := sp.StartLogin(context.Background(), servicekonto.BindingRedirect, "state")
	if err != nil {
		t.Fatal(err)
	}
	q := l.URL[strings.IndexByte(l.URL, '?')+1:]
	spCert := servicekontotest.SPSigning().Cert
	m, err := servicekonto.DecodeRedirect(q, &servicekonto.RedirectOptions{Certificates: []*x509.Certificate{spCert}})
	if err != nil || !m.Signed || m.RelayState != "state" || !bytes.Equal(m.XML, l.RequestXML) {
		t.Fatalf("got %+v, %v", m, err)
	}
	cases := []struct {
		name  string
		query string
		opts  *servicekonto.RedirectOptions
		want  servicekonto.Reason
	}{
		{"wrong key", q, &servicekonto.RedirectOptions{Certificates: []*x509.Certificate{servicekontotest.Attacker().Cert}}, servicekonto.ReasonSignature},
		{"RelayState changed", strings.Replace(q, "RelayState=state", "RelayState=other", 1), &servicekonto.RedirectOptions{Certificates: []*x509.Certificate{spCert}}, servicekonto.ReasonSignature},
		{"signature removed", q[:strings.Index(q, "&SigAlg=")], &servicekonto.RedirectOptions{Certificates: []*x509.Certificate{spCert}}, servicekonto.ReasonUnsigned},
		{"inflate limit", q, &servicekonto.RedirectOptions{MaxSize: len(l.RequestXML) - 1}, servicekonto.ReasonInflate},
		{"not deflate", "SAMLRequest=" + url.QueryEscape("PHg+PC94Pg=="), nil, servicekonto.ReasonInflate},
		{"no message", "RelayState=x", nil, servicekonto.ReasonBinding},
		{"repeated parameter", q + "&RelayState=y", nil, servicekonto.ReasonBinding},
	}
	for _, tc := range cases {
		_, err := servicekonto.DecodeRedirect(tc.query, tc.opts)
		if got := servicekonto.ReasonOf(err); got != tc.want {
			t.Errorf("%s: got %v (%v), want %v", tc.name, got, err, tc.want)
		}
	}
	// A deflate bomb: 2 MiB of zeros compress to ~2 KiB.
	bomb, _ := servicekonto.EncodeRedirect("SAMLResponse", make([]byte, 2<<20), "", nil, "", nil)
	if _, err := servicekonto.DecodeRedirect(bomb, nil); servicekonto.ReasonOf(err) != servicekonto.ReasonInflate {
		t.Errorf("deflate bomb: got %v, want inflate", err)
	}
}
