// Package xmldsig is the XML Signature core shared by the XÖV message
// signatures (package xoev) and the SAML service provider
// (ozg/servicekonto): enveloped signatures over one element, exclusive XML
// canonicalization, RSA PKCS#1 v1.5 (SHA-256/384/512) and RSASSA-PSS
// (RFC 6931 "xmldsig-more#shaNNN-rsa-MGF1", MGF1 with the same hash, salt
// length = hash length).
//
// It builds on github.com/beevik/etree for the tree and on
// github.com/russellhaering/goxmldsig for exclusive canonicalization; the
// signature logic itself is here because goxmldsig knows no RSASSA-PSS and
// takes verification keys from KeyInfo.
//
// The verifier is deliberately narrow, because every XML signature bypass
// came from verifying one thing and reading another:
//
//   - the key comes only from the certificates the caller passes; KeyInfo is
//     never used to pick or build a key;
//   - the signature must be a direct child of the element being verified,
//     with exactly one Reference whose URI is "#" + that element's own ID
//     (or "" for the document element when the caller allows it), and the
//     ID must be unique in the document;
//   - only the enveloped-signature and exclusive canonicalization transforms
//     are accepted; SHA-1 only with [VerifyOptions.AllowSHA1];
//   - the result is the canonical bytes of the verified element (signature
//     removed) and a fresh element parsed from exactly those bytes, so a
//     caller reads only what was verified.
//
// # Errors
//
// Verify returns errors that wrap one of the sentinels ErrNoSignature,
// ErrMalformed, ErrAlgorithm, ErrReference, ErrDigest and ErrSignature, so
// callers can branch with errors.Is and map them to their own reason codes.
// Messages never contain key material or document content beyond IDs and
// algorithm URIs.
//
// # Testing
//
// The tests sign with this package and verify with Debian's xmlsec1, and
// verify documents signed by xmlsec1 (RSASSA-PSS, which xmlsec1 1.2 lacks,
// is cross-checked with openssl on xmlsec1's canonical SignedInfo). They
// skip when the tools are missing unless CI is set, in which case they fail.
package xmldsig
