// Package xmlenc implements the part of XML Encryption 1.1 that SAML 2.0
// needs: an EncryptedData element whose content key is carried in an
// EncryptedKey, encrypted for the recipient's RSA key.
//
// Key transport: RSA-OAEP in both identifiers (xmlenc#rsa-oaep-mgf1p, always
// with MGF1-SHA-1, and xmlenc11#rsa-oaep with a selectable MGF), with SHA-1
// or SHA-256 as the OAEP digest; RSA PKCS#1 v1.5 only behind
// [DecryptOptions.AllowRSA15]. Content encryption: AES-256-GCM and
// AES-128-GCM; AES-CBC only behind [DecryptOptions.AllowCBC].
//
// # Errors
//
// Decrypt returns errors that wrap ErrAlgorithm (an algorithm that is
// unknown or not allowed), ErrMalformed (a structure or encoding problem) or
// ErrDecrypt (the key or the ciphertext does not decrypt). Messages name
// algorithms and elements, never key material or plaintext.
//
// # Testing
//
// The tests encrypt with Encrypt under every supported combination and
// decrypt with Decrypt, and check that every legacy algorithm is refused
// without its option.
package xmlenc

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/beevik/etree"

	// Hashes for OAEP.
	_ "crypto/sha1"
	_ "crypto/sha256"
	_ "crypto/sha512"
)

// Namespaces of XML Encryption 1.0 and 1.1.
const (
	Namespace   = "http://www.w3.org/2001/04/xmlenc#"
	Namespace11 = "http://www.w3.org/2009/xmlenc11#"
	dsNamespace = "http://www.w3.org/2000/09/xmldsig#"
)

// Algorithm identifiers.
const (
	// RSAOAEPMGF1P is RSA-OAEP with MGF1-SHA-1 (XML Encryption 1.0).
	RSAOAEPMGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
	// RSAOAEP is RSA-OAEP with an explicit MGF (XML Encryption 1.1).
	RSAOAEP = "http://www.w3.org/2009/xmlenc11#rsa-oaep"
	// RSA15 is RSA PKCS#1 v1.5 key transport (legacy; Bleichenbacher-prone).
	RSA15 = "http://www.w3.org/2001/04/xmlenc#rsa-1_5"

	// AES128GCM is AES-128 in Galois/Counter Mode.
	AES128GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
	// AES256GCM is AES-256 in Galois/Counter Mode.
	AES256GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm"
	// AES128CBC is AES-128-CBC (legacy; padding-oracle-prone).
	AES128CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
	// AES256CBC is AES-256-CBC (legacy; padding-oracle-prone).
	AES256CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"

	// MGF1SHA1 is MGF1 with SHA-1 (the default of xmlenc11#rsa-oaep).
	MGF1SHA1 = "http://www.w3.org/2009/xmlenc11#mgf1sha1"
	// MGF1SHA256 is MGF1 with SHA-256.
	MGF1SHA256 = "http://www.w3.org/2009/xmlenc11#mgf1sha256"

	// DigestSHA1 is the SHA-1 OAEP digest (the default).
	DigestSHA1 = "http://www.w3.org/2000/09/xmldsig#sha1"
	// DigestSHA256 is the SHA-256 OAEP digest.
	DigestSHA256 = "http://www.w3.org/2001/04/xmlenc#sha256"

	// TypeElement is the EncryptedData Type of an encrypted element.
	TypeElement = "http://www.w3.org/2001/04/xmlenc#Element"
)

// The sentinel errors of Decrypt.
var (
	ErrAlgorithm = errors.New("xmlenc: algorithm not allowed")    // unknown, or legacy without its option
	ErrMalformed = errors.New("xmlenc: malformed encrypted data") // structure or encoding
	ErrDecrypt   = errors.New("xmlenc: decryption failed")        // wrong key or corrupted ciphertext
)

var mgfs = map[string]crypto.Hash{MGF1SHA1: crypto.SHA1, MGF1SHA256: crypto.SHA256}
var digests = map[string]crypto.Hash{DigestSHA1: crypto.SHA1, DigestSHA256: crypto.SHA256}

// EncryptOptions configures Encrypt; nil means RSA-OAEP (xmlenc11) with
// SHA-256 digest and MGF1-SHA-256, and AES-256-GCM.
type EncryptOptions struct {
	KeyTransport string // RSAOAEPMGF1P, RSAOAEP (default) or RSA15
	Digest       string // OAEP digest: DigestSHA1 or DigestSHA256 (default)
	MGF          string // for RSAOAEP: MGF1SHA1 or MGF1SHA256 (default)
	Data         string // AES256GCM (default), AES128GCM, AES128CBC, AES256CBC
	Rand         io.Reader
	// KeyOutside puts the EncryptedKey next to EncryptedData (as SAML's
	// EncryptedAssertion allows) instead of inside its KeyInfo. Encrypt then
	// returns it as the second element.
	KeyOutside bool
}

