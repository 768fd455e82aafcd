package servicekontotest

import (
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"embed"
	"encoding/pem"
	"math/big"
	"sync"
	"time"
)

//go:embed keys/*.pem
var keyFiles embed.FS

// Credentials is an RSA key with a self-signed certificate.
type Credentials struct {
	Key  *rsa.PrivateKey
	Cert *x509.Certificate
}

var (
	credOnce sync.Once
	creds    map[string]Credentials
)

// load parses the embedded test keys (fixed 3072-bit keys, as BSI
// TR-03116-4 asks for at least 3000 bits, so that tests need
// no key generation) and issues certificates valid 2020–2050.
func load() {
	creds = map[string]Credentials{}
	for i, name := range []string{"idp", "idp-rollover", "attacker", "sp-signing", "sp-encryption"} {
		b, err := keyFiles.ReadFile("keys/" + name + ".pem")
		if err != nil {
			panic(err)
		}
		blk, _ := pem.Decode(b)
		k, err := x509.ParsePKCS8PrivateKey(blk.Bytes)
		if err != nil {
			panic(err)
		}
		key := k.(*rsa.PrivateKey)
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(int64(i + 1)),
			Subject:               pkix.Name{CommonName: "servicekontotest " + name},
			NotBefore:             time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC),
			NotAfter:              time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC),
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
			BasicConstraintsValid: true,
		}
		der, err := x509.CreateCertificate(nil, tmpl, tmpl, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			panic(err)
		}
		creds[name] = Credentials{Key: key, Cert: cert}
	}
}

func cred(name string) Credentials {
	credOnce.Do(load)
	return creds[name]
}

// IdPSigning is the fake IdP's signing key.
func IdPSigning() Credentials { return cred("idp") }

// IdPRollover is the fake IdP's second signing key, listed in its metadata
// as well (key rollover).
func IdPRollover() Credentials { return cred("idp-rollover") }

// Attacker is a key the IdP metadata does not list.
func Attacker() Credentials { return cred("attacker") }

// SPSigning is a signing key for the service provider under test.
func SPSigning() Credentials { return cred("sp-signing") }

// SPEncryption is a decryption key for the service provider under test.
func SPEncryption() Credentials { return cred("sp-encryption") }
