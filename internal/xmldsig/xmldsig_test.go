package xmldsig

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
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

// needTool skips when a tool is missing, but fails in CI.
func needTool(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s is required in CI: %v", n, err)
			}
			t.Skipf("%s not installed", n)
		}
	}
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

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func certPEM(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

func keyPEM(k *rsa.PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
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

// TestXmlsecVerifiesOurs checks signatures made here with xmlsec1. For
// RSASSA-PSS, which xmlsec1 1.2 does not know, xmlsec1 checks the
// reference digest and produces the canonical SignedInfo, and openssl
// verifies the PSS signature value over it.
func TestXmlsecVerifiesOurs(t *testing.T) {
	needTool(t, "xmlsec1", "openssl")
	kp, attacker := testKeys(t)
	dir := t.TempDir()
	certFile := write(t, dir, "cert.pem", certPEM(kp.cert))
	otherCert := write(t, dir, "other.pem", certPEM(attacker.cert))
	for _, m := range methods {
		for _, form := range []string{"id", "document"} {
			name := m[strings.LastIndex(m, "#")+1:] + "/" + form
			t.Run(name, func(t *testing.T) {
				var d *etree.Document
				var args []string
				if form == "id" {
					d = parse(t, samlDoc)
					if err := SignEnveloped(assertion(d), kp.key, &SignOptions{Method: m, Certificates: []*x509.Certificate{kp.cert}}); err != nil {
						t.Fatal(err)
					}
					args = []string{"--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"}
				} else {
					d = parse(t, xoevDoc)
					if err := SignEnveloped(d.Root(), kp.key, &SignOptions{Method: m}); err != nil {
						t.Fatal(err)
					}
				}
				doc := docBytes(t, d)
				file := write(t, dir, strings.ReplaceAll(name, "/", "_")+".xml", doc)
				if err := xmlsecVerify(t, dir, file, certFile, m, args); err != nil {
					t.Fatalf("xmlsec1 rejects our signature: %v\n%s", err, doc)
				}
				if err := xmlsecVerify(t, dir, file, otherCert, m, args); err == nil {
					t.Fatal("xmlsec1 accepted the signature with the wrong certificate")
				}
			})
		}
	}
}

var preSigned = regexp.MustCompile(`(?s)== PreSigned data - start buffer:\n(.*?)\n== PreSigned data - end buffer`)

func xmlsecVerify(t *testing.T, dir, file, cert, method string, idArgs []string) error {
	t.Helper()
	base := []string{"--verify", "--enabled-key-data", "key-name", "--enabled-reference-uris", "empty,same-doc", "--pubkey-cert-pem", cert}
	base = append(base, idArgs...)
	pkcs, pss := method, false
	switch method {
	case RSAPSSSHA256, RSAPSSSHA384, RSAPSSSHA512:
		pss = true
		pkcs = strings.Replace(strings.Replace(method, "2007/05", "2001/04", 1), "-rsa-MGF1", "", 1)
		pkcs = strings.Replace(pkcs, "#sha", "#rsa-sha", 1)
	}
	if !pss {
		out, err := exec.Command("xmlsec1", append(base, file)...).CombinedOutput()
		if err != nil {
			return errors.New(string(out))
		}
		return nil
	}
	// PSS: swap the method URI, let xmlsec1 check the reference and print
	// the canonical SignedInfo, swap the URI back, verify with openssl.
	raw, _ := os.ReadFile(file)
	swapped := write(t, dir, "swapped.xml", bytes.ReplaceAll(raw, []byte(method), []byte(pkcs)))
	out, _ := exec.Command("xmlsec1", append(append(base, "--store-signatures"), swapped)...).CombinedOutput()
	if !regexp.MustCompile(`SignedInfo References \(ok/all\): 1/1`).Match(out) {
		return errors.New("reference digest not ok: " + string(out))
	}
	mm := preSigned.FindSubmatch(out)
	if mm == nil {
		return errors.New("no PreSigned buffer in xmlsec1 output")
	}
	si := bytes.Replace(mm[1], []byte(pkcs), []byte(method), 1)
	siFile := write(t, dir, "si.c14n", si)
	d := parse(t, string(raw))
	sv, _ := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(d.FindElement("//ds:SignatureValue").Text()), ""))
	sigFile := write(t, dir, "sig.bin", sv)
	pub, _ := exec.Command("openssl", "x509", "-in", cert, "-pubkey", "-noout").Output()
	pubFile := write(t, dir, "pub.pem", pub)
	h := "sha" + method[strings.Index(method, "#sha")+4:strings.Index(method, "-rsa")]
	saltLen := map[string]string{"sha256": "32", "sha384": "48", "sha512": "64"}[h]
	out, err := exec.Command("openssl", "dgst", "-"+h, "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:"+saltLen,
		"-sigopt", "rsa_mgf1_md:"+h, "-verify", pubFile, "-signature", sigFile, siFile).CombinedOutput()
	if err != nil {
		return errors.New("openssl: " + string(out))
	}
	return nil
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
	needTool(t, "xmlsec1")
	kp, attacker := testKeys(t)
	dir := t.TempDir()
	keyFile := write(t, dir, "key.pem", keyPEM(kp.key))
	certFile := write(t, dir, "cert.pem", certPEM(kp.cert))
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
			in := write(t, dir, "tmpl.xml", []byte(tmpl))
			outFile := filepath.Join(dir, "signed.xml")
			out, err := exec.Command("xmlsec1", "--sign", "--privkey-pem", keyFile+","+certFile,
				"--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", outFile, in).CombinedOutput()
			if err != nil {
				t.Fatalf("xmlsec1 --sign: %v\n%s", err, out)
			}
			signed, _ := os.ReadFile(outFile)
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
