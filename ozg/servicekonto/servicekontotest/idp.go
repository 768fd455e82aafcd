package servicekontotest

import (
	"bytes"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/beevik/etree"
	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
)

// Options configures New; nil means the defaults.
type Options struct {
	// SPCertificates verify the AuthnRequest signatures; default
	// SPSigning().Cert.
	SPCertificates []*x509.Certificate
	// SPEncryptionCert encrypts assertions; default SPEncryption().Cert.
	SPEncryptionCert *x509.Certificate
	// Now is the IdP's clock; default time.Now.
	Now func() time.Time
	// Response is the default for logins through the HTTP endpoint.
	Response ResponseOptions
}

// IdP is a fake SAML identity provider behaving like BundID, served by an
// httptest.Server: GET or POST /sso takes a signed AuthnRequest (Redirect
// or POST binding) and answers with an auto-submitting form that posts the
// response to the SP's ACS; GET /metadata serves its metadata.
type IdP struct {
	// URL is the server's base URL; EntityID is URL + "/metadata".
	URL, EntityID string

	srv  *httptest.Server
	opts Options

	mu   sync.Mutex
	last []byte // the last response sent, for the Replay attack
}

// New starts a fake IdP. Close it when done.
func New(opts *Options) *IdP {
	var o Options
	if opts != nil {
		o = *opts
	}
	if len(o.SPCertificates) == 0 {
		o.SPCertificates = []*x509.Certificate{SPSigning().Cert}
	}
	if o.SPEncryptionCert == nil {
		o.SPEncryptionCert = SPEncryption().Cert
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	idp := &IdP{opts: o}
	mux := http.NewServeMux()
	mux.HandleFunc("/metadata", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/samlmetadata+xml")
		w.Write(idp.Metadata())
	})
	mux.HandleFunc("/sso", idp.serveSSO)
	idp.srv = httptest.NewServer(mux)
	idp.URL = idp.srv.URL
	idp.EntityID = idp.URL + "/metadata"
	return idp
}

// Close shuts the server down.
func (idp *IdP) Close() { idp.srv.Close() }

// Client returns an http.Client for the server.
func (idp *IdP) Client() *http.Client { return idp.srv.Client() }

// Metadata returns the IdP's SAML metadata: both signing certificates
// (IdPSigning and IdPRollover) and the SSO endpoints for both bindings.
func (idp *IdP) Metadata() []byte {
	doc := etree.NewDocument()
	ed := doc.CreateElement("md:EntityDescriptor")
	ed.CreateAttr("xmlns:md", servicekonto.NSMetadata)
	ed.CreateAttr("xmlns:ds", xmldsig.Namespace)
	ed.CreateAttr("entityID", idp.EntityID)
	d := ed.CreateElement("md:IDPSSODescriptor")
	d.CreateAttr("WantAuthnRequestsSigned", "true")
	d.CreateAttr("protocolSupportEnumeration", servicekonto.NSProtocol)
	for _, c := range []Credentials{IdPSigning(), IdPRollover()} {
		kd := d.CreateElement("md:KeyDescriptor")
		kd.CreateAttr("use", "signing")
		kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").
			SetText(base64.StdEncoding.EncodeToString(c.Cert.Raw))
	}
	for _, b := range []string{servicekonto.BindingRedirect, servicekonto.BindingPOST} {
		s := d.CreateElement("md:SingleSignOnService")
		s.CreateAttr("Binding", b)
		s.CreateAttr("Location", idp.URL+"/sso")
	}
	out, _ := doc.WriteToBytes()
	return out
}

// ParsedMetadata returns Metadata parsed with servicekonto.ParseIdPMetadata.
func (idp *IdP) ParsedMetadata() *servicekonto.IdPMetadata {
	md, err := servicekonto.ParseIdPMetadata(idp.Metadata())
	if err != nil {
		panic(err)
	}
	return md
}

// AuthnRequest is what the IdP read from a verified AuthnRequest.
type AuthnRequest struct {
	ID         string
	Issuer     string // the SP's entityID
	ACSURL     string
	RelayState string
	Binding    string
	// MinLevel is the requested AuthnContextClassRef, e.g. STORK-QAA-Level-3.
	MinLevel string
	// RequestedAttributes are the Names of the akdb:RequestedAttribute
	// elements.
	RequestedAttributes []string
	// XML is the request document.
	XML []byte
}

