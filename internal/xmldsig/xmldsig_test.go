package xmldsig

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"math/big"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/russellhaering/goxmldsig/etreeutils"

	"github.com/ozg-baukasten/baukasten/internal/xmldsig/xmldsigtest"
)

type keyPair struct {
	key  *rsa.PrivateKey
	cert *x509.Certificate
}

var (
	keysOnce sync.Once
	keys     [2]keyPair
)

// testKeys returns two RSA-2048 key pairs with self-signed certificates,
// generated once per test binary.
func testKeys(t testing.TB) (signer, attacker keyPair) {
	t.Helper()
	keysOnce.Do(func() {
		for i := range keys {
			k, err := rsa.GenerateKey(rand.Reader, 2048)
			if err != nil {
				panic(err)
			}
			tmpl := &x509.Certificate{
				SerialNumber: big.NewInt(int64(i + 1)),
				Subject:      pkix.Name{CommonName: "xmldsig test " + string(rune('A'+i))},
				NotBefore:    time.Now().Add(-time.Hour),
				NotAfter:     time.Now().Add(24 * time.Hour),
				KeyUsage:     x509.KeyUsageDigitalSignature,
			}
			der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
			if err != nil {
				panic(err)
			}
			c, _ := x509.ParseCertificate(der)
			keys[i] = keyPair{k, c}
		}
	})
	return keys[0], keys[1]
}

const samlDoc = `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0">
  <saml:Issuer>https://idp.example</saml:Issuer>
  <saml:Assertion ID="_a1" Version="2.0">
    <saml:Issuer>https://idp.example</saml:Issuer>
    <saml:Subject><saml:NameID>alice &amp; bob</saml:NameID></saml:Subject>
  </saml:Assertion>
</samlp:Response>`

const xoevDoc = `<xwas:vorgang.transportieren.2010 xmlns:xwas="https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0" produkt="p" standard="XWasser" version="1.0.0">
  <nachrichtenkopf.g2g>
    <identifikation.nachricht><nachrichtenUUID>693c64d6-456f-4d14-abe7-fe9681c74aae</nachrichtenUUID></identifikation.nachricht>
  </nachrichtenkopf.g2g>
  <xwas:vorgang><xwas:bemerkung>Größe &lt; 5</xwas:bemerkung></xwas:vorgang>
</xwas:vorgang.transportieren.2010>`

func parse(t testing.TB, s string) *etree.Document {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromString(s); err != nil {
		t.Fatal(err)
	}
	return d
}

func assertion(d *etree.Document) *etree.Element {
	return d.Root().SelectElement("saml:Assertion")
}

