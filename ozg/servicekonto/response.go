package servicekonto

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/internal/xmlenc"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// Result is an accepted login.
type Result struct {
	// Identity is who logged in, read from the verified assertion only.
	Identity Identity
	// RequestID is the AuthnRequest the response answers ("" if unsolicited).
	RequestID string
	// AssertionID is the accepted assertion's ID (now in the ReplayStore).
	AssertionID string
	// SessionIndex is the AuthnStatement's SessionIndex (for logout).
	SessionIndex string
	// AuthnInstant is when the person authenticated at the IdP.
	AuthnInstant time.Time
	// NotOnOrAfter is the end of the assertion's validity.
	NotOnOrAfter time.Time
	// ResponseSigned, AssertionSigned and Encrypted describe how the
	// assertion was protected.
	ResponseSigned, AssertionSigned, Encrypted bool
}

// ProcessResponse verifies the SAMLResponse form value of the HTTP-POST
// binding (base64) and returns the login. Every rejection is an *ozg.Error
// with code Unauthenticated wrapping a *Rejection (see ReasonOf); a failing
// store yields code Unavailable.
func (sp *ServiceProvider) ProcessResponse(ctx context.Context, samlResponse string) (*Result, error) {
	const op = "servicekonto.ProcessResponse"
	if len(samlResponse) > sp.cfg.MaxResponseSize/3*4+1024 {
		return nil, sp.logReject(ctx, reject(op, ReasonTooLarge, fmt.Sprintf("%d bytes of base64", len(samlResponse)), nil))
	}
	data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(samlResponse), ""))
	if err != nil {
		return nil, sp.logReject(ctx, reject(op, ReasonMalformed, "SAMLResponse is not base64", err))
	}
	return sp.ProcessResponseXML(ctx, data)
}

// ProcessResponseXML is ProcessResponse for the raw XML document.
func (sp *ServiceProvider) ProcessResponseXML(ctx context.Context, data []byte) (*Result, error) {
	r, err := sp.process(ctx, data)
	if err != nil {
		return nil, sp.logReject(ctx, err)
	}
	sp.logger.LogAttrs(ctx, slogInfo, "servicekonto: login accepted",
		attrStr("request_id", r.RequestID), attrStr("assertion_id", r.AssertionID),
		attrStr("vertrauensniveau", r.Identity.Vertrauensniveau.String()))
	return r, nil
}

func (sp *ServiceProvider) logReject(ctx context.Context, err error) error {
	var rej *Rejection
	if errors.As(err, &rej) {
		sp.logger.LogAttrs(ctx, slogWarn, "servicekonto: response rejected",
			attrStr("reason", rej.Reason.String()), attrStr("detail", rej.Detail))
	} else {
		sp.logger.LogAttrs(ctx, slogWarn, "servicekonto: response not processed", attrStr("error", err.Error()))
	}
	return err
}

const opProcess = "servicekonto.ProcessResponse"

func rej(reason Reason, format string, args ...any) error {
	return reject(opProcess, reason, fmt.Sprintf(format, args...), nil)
}

// is reports whether el is the SAML element ns:local.
func is(el *etree.Element, ns, local string) bool {
	return el != nil && el.Tag == local && el.NamespaceURI() == ns
}

func children(el *etree.Element, ns, local string) []*etree.Element {
	var out []*etree.Element
	for _, c := range el.ChildElements() {
		if is(c, ns, local) {
			out = append(out, c)
		}
	}
	return out
}

// one returns the only child ns:local of el, nil if there is none, and an
// error if there are several.
func one(el *etree.Element, ns, local string) (*etree.Element, error) {
	cs := children(el, ns, local)
	switch len(cs) {
	case 0:
		return nil, nil
	case 1:
		return cs[0], nil
	}
	return nil, rej(ReasonMalformed, "%s has %d %s elements", el.Tag, len(cs), local)
}

func text(el *etree.Element) (string, error) {
	if el == nil {
		return "", nil
	}
	s, ok := textOf(el)
	if !ok {
		return "", rej(ReasonMalformed, "element inside %s", el.Tag)
	}
	return strings.TrimSpace(s), nil
}

// structureCheck is switched off only by tests that show the signature
// layer alone also refuses each wrapping attack.
var structureCheck = true

