package xoev

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"errors"
	"io"

	"github.com/beevik/etree"

	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// Signature methods for SignOptions.Method (XML Signature URIs).
const (
	RSASHA256    = xmldsig.RSASHA256    // RSA PKCS#1 v1.5 with SHA-256 (default)
	RSASHA512    = xmldsig.RSASHA512    // RSA PKCS#1 v1.5 with SHA-512
	RSAPSSSHA256 = xmldsig.RSAPSSSHA256 // RSASSA-PSS with SHA-256 (RFC 6931)
	RSAPSSSHA512 = xmldsig.RSAPSSSHA512 // RSASSA-PSS with SHA-512 (RFC 6931)
)

// SignOptions configures Sign. Nil means RSA-SHA256, no certificate in
// KeyInfo, crypto/rand.
type SignOptions struct {
	Method       string              // SignatureMethod URI (RSASHA256, RSAPSSSHA256, …)
	Certificates []*x509.Certificate // written into KeyInfo (informational only)
	Rand         io.Reader           // randomness for RSASSA-PSS
}

// Sign adds an enveloped XML signature (exclusive canonicalization,
// Reference URI="" over the whole message) as the last child of the root
// element, where XÖV schemas such as XWasser's vorgang.transportieren.2010
// place ds:Signature. key must be an RSA key.
func Sign(data []byte, key crypto.Signer, opts *SignOptions) ([]byte, error) {
	var o SignOptions
	if opts != nil {
		o = *opts
	}
	doc, err := parseDoc(data)
	if err != nil {
		return nil, err
	}
	for _, c := range doc.Root().ChildElements() {
		if c.Tag == "Signature" && c.NamespaceURI() == xmldsig.Namespace {
			return nil, &ozg.Error{Code: ozg.FailedPrecondition, Op: "xoev.Sign", Err: errors.New("message is signed already")}
		}
	}
	if err := xmldsig.SignEnveloped(doc.Root(), key, &xmldsig.SignOptions{Method: o.Method, Certificates: o.Certificates, Rand: o.Rand}); err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.Sign", Err: err}
	}
	out, err := doc.WriteToBytes()
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Internal, Op: "xoev.Sign", Err: err}
	}
	return out, nil
}

// VerifyOptions configures Verify.
type VerifyOptions struct {
	// AllowSHA1 accepts RSA-SHA1 and SHA-1 digests from legacy senders.
	AllowSHA1 bool
}

// Verified is a message whose signature verified.
type Verified struct {
	// Canonical is the canonical form of the signed message without the
	// signature: exactly what the signature covers.
	Canonical []byte
	// Header is decoded from Canonical.
	Header *Header
	// Certificate is the given certificate whose key verified.
	Certificate *x509.Certificate
	// Method is the signature method URI.
	Method string
}

// Verify checks the enveloped signature on the root element of data with
// the given certificates only (never a key from KeyInfo) and returns the
// verified content. Read the message from Verified.Canonical, not from
// data: only those bytes are covered.
//
// Errors are *ozg.Error: Unauthenticated when the signature is missing or
// does not verify, InvalidArgument for malformed input or algorithms that
// are not allowed. They wrap the internal sentinel errors' messages.
func Verify(data []byte, certs []*x509.Certificate, opts *VerifyOptions) (*Verified, error) {
	var o VerifyOptions
	if opts != nil {
		o = *opts
	}
	doc, err := parseDoc(data)
	if err != nil {
		return nil, err
	}
	v, err := xmldsig.Verify(doc.Root(), xmldsig.VerifyOptions{Certificates: certs, AllowDocumentURI: true, AllowSHA1: o.AllowSHA1})
	if err != nil {
		code := ozg.Unauthenticated
		if errors.Is(err, xmldsig.ErrMalformed) || errors.Is(err, xmldsig.ErrAlgorithm) {
			code = ozg.InvalidArgument
		}
		return nil, &ozg.Error{Code: code, Op: "xoev.Verify", Err: err}
	}
	h, err := DecodeHeader(v.Canonical)
	if err != nil {
		return nil, err
	}
	return &Verified{Canonical: v.Canonical, Header: h, Certificate: v.Certificate, Method: v.Method}, nil
}

func parseDoc(data []byte) (*etree.Document, error) {
	if len(data) > MaxMessageSize {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev", Err: errors.New("message too large")}
	}
	if bytes.Contains(data, []byte("<!DOCTYPE")) || bytes.Contains(data, []byte("<!ENTITY")) {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev", Err: errors.New("DOCTYPE not allowed")}
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev", Err: err}
	}
	if doc.Root() == nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev", Err: errors.New("no root element")}
	}
	return doc, nil
}