func docBytes(t testing.TB, d *etree.Document) []byte {
	t.Helper()
	b, err := d.WriteToBytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var methods = []string{RSASHA256, RSASHA384, RSASHA512, RSAPSSSHA256, RSAPSSSHA384, RSAPSSSHA512}

func TestSignVerifyRoundTrip(t *testing.T) {
	kp, _ := testKeys(t)
	for _, m := range methods {
		for _, form := range []string{"id", "document"} {
			t.Run(m[strings.LastIndex(m, "#")+1:]+"/"+form, func(t *testing.T) {
				var d *etree.Document
				var el *etree.Element
				if form == "id" {
					d = parse(t, samlDoc)
					el = assertion(d)
				} else {
					d = parse(t, xoevDoc)
					el = d.Root()
				}
				before, _ := Canonicalize(el)
				if err := SignEnveloped(el, kp.key, &SignOptions{Method: m, Certificates: []*x509.Certificate{kp.cert}}); err != nil {
					t.Fatal(err)
				}
				// Re-parse from bytes, as a receiver would.
				d2 := parse(t, string(docBytes(t, d)))
				el2 := d2.Root()
				if form == "id" {
					el2 = assertion(d2)
				}
				v, err := Verify(el2, VerifyOptions{Certificates: []*x509.Certificate{kp.cert}, AllowDocumentURI: form == "document"})
				if err != nil {
					t.Fatalf("Verify: %v", err)
				}
				if !bytes.Equal(v.Canonical, before) {
					t.Errorf("canonical bytes differ:\ngot  %s\nwant %s", v.Canonical, before)
				}
				if v.Method != m || v.Certificate != kp.cert {
					t.Errorf("got method %s cert %v", v.Method, v.Certificate.Subject)
				}
				if v.Element.SelectElement("ds:Signature") != nil || v.Element.SelectElement("Signature") != nil {
					t.Error("verified element still holds the signature")
				}
			})
		}
	}
}

func signedSAML(t *testing.T, kp keyPair, m string) *etree.Document {
	t.Helper()
	d := parse(t, samlDoc)
	if err := SignEnveloped(assertion(d), kp.key, &SignOptions{Method: m, Certificates: []*x509.Certificate{kp.cert}}); err != nil {
		t.Fatal(err)
	}
	return parse(t, string(docBytes(t, d)))
}

func TestVerifyRejects(t *testing.T) {
	kp, attacker := testKeys(t)
	trusted := VerifyOptions{Certificates: []*x509.Certificate{kp.cert}}
	tests := []struct {
		name   string
		mutate func(t *testing.T) (*etree.Element, VerifyOptions)
		want   error
	}{
		{"unsigned", func(t *testing.T) (*etree.Element, VerifyOptions) {
			return assertion(parse(t, samlDoc)), trusted
		}, ErrNoSignature},
		{"tampered value", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSASHA256)
			assertion(d).FindElement(".//saml:NameID").SetText("mallory")
			return assertion(d), trusted
		}, ErrDigest},
		{"attacker key in KeyInfo", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, attacker, RSASHA256)
			return assertion(d), trusted
		}, ErrSignature},
		{"signature value altered", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSAPSSSHA256)
			sv := assertion(d).FindElement(".//ds:SignatureValue")
			b, _ := base64.StdEncoding.DecodeString(sv.Text())
			b[10] ^= 1
			sv.SetText(base64.StdEncoding.EncodeToString(b))
			return assertion(d), trusted
		}, ErrSignature},
		{"signed info altered", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSASHA256)
			assertion(d).FindElement(".//ds:DigestValue").SetText(base64.StdEncoding.EncodeToString(make([]byte, 32)))
			return assertion(d), trusted
		}, ErrSignature},
		{"signature moved to response (wrapping)", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSASHA256)
			// The response carries the assertion's signature: its reference
			// points at another element.
			sig := assertion(d).SelectElement("ds:Signature")
			assertion(d).RemoveChild(sig)
			d.Root().AddChild(sig)
			return d.Root(), trusted
		}, ErrReference},
		{"duplicate ID", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSASHA256)
			evil := assertion(d).Copy()
			evil.RemoveChild(evil.SelectElement("ds:Signature"))
			d.Root().InsertChildAt(0, evil)
			return d.Root().SelectElements("saml:Assertion")[1], trusted
		}, ErrReference},
		{"document URI not allowed", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := parse(t, xoevDoc)
			if err := SignEnveloped(d.Root(), kp.key, nil); err != nil {
				t.Fatal(err)
			}
			return d.Root(), trusted
		}, ErrReference},
		{"document URI on inner element", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := parse(t, samlDoc)
			a := assertion(d)
			a.RemoveAttr("ID")
			if err := SignEnveloped(a, kp.key, nil); err != nil {
				t.Fatal(err)
			}
			return a, VerifyOptions{Certificates: trusted.Certificates, AllowDocumentURI: true}
		}, ErrReference},
		{"sha1 refused", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSASHA256)
			assertion(d).FindElement(".//ds:SignatureMethod").CreateAttr("Algorithm", RSASHA1)
			return assertion(d), trusted
		}, ErrAlgorithm},
		{"foreign transform", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSASHA256)
			assertion(d).FindElement(".//ds:Transform").CreateAttr("Algorithm", "http://www.w3.org/TR/1999/REC-xpath-19991116")
			return assertion(d), trusted
		}, ErrAlgorithm},
		{"two signatures", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSASHA256)
			a := assertion(d)
			a.AddChild(a.SelectElement("ds:Signature").Copy())
			return a, trusted
		}, ErrMalformed},
		{"two references", func(t *testing.T) (*etree.Element, VerifyOptions) {
			d := signedSAML(t, kp, RSASHA256)
			si := assertion(d).FindElement(".//ds:SignedInfo")
			si.AddChild(si.SelectElement("ds:Reference").Copy())
			return assertion(d), trusted
		}, ErrMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			el, opts := tt.mutate(t)
			v, err := Verify(el, opts)
			if !errors.Is(err, tt.want) {
				t.Fatalf("got %v (verified=%v), want %v", err, v != nil, tt.want)
			}
		})
	}
}

