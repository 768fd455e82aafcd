package servicekonto_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/beevik/etree"
	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
)

func TestAuthnRequestShape(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, func(c *servicekonto.Config) {
		c.MinLevel = ozg.NiveauHoch
		c.Lang = "de"
		c.BackURL = "https://kommune.example/"
		c.EnableStatusDetail = true
		c.AuthnMethods = map[string]bool{"eID": true, "Benutzername": false}
		c.RequestedAttributes = []servicekonto.RequestedAttribute{{Name: servicekonto.AttrBPK2, Required: true}, {Name: servicekonto.AttrMail}}
	})
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		l, err := sp.StartLogin(context.Background(), servicekonto.BindingPOST, "")
		if err != nil {
			t.Fatal(err)
		}
		if c := l.RequestID[0]; c >= '0' && c <= '9' || seen[l.RequestID] {
			t.Fatalf("bad or repeated ID %q", l.RequestID)
		}
		seen[l.RequestID] = true
		if i > 0 {
			continue
		}
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(l.RequestXML); err != nil {
			t.Fatal(err)
		}
		r := doc.Root()
		var order []string
		for _, c := range r.ChildElements() {
			order = append(order, c.Tag)
		}
		if got := strings.Join(order, " "); got != "Issuer Signature Extensions NameIDPolicy RequestedAuthnContext" {
			t.Errorf("child order: got %s", got)
		}
		want := map[string]string{
			"./Extensions/AuthenticationRequest/RequestedAttributes/RequestedAttribute[1]/@Name":    servicekonto.AttrBPK2,
			"./RequestedAuthnContext/AuthnContextClassRef":                                          "STORK-QAA-Level-4",
			"./Extensions/AuthenticationRequest/DisplayInformation/Version/OrganizationDisplayName": "Musterstadt",
			"./Extensions/AuthenticationRequest/DisplayInformation/Version/OnlineServiceId":         "musterstadt-hundesteuer",
			"./Extensions/AuthenticationRequest/DisplayInformation/Version/Lang":                    "de",
			"./Extensions/AuthenticationRequest/DisplayInformation/Version/BackURL":                 "https://kommune.example/",
			"./Extensions/AuthenticationRequest/AuthnMethods/eID/Enabled":                           "true",
			"./Extensions/AuthenticationRequest/AuthnMethods/Benutzername/Enabled":                  "false",
		}
		for path, v := range want {
			var got string
			if i := strings.Index(path, "/@"); i >= 0 {
				if el := r.FindElement(path[:i]); el != nil {
					got = el.SelectAttrValue(path[i+2:], "")
				}
			} else if el := r.FindElement(path); el != nil {
				got = el.Text()
			}
			if got != v {
				t.Errorf("%s: got %q, want %q", path, got, v)
			}
		}
		ar := r.FindElement("./Extensions/AuthenticationRequest")
		if ar.NamespaceURI() != servicekonto.NSAKDB || ar.SelectAttrValue("Version", "") != "2" || ar.SelectAttrValue("EnableStatusDetail", "") != "true" {
			t.Errorf("AKDB extension: ns %q attrs %v", ar.NamespaceURI(), ar.Attr)
		}
		if v := r.FindElement("./Extensions/AuthenticationRequest/DisplayInformation/Version"); v.NamespaceURI() != servicekonto.NSAKDBClassicUI {
			t.Errorf("classic-ui namespace: got %q", v.NamespaceURI())
		}
		for _, a := range []string{"ForceAuthn=true", "ProtocolBinding=" + servicekonto.BindingPOST, "AssertionConsumerServiceURL=" + acsURL} {
			k, v, _ := strings.Cut(a, "=")
			if r.SelectAttrValue(k, "") != v {
				t.Errorf("%s: got %q", k, r.SelectAttrValue(k, ""))
			}
		}
		if r.FindElement("./RequestedAuthnContext").SelectAttrValue("Comparison", "") != "minimum" {
			t.Error("Comparison is not minimum")
		}
	}
}

