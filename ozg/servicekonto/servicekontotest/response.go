package servicekontotest

import (
	"crypto/x509"
	"encoding/base64"
	"strings"
	"time"

	"github.com/beevik/etree"
	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/internal/xmlenc"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
)

// Attack selects a broken response: what an attacker or a broken IdP
// sends. The zero value AttackNone is a correct response.
type Attack int

// The attacks and breakages.
const (
	AttackNone                 Attack = iota // a correct response
	AttackUnsigned                           // no signature at all
	AttackSignatureStripped                  // signed, then the assertion signature removed
	AttackTamperedValue                      // signed, then an attribute value changed
	AttackAttackerKeyInfo                    // signed with the attacker's key, its certificate in KeyInfo
	AttackXSW1                               // evil response; the signed original inside its signature
	AttackXSW2                               // evil response; the signed original before its signature
	AttackXSW3                               // evil assertion before the signed original
	AttackXSW4                               // the signed original inside the evil assertion
	AttackXSW5                               // evil assertion with the original's ID and signature; original appended
	AttackXSW6                               // evil assertion with the original's ID and signature; original inside that signature
	AttackXSW7                               // the signed original in samlp:Extensions; evil assertion as the direct child
	AttackXSW8                               // the signed original in a ds:Object of the evil assertion's copied signature
	AttackSecondAssertion                    // a second, unsigned assertion next to the signed one
	AttackExpired                            // issued an hour ago, validity over
	AttackNotYetValid                        // issued an hour in the future
	AttackWrongAudience                      // audience is another SP
	AttackWrongRecipient                     // SubjectConfirmationData Recipient is another URL
	AttackWrongInResponseTo                  // answers a request the SP never sent
	AttackInResponseToMismatch               // response and assertion answer different requests
	AttackWrongDestination                   // Response Destination is another URL
	AttackWrongIssuer                        // Issuer is another entity
	AttackReplay                             // the previous response sent again
	AttackDoctype                            // DOCTYPE with an external entity (XXE)
	AttackBillionLaughs                      // DOCTYPE with nested entity expansion
	AttackCommentInjection                   // a comment inserted into the signed bPK2 value
	AttackRequestDenied                      // status Requester/RequestDenied with AKDB StatusDetail (person cancelled)
	AttackSHA1                               // signed with RSA-SHA1 and SHA-1 digests
	AttackDuplicateID                        // an element elsewhere carries the assertion's ID
	AttackResponderError                     // status Responder (an IdP failure), no assertion
	AttackTamperedResponse                   // response signed, then its IssueInstant changed
	AttackNoBearer                           // SubjectConfirmation with holder-of-key instead of bearer
	AttackCDATASplit                         // part of the signed bPK2 value rewritten as a CDATA section
)

// ResponseOptions shapes one response. The zero value is a correct BundID
// response: DefaultAttributes at trust level hoch, assertion signed with
// RSA-SHA256 and encrypted with RSA-OAEP and AES-256-GCM.
type ResponseOptions struct {
	// Attributes released; nil means DefaultAttributes().
	Attributes []Attribute
	// Level is the login's trust level; 0 means ozg.NiveauHoch.
	Level ozg.Vertrauensniveau
	// SignatureMethod is the signature algorithm URI; default RSA-SHA256
	// (xmldsig-more#rsa-sha256); the PSS ones are
	// http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1 etc.
	SignatureMethod string
	// SignWithRollover signs with IdPRollover instead of IdPSigning.
	SignWithRollover bool
	// SignResponse signs the Response as well.
	SignResponse bool
	// EncryptThenSign encrypts the unsigned assertion and signs the
	// Response (instead of signing the assertion, then encrypting it).
	EncryptThenSign bool
	// Plain sends the assertion unencrypted.
	Plain bool
	// KeyTransport, OAEPDigest, MGF and DataEncryption are the XML
	// Encryption algorithm URIs; "" means xmlenc11#rsa-oaep, SHA-256,
	// MGF1-SHA-256 and AES-256-GCM.
	KeyTransport, OAEPDigest, MGF, DataEncryption string
	// KeyOutside puts the EncryptedKey next to EncryptedData.
	KeyOutside bool
	// Attack selects a broken variant.
	Attack Attack
}

const (
	nsP  = servicekonto.NSProtocol
	nsA  = servicekonto.NSAssertion
	nsDS = xmldsig.Namespace
)

