package servicekonto

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"io"
	"net/http"
	"strings"

	"github.com/beevik/etree"
	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/internal/xmlenc"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// SAML namespaces and identifiers.
const (
	NSProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"  // samlp: requests and responses
	NSAssertion = "urn:oasis:names:tc:SAML:2.0:assertion" // saml: assertions
	NSMetadata  = "urn:oasis:names:tc:SAML:2.0:metadata"  // md: metadata
	// NSAKDB is the namespace of the AKDB AuthnRequest extension (version 2)
	// and of the akdb:TrustLevel attribute that BundID puts on every
	// released attribute.
	NSAKDB = "https://www.akdb.de/request/2018/09"
	// NSAKDBClassicUI is the namespace of the DisplayInformation content.
	NSAKDBClassicUI = "https://www.akdb.de/request/2018/09/classic-ui/v1"

	// BindingRedirect is the HTTP-Redirect binding.
	BindingRedirect = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
	// BindingPOST is the HTTP-POST binding.
	BindingPOST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"

	statusSuccess       = "urn:oasis:names:tc:SAML:2.0:status:Success"
	statusRequestDenied = "urn:oasis:names:tc:SAML:2.0:status:RequestDenied"
	cmBearer            = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
	nameIDPersistent    = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
	attrNameFormatURI   = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
)

// IdPMetadata is what the SP needs from the identity provider's SAML
// metadata: its entityID, its signing certificates (several during a key
// rollover; the only keys signatures are checked with) and its single
// sign-on endpoints per binding.
type IdPMetadata struct {
	EntityID     string
	Certificates []*x509.Certificate
	// SSO maps a binding (BindingRedirect, BindingPOST) to the endpoint URL.
	SSO map[string]string
}

// maxMetadataSize bounds the IdP metadata document.
const maxMetadataSize = 4 << 20

// ParseIdPMetadata reads an md:EntityDescriptor (or an md:EntitiesDescriptor
// holding exactly one IdP) and returns its IdP role. DOCTYPEs are refused.
// KeyDescriptors with use="signing" or without use count as signing keys.
// The metadata's own signature is not checked: obtain the file over a
// trusted channel (the operator's portal) and pin it.
func ParseIdPMetadata(data []byte) (*IdPMetadata, error) {
	const op = "servicekonto.ParseIdPMetadata"
	doc, err := parseSafe(op, data, maxMetadataSize)
	if err != nil {
		return nil, err
	}
	var found []*etree.Element
	var walk func(el *etree.Element)
	walk = func(el *etree.Element) {
		if el.Tag == "EntityDescriptor" && el.NamespaceURI() == NSMetadata {
			found = append(found, el)
			return
		}
		if el.Tag == "EntitiesDescriptor" && el.NamespaceURI() == NSMetadata {
			for _, c := range el.ChildElements() {
				walk(c)
			}
		}
	}
	walk(doc.Root())
	var md *IdPMetadata
	for _, ed := range found {
		for _, idp := range ed.ChildElements() {
			if idp.Tag != "IDPSSODescriptor" || idp.NamespaceURI() != NSMetadata {
				continue
			}
			if md != nil {
				return nil, ozg.Errorf(ozg.InvalidArgument, op, "more than one IDPSSODescriptor")
			}
			md = &IdPMetadata{EntityID: ed.SelectAttrValue("entityID", ""), SSO: map[string]string{}}
			for _, c := range idp.ChildElements() {
				switch c.Tag {
				case "KeyDescriptor":
					if u := c.SelectAttrValue("use", ""); u != "" && u != "signing" {
						continue
					}
					for _, x := range c.FindElements(".//X509Certificate") {
						der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(x.Text()), ""))
						if err != nil {
							return nil, ozg.Errorf(ozg.InvalidArgument, op, "X509Certificate is not base64")
						}
						cert, err := x509.ParseCertificate(der)
						if err != nil {
							return nil, ozg.Errorf(ozg.InvalidArgument, op, "X509Certificate: %w", err)
						}
						md.Certificates = append(md.Certificates, cert)
					}
				case "SingleSignOnService":
					b, loc := c.SelectAttrValue("Binding", ""), c.SelectAttrValue("Location", "")
					if _, dup := md.SSO[b]; !dup && loc != "" {
						md.SSO[b] = loc
					}
				}
			}
		}
	}
	if md == nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "no IDPSSODescriptor")
	}
	if md.EntityID == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "EntityDescriptor without entityID")
	}
	if len(md.Certificates) == 0 {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "no signing certificate")
	}
	if len(md.SSO) == 0 {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "no SingleSignOnService")
	}
	return md, nil
}