// ReadAuthnRequest reads and verifies the AuthnRequest of an HTTP request
// to the SSO endpoint: for the Redirect binding the query-string signature,
// for the POST binding the enveloped signature, both with the SP
// certificates only.
func (idp *IdP) ReadAuthnRequest(r *http.Request) (*AuthnRequest, error) {
	ar := &AuthnRequest{}
	var el *etree.Element
	switch r.Method {
	case http.MethodGet:
		m, err := servicekonto.DecodeRedirect(r.URL.RawQuery, &servicekonto.RedirectOptions{Certificates: idp.opts.SPCertificates})
		if err != nil {
			return nil, err
		}
		if m.Param != "SAMLRequest" {
			return nil, errors.New("servicekontotest: not a SAMLRequest")
		}
		ar.Binding, ar.RelayState, ar.XML = servicekonto.BindingRedirect, m.RelayState, m.XML
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(m.XML); err != nil || doc.Root() == nil {
			return nil, errors.New("servicekontotest: AuthnRequest does not parse")
		}
		el = doc.Root()
	case http.MethodPost:
		if err := r.ParseForm(); err != nil {
			return nil, err
		}
		raw, err := base64.StdEncoding.DecodeString(r.PostForm.Get("SAMLRequest"))
		if err != nil {
			return nil, errors.New("servicekontotest: SAMLRequest is not base64")
		}
		if bytes.Contains(raw, []byte("<!DOCTYPE")) {
			return nil, errors.New("servicekontotest: DOCTYPE in AuthnRequest")
		}
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(raw); err != nil || doc.Root() == nil {
			return nil, errors.New("servicekontotest: AuthnRequest does not parse")
		}
		v, err := xmldsig.Verify(doc.Root(), xmldsig.VerifyOptions{Certificates: idp.opts.SPCertificates})
		if err != nil {
			return nil, fmt.Errorf("servicekontotest: AuthnRequest signature: %w", err)
		}
		ar.Binding, ar.RelayState, ar.XML, el = servicekonto.BindingPOST, r.PostForm.Get("RelayState"), raw, v.Element
	default:
		return nil, errors.New("servicekontotest: method not allowed")
	}
	if el.Tag != "AuthnRequest" || el.NamespaceURI() != servicekonto.NSProtocol {
		return nil, errors.New("servicekontotest: not an AuthnRequest")
	}
	ar.ID = el.SelectAttrValue("ID", "")
	ar.ACSURL = el.SelectAttrValue("AssertionConsumerServiceURL", "")
	if iss := el.SelectElement("Issuer"); iss != nil {
		ar.Issuer = iss.Text()
	}
	if cr := el.FindElement("./RequestedAuthnContext/AuthnContextClassRef"); cr != nil {
		ar.MinLevel = cr.Text()
	}
	for _, ra := range el.FindElements(".//RequestedAttribute") {
		ar.RequestedAttributes = append(ar.RequestedAttributes, ra.SelectAttrValue("Name", ""))
	}
	if ar.ID == "" || ar.ACSURL == "" || ar.Issuer == "" {
		return nil, errors.New("servicekontotest: AuthnRequest lacks ID, AssertionConsumerServiceURL or Issuer")
	}
	return ar, nil
}

// Response is an answer of the IdP, ready to be posted to the ACS.
type Response struct {
	ACSURL       string
	SAMLResponse string // base64, the form value
	RelayState   string
	XML          []byte
}

// Form returns the form values of the HTTP-POST binding.
func (r *Response) Form() url.Values {
	v := url.Values{"SAMLResponse": {r.SAMLResponse}}
	if r.RelayState != "" {
		v.Set("RelayState", r.RelayState)
	}
	return v
}

func (idp *IdP) serveSSO(w http.ResponseWriter, r *http.Request) {
	ar, err := idp.ReadAuthnRequest(r)
	if err != nil {
		http.Error(w, "bad AuthnRequest", http.StatusBadRequest)
		return
	}
	o := idp.opts.Response
	resp, err := idp.Respond(ar, &o)
	if err != nil {
		http.Error(w, "cannot respond", http.StatusInternalServerError)
		return
	}
	servicekonto.WritePOSTForm(w, resp.ACSURL, "SAMLResponse", resp.XML, resp.RelayState)
}

// Answer plays the browser's part of a login: it sends the Login's
// AuthnRequest to the IdP as the binding prescribes (over a real request
// to the httptest server when called through the HTTP endpoint is not
// needed) and returns the IdP's response with o applied.
func (idp *IdP) Answer(l *servicekonto.Login, o *ResponseOptions) (*Response, error) {
	var r *http.Request
	if l.Binding == servicekonto.BindingRedirect {
		r = httptest.NewRequest(http.MethodGet, l.URL, nil)
	} else {
		form := url.Values{"SAMLRequest": {base64.StdEncoding.EncodeToString(l.RequestXML)}}
		if l.RelayState != "" {
			form.Set("RelayState", l.RelayState)
		}
		r = httptest.NewRequest(http.MethodPost, l.URL, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	ar, err := idp.ReadAuthnRequest(r)
	if err != nil {
		return nil, err
	}
	return idp.Respond(ar, o)
}

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return "_" + hex.EncodeToString(b[:])
}

// DefaultAttributes is the identity the IdP reports by default: a fictitious
// citizen with bPK2, postbox handle and the core attributes, each with an
// akdb:TrustLevel.
func DefaultAttributes() []Attribute {
	return []Attribute{
		{Name: servicekonto.AttrBPK2, FriendlyName: "bPK2", Values: []string{"bPK2-TEST-0123456789abcdef"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrPostboxHandle, FriendlyName: "legacyPostkorbHandle", Values: []string{"postbox-4711"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrGivenName, FriendlyName: "givenName", Values: []string{"Erika"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrSurname, FriendlyName: "surname", Values: []string{"Mustermann"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrBirthdate, FriendlyName: "birthdate", Values: []string{"1964-08-12"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrPostalAddress, FriendlyName: "postalAddress", Values: []string{"Heidestraße 17"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrPostalCode, FriendlyName: "postalCode", Values: []string{"51147"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrLocalityName, FriendlyName: "localityName", Values: []string{"Köln"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrCountry, FriendlyName: "country", Values: []string{"DE"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrMail, FriendlyName: "mail", Values: []string{"erika.mustermann@example.org"}, TrustLevel: "NORMAL"},
		{Name: servicekonto.AttrAssertionProvedBy, FriendlyName: "AssertionProvedBy", Values: []string{"eID"}},
		{Name: servicekonto.AttrApplicationID, FriendlyName: "applicationId", Values: []string{"app-0815"}},
	}
}

// Attribute is one attribute the IdP releases.
type Attribute struct {
	Name         string
	FriendlyName string
	Values       []string
	// TrustLevel is the akdb:TrustLevel ("HOCH", "STORK-QAA-Level-4", …);
	// "" leaves it out.
	TrustLevel string
}

// levelOf returns the STORK class ref for the options.
func levelOf(v ozg.Vertrauensniveau) string {
	if v == 0 {
		v = ozg.NiveauHoch
	}
	return v.STORK()
}
