package fitconnecttest

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"embed"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"sync"
	"time"
)

// The keys are 4096-bit RSA test keys generated once with OpenSSL and
// embedded, because generating 4096-bit keys takes seconds. They are
// public: never use them for anything but tests.
//
//go:embed testkeys/*.pem
var keyFS embed.FS

// Keys holds the test keys and the test PKI every Server shares.
type Keys struct {
	CA, Intermediate, Encryption, Signing, Zustelldienst, Portal, Author, Other *rsa.PrivateKey

	RootCert, IntermediateCert  *x509.Certificate
	EncryptionCert, SigningCert *x509.Certificate
	AuthorCert, OtherCert       *x509.Certificate
	Roots                       *x509.CertPool // holds RootCert only
	EncryptionKid, SigningKid   string
	ZustelldienstKid, PortalKid string
	OtherKid                    string
	// Spare are further destination key pairs, certified like the test
	// destination's: NewServer gives them in turn to the
	// Options.Destinations that bring no keys of their own.
	Spare []*DestinationKeys
}

// DestinationKeys are the keys of one destination: the encryption key
// senders encrypt to and the key its subscriber signs SETs with, each with
// a certificate that chains to the test PKI, and their key IDs.
type DestinationKeys struct {
	Encryption, Signing         *rsa.PrivateKey
	EncryptionCert, SigningCert *x509.Certificate
	EncryptionKid, SigningKid   string
}

// spareKeys is how many spare destination key pairs testkeys/ holds
// (destinationN-encryption.pem and destinationN-signing.pem, N from 2).
const spareKeys = 4

// NewDestinationKeys certifies a destination's encryption and signature
// keys (4096-bit RSA, as FIT-Connect requires) under the test intermediate
// CA, for a destination of Options.Destinations beyond the spare ones.
func NewDestinationKeys(encryption, signing *rsa.PrivateKey) (*DestinationKeys, error) {
	k, err := TestKeys()
	if err != nil {
		return nil, err
	}
	return certify(k, encryption, signing, nextSerial())
}

var serials struct {
	sync.Mutex
	n int64
}

// nextSerial numbers the certificates NewDestinationKeys makes, above
// those of TestKeys.
func nextSerial() int64 {
	serials.Lock()
	defer serials.Unlock()
	serials.n++
	return 1000 + 2*serials.n
}

func certify(k *Keys, enc, sig *rsa.PrivateKey, serial int64) (*DestinationKeys, error) {
	if enc == nil || sig == nil || enc.N.BitLen() != 4096 || sig.N.BitLen() != 4096 {
		return nil, fmt.Errorf("fitconnecttest: destination keys must be 4096-bit RSA keys")
	}
	d := &DestinationKeys{Encryption: enc, Signing: sig,
		EncryptionKid: "enc-" + thumb(&enc.PublicKey), SigningKid: "sig-" + thumb(&sig.PublicKey)}
	var err error
	if d.EncryptionCert, err = makeCert(serial, "Test destination encryption "+d.EncryptionKid, &enc.PublicKey, k.IntermediateCert, k.Intermediate, false); err != nil {
		return nil, err
	}
	if d.SigningCert, err = makeCert(serial+1, "Test destination signature "+d.SigningKid, &sig.PublicKey, k.IntermediateCert, k.Intermediate, false); err != nil {
		return nil, err
	}
	return d, nil
}

func parseKey(name string) (*rsa.PrivateKey, error) {
	b, err := keyFS.ReadFile("testkeys/" + name + ".pem")
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil {
		return nil, fmt.Errorf("%s: not PEM", name)
	}
	k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return k.(*rsa.PrivateKey), nil
}

var validFrom = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
var validTo = time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)

func makeCert(serial int64, cn string, pub *rsa.PublicKey, parent *x509.Certificate, signer *rsa.PrivateKey, ca bool) (*x509.Certificate, error) {
	t := &x509.Certificate{
		SerialNumber:          big.NewInt(serial),
		Subject:               pkix.Name{CommonName: cn, Organization: []string{"Baukasten test PKI"}},
		NotBefore:             validFrom,
		NotAfter:              validTo,
		BasicConstraintsValid: true,
		IsCA:                  ca,
	}
	if ca {
		t.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	} else {
		t.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	}
	if parent == nil {
		parent = t
	}
	der, err := x509.CreateCertificate(rand.Reader, t, parent, pub, signer)
	if err != nil {
		return nil, err
	}
	return x509.ParseCertificate(der)
}

