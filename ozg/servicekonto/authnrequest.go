package servicekonto

import (
	"bytes"
	"compress/flate"
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// MaxRelayState is the RelayState limit of SAML 2.0 Bindings §3.4.3 and
// §3.5.3: 80 bytes.
const MaxRelayState = 80

// Login is a started login: the signed AuthnRequest and how to send the
// browser to the IdP with it.
type Login struct {
	// RequestID is the AuthnRequest's ID, recorded in the RequestStore.
	RequestID string
	// Binding is BindingPOST or BindingRedirect.
	Binding string
	// RequestXML is the AuthnRequest document (for the POST binding with
	// its enveloped signature; for the Redirect binding unsigned, as the
	// signature is in the query string).
	RequestXML []byte
	// URL is the IdP endpoint; for the Redirect binding with the query
	// SAMLRequest, RelayState, SigAlg and Signature.
	URL string
	// RelayState is sent along and comes back with the response.
	RelayState string
}

var postForm = template.Must(template.New("post").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Weiterleitung</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="{{.Action}}">
<input type="hidden" name="{{.Name}}" value="{{.Value}}">
{{- if .RelayState}}
<input type="hidden" name="RelayState" value="{{.RelayState}}">
{{- end}}
<noscript><p>JavaScript ist deaktiviert. Bitte fahren Sie fort: <button type="submit">Weiter</button></p></noscript>
</form></body></html>
`))

// WritePOSTForm writes the auto-submitting HTML form of the HTTP-POST
// binding: name is "SAMLRequest" or "SAMLResponse", message the XML (it is
// base64-encoded here). The page sets no-store caching.
func WritePOSTForm(w http.ResponseWriter, action, name string, message []byte, relayState string) error {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache, no-store")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; form-action "+formActionSource(action))
	return postForm.Execute(w, struct{ Action, Name, Value, RelayState string }{
		action, name, base64.StdEncoding.EncodeToString(message), relayState,
	})
}

func formActionSource(action string) string {
	u, err := url.Parse(action)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "'self'"
	}
	return u.Scheme + "://" + u.Host
}

// Write sends the browser to the IdP: a 303 redirect for the Redirect
// binding, the auto-submitting form for the POST binding.
func (l *Login) Write(w http.ResponseWriter) error {
	if l.Binding == BindingRedirect {
		w.Header().Set("Cache-Control", "no-cache, no-store")
		w.Header().Set("Location", l.URL)
		w.WriteHeader(http.StatusSeeOther)
		return nil
	}
	return WritePOSTForm(w, l.URL, "SAMLRequest", l.RequestXML, l.RelayState)
}

func checkRelayState(op, rs string) error {
	if len(rs) > MaxRelayState {
		return reject(op, ReasonRelayState, fmt.Sprintf("%d bytes, limit %d", len(rs), MaxRelayState), nil)
	}
	for i := 0; i < len(rs); i++ {
		if rs[i] < 0x20 || rs[i] == 0x7f {
			return reject(op, ReasonRelayState, "control character", nil)
		}
	}
	return nil
}

// StartLogin builds and signs an AuthnRequest, records its ID in the
// RequestStore and returns how to send it. binding is BindingPOST (the
// preferred one) or BindingRedirect; "" picks POST when the IdP offers it.
// relayState (at most 80 bytes) comes back unchanged with the response; it
// must not carry a URL the ACS handler would redirect to unchecked.
func (sp *ServiceProvider) StartLogin(ctx context.Context, binding, relayState string) (*Login, error) {
	const op = "servicekonto.StartLogin"
	if err := checkRelayState(op, relayState); err != nil {
		return nil, err
	}
	if sp.cfg.SigningKey == nil {
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "no SigningKey configured")
	}
	if binding == "" {
		binding = BindingPOST
		if _, ok := sp.cfg.IdP.SSO[BindingPOST]; !ok {
			binding = BindingRedirect
		}
	}
	dest, ok := sp.cfg.IdP.SSO[binding]
	if !ok {
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "the IdP offers no SingleSignOnService for %s", binding)
	}
	id, err := sp.newID()
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
	}
	now := sp.cfg.Now().UTC()
	el := sp.authnRequest(id, dest, now)
	if binding == BindingPOST {
		sig, err := xmldsig.Sign(el, sp.cfg.SigningKey, &xmldsig.SignOptions{Method: sp.cfg.SignatureMethod, Rand: sp.cfg.Rand, Certificates: []*x509.Certificate{sp.cfg.SigningCert}})
		if err != nil {
			return nil, &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
		}
		el.InsertChildAt(1, sig) // after saml:Issuer
	}
	doc := etree.NewDocument()
	doc.SetRoot(el)
	doc.WriteSettings.CanonicalEndTags = true
	xmlBytes, err := doc.WriteToBytes()
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
	}
	l := &Login{RequestID: id, Binding: binding, RequestXML: xmlBytes, URL: dest, RelayState: relayState}
	if binding == BindingRedirect {
		q, err := EncodeRedirect("SAMLRequest", xmlBytes, relayState, sp.cfg.SigningKey, sp.cfg.SignatureMethod, sp.cfg.Rand)
		if err != nil {
			return nil, &ozg.Error{Code: ozg.Internal, Op: op, Err: err}
		}
		sep := "?"
		if strings.Contains(dest, "?") {
			sep = "&"
		}
		l.URL = dest + sep + q
	}
	if err := sp.cfg.Requests.Add(ctx, id, now.Add(sp.cfg.RequestLifetime)); err != nil {
		return nil, &ozg.Error{Code: ozg.Unavailable, Op: op, Err: err}
	}
	sp.logger.LogAttrs(ctx, slogInfo, "servicekonto: login started", attrStr("request_id", id), attrStr("binding", binding))
	return l, nil
}

// authnRequest builds the unsigned AuthnRequest element.
func (sp *ServiceProvider) authnRequest(id, dest string, now time.Time) *etree.Element {
	c := sp.cfg
	el := etree.NewElement("samlp:AuthnRequest")
	el.CreateAttr("xmlns:samlp", NSProtocol)
	el.CreateAttr("xmlns:saml", NSAssertion)
	el.CreateAttr("ID", id)
	el.CreateAttr("Version", "2.0")
	el.CreateAttr("IssueInstant", now.Format("2006-01-02T15:04:05Z"))
	el.CreateAttr("Destination", dest)
	el.CreateAttr("ForceAuthn", "true")
	el.CreateAttr("ProtocolBinding", BindingPOST)
	el.CreateAttr("AssertionConsumerServiceURL", c.ACSURL)
	el.CreateElement("saml:Issuer").SetText(c.EntityID)

	ext := el.CreateElement("samlp:Extensions")
	ar := ext.CreateElement("akdb:AuthenticationRequest")
	ar.CreateAttr("xmlns:akdb", NSAKDB)
	ar.CreateAttr("Version", "2")
	if c.EnableStatusDetail {
		ar.CreateAttr("EnableStatusDetail", "true")
	}
	if len(c.AuthnMethods) > 0 {
		am := ar.CreateElement("akdb:AuthnMethods")
		names := make([]string, 0, len(c.AuthnMethods))
		for k := range c.AuthnMethods {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			v := "false"
			if c.AuthnMethods[k] {
				v = "true"
			}
			am.CreateElement("akdb:" + k).CreateElement("akdb:Enabled").SetText(v)
		}
	}
	ra := ar.CreateElement("akdb:RequestedAttributes")
	for _, a := range c.RequestedAttributes {
		r := ra.CreateElement("akdb:RequestedAttribute")
		r.CreateAttr("Name", a.Name)
		if a.Required {
			r.CreateAttr("RequiredAttribute", "true")
		} else {
			r.CreateAttr("RequiredAttribute", "false")
		}
	}
	if c.DisplayName != "" || c.OnlineServiceID != "" || c.Lang != "" || c.BackURL != "" {
		v := ar.CreateElement("akdb:DisplayInformation").CreateElement("classic-ui:Version")
		v.CreateAttr("xmlns:classic-ui", NSAKDBClassicUI)
		if c.DisplayName != "" {
			v.CreateElement("classic-ui:OrganizationDisplayName").SetText(c.DisplayName)
		}
		if c.Lang != "" {
			v.CreateElement("classic-ui:Lang").SetText(c.Lang)
		}
		if c.BackURL != "" {
			v.CreateElement("classic-ui:BackURL").SetText(c.BackURL)
		}
		if c.OnlineServiceID != "" {
			v.CreateElement("classic-ui:OnlineServiceId").SetText(c.OnlineServiceID)
		}
	}
	nip := el.CreateElement("samlp:NameIDPolicy")
	nip.CreateAttr("AllowCreate", "true")
	nip.CreateAttr("Format", nameIDPersistent)
	rac := el.CreateElement("samlp:RequestedAuthnContext")
	rac.CreateAttr("Comparison", "minimum")
	rac.CreateElement("saml:AuthnContextClassRef").SetText(c.MinLevel.STORK())
	return el
}

// redirectSigAlgs are the SigAlg values of the Redirect binding.
var redirectSigAlgs = map[string]struct {
	hash   crypto.Hash
	pss    bool
	legacy bool
}{
	xmldsig.RSASHA1:      {crypto.SHA1, false, true},
	xmldsig.RSASHA256:    {crypto.SHA256, false, false},
	xmldsig.RSASHA384:    {crypto.SHA384, false, false},
	xmldsig.RSASHA512:    {crypto.SHA512, false, false},
	xmldsig.RSAPSSSHA256: {crypto.SHA256, true, false},
	xmldsig.RSAPSSSHA384: {crypto.SHA384, true, false},
	xmldsig.RSAPSSSHA512: {crypto.SHA512, true, false},
}

// EncodeRedirect encodes a message for the HTTP-Redirect binding: raw
// DEFLATE, base64, URL-encoding, and the signature over
// "<param>=…&RelayState=…&SigAlg=…" (SAML Bindings §3.4.4.1). param is
// "SAMLRequest" or "SAMLResponse". It returns the query string.
func EncodeRedirect(param string, message []byte, relayState string, key crypto.Signer, sigAlg string, rnd io.Reader) (string, error) {
	var buf bytes.Buffer
	fw, _ := flate.NewWriter(&buf, flate.BestCompression)
	fw.Write(message)
	fw.Close()
	q := param + "=" + url.QueryEscape(base64.StdEncoding.EncodeToString(buf.Bytes()))
	if relayState != "" {
		q += "&RelayState=" + url.QueryEscape(relayState)
	}
	if key == nil {
		return q, nil
	}
	alg, ok := redirectSigAlgs[sigAlg]
	if !ok || alg.legacy {
		return "", fmt.Errorf("servicekonto: SigAlg %q not supported", sigAlg)
	}
	q += "&SigAlg=" + url.QueryEscape(sigAlg)
	h := alg.hash.New()
	h.Write([]byte(q))
	var so crypto.SignerOpts = alg.hash
	if alg.pss {
		so = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: alg.hash}
	}
	sig, err := key.Sign(rnd, h.Sum(nil), so)
	if err != nil {
		return "", err
	}
	return q + "&Signature=" + url.QueryEscape(base64.StdEncoding.EncodeToString(sig)), nil
}

// RedirectMessage is a decoded HTTP-Redirect binding message.
type RedirectMessage struct {
	Param      string // "SAMLRequest" or "SAMLResponse"
	XML        []byte // the inflated message (not yet parsed)
	RelayState string
	SigAlg     string // "" if the message is unsigned
	Signed     bool   // the query-string signature verified
}

// RedirectOptions configures DecodeRedirect.
type RedirectOptions struct {
	// Certificates verify the query-string signature; if empty, the
	// signature is not checked and an unsigned message is accepted.
	Certificates []*x509.Certificate
	// MaxSize bounds the inflated message; default 256 KiB.
	MaxSize int
	// AllowSHA1 accepts SigAlg rsa-sha1.
	AllowSHA1 bool
}

// DecodeRedirect decodes the raw (still URL-encoded) query string of an
// HTTP-Redirect binding message. The signature is verified over the
// parameters exactly as they were received. Inflating stops at MaxSize
// (ReasonInflate). Errors carry a *Rejection.
func DecodeRedirect(rawQuery string, opts *RedirectOptions) (*RedirectMessage, error) {
	const op = "servicekonto.DecodeRedirect"
	var o RedirectOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxSize <= 0 {
		o.MaxSize = 256 << 10
	}
	if len(rawQuery) > 4*o.MaxSize {
		return nil, reject(op, ReasonTooLarge, "query string too long", nil)
	}
	raw := map[string]string{}
	for _, kv := range strings.Split(rawQuery, "&") {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "SAMLRequest", "SAMLResponse", "RelayState", "SigAlg", "Signature":
			if _, dup := raw[k]; dup {
				return nil, reject(op, ReasonBinding, "parameter "+k+" repeated", nil)
			}
			raw[k] = v
		}
	}
	m := &RedirectMessage{}
	var msgEnc string
	for _, p := range []string{"SAMLRequest", "SAMLResponse"} {
		if v, ok := raw[p]; ok {
			if m.Param != "" {
				return nil, reject(op, ReasonBinding, "both SAMLRequest and SAMLResponse", nil)
			}
			m.Param, msgEnc = p, v
		}
	}
	if m.Param == "" {
		return nil, reject(op, ReasonBinding, "no SAMLRequest or SAMLResponse", nil)
	}
	unesc := func(k string) (string, error) {
		s, err := url.QueryUnescape(raw[k])
		if err != nil {
			return "", reject(op, ReasonBinding, "parameter "+k+" is not URL-encoded", err)
		}
		return s, nil
	}
	var err error
	if m.RelayState, err = unesc("RelayState"); err != nil {
		return nil, err
	}
	if err := checkRelayState(op, m.RelayState); err != nil {
		return nil, err
	}
	if m.SigAlg, err = unesc("SigAlg"); err != nil {
		return nil, err
	}
	if len(o.Certificates) > 0 {
		sigB64, err := unesc("Signature")
		if err != nil {
			return nil, err
		}
		if m.SigAlg == "" || sigB64 == "" {
			return nil, reject(op, ReasonUnsigned, "no query-string signature", nil)
		}
		alg, ok := redirectSigAlgs[m.SigAlg]
		if !ok || (alg.legacy && !o.AllowSHA1) {
			return nil, reject(op, ReasonAlgorithm, "SigAlg "+m.SigAlg, nil)
		}
		sig, err := base64.StdEncoding.DecodeString(sigB64)
		if err != nil {
			return nil, reject(op, ReasonBinding, "Signature is not base64", err)
		}
		signed := m.Param + "=" + msgEnc
		if v, ok := raw["RelayState"]; ok {
			signed += "&RelayState=" + v
		}
		signed += "&SigAlg=" + raw["SigAlg"]
		h := alg.hash.New()
		h.Write([]byte(signed))
		sum := h.Sum(nil)
		for _, c := range o.Certificates {
			pub, ok := c.PublicKey.(*rsa.PublicKey)
			if !ok {
				continue
			}
			if alg.pss {
				err = rsa.VerifyPSS(pub, alg.hash, sum, sig, &rsa.PSSOptions{SaltLength: alg.hash.Size(), Hash: alg.hash})
			} else {
				err = rsa.VerifyPKCS1v15(pub, alg.hash, sum, sig)
			}
			if err == nil {
				m.Signed = true
				break
			}
		}
		if !m.Signed {
			return nil, reject(op, ReasonSignature, "query-string signature does not verify", nil)
		}
	}
	b64, err := url.QueryUnescape(msgEnc)
	if err != nil {
		return nil, reject(op, ReasonBinding, "message is not URL-encoded", err)
	}
	deflated, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, reject(op, ReasonMalformed, "message is not base64", err)
	}
	m.XML, err = inflate(deflated, o.MaxSize)
	if err != nil {
		return nil, reject(op, ReasonInflate, err.Error(), err)
	}
	return m, nil
}

var errInflateLimit = errors.New("inflated message over the size limit")

// inflate decompresses raw DEFLATE data, stopping after limit bytes.
func inflate(data []byte, limit int) ([]byte, error) {
	r := flate.NewReader(bytes.NewReader(data))
	defer r.Close()
	out, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("corrupt DEFLATE data: %w", err)
	}
	if len(out) > limit {
		return nil, errInflateLimit
	}
	return out, nil
}