// Respond builds the response to a verified AuthnRequest.
func (idp *IdP) Respond(ar *AuthnRequest, opts *ResponseOptions) (*Response, error) {
	var o ResponseOptions
	if opts != nil {
		o = *opts
	}
	out := &Response{ACSURL: ar.ACSURL, RelayState: ar.RelayState}
	if o.Attack == AttackReplay {
		idp.mu.Lock()
		last := idp.last
		idp.mu.Unlock()
		if last != nil {
			out.XML = last
			out.SAMLResponse = base64.StdEncoding.EncodeToString(last)
			return out, nil
		}
	}
	xml, err := idp.build(ar, o)
	if err != nil {
		return nil, err
	}
	idp.mu.Lock()
	idp.last = xml
	idp.mu.Unlock()
	out.XML = xml
	out.SAMLResponse = base64.StdEncoding.EncodeToString(xml)
	return out, nil
}

func (idp *IdP) build(ar *AuthnRequest, o ResponseOptions) ([]byte, error) {
	now := idp.opts.Now().UTC()
	switch o.Attack {
	case AttackExpired:
		now = now.Add(-time.Hour)
	case AttackNotYetValid:
		now = now.Add(time.Hour)
	}
	ts := func(t time.Time) string { return t.Format("2006-01-02T15:04:05Z") }
	signKey := IdPSigning()
	if o.SignWithRollover {
		signKey = IdPRollover()
	}
	signOpts := &xmldsig.SignOptions{Method: o.SignatureMethod}
	if o.Attack == AttackSHA1 {
		signOpts = &xmldsig.SignOptions{Method: xmldsig.RSASHA1, Digest: xmldsig.SHA1, AllowSHA1: true}
	}
	if o.Attack == AttackAttackerKeyInfo {
		signKey = Attacker()
		signOpts.Certificates = []*x509.Certificate{signKey.Cert}
	}

	acs, audience, issuer, irt := ar.ACSURL, ar.Issuer, idp.EntityID, ar.ID
	switch o.Attack {
	case AttackWrongAudience:
		audience = "https://other-sp.example/saml"
	case AttackWrongIssuer:
		issuer = "https://evil-idp.example/saml"
	case AttackWrongInResponseTo:
		irt = "_never-sent-0000"
	}
	recipient := acs
	if o.Attack == AttackWrongRecipient {
		recipient = "https://other-sp.example/acs"
	}

	// The assertion.
	a := etree.NewElement("saml2:Assertion")
	a.CreateAttr("xmlns:saml2", nsA)
	a.CreateAttr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
	a.CreateAttr("xmlns:xs", "http://www.w3.org/2001/XMLSchema")
	a.CreateAttr("xmlns:akdb", servicekonto.NSAKDB)
	aID := newID()
	a.CreateAttr("ID", aID)
	a.CreateAttr("IssueInstant", ts(now))
	a.CreateAttr("Version", "2.0")
	a.CreateElement("saml2:Issuer").SetText(issuer)
	subj := a.CreateElement("saml2:Subject")
	nid := subj.CreateElement("saml2:NameID")
	nid.CreateAttr("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient")
	nid.SetText(newID())
	sc := subj.CreateElement("saml2:SubjectConfirmation")
	if o.Attack == AttackNoBearer {
		sc.CreateAttr("Method", "urn:oasis:names:tc:SAML:2.0:cm:holder-of-key")
	} else {
		sc.CreateAttr("Method", "urn:oasis:names:tc:SAML:2.0:cm:bearer")
	}
	scd := sc.CreateElement("saml2:SubjectConfirmationData")
	scIRT := irt
	if o.Attack == AttackInResponseToMismatch {
		scIRT = "_other-request-1111"
	}
	scd.CreateAttr("InResponseTo", scIRT)
	scd.CreateAttr("NotOnOrAfter", ts(now.Add(5*time.Minute)))
	scd.CreateAttr("Recipient", recipient)
	cond := a.CreateElement("saml2:Conditions")
	cond.CreateAttr("NotBefore", ts(now.Add(-time.Minute)))
	cond.CreateAttr("NotOnOrAfter", ts(now.Add(5*time.Minute)))
	cond.CreateElement("saml2:AudienceRestriction").CreateElement("saml2:Audience").SetText(audience)
	as := a.CreateElement("saml2:AuthnStatement")
	as.CreateAttr("AuthnInstant", ts(now))
	as.CreateAttr("SessionIndex", newID())
	as.CreateElement("saml2:AuthnContext").CreateElement("saml2:AuthnContextClassRef").SetText(levelOf(o.Level))
	attrs := o.Attributes
	if attrs == nil {
		attrs = DefaultAttributes()
	}
	st := a.CreateElement("saml2:AttributeStatement")
	var bpk2Value *etree.Element
	var surnameValue *etree.Element
	for _, at := range attrs {
		ae := st.CreateElement("saml2:Attribute")
		ae.CreateAttr("Name", at.Name)
		if at.FriendlyName != "" {
			ae.CreateAttr("FriendlyName", at.FriendlyName)
		}
		ae.CreateAttr("NameFormat", "urn:oasis:names:tc:SAML:2.0:attrname-format:uri")
		if at.TrustLevel != "" {
			ae.CreateAttr("akdb:TrustLevel", at.TrustLevel)
		}
		for _, v := range at.Values {
			ve := ae.CreateElement("saml2:AttributeValue")
			ve.CreateAttr("xsi:type", "xs:string")
			ve.SetText(v)
			switch strings.TrimSpace(at.Name) {
			case servicekonto.AttrBPK2:
				bpk2Value = ve
			case servicekonto.AttrSurname:
				surnameValue = ve
			}
		}
	}

	signAssertion := !o.EncryptThenSign && o.Attack != AttackUnsigned
	if signAssertion {
		sig, err := xmldsig.Sign(a, signKey.Key, signOpts)
		if err != nil {
			return nil, err
		}
		a.InsertChildAt(1, sig)
	}

	// Attacks on the signed assertion.
	var extra []*etree.Element // further direct children of the Response
	var extensions *etree.Element
	switch o.Attack {
	case AttackSignatureStripped:
		a.RemoveChild(a.SelectElement("Signature"))
	case AttackTamperedValue:
		if surnameValue != nil {
			surnameValue.SetText("Musterfrau")
		}
	case AttackCommentInjection:
		if bpk2Value != nil {
			v := bpk2Value.Text()
			bpk2Value.SetText(v[:5])
			bpk2Value.AddChild(etree.NewComment(""))
			bpk2Value.AddChild(etree.NewText(v[5:]))
		}
	case AttackCDATASplit:
		if bpk2Value != nil {
			v := bpk2Value.Text()
			bpk2Value.SetText(v[:5])
			bpk2Value.AddChild(etree.NewCData(v[5:10]))
			bpk2Value.AddChild(etree.NewText(v[10:]))
		}
	case AttackDuplicateID:
		dup := etree.NewElement("saml2:Advice")
		dup.CreateAttr("ID", aID)
		a.InsertChildAt(len(a.Child), dup)
	case AttackXSW3, AttackXSW4, AttackXSW5, AttackXSW6, AttackXSW7, AttackXSW8, AttackSecondAssertion:
		orig := a
		evil := orig.Copy()
		if s := evil.SelectElement("Signature"); s != nil {
			evil.RemoveChild(s)
		}
		setSurname(evil, "Angreifer")
		evil.SelectAttr("ID").Value = newID()
		switch o.Attack {
		case AttackSecondAssertion:
			extra = append(extra, evil) // original first, evil second
		case AttackXSW3:
			a, extra = evil, []*etree.Element{orig}
		case AttackXSW4:
			evil.AddChild(orig)
			a = evil
		case AttackXSW5, AttackXSW6, AttackXSW8:
			sig := orig.SelectElement("Signature").Copy()
			if o.Attack != AttackXSW8 {
				evil.SelectAttr("ID").Value = aID
			}
			evil.InsertChildAt(1, sig)
			switch o.Attack {
			case AttackXSW5:
				orig.RemoveChild(orig.SelectElement("Signature"))
				extra = []*etree.Element{orig}
			case AttackXSW6:
				sig.AddChild(orig)
			case AttackXSW8:
				obj := sig.CreateElement("ds:Object")
				orig.RemoveChild(orig.SelectElement("Signature"))
				obj.AddChild(orig)
			}
			a = evil
		case AttackXSW7:
			extensions = etree.NewElement("samlp:Extensions")
			extensions.AddChild(orig)
			a = evil
		}
	}

	// Encryption.
	var assertionChild *etree.Element = a
	if !o.Plain && o.Attack != AttackUnsigned && o.Attack != AttackSignatureStripped && o.Attack != AttackTamperedValue {
		d := etree.NewDocument()
		d.SetRoot(a)
		pt, err := d.WriteToBytes()
		if err != nil {
			return nil, err
		}
		ed, ek, err := xmlenc.Encrypt(pt, idp.opts.SPEncryptionCert, &xmlenc.EncryptOptions{
			KeyTransport: o.KeyTransport, Digest: o.OAEPDigest, MGF: o.MGF, Data: o.DataEncryption, KeyOutside: o.KeyOutside,
		})
		if err != nil {
			return nil, err
		}
		ea := etree.NewElement("saml2:EncryptedAssertion")
		ea.CreateAttr("xmlns:saml2", nsA)
		ea.AddChild(ed)
		if ek != nil {
			ea.AddChild(ek)
		}
		assertionChild = ea
	}

	// The response.
	r := etree.NewElement("saml2p:Response")
	r.CreateAttr("xmlns:saml2p", nsP)
	r.CreateAttr("xmlns:saml2", nsA)
	r.CreateAttr("ID", newID())
	dest := acs
	if o.Attack == AttackWrongDestination {
		dest = "https://other-sp.example/acs"
	}
	r.CreateAttr("Destination", dest)
	r.CreateAttr("InResponseTo", irt)
	r.CreateAttr("IssueInstant", ts(now))
	r.CreateAttr("Version", "2.0")
	r.CreateElement("saml2:Issuer").SetText(issuer)
	if extensions != nil {
		r.AddChild(extensions)
	}
	status := r.CreateElement("saml2p:Status")
	code := status.CreateElement("saml2p:StatusCode")
	if o.Attack == AttackResponderError {
		code.CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder")
	} else if o.Attack == AttackRequestDenied {
		code.CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:Requester")
		code.CreateElement("saml2p:StatusCode").CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:RequestDenied")
		status.CreateElement("saml2p:StatusMessage").SetText("Der Vorgang wurde abgebrochen.")
		status.CreateElement("saml2p:StatusDetail").SetText(`{"errorCode":"USER_CANCELLED","reason":"cancel"}`)
	} else {
		code.CreateAttr("Value", "urn:oasis:names:tc:SAML:2.0:status:Success")
		r.AddChild(assertionChild)
		for _, e := range extra {
			r.AddChild(e)
		}
	}
	if (o.SignResponse || o.EncryptThenSign || o.Attack == AttackXSW1 || o.Attack == AttackXSW2 || o.Attack == AttackTamperedResponse) && o.Attack != AttackUnsigned {
		sig, err := xmldsig.Sign(r, signKey.Key, signOpts)
		if err != nil {
			return nil, err
		}
		r.InsertChildAt(1, sig)
	}
	if o.Attack == AttackTamperedResponse {
		r.SelectAttr("IssueInstant").Value = ts(now.Add(time.Second))
	}
	switch o.Attack {
	case AttackXSW1, AttackXSW2:
		orig := r
		evil := etree.NewElement("saml2p:Response")
		for _, at := range orig.Attr {
			evil.CreateAttr(at.FullKey(), at.Value)
		}
		evil.SelectAttr("ID").Value = newID()
		evil.CreateElement("saml2:Issuer").SetText(issuer)
		sig := orig.SelectElement("Signature").Copy()
		if o.Attack == AttackXSW1 {
			sig.AddChild(orig)
			evil.AddChild(sig)
		} else {
			evil.AddChild(sig)
			evil.AddChild(orig)
		}
		orig.RemoveChild(orig.SelectElement("Signature"))
		evil.AddChild(status.Copy())
		e := a.Copy()
		setSurname(e, "Angreifer")
		evil.AddChild(e)
		r = evil
	}
	doc := etree.NewDocument()
	doc.SetRoot(r)
	out, err := doc.WriteToBytes()
	if err != nil {
		return nil, err
	}
	switch o.Attack {
	case AttackDoctype:
		out = append([]byte(`<?xml version="1.0"?>`+"\n"+`<!DOCTYPE saml2p:Response [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>`+"\n"), out...)
	case AttackBillionLaughs:
		var b strings.Builder
		b.WriteString(`<!DOCTYPE saml2p:Response [<!ENTITY lol "lol">`)
		prev := "lol"
		for i := 1; i <= 9; i++ {
			name := "lol" + string(rune('0'+i))
			b.WriteString(`<!ENTITY ` + name + ` "`)
			for j := 0; j < 10; j++ {
				b.WriteString("&" + prev + ";")
			}
			b.WriteString(`">`)
			prev = name
		}
		b.WriteString("]>\n")
		out = append([]byte(b.String()), out...)
	}
	return out, nil
}

func setSurname(a *etree.Element, v string) {
	for _, at := range a.FindElements(".//Attribute") {
		if at.SelectAttrValue("Name", "") == servicekonto.AttrSurname {
			for _, ve := range at.SelectElements("AttributeValue") {
				ve.SetText(v)
			}
		}
	}
}
