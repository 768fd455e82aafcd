package xmldsig

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"

	// Hash implementations registered for crypto.Hash.New.
	_ "crypto/sha1"
	_ "crypto/sha256"
	_ "crypto/sha512"
)

// Namespace is the XML Signature namespace.
const Namespace = "http://www.w3.org/2000/09/xmldsig#"

// Algorithm identifiers (XML Signature 1.1, RFC 6931).
const (
	// ExcC14N is exclusive XML canonicalization without comments.
	ExcC14N = "http://www.w3.org/2001/10/xml-exc-c14n#"
	// ExcC14NWithComments is exclusive XML canonicalization with comments.
	ExcC14NWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"
	// Enveloped is the enveloped-signature transform.
	Enveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"

	// RSASHA1 is RSA PKCS#1 v1.5 with SHA-1 (legacy, verification only).
	RSASHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
	// RSASHA256 is RSA PKCS#1 v1.5 with SHA-256.
	RSASHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
	// RSASHA384 is RSA PKCS#1 v1.5 with SHA-384.
	RSASHA384 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384"
	// RSASHA512 is RSA PKCS#1 v1.5 with SHA-512.
	RSASHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
	// RSAPSSSHA256 is RSASSA-PSS with SHA-256, MGF1-SHA-256, salt length 32.
	RSAPSSSHA256 = "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1"
	// RSAPSSSHA384 is RSASSA-PSS with SHA-384, MGF1-SHA-384, salt length 48.
	RSAPSSSHA384 = "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1"
	// RSAPSSSHA512 is RSASSA-PSS with SHA-512, MGF1-SHA-512, salt length 64.
	RSAPSSSHA512 = "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1"

	// SHA1 is the SHA-1 digest (legacy, verification only).
	SHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
	// SHA256 is the SHA-256 digest.
	SHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"
	// SHA384 is the SHA-384 digest.
	SHA384 = "http://www.w3.org/2001/04/xmldsig-more#sha384"
	// SHA512 is the SHA-512 digest.
	SHA512 = "http://www.w3.org/2001/04/xmlenc#sha512"
)

// The sentinel errors; every error of Verify wraps exactly one of them.
var (
	ErrNoSignature = errors.New("xmldsig: no signature")
	ErrMalformed   = errors.New("xmldsig: malformed signature")
	ErrAlgorithm   = errors.New("xmldsig: algorithm not allowed")
	ErrReference   = errors.New("xmldsig: reference does not cover the signed element")
	ErrDigest      = errors.New("xmldsig: digest mismatch")
	ErrSignature   = errors.New("xmldsig: signature value does not verify")
)

type sigMethod struct {
	hash   crypto.Hash
	pss    bool
	legacy bool
}

var sigMethods = map[string]sigMethod{
	RSASHA1:      {crypto.SHA1, false, true},
	RSASHA256:    {crypto.SHA256, false, false},
	RSASHA384:    {crypto.SHA384, false, false},
	RSASHA512:    {crypto.SHA512, false, false},
	RSAPSSSHA256: {crypto.SHA256, true, false},
	RSAPSSSHA384: {crypto.SHA384, true, false},
	RSAPSSSHA512: {crypto.SHA512, true, false},
}

var digestMethods = map[string]crypto.Hash{
	SHA1:   crypto.SHA1,
	SHA256: crypto.SHA256,
	SHA384: crypto.SHA384,
	SHA512: crypto.SHA512,
}

// SignData signs data with the signature method URI (not RSASHA1), as
// needed for the SAML HTTP-Redirect binding's query-string signature. PSS
// uses a salt as long as the hash. rnd may be nil (crypto/rand).
func SignData(key crypto.Signer, method string, rnd io.Reader, data []byte) ([]byte, error) {
	return signData(key, method, rnd, data, false)
}

// signData is SignData; allowSHA1 admits RSASHA1 (Sign with
// SignOptions.AllowSHA1).
func signData(key crypto.Signer, method string, rnd io.Reader, data []byte, allowSHA1 bool) ([]byte, error) {
	m, ok := sigMethods[method]
	if !ok || (m.legacy && !allowSHA1) {
		return nil, fmt.Errorf("%w: signature method %q", ErrAlgorithm, method)
	}
	if _, ok := key.Public().(*rsa.PublicKey); !ok {
		return nil, fmt.Errorf("%w: key is not RSA", ErrAlgorithm)
	}
	if rnd == nil {
		rnd = rand.Reader
	}
	h := m.hash.New()
	h.Write(data)
	var so crypto.SignerOpts = m.hash
	if m.pss {
		so = &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash, Hash: m.hash}
	}
	sig, err := key.Sign(rnd, h.Sum(nil), so)
	if err != nil {
		return nil, fmt.Errorf("xmldsig: signing: %w", err)
	}
	return sig, nil
}