func TestAuthnRequestPSS(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, func(c *servicekonto.Config) { c.SignatureMethod = xmldsig.RSAPSSSHA256 })
	for _, b := range []string{servicekonto.BindingPOST, servicekonto.BindingRedirect} {
		l, err := sp.StartLogin(context.Background(), b, "s")
		if err != nil {
			t.Fatal(err)
		}
		if b == servicekonto.BindingPOST && !bytes.Contains(l.RequestXML, []byte(xmldsig.RSAPSSSHA256)) {
			t.Error("POST request not signed with PSS")
		}
		if b == servicekonto.BindingRedirect && !strings.Contains(l.URL, "sha256-rsa-MGF1") {
			t.Error("Redirect SigAlg is not PSS")
		}
		// The fake IdP verifies the signature before answering.
		if _, err := idp.Answer(l, nil); err != nil {
			t.Errorf("%s: %v", b, err)
		}
	}
	if _, err := servicekonto.New(servicekonto.Config{EntityID: "x", ACSURL: "y", IdP: idp.ParsedMetadata(), SignatureMethod: xmldsig.RSASHA1}); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("RSA-SHA1 for signing: got %v, want InvalidArgument", err)
	}
}

func TestSPMetadata(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, nil)
	md, err := sp.Metadata(false)
	if err != nil {
		t.Fatal(err)
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(md); err != nil {
		t.Fatal(err)
	}
	r := doc.Root()
	if r.Tag != "EntityDescriptor" || r.SelectAttrValue("entityID", "") != spEntityID || r.SelectAttr("ID") != nil || r.SelectAttr("validUntil") != nil {
		t.Errorf("EntityDescriptor attrs: %v", r.Attr)
	}
	kds := r.FindElements("./SPSSODescriptor/KeyDescriptor")
	if len(kds) != 2 || kds[0].SelectAttrValue("use", "") != "signing" || kds[1].SelectAttrValue("use", "") != "encryption" {
		t.Errorf("KeyDescriptors: %d", len(kds))
	}
	acs := r.FindElement("./SPSSODescriptor/AssertionConsumerService")
	if acs == nil || acs.SelectAttrValue("Location", "") != acsURL || acs.SelectAttrValue("Binding", "") != servicekonto.BindingPOST {
		t.Error("AssertionConsumerService missing or wrong")
	}
	if r.FindElement("./SPSSODescriptor").SelectAttrValue("AuthnRequestsSigned", "") != "true" {
		t.Error("AuthnRequestsSigned not true")
	}
}

func TestParseIdPMetadataErrors(t *testing.T) {
	idp := newIdP(t)
	good := string(idp.Metadata())
	cases := map[string]string{
		"doctype":      `<!DOCTYPE x>` + good,
		"no IdP":       `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"/>`,
		"no cert":      strings.Replace(good, `use="signing"`, `use="encryption"`, -1),
		"bad base64":   strings.Replace(good, "<ds:X509Certificate>", "<ds:X509Certificate>!!", 1),
		"no entityID":  strings.Replace(good, `entityID="`, `x="`, 1),
		"not XML":      `<<`,
		"no endpoints": strings.Replace(good, "SingleSignOnService", "ArtifactResolutionService", -1),
	}
	for name, doc := range cases {
		if _, err := servicekonto.ParseIdPMetadata([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	// Wrapped in EntitiesDescriptor: fine.
	wrapped := `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">` + good + `</md:EntitiesDescriptor>`
	if md, err := servicekonto.ParseIdPMetadata([]byte(wrapped)); err != nil || md.EntityID != idp.EntityID {
		t.Errorf("EntitiesDescriptor: %v", err)
	}
}

func TestFetchIdPMetadata(t *testing.T) {
	idp := newIdP(t)
	md, err := servicekonto.FetchIdPMetadata(context.Background(), idp.Client(), idp.URL+"/metadata")
	if err != nil || md.EntityID != idp.EntityID {
		t.Fatalf("got %v, %v", md, err)
	}
	if _, err := servicekonto.FetchIdPMetadata(context.Background(), idp.Client(), idp.URL+"/nope"); !errors.Is(err, ozg.ErrUnavailable) {
		t.Errorf("404: got %v, want Unavailable", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := servicekonto.FetchIdPMetadata(ctx, idp.Client(), idp.URL+"/metadata"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
}
