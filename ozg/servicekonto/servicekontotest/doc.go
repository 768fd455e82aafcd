// Package servicekontotest provides a fake SAML identity provider that
// behaves like BundID, for tests of service providers built on package
// servicekonto (and of vendors' own rejection paths), and a conformance
// suite for RequestStore and ReplayStore implementations.
//
// New starts an httptest server with GET /metadata and GET or POST /sso.
// The IdP reads and verifies the signed AuthnRequest (Redirect or POST
// binding), and answers with an auto-submitting form that posts a response
// to the SP's ACS: the assertion signed (RSA-SHA256 by default, RSASSA-PSS
// on request) and encrypted (RSA-OAEP, AES-256-GCM), with a configurable
// identity (Attributes) and trust level. Answer and Respond do the same
// without a browser. ResponseOptions.Attack selects the broken variants:
// unsigned, signature stripped, tampered value, attacker key in KeyInfo,
// XSW1–XSW8, second unsigned assertion, duplicate ID, expired, not yet
// valid, wrong audience, recipient, InResponseTo, destination or issuer,
// replay, DOCTYPE/XXE, billion laughs, comment injection, CDATA split,
// tampered signed response, no bearer confirmation, RequestDenied,
// Responder error and SHA-1.
//
// The keys are fixed, embedded 3072-bit test keys (the minimum of BSI
// TR-03116-4; never use them in production): IdPSigning, IdPRollover (also
// in the metadata), Attacker, SPSigning and SPEncryption.
//
// # Errors
//
// ReadAuthnRequest returns an error for an unsigned or wrongly signed
// request; the HTTP endpoint answers it with 400. Respond fails only if a
// key operation fails.
//
// # Testing
//
// The package's own tests run the store conformance suite on the in-memory
// stores and check the IdP's metadata and request handling; the fake is
// exercised in depth by the tests of package servicekonto.
package servicekontotest
