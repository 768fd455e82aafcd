package xmldsig_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"time"

	"github.com/beevik/etree"

	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
)

func Example() {
	key, _ := rsa.GenerateKey(rand.Reader, 2048)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "example"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, _ := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	cert, _ := x509.ParseCertificate(der)

	doc := etree.NewDocument()
	_ = doc.ReadFromString(`<a:Assertion xmlns:a="urn:example" ID="_1"><a:Subject>alice</a:Subject></a:Assertion>`)
	if err := xmldsig.SignEnveloped(doc.Root(), key, &xmldsig.SignOptions{Method: xmldsig.RSAPSSSHA256}); err != nil {
		fmt.Println(err)
		return
	}
	v, err := xmldsig.Verify(doc.Root(), xmldsig.VerifyOptions{Certificates: []*x509.Certificate{cert}})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(v.Canonical))
	fmt.Println(v.Element.FindElement("./a:Subject").Text())
	// Output:
	// <a:Assertion xmlns:a="urn:example" ID="_1"><a:Subject>alice</a:Subject></a:Assertion>
	// alice
}