// TestKeys returns the shared test keys and PKI: a root CA, an
// intermediate CA, and leaf certificates for the destination's encryption
// and signature keys and the postbox author key, and spare destination
// key pairs (Keys.Spare). They are built once per
// process; callers must not modify them.
func TestKeys() (*Keys, error) { return testKeys() }

var testKeys = sync.OnceValues(func() (*Keys, error) {
	k := &Keys{}
	for _, p := range []struct {
		dst  **rsa.PrivateKey
		name string
	}{{&k.CA, "ca"}, {&k.Intermediate, "intermediate"}, {&k.Encryption, "encryption"}, {&k.Signing, "signing"},
		{&k.Zustelldienst, "zustelldienst"}, {&k.Portal, "portal"}, {&k.Author, "author"}, {&k.Other, "other"}} {
		key, err := parseKey(p.name)
		if err != nil {
			return nil, err
		}
		*p.dst = key
	}
	var err error
	if k.RootCert, err = makeCert(1, "Baukasten Test Root CA", &k.CA.PublicKey, nil, k.CA, true); err != nil {
		return nil, err
	}
	if k.IntermediateCert, err = makeCert(2, "Baukasten Test Intermediate CA", &k.Intermediate.PublicKey, k.RootCert, k.CA, true); err != nil {
		return nil, err
	}
	if k.EncryptionCert, err = makeCert(3, "Test destination encryption", &k.Encryption.PublicKey, k.IntermediateCert, k.Intermediate, false); err != nil {
		return nil, err
	}
	if k.SigningCert, err = makeCert(4, "Test destination signature", &k.Signing.PublicKey, k.IntermediateCert, k.Intermediate, false); err != nil {
		return nil, err
	}
	if k.AuthorCert, err = makeCert(5, "Test Behoerde", &k.Author.PublicKey, k.IntermediateCert, k.Intermediate, false); err != nil {
		return nil, err
	}
	// OtherCert is self-signed: a key outside the trust anchor.
	if k.OtherCert, err = makeCert(6, "Untrusted", &k.Other.PublicKey, nil, k.Other, false); err != nil {
		return nil, err
	}
	k.Roots = x509.NewCertPool()
	k.Roots.AddCert(k.RootCert)
	k.EncryptionKid = "enc-" + thumb(&k.Encryption.PublicKey)
	k.SigningKid = "sig-" + thumb(&k.Signing.PublicKey)
	k.ZustelldienstKid = "zd-" + thumb(&k.Zustelldienst.PublicKey)
	k.PortalKid = "portal-" + thumb(&k.Portal.PublicKey)
	k.OtherKid = "other-" + thumb(&k.Other.PublicKey)
	for i := range spareKeys {
		enc, err := parseKey(fmt.Sprintf("destination%d-encryption", i+2))
		if err != nil {
			return nil, err
		}
		sig, err := parseKey(fmt.Sprintf("destination%d-signing", i+2))
		if err != nil {
			return nil, err
		}
		d, err := certify(k, enc, sig, int64(100+2*i))
		if err != nil {
			return nil, err
		}
		k.Spare = append(k.Spare, d)
	}
	return k, nil
})

func thumb(pub *rsa.PublicKey) string {
	return base64.RawURLEncoding.EncodeToString(pub.N.Bytes()[:6])
}

// JWK returns the public JWK of a key as FIT-Connect publishes destination
// keys: kty RSA, e, n, kid, alg, key_ops and the x5c chain (leaf first).
func JWK(pub *rsa.PublicKey, kid, alg, keyOp string, chain ...*x509.Certificate) []byte {
	m := map[string]any{
		"kty": "RSA", "kid": kid, "alg": alg, "key_ops": []string{keyOp},
		"n": base64.RawURLEncoding.EncodeToString(pub.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(pub.E)).Bytes()),
	}
	if len(chain) > 0 {
		var x5c []string
		for _, c := range chain {
			x5c = append(x5c, base64.StdEncoding.EncodeToString(c.Raw))
		}
		m["x5c"] = x5c
	}
	b, _ := json.Marshal(m)
	return b
}