// Encrypt encrypts plaintext (a serialized element) for cert's RSA key and
// returns the xenc:EncryptedData element, and the xenc:EncryptedKey when
// KeyOutside is set (nil otherwise).
func Encrypt(plaintext []byte, cert *x509.Certificate, opts *EncryptOptions) (*etree.Element, *etree.Element, error) {
	var o EncryptOptions
	if opts != nil {
		o = *opts
	}
	if o.KeyTransport == "" {
		o.KeyTransport = RSAOAEP
	}
	if o.Digest == "" {
		o.Digest = DigestSHA256
	}
	if o.MGF == "" {
		o.MGF = MGF1SHA256
	}
	if o.Data == "" {
		o.Data = AES256GCM
	}
	if o.Rand == nil {
		o.Rand = rand.Reader
	}
	pub, ok := cert.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, nil, fmt.Errorf("%w: certificate key is not RSA", ErrAlgorithm)
	}
	keyLen, gcm := dataAlg(o.Data)
	if keyLen == 0 {
		return nil, nil, fmt.Errorf("%w: data encryption %q", ErrAlgorithm, o.Data)
	}
	key := make([]byte, keyLen)
	if _, err := io.ReadFull(o.Rand, key); err != nil {
		return nil, nil, err
	}
	block, _ := aes.NewCipher(key)
	var ct []byte
	if gcm {
		aead, _ := cipher.NewGCM(block)
		nonce := make([]byte, aead.NonceSize())
		if _, err := io.ReadFull(o.Rand, nonce); err != nil {
			return nil, nil, err
		}
		ct = aead.Seal(nonce, nonce, plaintext, nil)
	} else {
		iv := make([]byte, aes.BlockSize)
		if _, err := io.ReadFull(o.Rand, iv); err != nil {
			return nil, nil, err
		}
		pad := aes.BlockSize - len(plaintext)%aes.BlockSize
		p := append(append([]byte{}, plaintext...), make([]byte, pad)...)
		p[len(p)-1] = byte(pad)
		ct = make([]byte, len(p))
		cipher.NewCBCEncrypter(block, iv).CryptBlocks(ct, p)
		ct = append(iv, ct...)
	}
	var ek []byte
	var err error
	switch o.KeyTransport {
	case RSAOAEPMGF1P, RSAOAEP:
		h, ok := digests[o.Digest]
		if !ok {
			return nil, nil, fmt.Errorf("%w: OAEP digest %q", ErrAlgorithm, o.Digest)
		}
		mgf := crypto.SHA1
		if o.KeyTransport == RSAOAEP {
			if mgf, ok = mgfs[o.MGF]; !ok {
				return nil, nil, fmt.Errorf("%w: MGF %q", ErrAlgorithm, o.MGF)
			}
		}
		ek, err = rsa.EncryptOAEPWithOptions(o.Rand, pub, key, &rsa.OAEPOptions{Hash: h, MGFHash: mgf})
	case RSA15:
		//lint:ignore SA1019 RSA 1.5 key transport is produced only for tests of the legacy option.
		ek, err = rsa.EncryptPKCS1v15(o.Rand, pub, key)
	default:
		return nil, nil, fmt.Errorf("%w: key transport %q", ErrAlgorithm, o.KeyTransport)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("xmlenc: key transport: %w", err)
	}

	ed := etree.NewElement("xenc:EncryptedData")
	ed.CreateAttr("xmlns:xenc", Namespace)
	ed.CreateAttr("Type", TypeElement)
	ed.CreateElement("xenc:EncryptionMethod").CreateAttr("Algorithm", o.Data)
	ki := ed.CreateElement("ds:KeyInfo")
	ki.CreateAttr("xmlns:ds", dsNamespace)
	ekEl := etree.NewElement("xenc:EncryptedKey")
	em := ekEl.CreateElement("xenc:EncryptionMethod")
	em.CreateAttr("Algorithm", o.KeyTransport)
	if o.KeyTransport != RSA15 {
		dm := em.CreateElement("ds:DigestMethod")
		dm.CreateAttr("xmlns:ds", dsNamespace)
		dm.CreateAttr("Algorithm", o.Digest)
		if o.KeyTransport == RSAOAEP {
			m := em.CreateElement("xenc11:MGF")
			m.CreateAttr("xmlns:xenc11", Namespace11)
			m.CreateAttr("Algorithm", o.MGF)
		}
	}
	ekEl.CreateElement("xenc:CipherData").CreateElement("xenc:CipherValue").SetText(base64.StdEncoding.EncodeToString(ek))
	ed.CreateElement("xenc:CipherData").CreateElement("xenc:CipherValue").SetText(base64.StdEncoding.EncodeToString(ct))
	if o.KeyOutside {
		ekEl.CreateAttr("xmlns:xenc", Namespace)
		ekEl.CreateAttr("Id", "_ek")
		rm := ki.CreateElement("ds:RetrievalMethod")
		rm.CreateAttr("Type", Namespace+"EncryptedKey")
		rm.CreateAttr("URI", "#_ek")
		return ed, ekEl, nil
	}
	ki.AddChild(ekEl)
	return ed, nil, nil
}

