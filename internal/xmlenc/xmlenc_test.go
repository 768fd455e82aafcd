package xmlenc

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
)

var (
	keyOnce sync.Once
	testKey *rsa.PrivateKey
	other   *rsa.PrivateKey
	cert    *x509.Certificate
)

func keys(t *testing.T) {
	keyOnce.Do(func() {
		testKey, _ = rsa.GenerateKey(rand.Reader, 2048)
		other, _ = rsa.GenerateKey(rand.Reader, 2048)
		tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "t"},
			NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
		der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &testKey.PublicKey, testKey)
		cert, _ = x509.ParseCertificate(der)
	})
	if cert == nil {
		t.Fatal("key setup failed")
	}
}

// roundTrip encrypts and re-parses the EncryptedData, as a receiver sees it.
func roundTrip(t *testing.T, pt []byte, o *EncryptOptions) (*etree.Element, []*etree.Element) {
	t.Helper()
	ed, ek, err := Encrypt(pt, cert, o)
	if err != nil {
		t.Fatal(err)
	}
	wrap := etree.NewDocument()
	root := wrap.CreateElement("w")
	root.AddChild(ed)
	if ek != nil {
		root.AddChild(ek)
	}
	b, _ := wrap.WriteToBytes()
	d := etree.NewDocument()
	if err := d.ReadFromBytes(b); err != nil {
		t.Fatal(err)
	}
	var outside []*etree.Element
	if ek != nil {
		outside = d.Root().ChildElements()[1:]
	}
	return d.Root().ChildElements()[0], outside
}

func TestRoundTrip(t *testing.T) {
	keys(t)
	pt := []byte(`<a xmlns="urn:x">Grüße</a>`)
	for _, kt := range []string{RSAOAEPMGF1P, RSAOAEP, RSA15} {
		for _, dg := range []string{DigestSHA1, DigestSHA256} {
			for _, mgf := range []string{MGF1SHA1, MGF1SHA256} {
				for _, data := range []string{AES128GCM, AES256GCM, AES128CBC, AES256CBC} {
					for _, outside := range []bool{false, true} {
						o := &EncryptOptions{KeyTransport: kt, Digest: dg, MGF: mgf, Data: data, KeyOutside: outside}
						ed, eks := roundTrip(t, pt, o)
						got, err := Decrypt(ed, eks, testKey, &DecryptOptions{AllowRSA15: true, AllowCBC: true})
						if err != nil || string(got) != string(pt) {
							t.Fatalf("%+v: got %q, %v", o, got, err)
						}
						legacy := kt == RSA15 || data == AES128CBC || data == AES256CBC
						_, err = Decrypt(ed, eks, testKey, nil)
						if legacy != errors.Is(err, ErrAlgorithm) {
							t.Fatalf("%+v without legacy options: got %v", o, err)
						}
					}
				}
			}
		}
	}
}

func TestDecryptFailures(t *testing.T) {
	keys(t)
	ed, _ := roundTrip(t, []byte("<a/>"), nil)
	if _, err := Decrypt(ed, nil, other, nil); !errors.Is(err, ErrDecrypt) {
		t.Errorf("wrong key: got %v, want ErrDecrypt", err)
	}
	if _, err := Decrypt(ed, nil, nil, nil); !errors.Is(err, ErrDecrypt) {
		t.Errorf("no key: got %v, want ErrDecrypt", err)
	}
	// Flip one ciphertext character: GCM authentication fails.
	cv := ed.FindElement("./CipherData/CipherValue")
	s := []byte(cv.Text())
	if s[20] == 'A' {
		s[20] = 'B'
	} else {
		s[20] = 'A'
	}
	cv.SetText(string(s))
	if _, err := Decrypt(ed, nil, testKey, nil); !errors.Is(err, ErrDecrypt) {
		t.Errorf("tampered: got %v, want ErrDecrypt", err)
	}
	ed2, _ := roundTrip(t, make([]byte, 5000), nil)
	if _, err := Decrypt(ed2, nil, testKey, &DecryptOptions{MaxPlaintext: 1000}); !errors.Is(err, ErrMalformed) {
		t.Errorf("over MaxPlaintext: got %v, want ErrMalformed", err)
	}
	if _, _, err := Encrypt([]byte("<a/>"), cert, &EncryptOptions{Data: "urn:bogus"}); !errors.Is(err, ErrAlgorithm) {
		t.Errorf("unknown data algorithm: got %v, want ErrAlgorithm", err)
	}
	ed4, _ := roundTrip(t, []byte("<a/>"), nil)
	ed4.FindElement("./EncryptionMethod").SelectAttr("Algorithm").Value = "urn:bogus"
	if _, err := Decrypt(ed4, nil, testKey, nil); !errors.Is(err, ErrAlgorithm) {
		t.Errorf("unknown data algorithm on decrypt: got %v, want ErrAlgorithm", err)
	}
}