// VerifyData checks sig over data with the signature method URI against
// the given certificates only and returns the one that verified. RSASHA1
// needs allowSHA1. PSS requires the salt length to equal the hash length.
func VerifyData(certs []*x509.Certificate, method string, allowSHA1 bool, data, sig []byte) (*x509.Certificate, error) {
	m, ok := sigMethods[method]
	if !ok || (m.legacy && !allowSHA1) {
		return nil, fmt.Errorf("%w: signature method %q", ErrAlgorithm, method)
	}
	h := m.hash.New()
	h.Write(data)
	sum := h.Sum(nil)
	for _, c := range certs {
		pub, ok := c.PublicKey.(*rsa.PublicKey)
		if !ok {
			continue
		}
		var err error
		if m.pss {
			err = rsa.VerifyPSS(pub, m.hash, sum, sig, &rsa.PSSOptions{SaltLength: m.hash.Size(), Hash: m.hash})
		} else {
			err = rsa.VerifyPKCS1v15(pub, m.hash, sum, sig)
		}
		if err == nil {
			return c, nil
		}
	}
	return nil, ErrSignature
}

// SignOptions configures Sign. A nil *SignOptions means RSA-SHA256 with a
// SHA-256 digest, the "ID" attribute and crypto/rand.
type SignOptions struct {
	// Method is the SignatureMethod URI; default RSASHA256. RSASHA1 is
	// refused unless AllowSHA1 is set.
	Method string
	// Digest is the DigestMethod URI; default SHA256. SHA1 is refused
	// unless AllowSHA1 is set.
	Digest string
	// IDAttribute names the attribute holding the element's ID; default "ID".
	// If the element has no such attribute the Reference URI is "" (whole
	// document), which is only meaningful for the document element.
	IDAttribute string
	// Certificates are written into KeyInfo/X509Data (first = signer). Optional.
	Certificates []*x509.Certificate
	// Rand is the randomness for RSASSA-PSS; default crypto/rand.Reader.
	Rand io.Reader
	// Prefix is the namespace prefix of the signature elements; default "ds".
	Prefix string
	// AllowSHA1 permits RSASHA1 and the SHA-1 digest. It exists only so
	// that test peers can produce what a legacy IdP sends, to show that a
	// verifier refuses it; production signers must not set it.
	AllowSHA1 bool
}

func (o *SignOptions) withDefaults() SignOptions {
	var r SignOptions
	if o != nil {
		r = *o
	}
	if r.Method == "" {
		r.Method = RSASHA256
	}
	if r.Digest == "" {
		r.Digest = SHA256
	}
	if r.IDAttribute == "" {
		r.IDAttribute = "ID"
	}
	if r.Rand == nil {
		r.Rand = rand.Reader
	}
	if r.Prefix == "" {
		r.Prefix = "ds"
	}
	return r
}

// Sign computes an enveloped signature over el and returns the ds:Signature
// element without inserting it; the caller inserts it where its schema wants
// it (as a direct child of el). key must hold an RSA private key.
func Sign(el *etree.Element, key crypto.Signer, opts *SignOptions) (*etree.Element, error) {
	o := opts.withDefaults()
	m, ok := sigMethods[o.Method]
	if !ok || (m.legacy && !o.AllowSHA1) {
		return nil, fmt.Errorf("%w: signature method %q", ErrAlgorithm, o.Method)
	}
	dh, ok := digestMethods[o.Digest]
	if !ok || (dh == crypto.SHA1 && !o.AllowSHA1) {
		return nil, fmt.Errorf("%w: digest method %q", ErrAlgorithm, o.Digest)
	}
	if _, ok := key.Public().(*rsa.PublicKey); !ok {
		return nil, fmt.Errorf("%w: key is not RSA", ErrAlgorithm)
	}
	uri := ""
	if id := el.SelectAttrValue(o.IDAttribute, ""); id != "" {
		uri = "#" + id
	}
	canon, err := canonicalElement(el, nil, false, "")
	if err != nil {
		return nil, err
	}
	h := dh.New()
	h.Write(canon)
	digest := h.Sum(nil)

	p := o.Prefix + ":"
	sig := etree.NewElement(p + "Signature")
	sig.CreateAttr("xmlns:"+o.Prefix, Namespace)
	si := sig.CreateElement(p + "SignedInfo")
	si.CreateElement(p+"CanonicalizationMethod").CreateAttr("Algorithm", ExcC14N)
	si.CreateElement(p+"SignatureMethod").CreateAttr("Algorithm", o.Method)
	ref := si.CreateElement(p + "Reference")
	ref.CreateAttr("URI", uri)
	tr := ref.CreateElement(p + "Transforms")
	tr.CreateElement(p+"Transform").CreateAttr("Algorithm", Enveloped)
	tr.CreateElement(p+"Transform").CreateAttr("Algorithm", ExcC14N)
	ref.CreateElement(p+"DigestMethod").CreateAttr("Algorithm", o.Digest)
	ref.CreateElement(p + "DigestValue").SetText(base64.StdEncoding.EncodeToString(digest))

	sctx, err := etreeutils.NewDefaultNSContext().SubContext(sig)
	if err != nil {
		return nil, err
	}
	csi, err := canonicalize(sctx, si, "", false)
	if err != nil {
		return nil, err
	}
	value, err := signData(key, o.Method, o.Rand, csi, o.AllowSHA1)
	if err != nil {
		return nil, err
	}
	sig.CreateElement(p + "SignatureValue").SetText(base64.StdEncoding.EncodeToString(value))
	if len(o.Certificates) > 0 {
		xd := sig.CreateElement(p + "KeyInfo").CreateElement(p + "X509Data")
		for _, c := range o.Certificates {
			xd.CreateElement(p + "X509Certificate").SetText(base64.StdEncoding.EncodeToString(c.Raw))
		}
	}
	return sig, nil
}

