package servicekonto_test

import (
	"context"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/internal/xmlenc"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

// acceptAll is a store pair for the benchmark, so that one response can be
// processed again and again.
type acceptAll struct{}

func (acceptAll) Add(context.Context, string, time.Time) error                     { return nil }
func (acceptAll) Consume(context.Context, string, time.Time) (bool, error)         { return true, nil }
func (acceptAll) Seen(context.Context, string, time.Time, time.Time) (bool, error) { return false, nil }

type benchFixture struct {
	sp       *servicekonto.ServiceProvider
	response string // base64 form value
	// The bare crypto the response needs.
	ek, ct, sig, sum []byte
	pub              *rsa.PublicKey
}

var (
	fixtureOnce sync.Once
	fixture     benchFixture
)

func benchSetup(b *testing.B) *benchFixture {
	fixtureOnce.Do(func() {
		idp := servicekontotest.New(&servicekontotest.Options{Now: func() time.Time { return testNow }})
		sp := newSP(b, idp, func(c *servicekonto.Config) { c.Requests, c.Replays = acceptAll{}, acceptAll{} })
		l, err := sp.StartLogin(context.Background(), "", "")
		if err != nil {
			b.Fatal(err)
		}
		r, err := idp.Answer(l, nil) // signed (RSA-SHA256), RSA-OAEP + AES-256-GCM
		if err != nil {
			b.Fatal(err)
		}
		idp.Close()
		fx := benchFixture{sp: sp, response: r.SAMLResponse, pub: servicekontotest.IdPSigning().Key.Public().(*rsa.PublicKey)}
		doc := etree.NewDocument()
		if err := doc.ReadFromBytes(r.XML); err != nil {
			b.Fatal(err)
		}
		unb64 := func(el *etree.Element) []byte {
			v, err := base64.StdEncoding.DecodeString(strings.TrimSpace(el.Text()))
			if err != nil {
				b.Fatal(err)
			}
			return v
		}
		fx.ek = unb64(doc.FindElement("//EncryptedKey/CipherData/CipherValue"))
		fx.ct = unb64(doc.FindElement("//EncryptedData/CipherData/CipherValue"))
		pt, err := xmlenc.Decrypt(doc.FindElement("//EncryptedData"), nil, servicekontotest.SPEncryption().Key, nil)
		if err != nil {
			b.Fatal(err)
		}
		adoc := etree.NewDocument()
		if err := adoc.ReadFromBytes(pt); err != nil {
			b.Fatal(err)
		}
		si := adoc.FindElement("//Signature/SignedInfo")
		csi, err := xmldsig.Canonicalize(si)
		if err != nil {
			b.Fatal(err)
		}
		s := sha256.Sum256(csi)
		fx.sum = s[:]
		fx.sig = unb64(adoc.FindElement("//Signature/SignatureValue"))
		if err := rsa.VerifyPKCS1v15(fx.pub, crypto.SHA256, fx.sum, fx.sig); err != nil {
			b.Fatal("fixture signature does not verify: ", err)
		}
		fixture = fx
	})
	if fixture.sp == nil {
		b.Fatal("fixture setup failed")
	}
	return &fixture
}

// bareCrypto is the cryptographic work a signed+encrypted response needs:
// one RSA-OAEP decryption, one AES-256-GCM decryption, one RSA signature
// verification.
func bareCrypto(b *testing.B, fx *benchFixture) {
	cek, err := servicekontotest.SPEncryption().Key.Decrypt(nil, fx.ek, &rsa.OAEPOptions{Hash: crypto.SHA256, MGFHash: crypto.SHA256})
	if err != nil {
		b.Fatal(err)
	}
	blk, _ := aes.NewCipher(cek)
	g, _ := cipher.NewGCM(blk)
	if _, err := g.Open(nil, fx.ct[:12], fx.ct[12:], nil); err != nil {
		b.Fatal(err)
	}
	if err := rsa.VerifyPKCS1v15(fx.pub, crypto.SHA256, fx.sum, fx.sig); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkBareCrypto is the baseline: the crypto alone.
func BenchmarkBareCrypto(b *testing.B) {
	fx := benchSetup(b)
	b.ReportAllocs()
	for b.Loop() {
		bareCrypto(b, fx)
	}
}

// BenchmarkProcessResponse processes a signed (RSA-SHA256) and encrypted
// (RSA-OAEP, AES-256-GCM) response end to end. It also runs the bare
// crypto once per iteration, interleaved and outside the timer, and
// reports the end-to-end time as a multiple of it ("x-bare-crypto";
// target ≤ 1.5), so both are measured under the same load.
func BenchmarkProcessResponse(b *testing.B) {
	fx := benchSetup(b)
	b.ReportAllocs()
	var e2e, bare time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := fx.sp.ProcessResponse(context.Background(), fx.response); err != nil {
			b.Fatal(err)
		}
		e2e += time.Since(t0)
		b.StopTimer()
		t1 := time.Now()
		bareCrypto(b, fx)
		bare += time.Since(t1)
		b.StartTimer()
	}
	b.ReportMetric(float64(e2e)/float64(bare), "x-bare-crypto")
}