// Metadata returns the SP's SAML metadata: an md:EntityDescriptor without
// validUntil and without ID, with AuthnRequestsSigned and
// WantAssertionsSigned, a signing and an encryption KeyDescriptor (the
// latter listing AES-256-GCM, AES-128-GCM and RSA-OAEP) and the ACS endpoint
// for the HTTP-POST binding. If signed is true the document is signed with
// the SP signing key (Reference URI "", as the element has no ID).
func (sp *ServiceProvider) Metadata(signed bool) ([]byte, error) {
	const op = "servicekonto.Metadata"
	if sp.cfg.SigningCert == nil {
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "no SigningCert configured")
	}
	doc := etree.NewDocument()
	ed := doc.CreateElement("md:EntityDescriptor")
	ed.CreateAttr("xmlns:md", NSMetadata)
	ed.CreateAttr("xmlns:ds", xmldsig.Namespace)
	ed.CreateAttr("entityID", sp.cfg.EntityID)
	sd := etree.NewElement("md:SPSSODescriptor")
	sd.CreateAttr("AuthnRequestsSigned", "true")
	sd.CreateAttr("WantAssertionsSigned", "true")
	sd.CreateAttr("protocolSupportEnumeration", NSProtocol)
	keyDesc := func(use string, cert *x509.Certificate) {
		kd := sd.CreateElement("md:KeyDescriptor")
		kd.CreateAttr("use", use)
		kd.CreateElement("ds:KeyInfo").CreateElement("ds:X509Data").CreateElement("ds:X509Certificate").
			SetText(base64.StdEncoding.EncodeToString(cert.Raw))
		if use == "encryption" {
			for _, a := range []string{xmlenc.AES256GCM, xmlenc.AES128GCM, xmlenc.RSAOAEP, xmlenc.RSAOAEPMGF1P} {
				kd.CreateElement("md:EncryptionMethod").CreateAttr("Algorithm", a)
			}
		}
	}
	keyDesc("signing", sp.cfg.SigningCert)
	if sp.cfg.DecryptionCert != nil {
		keyDesc("encryption", sp.cfg.DecryptionCert)
	}
	sd.CreateElement("md:NameIDFormat").SetText(nameIDPersistent)
	acs := sd.CreateElement("md:AssertionConsumerService")
	acs.CreateAttr("Binding", BindingPOST)
	acs.CreateAttr("Location", sp.cfg.ACSURL)
	acs.CreateAttr("index", "0")
	acs.CreateAttr("isDefault", "true")
	ed.AddChild(sd)
	if signed {
		sig, err := xmldsig.Sign(ed, sp.cfg.SigningKey, &xmldsig.SignOptions{Method: sp.cfg.SignatureMethod})
		if err != nil {
			return nil, &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
		}
		ed.InsertChildAt(0, sig)
	}
	doc.WriteSettings.CanonicalEndTags = true
	return doc.WriteToBytes()
}

// FetchIdPMetadata downloads the IdP metadata from url with client (nil
// means http.DefaultClient) and parses it with ParseIdPMetadata. Use an
// https URL of the operator and pin the result: the metadata's own
// signature is not checked. Transport failures and non-200 answers yield
// code Unavailable.
func FetchIdPMetadata(ctx context.Context, client *http.Client, url string) (*IdPMetadata, error) {
	const op = "servicekonto.FetchIdPMetadata"
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: err}
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Unavailable, Op: op, Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, ozg.Errorf(ozg.Unavailable, op, "HTTP status %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxMetadataSize+1))
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Unavailable, Op: op, Err: err}
	}
	return ParseIdPMetadata(b)
}
