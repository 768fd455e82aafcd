// Package xmldsigtest runs Debian's xmlsec1 as an independent oracle for
// XML signatures, for the interop tests of internal/xmldsig, xoev and
// ozg/servicekonto.
//
// Verify checks one signature with xmlsec1 using only the given
// certificate (KeyInfo is never used to pick the key). RSASSA-PSS
// (xmldsig-more#shaNNN-rsa-MGF1), which xmlsec1 1.2 does not know, is
// checked the way /work/shared/tools/xmlsec-oracle does it: xmlsec1
// verifies the reference digest and prints the canonical SignedInfo with
// the method URI swapped to RSA PKCS#1, and openssl verifies the PSS value
// (salt length = hash length, MGF1 with the same hash) over that
// canonical SignedInfo with the original URI. Sign signs a template with
// xmlsec1 --sign.
//
// # Errors
//
// Verify returns an error carrying xmlsec1's or openssl's output when the
// signature does not verify. NeedTool skips a test when a tool is missing,
// and fails it when the environment variable CI is set.
//
// # Testing
//
// This package is a test helper; the tests of internal/xmldsig exercise it
// in both directions.
package xmldsigtest

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"github.com/ozg-baukasten/baukasten/internal/testtool"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// NeedTool skips t when one of the named programs is missing, but fails
// it when CI is set: in CI every oracle must run.
func NeedTool(t testing.TB, names ...string) {
	t.Helper()
	for _, n := range names {
		testtool.Need(t, n)
	}
}

// KeyPair returns a new RSA-2048 key with a self-signed certificate valid
// for a day around now.
func KeyPair(t testing.TB, commonName string) (*rsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: commonName},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return k, c
}

// CertPEM encodes a certificate as PEM.
func CertPEM(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}

// KeyPEM encodes an RSA key as PKCS#1 PEM.
func KeyPEM(k *rsa.PrivateKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
}

// Options selects what Verify and Sign tell xmlsec1.
type Options struct {
	// IDAttrs are the elements whose "ID" attribute is an XML ID, as
	// "namespace:LocalName" (e.g. "urn:oasis:names:tc:SAML:2.0:assertion:Assertion").
	IDAttrs []string
	// NodeXPath selects the signature to verify (default: the first).
	NodeXPath string
}

func (o *Options) args() []string {
	var a []string
	if o == nil {
		return a
	}
	for _, id := range o.IDAttrs {
		a = append(a, "--id-attr:ID", id)
	}
	if o.NodeXPath != "" {
		a = append(a, "--node-xpath", o.NodeXPath)
	}
	return a
}

var (
	methodRE  = regexp.MustCompile(`SignatureMethod[^>]*Algorithm="([^"]+)"`)
	valueRE   = regexp.MustCompile(`(?s)<(?:[A-Za-z0-9_]+:)?SignatureValue[^>]*>([^<]*)<`)
	preSigned = regexp.MustCompile(`(?s)== PreSigned data - start buffer:\n(.*?)\n== PreSigned data - end buffer`)
	refsOK    = regexp.MustCompile(`SignedInfo References \(ok/all\): ([1-9][0-9]*)/([0-9]+)`)
)

var pssHash = map[string]string{
	"http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1": "sha256",
	"http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1": "sha384",
	"http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1": "sha512",
}

// Verify checks the (first, or the selected) signature of doc with xmlsec1
// and the public key of cert only. Same-document references only.
func Verify(t testing.TB, doc []byte, cert *x509.Certificate, opts *Options) error {
	t.Helper()
	NeedTool(t, "xmlsec1")
	dir := t.TempDir()
	certFile := filepath.Join(dir, "cert.pem")
	file := filepath.Join(dir, "doc.xml")
	if err := os.WriteFile(certFile, CertPEM(cert), 0o600); err != nil {
		t.Fatal(err)
	}
	base := append([]string{"--verify", "--enabled-key-data", "key-name", "--enabled-reference-uris", "empty,same-doc", "--pubkey-cert-pem", certFile}, opts.args()...)
	m := methodRE.FindSubmatch(doc)
	if m == nil {
		return errors.New("no SignatureMethod in the document")
	}
	method := string(m[1])
	h, pss := pssHash[method]
	if !pss {
		if err := os.WriteFile(file, doc, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("xmlsec1", append(base, file)...).CombinedOutput()
		if err != nil {
			return errors.New("xmlsec1: " + string(out))
		}
		return nil
	}
	NeedTool(t, "openssl")
	pkcs := "http://www.w3.org/2001/04/xmldsig-more#rsa-" + h
	if err := os.WriteFile(file, bytes.ReplaceAll(doc, []byte(method), []byte(pkcs)), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command("xmlsec1", append(append(base, "--store-signatures"), file)...).CombinedOutput()
	if r := refsOK.FindSubmatch(out); r == nil || !bytes.Equal(r[1], r[2]) {
		return errors.New("xmlsec1: reference digest not ok: " + string(out))
	}
	ps := preSigned.FindSubmatch(out)
	if ps == nil {
		return errors.New("xmlsec1 printed no canonical SignedInfo")
	}
	si := bytes.Replace(ps[1], []byte(pkcs), []byte(method), 1)
	sv := valueRE.FindSubmatch(doc)
	if sv == nil {
		return errors.New("no SignatureValue in the document")
	}
	sig, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(sv[1])), ""))
	if err != nil {
		return errors.New("SignatureValue is not base64")
	}
	pub, err := x509.MarshalPKIXPublicKey(cert.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	siFile, sigFile, pubFile := filepath.Join(dir, "si.c14n"), filepath.Join(dir, "sig.bin"), filepath.Join(dir, "pub.pem")
	os.WriteFile(siFile, si, 0o600)
	os.WriteFile(sigFile, sig, 0o600)
	os.WriteFile(pubFile, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600)
	saltLen := map[string]string{"sha256": "32", "sha384": "48", "sha512": "64"}[h]
	out, err = exec.Command("openssl", "dgst", "-"+h, "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:"+saltLen,
		"-sigopt", "rsa_mgf1_md:"+h, "-verify", pubFile, "-signature", sigFile, siFile).CombinedOutput()
	if err != nil {
		return errors.New("openssl: " + string(out))
	}
	return nil
}

// Sign fills in the empty DigestValue and SignatureValue of a signature
// template with xmlsec1 --sign and returns the signed document. The
// certificate is written into an empty X509Data if the template has one.
func Sign(t testing.TB, template []byte, key *rsa.PrivateKey, cert *x509.Certificate, opts *Options) []byte {
	t.Helper()
	NeedTool(t, "xmlsec1")
	dir := t.TempDir()
	keyFile, certFile := filepath.Join(dir, "key.pem"), filepath.Join(dir, "cert.pem")
	in, outFile := filepath.Join(dir, "tmpl.xml"), filepath.Join(dir, "signed.xml")
	os.WriteFile(keyFile, KeyPEM(key), 0o600)
	os.WriteFile(certFile, CertPEM(cert), 0o600)
	os.WriteFile(in, template, 0o600)
	args := append([]string{"--sign", "--privkey-pem", keyFile + "," + certFile}, opts.args()...)
	args = append(args, "--output", outFile, in)
	out, err := exec.Command("xmlsec1", args...).CombinedOutput()
	if err != nil {
		t.Fatalf("xmlsec1 --sign: %v\n%s", err, out)
	}
	signed, err := os.ReadFile(outFile)
	if err != nil {
		t.Fatal(err)
	}
	return signed
}