// structure refuses duplicate IDs and assertions or responses anywhere but
// where they belong, on the whole received tree, before any signature is
// looked at.
func structure(root *etree.Element, assertionRoot bool) error {
	if !structureCheck {
		return nil
	}
	seen := map[string]bool{}
	var walk func(el *etree.Element, depth int) error
	walk = func(el *etree.Element, depth int) error {
		for _, a := range el.Attr {
			if a.Space == "" && (a.Key == "ID" || a.Key == "Id") {
				if seen[a.Value] {
					return rej(ReasonDuplicateID, "ID %q occurs more than once", a.Value)
				}
				seen[a.Value] = true
			}
		}
		if depth > 0 {
			ns := el.NamespaceURI()
			switch {
			case ns == NSProtocol && el.Tag == "Response":
				return rej(ReasonWrapping, "Response inside the document")
			case ns == NSAssertion && (el.Tag == "Assertion" || el.Tag == "EncryptedAssertion"):
				if assertionRoot || depth != 1 {
					return rej(ReasonWrapping, "%s inside %s", el.Tag, el.Parent().Tag)
				}
			}
		}
		for _, c := range el.ChildElements() {
			if err := walk(c, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(root, 0)
}

func hasSignature(el *etree.Element) bool {
	return len(children(el, xmldsig.Namespace, "Signature")) > 0
}

func (sp *ServiceProvider) verify(el *etree.Element, what string) (*etree.Element, error) {
	v, err := xmldsig.Verify(el, xmldsig.VerifyOptions{Certificates: sp.cfg.IdP.Certificates, AllowSHA1: sp.cfg.Legacy.AllowSHA1})
	if err == nil {
		return v.Element, nil
	}
	reason := ReasonSignature
	switch {
	case errors.Is(err, xmldsig.ErrNoSignature):
		reason = ReasonUnsigned
	case errors.Is(err, xmldsig.ErrMalformed):
		reason = ReasonMalformed
	case errors.Is(err, xmldsig.ErrAlgorithm):
		reason = ReasonAlgorithm
	case errors.Is(err, xmldsig.ErrReference):
		reason = ReasonReference
	case errors.Is(err, xmldsig.ErrDigest):
		reason = ReasonDigest
	}
	return nil, reject(opProcess, reason, what+" signature: "+err.Error(), err)
}

func parseTime(el *etree.Element, attr string) (time.Time, bool, error) {
	v := el.SelectAttrValue(attr, "")
	if v == "" {
		return time.Time{}, false, nil
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, false, rej(ReasonMalformed, "%s/@%s is not an xs:dateTime", el.Tag, attr)
	}
	return t, true, nil
}

func (sp *ServiceProvider) process(ctx context.Context, data []byte) (*Result, error) {
	c := &sp.cfg
	doc, err := parseSafe(opProcess, data, c.MaxResponseSize)
	if err != nil {
		return nil, err
	}
	root := doc.Root()
	if !is(root, NSProtocol, "Response") {
		return nil, rej(ReasonMalformed, "document element is not samlp:Response")
	}
	if err := structure(root, false); err != nil {
		return nil, err
	}
	if n := len(children(root, NSAssertion, "Assertion")) + len(children(root, NSAssertion, "EncryptedAssertion")); n != 1 && statusOK(root) {
		return nil, rej(ReasonAssertionCount, "%d assertions, want exactly one", n)
	}

	// 1. The response signature, if any; from here on read only the
	// verified copy.
	res := &Result{}
	resp := root
	if hasSignature(root) {
		if resp, err = sp.verify(root, "response"); err != nil {
			return nil, err
		}
		res.ResponseSigned = true
	}
	if v := resp.SelectAttrValue("Version", ""); v != "2.0" {
		return nil, rej(ReasonMalformed, "Version %q", v)
	}
	if d := resp.SelectAttrValue("Destination", ""); d != c.ACSURL {
		return nil, rej(ReasonDestination, "Destination %q is not the ACS URL", d)
	}
	iss, err := one(resp, NSAssertion, "Issuer")
	if err != nil {
		return nil, err
	}
	if iss != nil {
		if s, err := text(iss); err != nil || s != c.IdP.EntityID {
			return nil, rej(ReasonIssuer, "response Issuer %q is not the IdP", s)
		}
	}
	if err := status(resp); err != nil {
		return nil, err
	}
	respIRT := resp.SelectAttrValue("InResponseTo", "")

	// 2. The assertion, decrypted if need be.
	var assertion *etree.Element
	if ea := children(resp, NSAssertion, "EncryptedAssertion"); len(ea) == 1 {
		res.Encrypted = true
		if assertion, err = sp.decrypt(ea[0]); err != nil {
			return nil, err
		}
	} else {
		assertion = children(resp, NSAssertion, "Assertion")[0]
	}

	// 3. The assertion signature; from here on read only the verified copy.
	switch {
	case hasSignature(assertion):
		if assertion, err = sp.verify(assertion, "assertion"); err != nil {
			return nil, err
		}
		res.AssertionSigned = true
	case res.Encrypted && res.ResponseSigned:
		// Encrypted-then-signed: the response signature covers the
		// ciphertext, and AES-GCM (or the covered CBC ciphertext) binds the
		// plaintext to it.
	default:
		return nil, rej(ReasonUnsigned, "assertion is not signed")
	}
	return sp.assertion(ctx, assertion, respIRT, res)
}

func statusOK(resp *etree.Element) bool {
	st := children(resp, NSProtocol, "Status")
	if len(st) != 1 {
		return true
	}
	sc := children(st[0], NSProtocol, "StatusCode")
	return len(sc) != 1 || sc[0].SelectAttrValue("Value", "") == statusSuccess
}

func status(resp *etree.Element) error {
	st, err := one(resp, NSProtocol, "Status")
	if err != nil {
		return err
	}
	if st == nil {
		return rej(ReasonMalformed, "no Status")
	}
	sc, err := one(st, NSProtocol, "StatusCode")
	if err != nil {
		return err
	}
	if sc == nil {
		return rej(ReasonMalformed, "no StatusCode")
	}
	code := sc.SelectAttrValue("Value", "")
	if code == statusSuccess {
		return nil
	}
	se := &StatusError{Code: code}
	if sub, _ := one(sc, NSProtocol, "StatusCode"); sub != nil {
		se.SubCode = sub.SelectAttrValue("Value", "")
	}
	if m, _ := one(st, NSProtocol, "StatusMessage"); m != nil {
		se.Message, _ = text(m)
	}
	if d, _ := one(st, NSProtocol, "StatusDetail"); d != nil {
		if s, ok := textOf(d); ok && strings.TrimSpace(s) != "" {
			var obj map[string]json.RawMessage
			if json.Unmarshal([]byte(strings.TrimSpace(s)), &obj) == nil {
				se.Detail = map[string]string{}
				for k, v := range obj {
					var str string
					if json.Unmarshal(v, &str) == nil {
						se.Detail[k] = str
					} else {
						se.Detail[k] = string(v)
					}
				}
			}
		}
	}
	reason := ReasonStatus
	if se.SubCode == statusRequestDenied {
		reason = ReasonRequestDenied
	}
	return reject(opProcess, reason, se.Error(), se)
}

func (sp *ServiceProvider) decrypt(ea *etree.Element) (*etree.Element, error) {
	c := &sp.cfg
	var ed *etree.Element
	var outside []*etree.Element
	for _, ch := range ea.ChildElements() {
		switch {
		case ch.Tag == "EncryptedData" && ch.NamespaceURI() == xmlenc.Namespace && ed == nil:
			ed = ch
		case ch.Tag == "EncryptedKey" && ch.NamespaceURI() == xmlenc.Namespace:
			outside = append(outside, ch)
		default:
			return nil, rej(ReasonMalformed, "unexpected %s in EncryptedAssertion", ch.Tag)
		}
	}
	if ed == nil {
		return nil, rej(ReasonMalformed, "EncryptedAssertion without EncryptedData")
	}
	pt, err := xmlenc.Decrypt(ed, outside, c.DecryptionKey, &xmlenc.DecryptOptions{
		AllowRSA15: c.Legacy.AllowRSA15, AllowCBC: c.Legacy.AllowCBC, MaxPlaintext: c.MaxResponseSize,
	})
	if err != nil {
		reason := ReasonDecryption
		if errors.Is(err, xmlenc.ErrAlgorithm) {
			reason = ReasonAlgorithm
		}
		return nil, reject(opProcess, reason, err.Error(), err)
	}
	adoc, err := parseSafe(opProcess, pt, c.MaxResponseSize)
	if err != nil {
		return nil, err
	}
	a := adoc.Root()
	if !is(a, NSAssertion, "Assertion") {
		return nil, rej(ReasonMalformed, "EncryptedAssertion does not hold a saml:Assertion")
	}
	if err := structure(a, true); err != nil {
		return nil, err
	}
	return a, nil
}

// assertion checks the verified assertion and maps its attributes.
func (sp *ServiceProvider) assertion(ctx context.Context, a *etree.Element, respIRT string, res *Result) (*Result, error) {
	c := &sp.cfg
	now := c.Now()
	skew := c.ClockSkew
	if v := a.SelectAttrValue("Version", ""); v != "2.0" {
		return nil, rej(ReasonMalformed, "assertion Version %q", v)
	}
	res.AssertionID = a.SelectAttrValue("ID", "")
	if res.AssertionID == "" {
		return nil, rej(ReasonMalformed, "assertion without ID")
	}
	iss, err := one(a, NSAssertion, "Issuer")
	if err != nil {
		return nil, err
	}
	if s, err := text(iss); err != nil || s != c.IdP.EntityID {
		return nil, rej(ReasonIssuer, "assertion Issuer %q is not the IdP", s)
	}

	// Subject: a bearer confirmation for this ACS and this request.
	subj, err := one(a, NSAssertion, "Subject")
	if err != nil {
		return nil, err
	}
	if subj == nil {
		return nil, rej(ReasonSubjectConfirmation, "no Subject")
	}
	nameIDEl, err := one(subj, NSAssertion, "NameID")
	if err != nil {
		return nil, err
	}
	nameID, err := text(nameIDEl)
	if err != nil {
		return nil, err
	}
	var scErr error
	var scd *etree.Element
	var scNotOnOrAfter time.Time
	for _, sc := range children(subj, NSAssertion, "SubjectConfirmation") {
		if sc.SelectAttrValue("Method", "") != cmBearer {
			continue
		}
		d, err := one(sc, NSAssertion, "SubjectConfirmationData")
		if err != nil {
			return nil, err
		}
		if d == nil {
			scErr = rej(ReasonSubjectConfirmation, "bearer confirmation without data")
			continue
		}
		if r := d.SelectAttrValue("Recipient", ""); r != c.ACSURL {
			scErr = rej(ReasonRecipient, "Recipient %q is not the ACS URL", r)
			continue
		}
		t, ok, err := parseTime(d, "NotOnOrAfter")
		if err != nil {
			return nil, err
		}
		if !ok {
			scErr = rej(ReasonSubjectConfirmation, "bearer confirmation without NotOnOrAfter")
			continue
		}
		if !now.Add(-skew).Before(t) {
			scErr = rej(ReasonExpired, "SubjectConfirmationData NotOnOrAfter %s passed", t.UTC().Format(time.RFC3339))
			continue
		}
		if nb, ok, err := parseTime(d, "NotBefore"); err != nil {
			return nil, err
		} else if ok && nb.After(now.Add(skew)) {
			scErr = rej(ReasonNotYetValid, "SubjectConfirmationData NotBefore in the future")
			continue
		}
		scd, scNotOnOrAfter = d, t
		break
	}
	if scd == nil {
		if scErr == nil {
			scErr = rej(ReasonSubjectConfirmation, "no bearer SubjectConfirmation")
		}
		return nil, scErr
	}
	scIRT := scd.SelectAttrValue("InResponseTo", "")
	if respIRT != "" && scIRT != "" && respIRT != scIRT {
		return nil, rej(ReasonInResponseTo, "response answers %q, assertion %q", respIRT, scIRT)
	}
	if respIRT != "" && scIRT == "" || respIRT == "" && scIRT != "" {
		return nil, rej(ReasonInResponseTo, "InResponseTo on only one of response and assertion")
	}
	irt := scIRT
	if irt == "" && !c.AllowUnsolicited {
		return nil, rej(ReasonUnsolicited, "response answers no request")
	}

	// Conditions.
	cond, err := one(a, NSAssertion, "Conditions")
	if err != nil {
		return nil, err
	}
	if cond == nil {
		return nil, rej(ReasonAudience, "no Conditions with AudienceRestriction")
	}
	nb, ok, err := parseTime(cond, "NotBefore")
	if err != nil {
		return nil, err
	}
	if ok && nb.After(now.Add(skew)) {
		return nil, rej(ReasonNotYetValid, "Conditions NotBefore %s is in the future", nb.UTC().Format(time.RFC3339))
	}
	noa, ok, err := parseTime(cond, "NotOnOrAfter")
	if err != nil {
		return nil, err
	}
	if ok && !now.Add(-skew).Before(noa) {
		return nil, rej(ReasonExpired, "Conditions NotOnOrAfter %s passed", noa.UTC().Format(time.RFC3339))
	}
	res.NotOnOrAfter = scNotOnOrAfter
	if ok && noa.Before(scNotOnOrAfter) {
		res.NotOnOrAfter = noa
	}
	ars := children(cond, NSAssertion, "AudienceRestriction")
	if len(ars) == 0 {
		return nil, rej(ReasonAudience, "no AudienceRestriction")
	}
	for _, ar := range ars {
		found := false
		for _, au := range children(ar, NSAssertion, "Audience") {
			if s, _ := text(au); s == c.EntityID {
				found = true
			}
		}
		if !found {
			return nil, rej(ReasonAudience, "an AudienceRestriction does not name this SP")
		}
	}

	// Authentication statement and trust level.
	as := children(a, NSAssertion, "AuthnStatement")
	if len(as) != 1 {
		return nil, rej(ReasonTrustLevel, "%d AuthnStatements, want one", len(as))
	}
	res.SessionIndex = as[0].SelectAttrValue("SessionIndex", "")
	res.AuthnInstant, _, _ = parseTime(as[0], "AuthnInstant")
	var classRef string
	if ac, _ := one(as[0], NSAssertion, "AuthnContext"); ac != nil {
		if cr, _ := one(ac, NSAssertion, "AuthnContextClassRef"); cr != nil {
			classRef, _ = text(cr)
		}
	}
	level, err := ozg.ParseVertrauensniveau(classRef)
	if err != nil {
		return nil, rej(ReasonTrustLevel, "AuthnContextClassRef %q is not a trust level", classRef)
	}
	if !level.AtLeast(c.MinLevel) {
		return nil, rej(ReasonTrustLevel, "trust level %s below the required %s", level.STORK(), c.MinLevel.STORK())
	}

	// Attributes, by Name only.
	var attrs []attribute
	for _, st := range children(a, NSAssertion, "AttributeStatement") {
		for _, ae := range children(st, NSAssertion, "Attribute") {
			at := attribute{name: canonicalAttrName(ae.SelectAttrValue("Name", ""))}
			for _, x := range ae.Attr {
				if x.Key == "TrustLevel" && x.NamespaceURI() == NSAKDB {
					at.level = x.Value
				}
			}
			for _, v := range children(ae, NSAssertion, "AttributeValue") {
				s, ok := textOf(v)
				if !ok {
					return nil, rej(ReasonMalformed, "element inside an AttributeValue")
				}
				at.values = append(at.values, s)
			}
			attrs = append(attrs, at)
		}
	}
	res.Identity = mapIdentity(attrs, level, nameID, c.Organisation)

	// Replay, then the pending request: both single use.
	expires := res.NotOnOrAfter.Add(skew)
	seen, err := c.Replays.Seen(ctx, res.AssertionID, expires, now)
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Unavailable, Op: opProcess, Err: err}
	}
	if seen {
		return nil, rej(ReasonReplay, "assertion %q was already used", res.AssertionID)
	}
	if irt != "" {
		ok, err := c.Requests.Consume(ctx, irt, now)
		if err != nil {
			return nil, &ozg.Error{Code: ozg.Unavailable, Op: opProcess, Err: err}
		}
		if !ok {
			return nil, rej(ReasonUnknownRequest, "InResponseTo %q is not a pending request", irt)
		}
		res.RequestID = irt
	}
	return res, nil
}