// SignEnveloped signs el and appends the signature as its last child.
func SignEnveloped(el *etree.Element, key crypto.Signer, opts *SignOptions) error {
	sig, err := Sign(el, key, opts)
	if err != nil {
		return err
	}
	el.AddChild(sig)
	return nil
}

// VerifyOptions configures Verify.
type VerifyOptions struct {
	// Certificates are the only keys a signature is checked against
	// (several for key rollover). Required.
	Certificates []*x509.Certificate
	// IDAttribute names the ID attribute of the signed element; default "ID".
	IDAttribute string
	// AllowDocumentURI accepts Reference URI="" when the verified element is
	// the document element (the usual form for XÖV messages, whose root
	// elements have no ID attribute).
	AllowDocumentURI bool
	// AllowSHA1 accepts RSA-SHA1 and the SHA-1 digest (legacy peers only).
	AllowSHA1 bool
}

// Verified is the outcome of a successful Verify.
type Verified struct {
	// Canonical is the exclusive canonical form of the verified element
	// without its signature: exactly the bytes the digest covers.
	Canonical []byte
	// Element is a new element parsed from Canonical. Read from it, not
	// from the input tree.
	Element *etree.Element
	// Certificate is the caller-given certificate whose key verified.
	Certificate *x509.Certificate
	// Method is the SignatureMethod URI.
	Method string
}