func TestCommentInjectionReadsWholeText(t *testing.T) {
	kp, _ := testKeys(t)
	d := signedSAML(t, kp, RSASHA256)
	// Insert a comment into the NameID text: exc-c14n without comments
	// ignores it, so the signature still verifies, and the verified element
	// must show the whole value.
	raw := strings.Replace(string(docBytes(t, d)), "alice &amp; bob", "alice <!-- x -->&amp; bob", 1)
	d2 := parse(t, raw)
	v, err := Verify(assertion(d2), VerifyOptions{Certificates: []*x509.Certificate{kp.cert}})
	if err != nil {
		t.Fatal(err)
	}
	got := v.Element.FindElement(".//saml:NameID").Text()
	if got != "alice & bob" {
		t.Fatalf("got NameID %q, want %q", got, "alice & bob")
	}
}

func TestSignRefusesLegacy(t *testing.T) {
	kp, _ := testKeys(t)
	for _, o := range []SignOptions{{Method: RSASHA1}, {Digest: SHA1}, {Method: "bogus"}} {
		_, err := Sign(parse(t, xoevDoc).Root(), kp.key, &o)
		if !errors.Is(err, ErrAlgorithm) {
			t.Errorf("%+v: got %v, want ErrAlgorithm", o, err)
		}
	}
}

// TestXmlsecVerifiesOurs checks signatures made here with xmlsec1 (PSS
// through xmlsec1's canonical SignedInfo and openssl, see xmldsigtest).
func TestXmlsecVerifiesOurs(t *testing.T) {
	xmldsigtest.NeedTool(t, "xmlsec1", "openssl")
	kp, attacker := testKeys(t)
	for _, m := range methods {
		for _, form := range []string{"id", "document"} {
			t.Run(m[strings.LastIndex(m, "#")+1:]+"/"+form, func(t *testing.T) {
				var d *etree.Document
				var opts *xmldsigtest.Options
				if form == "id" {
					d = parse(t, samlDoc)
					if err := SignEnveloped(assertion(d), kp.key, &SignOptions{Method: m, Certificates: []*x509.Certificate{kp.cert}}); err != nil {
						t.Fatal(err)
					}
					opts = &xmldsigtest.Options{IDAttrs: []string{"urn:oasis:names:tc:SAML:2.0:assertion:Assertion"}}
				} else {
					d = parse(t, xoevDoc)
					if err := SignEnveloped(d.Root(), kp.key, &SignOptions{Method: m}); err != nil {
						t.Fatal(err)
					}
				}
				doc := docBytes(t, d)
				if err := xmldsigtest.Verify(t, doc, kp.cert, opts); err != nil {
					t.Fatalf("xmlsec1 rejects our signature: %v\n%s", err, doc)
				}
				if err := xmldsigtest.Verify(t, doc, attacker.cert, opts); err == nil {
					t.Fatal("xmlsec1 accepted the signature with the wrong certificate")
				}
				tampered := bytes.Replace(doc, []byte("&lt; 5"), []byte("&lt; 6"), 1)
				tampered = bytes.Replace(tampered, []byte("alice &amp; bob"), []byte("mallory"), 1)
				if err := xmldsigtest.Verify(t, tampered, kp.cert, opts); err == nil {
					t.Fatal("xmlsec1 accepted a tampered document")
				}
			})
		}
	}
}

const xmlsecTemplate = `<?xml version="1.0" encoding="UTF-8"?>
<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0">
  <saml:Issuer>https://idp.example</saml:Issuer>
  <saml:Assertion ID="_a1" Version="2.0">
    <saml:Issuer>https://idp.example</saml:Issuer>
    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
      <ds:SignedInfo>
        <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        <ds:SignatureMethod Algorithm="METHOD"/>
        <ds:Reference URI="#_a1">
          <ds:Transforms>
            <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
            <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
          </ds:Transforms>
          <ds:DigestMethod Algorithm="DIGEST"/>
          <ds:DigestValue/>
        </ds:Reference>
      </ds:SignedInfo>
      <ds:SignatureValue/>
      <ds:KeyInfo><ds:X509Data/></ds:KeyInfo>
    </ds:Signature>
    <saml:Subject><saml:NameID>alice &amp; bob</saml:NameID></saml:Subject>
  </saml:Assertion>
</samlp:Response>
`

