package servicekonto_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

// FuzzProcessResponse feeds arbitrary documents to the response parser,
// seeded with a correct response and every broken variant of the fake IdP.
// Every outcome must be an acceptance or an error with a Reason; never a
// panic.
func FuzzProcessResponse(f *testing.F) {
	idp := newIdP(f)
	sp := newSP(f, idp, nil)
	for a := servicekontotest.AttackNone; a <= servicekontotest.AttackCDATASplit; a++ {
		for _, plain := range []bool{false, true} {
			l, err := sp.StartLogin(context.Background(), "", "")
			if err != nil {
				f.Fatal(err)
			}
			r, err := idp.Answer(l, &servicekontotest.ResponseOptions{Attack: a, Plain: plain})
			if err != nil {
				f.Fatal(err)
			}
			f.Add(r.XML)
		}
	}
	f.Add([]byte(`<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := sp.ProcessResponseXML(context.Background(), data)
		if err == nil {
			if res == nil || res.AssertionID == "" {
				t.Fatal("accepted without an assertion ID")
			}
			return
		}
		if servicekonto.ReasonOf(err) == servicekonto.ReasonNone && !strings.Contains(err.Error(), "servicekonto") {
			t.Fatalf("error without reason: %v", err)
		}
	})
}

// FuzzDecodeRedirect feeds arbitrary query strings to the Redirect-binding
// decoder, with and without signature checking.
func FuzzDecodeRedirect(f *testing.F) {
	idp := newIdP(f)
	sp := newSP(f, idp, nil)
	l, err := sp.StartLogin(context.Background(), servicekonto.BindingRedirect, "rs")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(l.URL[strings.IndexByte(l.URL, '?')+1:])
	f.Add("SAMLRequest=%ZZ&RelayState=")
	f.Add("SAMLResponse=80jNyclXKM8vyklRBAA%3D")
	opts := &servicekonto.RedirectOptions{Certificates: sp.Config().IdP.Certificates[:1], MaxSize: 4096}
	f.Fuzz(func(t *testing.T, q string) {
		for _, o := range []*servicekonto.RedirectOptions{nil, opts} {
			m, err := servicekonto.DecodeRedirect(q, o)
			if err != nil {
				if servicekonto.ReasonOf(err) == servicekonto.ReasonNone {
					t.Fatalf("error without reason: %v", err)
				}
				continue
			}
			if o != nil && !m.Signed {
				t.Fatal("accepted unsigned with certificates given")
			}
			if o != nil && len(m.XML) > o.MaxSize {
				t.Fatalf("inflated %d bytes over the limit", len(m.XML))
			}
		}
	})
}