// Verify checks the enveloped signature that is a direct child of el and
// returns what it covers. See the package documentation for the rules.
func Verify(el *etree.Element, opts VerifyOptions) (*Verified, error) {
	if len(opts.Certificates) == 0 {
		return nil, fmt.Errorf("%w: no certificates given", ErrSignature)
	}
	idAttr := opts.IDAttribute
	if idAttr == "" {
		idAttr = "ID"
	}
	ctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	ctx, err = ctx.SubContext(el)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	var sig *etree.Element
	var sigCtx etreeutils.NSContext
	for _, c := range el.ChildElements() {
		cc, err := ctx.SubContext(c)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
		}
		if c.Tag != "Signature" || nsOf(cc, c) != Namespace {
			continue
		}
		if sig != nil {
			return nil, fmt.Errorf("%w: more than one signature on the element", ErrMalformed)
		}
		sig, sigCtx = c, cc
	}
	if sig == nil {
		return nil, ErrNoSignature
	}
	parts, err := dsChildren(sigCtx, sig)
	if err != nil {
		return nil, err
	}
	if len(parts) < 2 || parts[0].Tag != "SignedInfo" || parts[1].Tag != "SignatureValue" {
		return nil, fmt.Errorf("%w: Signature must start with SignedInfo, SignatureValue", ErrMalformed)
	}
	for _, p := range parts[2:] {
		if p.Tag != "KeyInfo" && p.Tag != "Object" {
			return nil, fmt.Errorf("%w: unexpected ds:%s", ErrMalformed, p.Tag)
		}
	}
	si := parts[0]
	siCtx, _ := sigCtx.SubContext(si)
	sic, err := dsChildren(siCtx, si)
	if err != nil {
		return nil, err
	}
	if len(sic) != 3 || sic[0].Tag != "CanonicalizationMethod" || sic[1].Tag != "SignatureMethod" || sic[2].Tag != "Reference" {
		return nil, fmt.Errorf("%w: SignedInfo must hold CanonicalizationMethod, SignatureMethod and exactly one Reference", ErrMalformed)
	}
	c14n := sic[0].SelectAttrValue("Algorithm", "")
	if c14n != ExcC14N && c14n != ExcC14NWithComments {
		return nil, fmt.Errorf("%w: canonicalization %q", ErrAlgorithm, c14n)
	}
	method := sic[1].SelectAttrValue("Algorithm", "")
	m, ok := sigMethods[method]
	if !ok || (m.legacy && !opts.AllowSHA1) {
		return nil, fmt.Errorf("%w: signature method %q", ErrAlgorithm, method)
	}
	if len(sic[1].ChildElements()) != 0 {
		return nil, fmt.Errorf("%w: parameters on SignatureMethod", ErrAlgorithm)
	}

	// Reference: must point at el itself.
	ref := sic[2]
	uriAttr := ref.SelectAttr("URI")
	if uriAttr == nil {
		return nil, fmt.Errorf("%w: Reference without URI", ErrReference)
	}
	if uriAttr.Value == "" {
		if !opts.AllowDocumentURI || !isDocumentElement(el) {
			return nil, fmt.Errorf("%w: URI=\"\" is only allowed for the document element", ErrReference)
		}
	} else {
		id := el.SelectAttrValue(idAttr, "")
		if id == "" || uriAttr.Value != "#"+id {
			return nil, fmt.Errorf("%w: URI %q is not the element's own ID", ErrReference, uriAttr.Value)
		}
		if n := countID(rootOf(el), idAttr, id); n != 1 {
			return nil, fmt.Errorf("%w: ID %q occurs %d times in the document", ErrReference, id, n)
		}
	}
	refCtx, _ := siCtx.SubContext(ref)
	rc, err := dsChildren(refCtx, ref)
	if err != nil {
		return nil, err
	}
	i := 0
	enveloped := false
	var prefixList string
	refComments := false
	if i < len(rc) && rc[i].Tag == "Transforms" {
		trCtx, _ := refCtx.SubContext(rc[i])
		trs, err := dsChildren(trCtx, rc[i])
		if err != nil {
			return nil, err
		}
		if len(trs) > 2 {
			return nil, fmt.Errorf("%w: more than two transforms", ErrAlgorithm)
		}
		for _, t := range trs {
			if t.Tag != "Transform" {
				return nil, fmt.Errorf("%w: unexpected ds:%s in Transforms", ErrMalformed, t.Tag)
			}
			switch a := t.SelectAttrValue("Algorithm", ""); a {
			case Enveloped:
				enveloped = true
			case ExcC14N, ExcC14NWithComments:
				refComments = a == ExcC14NWithComments
				for _, in := range t.ChildElements() {
					if in.Tag == "InclusiveNamespaces" {
						prefixList = in.SelectAttrValue("PrefixList", "")
					}
				}
			default:
				return nil, fmt.Errorf("%w: transform %q", ErrAlgorithm, a)
			}
		}
		i++
	}
	if !enveloped {
		return nil, fmt.Errorf("%w: the enveloped-signature transform is missing", ErrReference)
	}
	if len(rc) != i+2 || rc[i].Tag != "DigestMethod" || rc[i+1].Tag != "DigestValue" {
		return nil, fmt.Errorf("%w: Reference must hold DigestMethod and DigestValue", ErrMalformed)
	}
	dm := rc[i].SelectAttrValue("Algorithm", "")
	dh, ok := digestMethods[dm]
	if !ok || (dh == crypto.SHA1 && !opts.AllowSHA1) {
		return nil, fmt.Errorf("%w: digest method %q", ErrAlgorithm, dm)
	}
	wantDigest, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(rc[i+1].Text()), ""))
	if err != nil {
		return nil, fmt.Errorf("%w: DigestValue is not base64", ErrMalformed)
	}
	sigValue, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(parts[1].Text()), ""))
	if err != nil {
		return nil, fmt.Errorf("%w: SignatureValue is not base64", ErrMalformed)
	}

	// 1. SignedInfo over the caller-given keys.
	var siPrefixes string
	for _, in := range sic[0].ChildElements() {
		if in.Tag == "InclusiveNamespaces" {
			siPrefixes = in.SelectAttrValue("PrefixList", "")
		}
	}
	csi, err := canonicalize(siCtx, si, siPrefixes, c14n == ExcC14NWithComments)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	signer, err := VerifyData(opts.Certificates, method, opts.AllowSHA1, csi, sigValue)
	if err != nil {
		return nil, err
	}

	// 2. The digest over el without its signature.
	canon, err := canonicalElement(el, sig, refComments, prefixList)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	hd := dh.New()
	hd.Write(canon)
	if subtle.ConstantTimeCompare(hd.Sum(nil), wantDigest) != 1 {
		return nil, ErrDigest
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(canon); err != nil || doc.Root() == nil {
		return nil, fmt.Errorf("%w: canonical form does not parse", ErrMalformed)
	}
	// With #WithComments the canonical bytes keep comments; the element
	// handed out has none, so no text value is cut at a comment.
	stripComments(doc.Root())
	return &Verified{Canonical: canon, Element: doc.Root(), Certificate: signer, Method: method}, nil
}

