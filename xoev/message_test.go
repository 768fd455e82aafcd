package xoev

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/internal/xmldsig/xmldsigtest"
	"github.com/ozg-baukasten/baukasten/ozg"
)

const nsXWasser = "https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0"

// xwasserKopf is XWasser's extension of nachrichtenkopf.g2g.
type xwasserKopf struct {
	Referenz
}

// quittung is the body of XWasser's administration.quittung.0020.
type quittung struct {
	IdentifikationVorgang struct {
		VorgangsID string `xml:"https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0 vorgangsID"`
	} `xml:"https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0 identifikationVorgang"`
	Quittung struct {
		AktuellerStatusTechnisch Code `xml:"https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0 aktuellerStatusTechnisch"`
	} `xml:"https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0 quittung"`
}

// xmllint validates data against the XWasser schema set offline.
func xmllint(t *testing.T, data []byte) {
	t.Helper()
	needTool(t, "xmllint")
	f := filepath.Join(t.TempDir(), "msg.xml")
	if err := os.WriteFile(f, data, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("xmllint", "--nonet", "--noout", "--schema", "testdata/xwasser-1.0.0/schemas/xwasser.xsd", f)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES=testdata/catalog.xml")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("xmllint rejects the message: %v\n%s\n%s", err, out, data)
	}
}

func TestXmllintAcceptsExamples(t *testing.T) {
	// The oracle itself: the shipped examples validate, a broken one does not.
	for _, f := range examples[:2] {
		xmllint(t, readFile(t, f))
	}
	needTool(t, "xmllint")
	bad := bytes.Replace(readFile(t, examples[0]), []byte("<nachrichtenUUID>693c64d6"), []byte("<nachrichtenUUID>zz3c64d6"), 1)
	f := filepath.Join(t.TempDir(), "bad.xml")
	os.WriteFile(f, bad, 0o600)
	cmd := exec.Command("xmllint", "--nonet", "--noout", "--schema", "testdata/xwasser-1.0.0/schemas/xwasser.xsd", f)
	cmd.Env = append(os.Environ(), "XML_CATALOG_FILES=testdata/catalog.xml")
	if err := cmd.Run(); err == nil {
		t.Fatal("xmllint accepted an invalid UUID")
	}
}

func TestTypedBodyRoundTrip(t *testing.T) {
	in := readFile(t, examples[0])
	var m Message[quittung]
	ext := new(xwasserKopf)
	m.Header.Kopf.Extension = ext
	if err := Unmarshal(in, &m); err != nil {
		t.Fatal(err)
	}
	if ext.ReferenzUUID != "693c64d6-456f-4d14-abe7-fe9681c74aae" || ext.DvdvDienstkennung != "s" {
		t.Errorf("extension %+v", ext)
	}
	if m.Body.IdentifikationVorgang.VorgangsID != "5e08e073-4e06-438d-9444-1275f6cbf061" {
		t.Errorf("vorgangsID %q", m.Body.IdentifikationVorgang.VorgangsID)
	}
	st := m.Body.Quittung.AktuellerStatusTechnisch
	if st.Code != "200" || st.ListURI != "urn:xoev-de:xewaffe:codeliste:statustechnisch" || st.ListVersionID != "1" {
		t.Errorf("status %+v", st)
	}
	out, err := Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	if c1, c2 := canonical(t, in), canonical(t, out); !bytes.Equal(c1, c2) {
		t.Errorf("typed round trip not equivalent:\n%s\n---\n%s", c1, c2)
	}
	xmllint(t, out)
	var m2 Message[quittung]
	m2.Header.Kopf.Extension = new(xwasserKopf)
	if err := Unmarshal(out, &m2); err != nil {
		t.Fatal(err)
	}
	out2, _ := Marshal(&m2)
	if !bytes.Equal(out, out2) {
		t.Errorf("not byte-stable:\n%s\n---\n%s", out, out2)
	}
}

type fixedReader byte

func (f fixedReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(f) + byte(i)
	}
	return len(p), nil
}

