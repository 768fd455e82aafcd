package servicekontotest_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

func TestMemoryStores(t *testing.T) {
	servicekontotest.TestRequestStore(t, func() servicekonto.RequestStore { return &servicekonto.MemoryRequestStore{} })
	servicekontotest.TestReplayStore(t, func() servicekonto.ReplayStore { return &servicekonto.MemoryReplayStore{} })
}

func TestMetadata(t *testing.T) {
	idp := servicekontotest.New(nil)
	defer idp.Close()
	resp, err := idp.Client().Get(idp.URL + "/metadata")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	md, err := servicekonto.ParseIdPMetadata(b)
	if err != nil {
		t.Fatal(err)
	}
	if md.EntityID != idp.EntityID || len(md.Certificates) != 2 ||
		md.SSO[servicekonto.BindingPOST] != idp.URL+"/sso" || md.SSO[servicekonto.BindingRedirect] != idp.URL+"/sso" {
		t.Errorf("got %+v", md)
	}
	if !md.Certificates[0].Equal(servicekontotest.IdPSigning().Cert) || !md.Certificates[1].Equal(servicekontotest.IdPRollover().Cert) {
		t.Error("certificates are not IdPSigning and IdPRollover")
	}
}

func newSP(t *testing.T, idp *servicekontotest.IdP, key servicekontotest.Credentials) *servicekonto.ServiceProvider {
	sp, err := servicekonto.New(servicekonto.Config{
		EntityID: "https://sp.example", ACSURL: "https://sp.example/acs",
		SigningKey: key.Key, SigningCert: key.Cert, IdP: idp.ParsedMetadata(),
	})
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// TestSSORefusesBadRequests: the IdP answers only requests signed by the
// SP's key, like BundID.
func TestSSORefusesBadRequests(t *testing.T) {
	idp := servicekontotest.New(nil)
	defer idp.Close()
	c := idp.Client()
	for _, binding := range []string{servicekonto.BindingRedirect, servicekonto.BindingPOST} {
		good, err := newSP(t, idp, servicekontotest.SPSigning()).StartLogin(context.Background(), binding, "")
		if err != nil {
			t.Fatal(err)
		}
		evil, _ := newSP(t, idp, servicekontotest.Attacker()).StartLogin(context.Background(), binding, "")
		for _, tc := range []struct {
			l    *servicekonto.Login
			want int
		}{{good, http.StatusOK}, {evil, http.StatusBadRequest}} {
			var resp *http.Response
			if binding == servicekonto.BindingRedirect {
				resp, err = c.Get(tc.l.URL)
			} else {
				resp, err = c.PostForm(tc.l.URL, url.Values{"SAMLRequest": {base64.StdEncoding.EncodeToString(tc.l.RequestXML)}})
			}
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.want {
				t.Errorf("%s: status %d, want %d", binding, resp.StatusCode, tc.want)
			}
			if tc.want == http.StatusOK && !bytes.Contains(body, []byte(`name="SAMLResponse"`)) {
				t.Errorf("%s: no response form", binding)
			}
		}
	}
}

// TestAuthnRequestContent checks what the IdP reads from the SP's request:
// ForceAuthn, the requested level, the AKDB extension.
func TestAuthnRequestContent(t *testing.T) {
	idp := servicekontotest.New(&servicekontotest.Options{Now: time.Now})
	defer idp.Close()
	sp := newSP(t, idp, servicekontotest.SPSigning())
	l, err := sp.StartLogin(context.Background(), servicekonto.BindingPOST, "x")
	if err != nil {
		t.Fatal(err)
	}
	r, err := http.NewRequest(http.MethodPost, l.URL, strings.NewReader(url.Values{"SAMLRequest": {base64.StdEncoding.EncodeToString(l.RequestXML)}}.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	ar, err := idp.ReadAuthnRequest(r)
	if err != nil {
		t.Fatal(err)
	}
	if ar.ID != l.RequestID || ar.MinLevel != "STORK-QAA-Level-3" || ar.ACSURL != "https://sp.example/acs" || len(ar.RequestedAttributes) == 0 {
		t.Errorf("got %+v", ar)
	}
	for _, want := range []string{`ForceAuthn="true"`, `Comparison="minimum"`, `xmlns:akdb="https://www.akdb.de/request/2018/09"`, `<akdb:AuthenticationRequest`, `Version="2"`} {
		if !bytes.Contains(ar.XML, []byte(want)) {
			t.Errorf("AuthnRequest lacks %s", want)
		}
	}
}