// Canonicalize returns the exclusive canonical form (without comments) of
// el in the context of its ancestors' namespace declarations.
func Canonicalize(el *etree.Element) ([]byte, error) {
	return canonicalElement(el, nil, false, "")
}

// canonicalElement canonicalizes a detached copy of el with the child skip
// (the signature) removed; el itself is not modified.
func canonicalElement(el, skip *etree.Element, comments bool, prefixList string) ([]byte, error) {
	ctx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, err
	}
	d, err := etreeutils.NSDetatch(ctx, el)
	if err != nil {
		return nil, err
	}
	if skip != nil {
		d.RemoveChildAt(skip.Index())
	}
	return canonicalDetached(d, prefixList, comments)
}

func canonicalize(ctx etreeutils.NSContext, el *etree.Element, prefixList string, comments bool) ([]byte, error) {
	d, err := etreeutils.NSDetatch(ctx, el)
	if err != nil {
		return nil, err
	}
	return canonicalDetached(d, prefixList, comments)
}

func canonicalDetached(d *etree.Element, prefixList string, comments bool) ([]byte, error) {
	var c dsig.Canonicalizer
	if comments {
		c = dsig.MakeC14N10ExclusiveWithCommentsCanonicalizerWithPrefixList(prefixList)
	} else {
		c = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList(prefixList)
		stripComments(d)
	}
	return c.Canonicalize(d)
}

func stripComments(el *etree.Element) {
	for i := 0; i < len(el.Child); {
		switch t := el.Child[i].(type) {
		case *etree.Comment:
			el.RemoveChildAt(i)
			continue
		case *etree.Element:
			stripComments(t)
		}
		i++
	}
	mergeText(el)
}

// mergeText joins adjacent character data tokens (left behind where a
// comment was removed) so the canonical text is whole.
func mergeText(el *etree.Element) {
	for i := 0; i+1 < len(el.Child); {
		a, ok1 := el.Child[i].(*etree.CharData)
		b, ok2 := el.Child[i+1].(*etree.CharData)
		if ok1 && ok2 {
			a.Data += b.Data
			el.RemoveChildAt(i + 1)
			continue
		}
		i++
	}
}

func nsOf(ctx etreeutils.NSContext, el *etree.Element) string {
	ns, err := ctx.LookupPrefix(el.Space)
	if err != nil {
		return ""
	}
	return ns
}

// dsChildren returns the element children of el, requiring each to be in
// the signature namespace and refusing any non-whitespace text.
func dsChildren(ctx etreeutils.NSContext, el *etree.Element) ([]*etree.Element, error) {
	var out []*etree.Element
	for _, t := range el.Child {
		switch c := t.(type) {
		case *etree.Element:
			cc, err := ctx.SubContext(c)
			if err != nil {
				return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
			}
			if nsOf(cc, c) != Namespace {
				return nil, fmt.Errorf("%w: foreign element %q in ds:%s", ErrMalformed, c.Tag, el.Tag)
			}
			out = append(out, c)
		case *etree.CharData:
			if strings.TrimSpace(c.Data) != "" {
				return nil, fmt.Errorf("%w: text in ds:%s", ErrMalformed, el.Tag)
			}
		}
	}
	return out, nil
}

func isDocumentElement(el *etree.Element) bool {
	p := el.Parent()
	return p != nil && p.Parent() == nil && p.Tag == "" && p.Space == ""
}

func rootOf(el *etree.Element) *etree.Element {
	for el.Parent() != nil {
		el = el.Parent()
	}
	return el
}

func countID(el *etree.Element, attr, id string) int {
	n := 0
	for _, a := range el.Attr {
		if a.Space == "" && a.Key == attr && a.Value == id {
			n++
		}
	}
	for _, c := range el.ChildElements() {
		n += countID(c, attr, id)
	}
	return n
}