func newQuittung(t testing.TB) *Message[quittung] {
	t.Helper()
	loc := time.FixedZone("CEST", 2*3600)
	m := &Message[quittung]{Header: Header{
		Namespace: nsXWasser, Local: "administration.quittung.0020", Prefix: "xwas",
		Produkt: "Baukasten", Produkthersteller: "OZG Baukasten", Produktversion: "1.0",
		Standard: "XWasser", Version: "1.0.0", Test: "true",
		Kopf: Nachrichtenkopf{
			Identifikation: IdentifikationNachricht{
				Nachrichtentyp: Code{Code: "0020", ListURI: "urn:xoev-de:xwasser:codeliste:nachrichtentyp", ListVersionID: "1"},
			},
			Leser: Behoerde{Verzeichnisdienst: Code{Code: "DVDV", ListVersionID: "2"}, Kennung: "psw:010031100000", Name: "Gesundheitsamt Musterstadt",
				Erreichbarkeit: []Kommunikation{{Kanal: Code{Code: "01", ListVersionID: "3"}, Kennung: "poststelle@example.org"}}},
			Autor:     Behoerde{Verzeichnisdienst: Code{Code: "DVDV", ListVersionID: "2"}, Kennung: "olb:090000000000", Name: "Labor Süd"},
			Extension: &xwasserKopf{Referenz{ReferenzUUID: "693c64d6-456f-4d14-abe7-fe9681c74aae"}},
		},
	}}
	err := m.Header.Stamp(&NewOptions{Rand: fixedReader(7), Now: func() time.Time {
		return time.Date(2026, 5, 28, 9, 0, 0, 123456789, loc)
	}})
	if err != nil {
		t.Fatal(err)
	}
	m.Body.IdentifikationVorgang.VorgangsID = "5e08e073-4e06-438d-9444-1275f6cbf061"
	m.Body.Quittung.AktuellerStatusTechnisch = Code{Code: "200", ListURI: "urn:xoev-de:xewaffe:codeliste:statustechnisch", ListVersionID: "1"}
	return m
}

