// Package servicekonto is a SAML 2.0 service provider for the German
// service accounts: BundID, the Länder accounts federated through FINK
// (such as rlpServiceKonto) and the SAML login of Mein Unternehmenskonto.
// A municipal online service uses it to log a citizen in and to learn who
// they are and how strongly they were identified (Vertrauensniveau).
//
// # Logging in
//
// New takes a Config: the SP's entityID and ACS URL, its signing key (for
// AuthnRequests and metadata) and a separate decryption key (for encrypted
// assertions), the IdP metadata (ParseIdPMetadata: entityID, all signing
// certificates for key rollover, SSO endpoints; FetchIdPMetadata downloads
// it), the minimum trust level, the requested attributes and the BundID
// display information.
//
// StartLogin builds an AuthnRequest — a fresh ID that never starts with a
// digit, ForceAuthn="true", RequestedAuthnContext Comparison="minimum" with
// STORK-QAA-Level-N, and the AKDB extension version 2 (namespace
// https://www.akdb.de/request/2018/09: RequestedAttributes, optional
// AuthnMethods, DisplayInformation with OrganizationDisplayName, Lang,
// BackURL and OnlineServiceId) — signs it (RSA-SHA256 or RSASSA-PSS),
// records its ID in the RequestStore and returns it for the HTTP-POST
// binding (auto-submitting form, preferred) or the HTTP-Redirect binding
// (DEFLATE, query-string signature over SAMLRequest&RelayState&SigAlg).
// RelayState is limited to 80 bytes. LoginHandler and ACSHandler wrap both
// ends as http.Handlers; Metadata writes the SP's metadata.
//
// # Verifying a response
//
// ProcessResponse is hard: every deviation is a rejection with a Reason.
// The order of the checks is
//
//  1. size limit, then a byte scan that refuses any DOCTYPE (XXE, billion
//     laughs), foreign processing instructions and deep nesting before a
//     DOM is built; then the one parse;
//  2. structure on the received tree: no ID twice, no Assertion or
//     Response anywhere but in its place, exactly one (Encrypted)Assertion
//     as a direct child of the Response (signature wrapping, XSW1–8);
//  3. the response signature if present; from then on only the verified
//     copy is read (package internal/xmldsig returns the element re-parsed
//     from exactly the bytes the digest covers);
//  4. Destination = ACS, Issuer = IdP, Status Success (RequestDenied and
//     BundID's JSON StatusDetail become a *StatusError);
//  5. decryption of an EncryptedAssertion (RSA-OAEP in both identifiers
//     with SHA-1/SHA-256 digests and MGF1; AES-256-GCM, AES-128-GCM; RSA
//     1.5 and AES-CBC only with Legacy) and the same pre-scan on the
//     plaintext;
//  6. the assertion signature — the assertion must be signed, or, when it
//     was encrypted, the response signature must cover the ciphertext
//     (encrypted-then-signed); keys only from the IdP metadata, never from
//     KeyInfo; the Reference must be "#" + the signed element's own ID;
//     exclusive c14n; RSA-SHA256/384/512 and RSASSA-PSS with the salt length
//     pinned to the hash length; SHA-1 only with Legacy.AllowSHA1;
//  7. on the verified assertion: Issuer, a bearer SubjectConfirmation with
//     Recipient = ACS, NotOnOrAfter and InResponseTo, Conditions with clock
//     skew, AudienceRestriction naming the SP, the trust level of the
//     AuthnContextClassRef at least the required one;
//  8. the assertion ID must be new (ReplayStore, kept until the assertion
//     expires) and InResponseTo must be a pending request, which is used up
//     (RequestStore); unsolicited responses only with AllowUnsolicited.
//
// Attribute values are read whole from the verified element, so a comment
// or CDATA section inside a value cannot truncate it.
//
// # Identity
//
// The Identity holds an ozg.Person filled from the BundID attributes (by
// Name, never FriendlyName; the documented copy-paste variants with a space
// after "urn:oid:" or a trailing space are accepted), bPK2 and the postbox
// handle, the login's trust level, the akdb:TrustLevel of each attribute in
// either vocabulary (UNTERGEORDNET…HOCH or STORK-QAA-Level-N), never above
// the login's level, AssertionProvedBy (parsed into Person.LoginMethod) and
// applicationId. Identity and Person print redacted.
//
// # Errors
//
// Rejections are *ozg.Error values with code Unauthenticated wrapping a
// *Rejection; ReasonOf(err) returns its Reason, an exported enum whose
// String is the stable reason code ("signature", "replay", "wrapping", …).
// A failing store gives code Unavailable, bad configuration
// InvalidArgument or FailedPrecondition. Messages and log records carry
// IDs, URLs of the parties and algorithm names, never attribute values or
// key material. The handlers never show error detail to the browser.
//
// # Testing
//
// Package servicekontotest is a fake IdP (httptest) that reads the signed
// AuthnRequest, answers like BundID (signed with PKCS#1 v1.5 or PSS,
// encrypted with AES-256-GCM) and produces every broken variant an attacker
// or a broken IdP sends; the tests here run every check against it and
// assert the exact Reason. Interoperability is checked with Debian's
// xmlsec1 (AuthnRequest and metadata verify under xmlsec1 --verify; an
// assertion signed by xmlsec1 --sign verifies here); those tests skip when
// xmlsec1 is missing, except with CI set, where they fail. Fuzz targets
// cover the response parser, the pre-scan (differentially against
// encoding/xml) and the Redirect-binding decoder. BenchmarkProcessResponse
// reports the end-to-end cost as a multiple of the bare cryptography.
package servicekonto