func dataAlg(uri string) (keyLen int, gcm bool) {
	switch uri {
	case AES256GCM:
		return 32, true
	case AES128GCM:
		return 16, true
	case AES256CBC:
		return 32, false
	case AES128CBC:
		return 16, false
	}
	return 0, false
}

// DecryptOptions configures Decrypt. The zero value allows RSA-OAEP and
// AES-GCM only.
type DecryptOptions struct {
	// AllowRSA15 accepts RSA PKCS#1 v1.5 key transport (legacy IdPs only).
	AllowRSA15 bool
	// AllowCBC accepts AES-CBC content encryption (legacy IdPs only).
	AllowCBC bool
	// MaxPlaintext bounds the size of the decrypted content; 0 means 1 MiB.
	MaxPlaintext int
}

// Decrypt decrypts the xenc:EncryptedData element ed with key. keys holds
// EncryptedKey elements found outside ed (SAML puts them next to
// EncryptedData in an EncryptedAssertion); an EncryptedKey inside ed's
// KeyInfo is used first.
func Decrypt(ed *etree.Element, outside []*etree.Element, key *rsa.PrivateKey, opts *DecryptOptions) ([]byte, error) {
	var o DecryptOptions
	if opts != nil {
		o = *opts
	}
	if o.MaxPlaintext <= 0 {
		o.MaxPlaintext = 1 << 20
	}
	if key == nil {
		return nil, fmt.Errorf("%w: no decryption key configured", ErrDecrypt)
	}
	dataAlgURI := ""
	if em := child(ed, "EncryptionMethod"); em != nil {
		dataAlgURI = em.SelectAttrValue("Algorithm", "")
	}
	keyLen, gcm := dataAlg(dataAlgURI)
	if keyLen == 0 || (!gcm && !o.AllowCBC) {
		return nil, fmt.Errorf("%w: data encryption %q", ErrAlgorithm, dataAlgURI)
	}
	var eks []*etree.Element
	if ki := child(ed, "KeyInfo"); ki != nil {
		for _, c := range ki.ChildElements() {
			if c.Tag == "EncryptedKey" {
				eks = append(eks, c)
			}
		}
	}
	eks = append(eks, outside...)
	if len(eks) == 0 {
		return nil, fmt.Errorf("%w: no EncryptedKey", ErrMalformed)
	}
	var cek []byte
	var lastErr error
	for _, ek := range eks {
		k, err := decryptKey(ek, key, keyLen, o)
		if err == nil {
			cek = k
			break
		}
		lastErr = err
	}
	if cek == nil {
		return nil, lastErr
	}
	ct, err := cipherValue(ed)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(cek)
	if err != nil {
		return nil, fmt.Errorf("%w: content key", ErrDecrypt)
	}
	var pt []byte
	if gcm {
		aead, _ := cipher.NewGCM(block)
		if len(ct) < aead.NonceSize()+aead.Overhead() {
			return nil, fmt.Errorf("%w: ciphertext too short", ErrMalformed)
		}
		if len(ct)-aead.NonceSize()-aead.Overhead() > o.MaxPlaintext {
			return nil, fmt.Errorf("%w: plaintext over %d bytes", ErrMalformed, o.MaxPlaintext)
		}
		pt, err = aead.Open(nil, ct[:aead.NonceSize()], ct[aead.NonceSize():], nil)
		if err != nil {
			return nil, fmt.Errorf("%w: AES-GCM authentication failed", ErrDecrypt)
		}
	} else {
		if len(ct) < 2*aes.BlockSize || len(ct)%aes.BlockSize != 0 {
			return nil, fmt.Errorf("%w: CBC ciphertext length", ErrMalformed)
		}
		if len(ct) > o.MaxPlaintext+2*aes.BlockSize {
			return nil, fmt.Errorf("%w: plaintext over %d bytes", ErrMalformed, o.MaxPlaintext)
		}
		pt = make([]byte, len(ct)-aes.BlockSize)
		cipher.NewCBCDecrypter(block, ct[:aes.BlockSize]).CryptBlocks(pt, ct[aes.BlockSize:])
		// XML Encryption padding: only the last byte counts.
		pad := int(pt[len(pt)-1])
		if pad == 0 || pad > aes.BlockSize {
			return nil, fmt.Errorf("%w: CBC padding", ErrDecrypt)
		}
		pt = pt[:len(pt)-pad]
	}
	return pt, nil
}