func TestNewMessageValidates(t *testing.T) {
	m := newQuittung(t)
	id := m.Header.Kopf.Identifikation
	if id.NachrichtenUUID != "0708090a-0b0c-4d0e-8f10-111213141516" {
		t.Errorf("uuid %s (v4 bits from the injected randomness)", id.NachrichtenUUID)
	}
	out, err := Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out, []byte("<erstellungszeitpunkt>2026-05-28T09:00:00.123+02:00</erstellungszeitpunkt>")) {
		t.Errorf("timestamp not written with ms and zone:\n%s", out)
	}
	xmllint(t, out)
	_, rep, err := Check(context.Background(), out, &CheckOptions{Registry: registry(t), Strict: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rep.Findings {
		if f.Severity == SeverityError {
			t.Errorf("finding on a message written here: %v", f)
		}
	}
	// Two stamps give two different UUIDs with real randomness.
	a, b := newQuittung(t), newQuittung(t)
	a.Header.Stamp(nil)
	b.Header.Stamp(nil)
	if a.Header.Kopf.Identifikation.NachrichtenUUID == b.Header.Kopf.Identifikation.NachrichtenUUID {
		t.Error("same UUID twice")
	}
}

func TestEncodeErrors(t *testing.T) {
	m := newQuittung(t)
	m.Header.Prefix = ""
	if _, err := Marshal(m); !errors.Is(err, ozg.ErrInvalidArgument) {
		t.Errorf("no prefix: %v", err)
	}
	h, _ := DecodeHeader(readFile(t, examples[2]))
	h.Prefix = ""
	h.Namespaces = nil
	if _, err := EncodeHeader(h, nil); err == nil {
		t.Error("legacy header encoded without a prefix")
	}
	type foreign struct {
		X string `xml:"urn:other x"`
	}
	fm := &Message[foreign]{Header: newQuittung(t).Header, Body: foreign{X: "1"}}
	if _, err := Marshal(fm); err == nil || !strings.Contains(err.Error(), "no prefix declared") {
		t.Errorf("undeclared namespace: %v", err)
	}
}

func TestDecodeErrors(t *testing.T) {
	base := string(readFile(t, examples[0]))
	tests := []struct{ name, old, new, path string }{
		{"no kopf", "<nachrichtenkopf.g2g>", "<kopf>", "administration.quittung.0020"},
		{"bad time", "2024-05-28T09:00:00", "gestern", "administration.quittung.0020/nachrichtenkopf.g2g/identifikation.nachricht/erstellungszeitpunkt"},
		{"autor before leser", "<leser>", "<autor>", "administration.quittung.0020/nachrichtenkopf.g2g/autor"},
		{"doctype", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`, `<!DOCTYPE x [<!ENTITY e "x">]>`, ""},
		{"code without code", "<code>0010</code>", "", "administration.quittung.0020/nachrichtenkopf.g2g/identifikation.nachricht/nachrichtentyp"},
		{"truncated", "</xwas:administration.quittung.0020>", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := strings.Replace(base, tt.old, tt.new, 1)
			var m Message[RawXML]
			err := Unmarshal([]byte(in), &m)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want *DecodeError", err)
			}
			if tt.path != "" && de.Path != tt.path {
				t.Errorf("path %q, want %q", de.Path, tt.path)
			}
		})
	}
}

func testKey(t testing.TB) (*rsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "XWasser Labor"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := x509.ParseCertificate(der)
	return k, c
}

func TestSignVerifyXWasser(t *testing.T) {
	key, cert := testKey(t)
	_, other := testKey(t)
	in := readFile(t, examples[1]) // vorgang.transportieren.2010 allows ds:Signature at its end
	for _, method := range []string{RSASHA256, RSAPSSSHA256} {
		t.Run(method[strings.LastIndex(method, "#")+1:], func(t *testing.T) {
			signed, err := Sign(in, key, &SignOptions{Method: method, Certificates: []*x509.Certificate{cert}})
			if err != nil {
				t.Fatal(err)
			}
			xmllint(t, signed)
			v, err := Verify(signed, []*x509.Certificate{other, cert}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if v.Header.Kopf.Identifikation.NachrichtenUUID != "693c64d6-456f-4d14-abe7-fe9681c74aae" || v.Certificate != cert {
				t.Errorf("verified header %v", v.Header)
			}
			if bytes.Contains(v.Canonical, []byte("Signature")) {
				t.Error("canonical content still holds the signature")
			}
			if !bytes.Equal(canonical(t, v.Canonical), canonical(t, in)) {
				t.Error("verified content differs from the signed message")
			}
			tampered := bytes.Replace(signed, []byte("Bemerkung"), []byte("Bemerkunk"), 1)
			if _, err := Verify(tampered, []*x509.Certificate{cert}, nil); !errors.Is(err, ozg.ErrUnauthenticated) {
				t.Errorf("tampered: %v", err)
			}
			if _, err := Verify(signed, []*x509.Certificate{other}, nil); !errors.Is(err, ozg.ErrUnauthenticated) {
				t.Errorf("wrong cert: %v", err)
			}
		})
	}
	if _, err := Verify(in, []*x509.Certificate{cert}, nil); !errors.Is(err, ozg.ErrUnauthenticated) {
		t.Errorf("unsigned: %v", err)
	}
	signed, _ := Sign(in, key, nil)
	if _, err := Sign(signed, key, nil); !errors.Is(err, ozg.ErrFailedPrecondition) {
		t.Errorf("signing twice: %v", err)
	}
	if _, err := Verify(signed, nil, nil); err == nil {
		t.Error("verified without certificates")
	}
}

func TestXmlsecInteropXOEV(t *testing.T) {
	xmldsigtest.NeedTool(t, "xmlsec1", "openssl")
	key, cert := testKey(t)
	_, other := testKey(t)

	// Ours, verified by xmlsec1 (PSS via xmlsec1 + openssl).
	for _, method := range []string{RSASHA256, RSASHA512, RSAPSSSHA256, RSAPSSSHA512} {
		signed, err := Sign(readFile(t, examples[1]), key, &SignOptions{Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if err := xmldsigtest.Verify(t, signed, cert, nil); err != nil {
			t.Fatalf("%s: xmlsec1 rejects our XÖV signature: %v", method, err)
		}
		if err := xmldsigtest.Verify(t, signed, other, nil); err == nil {
			t.Fatalf("%s: xmlsec1 accepts the wrong certificate", method)
		}
	}

	// xmlsec1's, verified here.
	tmpl := strings.Replace(string(readFile(t, examples[1])), "</xwas:vorgang.transportieren.2010>", `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
      <ds:Reference URI="">
        <ds:Transforms>
          <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
          <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        </ds:Transforms>
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue/>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue/>
  </ds:Signature>
</xwas:vorgang.transportieren.2010>`, 1)
	theirs := xmldsigtest.Sign(t, []byte(tmpl), key, cert, nil)
	v, err := Verify(theirs, []*x509.Certificate{cert}, nil)
	if err != nil {
		t.Fatalf("xmlsec1's signature does not verify here: %v", err)
	}
	if v.Header.Standard != "XWasser" {
		t.Errorf("header %v", v.Header)
	}
	xmllint(t, theirs)
	if _, err := Verify(bytes.Replace(theirs, []byte("Bemerkung<"), []byte("Bemerkunk<"), 1), []*x509.Certificate{cert}, nil); !errors.Is(err, ozg.ErrUnauthenticated) {
		t.Errorf("tampered after xmlsec1 signed: %v", err)
	}
}