// TestWeVerifyXmlsec verifies documents signed by xmlsec1 --sign.
func TestWeVerifyXmlsec(t *testing.T) {
	xmldsigtest.NeedTool(t, "xmlsec1")
	kp, attacker := testKeys(t)
	tests := []struct {
		method, digest string
		opts           VerifyOptions
		want           error
	}{
		{RSASHA256, SHA256, VerifyOptions{}, nil},
		{RSASHA384, SHA384, VerifyOptions{}, nil},
		{RSASHA512, SHA512, VerifyOptions{}, nil},
		{RSASHA1, SHA1, VerifyOptions{}, ErrAlgorithm},
		{RSASHA1, SHA1, VerifyOptions{AllowSHA1: true}, nil},
		{RSASHA256, SHA1, VerifyOptions{}, ErrAlgorithm},
	}
	for _, tt := range tests {
		t.Run(tt.method[strings.LastIndex(tt.method, "#")+1:]+"/"+tt.digest[strings.LastIndex(tt.digest, "#")+1:], func(t *testing.T) {
			tmpl := strings.NewReplacer("METHOD", tt.method, "DIGEST", tt.digest).Replace(xmlsecTemplate)
			signed := xmldsigtest.Sign(t, []byte(tmpl), kp.key, kp.cert, &xmldsigtest.Options{IDAttrs: []string{"urn:oasis:names:tc:SAML:2.0:assertion:Assertion"}})
			d := parse(t, string(signed))
			opts := tt.opts
			opts.Certificates = []*x509.Certificate{attacker.cert, kp.cert}
			v, err := Verify(assertion(d), opts)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("got %v, want %v", err, tt.want)
			}
			if err == nil && v.Certificate != kp.cert {
				t.Error("wrong certificate reported")
			}
			if err == nil {
				// Tampering after xmlsec1 signed must be caught.
				d2 := parse(t, strings.Replace(string(signed), "alice &amp; bob", "mallory", 1))
				if _, err := Verify(assertion(d2), opts); !errors.Is(err, ErrDigest) {
					t.Errorf("tampered: got %v, want ErrDigest", err)
				}
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	kp, _ := testKeys(f)
	d := parse(f, samlDoc)
	if err := SignEnveloped(assertion(d), kp.key, &SignOptions{Method: RSAPSSSHA256}); err != nil {
		f.Fatal(err)
	}
	f.Add(docBytes(f, d))
	d = parse(f, xoevDoc)
	if err := SignEnveloped(d.Root(), kp.key, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(docBytes(f, d))
	f.Add([]byte(strings.Replace(xmlsecTemplate, "METHOD", RSASHA256, 1)))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(data); err != nil || doc.Root() == nil {
			return
		}
		for _, el := range append([]*etree.Element{doc.Root()}, doc.Root().ChildElements()...) {
			v, err := Verify(el, VerifyOptions{Certificates: []*x509.Certificate{kp.cert}, AllowDocumentURI: true})
			if err == nil {
				if v.Element == nil || len(v.Canonical) == 0 {
					t.Fatal("success without content")
				}
				continue
			}
			known := false
			for _, s := range []error{ErrNoSignature, ErrMalformed, ErrAlgorithm, ErrReference, ErrDigest, ErrSignature} {
				known = known || errors.Is(err, s)
			}
			if !known {
				t.Fatalf("unclassified error: %v", err)
			}
		}
	})
}

func TestSignVerifyData(t *testing.T) {
	kp, attacker := testKeys(t)
	data := []byte("SAMLRequest=abc&RelayState=xyz&SigAlg=" + RSAPSSSHA256)
	for _, m := range methods {
		sig, err := SignData(kp.key, m, nil, data)
		if err != nil {
			t.Fatal(err)
		}
		c, err := VerifyData([]*x509.Certificate{attacker.cert, kp.cert}, m, false, data, sig)
		if err != nil || c != kp.cert {
			t.Errorf("%s: %v", m, err)
		}
		if _, err := VerifyData([]*x509.Certificate{kp.cert}, m, false, append(data, '!'), sig); !errors.Is(err, ErrSignature) {
			t.Errorf("%s tampered: %v", m, err)
		}
	}
	// PSS with a salt length other than the hash length is refused.
	h := sha256Sum(data)
	short, err := rsa.SignPSS(rand.Reader, kp.key, crypto.SHA256, h, &rsa.PSSOptions{SaltLength: 20})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyData([]*x509.Certificate{kp.cert}, RSAPSSSHA256, false, data, short); !errors.Is(err, ErrSignature) {
		t.Errorf("salt 20 accepted: %v", err)
	}
	if _, err := SignData(kp.key, RSASHA1, nil, data); !errors.Is(err, ErrAlgorithm) {
		t.Errorf("sha1 signing: %v", err)
	}
	if _, err := VerifyData([]*x509.Certificate{kp.cert}, RSASHA1, false, data, short); !errors.Is(err, ErrAlgorithm) {
		t.Errorf("sha1 verify without legacy option: %v", err)
	}
}

func sha256Sum(b []byte) []byte {
	h := crypto.SHA256.New()
	h.Write(b)
	return h.Sum(nil)
}

// TestWithCommentsElementHasWholeText: with #WithComments the comment is
// signed, and the verified element still yields the whole text.
func TestWithCommentsElementHasWholeText(t *testing.T) {
	kp, _ := testKeys(t)
	d := parse(t, strings.Replace(samlDoc, "alice &amp; bob", "alice <!-- x -->&amp; bob", 1))
	a := assertion(d)
	// Build the signature by hand with the WithComments transform.
	canon, err := canonicalElement(a, nil, true, "")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(canon, []byte("<!-- x -->")) {
		t.Fatalf("comment not in canonical form: %s", canon)
	}
	tmpl := strings.NewReplacer("METHOD", RSASHA256, "DIGEST", SHA256,
		`<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`,
		`<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#WithComments"/>`).Replace(xmlsecTemplate)
	sigDoc := parse(t, tmpl)
	sig := assertion(sigDoc).SelectElement("ds:Signature").Copy()
	sig.FindElement(".//ds:DigestValue").SetText(base64.StdEncoding.EncodeToString(sha256Sum(canon)))
	sig.RemoveChild(sig.SelectElement("ds:KeyInfo"))
	sctx, _ := etreeutils.NewDefaultNSContext().SubContext(sig)
	si := sig.SelectElement("ds:SignedInfo")
	csi, err := canonicalize(sctx, si, "", false)
	if err != nil {
		t.Fatal(err)
	}
	value, err := SignData(kp.key, RSASHA256, nil, csi)
	if err != nil {
		t.Fatal(err)
	}
	sig.SelectElement("ds:SignatureValue").SetText(base64.StdEncoding.EncodeToString(value))
	a.InsertChildAt(1, sig)
	d2 := parse(t, string(docBytes(t, d)))
	v, err := Verify(assertion(d2), VerifyOptions{Certificates: []*x509.Certificate{kp.cert}})
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Element.FindElement(".//saml:NameID").Text(); got != "alice & bob" {
		t.Fatalf("got %q", got)
	}
	// The comment is covered: removing it breaks the digest.
	d3 := parse(t, strings.Replace(string(docBytes(t, d)), "<!-- x -->", "", 1))
	if _, err := Verify(assertion(d3), VerifyOptions{Certificates: []*x509.Certificate{kp.cert}}); !errors.Is(err, ErrDigest) {
		t.Errorf("comment removed: %v", err)
	}
}

// TestWeVerifyXmlsecInclusiveNamespaces: an InclusiveNamespaces PrefixList
// (on the reference transform and on SignedInfo's canonicalization) puts an
// otherwise unused namespace declaration into the signed bytes; ignoring it
// would break the digest.
func TestWeVerifyXmlsecInclusiveNamespaces(t *testing.T) {
	xmldsigtest.NeedTool(t, "xmlsec1")
	kp, _ := testKeys(t)
	incl := `<ec:InclusiveNamespaces xmlns:ec="http://www.w3.org/2001/10/xml-exc-c14n#" PrefixList="samlp"/>`
	tmpl := strings.NewReplacer("METHOD", RSASHA256, "DIGEST", SHA256,
		`<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`,
		`<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">`+incl+`</ds:CanonicalizationMethod>`,
		`<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>`,
		`<ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#">`+incl+`</ds:Transform>`).Replace(xmlsecTemplate)
	signed := xmldsigtest.Sign(t, []byte(tmpl), kp.key, kp.cert, &xmldsigtest.Options{IDAttrs: []string{"urn:oasis:names:tc:SAML:2.0:assertion:Assertion"}})
	v, err := Verify(assertion(parse(t, string(signed))), VerifyOptions{Certificates: []*x509.Certificate{kp.cert}})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(v.Canonical, []byte(`xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"`)) {
		t.Errorf("canonical form lacks the inclusive namespace: %s", v.Canonical)
	}
}

func TestSignSHA1OnlyWithAllowSHA1(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	el := etree.NewElement("a")
	el.CreateAttr("ID", "_x")
	if _, err := Sign(el, key, &SignOptions{Method: RSASHA1, Digest: SHA1}); !errors.Is(err, ErrAlgorithm) {
		t.Fatalf("Sign(RSASHA1) without AllowSHA1: got %v, want ErrAlgorithm", err)
	}
	if _, err := Sign(el, key, &SignOptions{Method: RSASHA1, Digest: SHA1, AllowSHA1: true}); err != nil {
		t.Fatalf("Sign(RSASHA1, AllowSHA1): %v", err)
	}
}