func decryptKey(ek *etree.Element, key *rsa.PrivateKey, keyLen int, o DecryptOptions) ([]byte, error) {
	em := child(ek, "EncryptionMethod")
	if em == nil {
		return nil, fmt.Errorf("%w: EncryptedKey without EncryptionMethod", ErrMalformed)
	}
	alg := em.SelectAttrValue("Algorithm", "")
	ct, err := cipherValue(ek)
	if err != nil {
		return nil, err
	}
	switch alg {
	case RSAOAEPMGF1P, RSAOAEP:
		h := crypto.SHA1
		if dm := child(em, "DigestMethod"); dm != nil {
			var ok bool
			if h, ok = digests[dm.SelectAttrValue("Algorithm", "")]; !ok {
				return nil, fmt.Errorf("%w: OAEP digest %q", ErrAlgorithm, dm.SelectAttrValue("Algorithm", ""))
			}
		}
		mgf := crypto.SHA1
		if alg == RSAOAEP {
			if m := child(em, "MGF"); m != nil {
				var ok bool
				if mgf, ok = mgfs[m.SelectAttrValue("Algorithm", "")]; !ok {
					return nil, fmt.Errorf("%w: MGF %q", ErrAlgorithm, m.SelectAttrValue("Algorithm", ""))
				}
			}
		}
		var label []byte
		if p := child(em, "OAEPparams"); p != nil {
			label, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(p.Text()), ""))
			if err != nil {
				return nil, fmt.Errorf("%w: OAEPparams not base64", ErrMalformed)
			}
		}
		k, err := key.Decrypt(nil, ct, &rsa.OAEPOptions{Hash: h, MGFHash: mgf, Label: label})
		if err != nil {
			return nil, fmt.Errorf("%w: RSA-OAEP", ErrDecrypt)
		}
		if len(k) != keyLen {
			return nil, fmt.Errorf("%w: content key has %d bytes, want %d", ErrDecrypt, len(k), keyLen)
		}
		return k, nil
	case RSA15:
		if !o.AllowRSA15 {
			return nil, fmt.Errorf("%w: key transport %q", ErrAlgorithm, alg)
		}
		// Implicit rejection: a wrong padding yields a random key, which then
		// fails the content decryption, without a padding oracle.
		k := make([]byte, keyLen)
		if _, err := rand.Read(k); err != nil {
			return nil, err
		}
		//lint:ignore SA1019 RSA 1.5 is accepted only behind DecryptOptions.AllowRSA15 for legacy IdPs.
		if err := rsa.DecryptPKCS1v15SessionKey(nil, key, ct, k); err != nil {
			return nil, fmt.Errorf("%w: RSA PKCS#1 v1.5", ErrDecrypt)
		}
		return k, nil
	}
	return nil, fmt.Errorf("%w: key transport %q", ErrAlgorithm, alg)
}

func cipherValue(el *etree.Element) ([]byte, error) {
	cd := child(el, "CipherData")
	if cd == nil {
		return nil, fmt.Errorf("%w: no CipherData", ErrMalformed)
	}
	cv := child(cd, "CipherValue")
	if cv == nil {
		return nil, fmt.Errorf("%w: no CipherValue (CipherReference is not supported)", ErrMalformed)
	}
	var b strings.Builder
	for _, t := range cv.Child {
		if c, ok := t.(*etree.CharData); ok {
			b.WriteString(c.Data)
		}
	}
	v, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b.String()), ""))
	if err != nil {
		return nil, fmt.Errorf("%w: CipherValue not base64", ErrMalformed)
	}
	return v, nil
}

// child returns the first child element with the local name tag in one of
// the XML Encryption or Signature namespaces.
func child(el *etree.Element, tag string) *etree.Element {
	for _, c := range el.ChildElements() {
		if c.Tag != tag {
			continue
		}
		switch c.NamespaceURI() {
		case Namespace, Namespace11, dsNamespace:
			return c
		}
	}
	return nil
}
