package servicekonto_test

import (
	"context"
	"crypto/x509"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

// exampleSP configures a service provider against the fake IdP, with the
// test keys of servicekontotest.
func exampleSP(idp *servicekontotest.IdP, acs string) *servicekonto.ServiceProvider {
	md, err := servicekonto.ParseIdPMetadata(idp.Metadata())
	if err != nil {
		panic(err)
	}
	sp, err := servicekonto.New(servicekonto.Config{
		EntityID:        "https://musterstadt.example/saml",
		ACSURL:          acs,
		SigningKey:      servicekontotest.SPSigning().Key,
		SigningCert:     servicekontotest.SPSigning().Cert,
		DecryptionKey:   servicekontotest.SPEncryption().Key,
		DecryptionCert:  servicekontotest.SPEncryption().Cert,
		IdP:             md,
		MinLevel:        ozg.NiveauSubstanziell,
		DisplayName:     "Stadt Musterstadt",
		OnlineServiceID: "musterstadt-anwohnerparken",
	})
	if err != nil {
		panic(err)
	}
	return sp
}

// Starting a login: the signed AuthnRequest goes to the IdP (here by the
// Redirect binding), the IdP answers, the SP verifies the answer.
func ExampleServiceProvider_StartLogin() {
	idp := servicekontotest.New(nil)
	defer idp.Close()
	sp := exampleSP(idp, "https://musterstadt.example/saml/acs")

	l, err := sp.StartLogin(context.Background(), servicekonto.BindingRedirect, "parken-antrag")
	if err != nil {
		panic(err)
	}
	fmt.Println("binding:", l.Binding == servicekonto.BindingRedirect)

	// What the browser does: take the request to the IdP, bring its answer
	// back to the ACS.
	resp, err := idp.Answer(l, nil)
	if err != nil {
		panic(err)
	}
	res, err := sp.ProcessResponse(context.Background(), resp.SAMLResponse)
	if err != nil {
		panic(err)
	}
	p := res.Identity.Person
	fmt.Println(p.GivenNames, p.FamilyName, "–", p.Vertrauensniveau, "via", p.LoginMethod)
	fmt.Println("relay state:", resp.RelayState)

	// The same response again is a replay.
	_, err = sp.ProcessResponse(context.Background(), resp.SAMLResponse)
	fmt.Println("again:", servicekonto.ReasonOf(err))
	// Output:
	// binding: true
	// Erika Mustermann – hoch via eID
	// relay state: parken-antrag
	// again: replay
}

// Handling the ACS: the ACS handler verifies the posted response and hands
// the identity to the caller's session code; a rejected response gets a
// generic page, the reason goes to the log.
func ExampleServiceProvider_ACSHandler() {
	idp := servicekontotest.New(nil)
	defer idp.Close()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	defer srv.Close()
	sp := exampleSP(idp, srv.URL+"/acs")
	mux.Handle("/acs", sp.ACSHandler(servicekonto.ACSOptions{
		OnLogin: func(w http.ResponseWriter, r *http.Request, res *servicekonto.Result, relayState string) {
			// Start the session here, keyed by the stable account key bPK2.
			fmt.Fprintf(w, "Willkommen, %s (%s)", res.Identity.Person.GivenNames, res.Identity.Vertrauensniveau)
		},
	}))

	for _, attack := range []servicekontotest.Attack{servicekontotest.AttackNone, servicekontotest.AttackXSW3} {
		l, err := sp.StartLogin(context.Background(), servicekonto.BindingPOST, "")
		if err != nil {
			panic(err)
		}
		resp, err := idp.Answer(l, &servicekontotest.ResponseOptions{Attack: attack, Plain: attack != servicekontotest.AttackNone})
		if err != nil {
			panic(err)
		}
		r, err := srv.Client().PostForm(resp.ACSURL, resp.Form())
		if err != nil {
			panic(err)
		}
		var body [64]byte
		n, _ := r.Body.Read(body[:])
		r.Body.Close()
		fmt.Println(r.StatusCode, string(body[:n]))
	}
	// Output:
	// 200 Willkommen, Erika (hoch)
	// 403 Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.
}

// Reading the IdP's metadata: entityID, signing certificates (several
// during a key rollover) and the SSO endpoints per binding.
func ExampleParseIdPMetadata() {
	idp := servicekontotest.New(nil)
	defer idp.Close()
	md, err := servicekonto.ParseIdPMetadata(idp.Metadata())
	if err != nil {
		panic(err)
	}
	fmt.Println(len(md.Certificates), "signing certificates")
	fmt.Println(md.SSO[servicekonto.BindingPOST] == idp.URL+"/sso")
	// Output:
	// 2 signing certificates
	// true
}

// The SP's own metadata, to register the service with the IdP operator.
func ExampleServiceProvider_Metadata() {
	idp := servicekontotest.New(nil)
	defer idp.Close()
	sp := exampleSP(idp, "https://musterstadt.example/saml/acs")
	md, err := sp.Metadata(true)
	if err != nil {
		panic(err)
	}
	parsed, err := servicekonto.ParseIdPMetadata(md)
	fmt.Println(parsed == nil, err != nil) // it is SP, not IdP, metadata
	fmt.Println(strings.Contains(string(md), `<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://musterstadt.example/saml/acs"`))
	// Output:
	// true true
	// true
}

// Decoding an HTTP-Redirect binding message and checking its query-string
// signature, as an IdP does with the SP's AuthnRequest.
func ExampleDecodeRedirect() {
	idp := servicekontotest.New(nil)
	defer idp.Close()
	sp := exampleSP(idp, "https://musterstadt.example/saml/acs")
	l, err := sp.StartLogin(context.Background(), servicekonto.BindingRedirect, "abc")
	if err != nil {
		panic(err)
	}
	query := l.URL[strings.IndexByte(l.URL, '?')+1:]
	m, err := servicekonto.DecodeRedirect(query, &servicekonto.RedirectOptions{
		Certificates: []*x509.Certificate{servicekontotest.SPSigning().Cert},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(m.Param, m.Signed, m.RelayState)

	_, err = servicekonto.DecodeRedirect(strings.Replace(query, "RelayState=abc", "RelayState=xyz", 1), &servicekonto.RedirectOptions{
		Certificates: []*x509.Certificate{servicekontotest.SPSigning().Cert},
	})
	fmt.Println(servicekonto.ReasonOf(err))
	// Output:
	// SAMLRequest true abc
	// signature
}
