// Package fitconnect is a client of FIT-Connect, the federal transport
// (FITKO) for end-to-end encrypted delivery of applications from online
// services to the systems of the responsible authority (Fachverfahren),
// and an adapter for the portable messaging.Client.
//
// A Client holds the OAuth 2.0 client credentials (tokens cached until
// shortly before expires_in) and an Environment: the presets
// TestEnvironment, StageEnvironment and ProdEnvironment (Submission API v1)
// and their V2 counterparts, or any URLs. For v2 the client announces with
// publicService, takes encryption keys from the Destination API's key set
// and reads the event log per submission; everything else keeps the v1
// resources under /v2. Client.Driver and NewMessagingClient plug it into
// package messaging; the driver writes a submission's Details into the
// metadata members paymentInformation, authenticationInformation,
// replyChannel and additionalReferenceInfo (BuildMetadata) and reads them
// back on receipt.
//
// # Sending
//
// Destination and EncryptionKey fetch a destination (Zustellpunkt) and its
// encryption key; ValidateKey checks the JWK: RSA 4096, e=AQAB, key_ops
// wrapKey, alg RSA-OAEP-256 and an x5c chain to the configured trust
// anchor, with an optional revocation hook. Announce (POST /submissions
// with the announced attachment UUIDs and the LeiKa-based service
// identifier), UploadAttachment (PUT …/attachments/{id}, application/jose)
// and Submit (encrypted metadata and data) follow; EventLog reads the case's
// event log and verifies every SET.
//
// # Crypto
//
// Everything is a compact JWE with alg RSA-OAEP-256 and enc A256GCM, kid
// and cty; decryption refuses every other algorithm (none, RSA1_5, dir, …)
// before touching a key. Encrypt and Decrypt use go-jose for data and
// metadata; Seal and Open are the streaming counterparts for attachments,
// which hold about the attachment's size in memory instead of the several
// copies a []byte-based JWE needs: Seal keeps the compact serialisation
// (1.33×; 2.33× while it hashes the plaintext on a second goroutine, 1.33×
// with NoHash), Open the plaintext (1× plus up to 32 MiB of chunks that a
// second goroutine hashes while the ciphertext is still being decoded).
// Both base64url-encode with a table-driven codec and use every buffer
// once; see the Attachment benchmarks for their speed relative to bare
// AES-256-GCM plus SHA-512. Metadata carries lowercase hex SHA-512
// hashes of the plaintext data and of every attachment and is validated
// against its JSON Schema, selected by $schema from the schemas embedded
// under schemas/ (1.0.0 today; later versions are added as data).
//
// # Receiving
//
// ListSubmissions pages through waiting submissions; Receive fetches one,
// decrypts metadata, data and attachments, validates the metadata, checks
// every hash and the data schema; Accept posts an accept-submission
// Security Event Token (JWS PS512, typ secevent+jwt, $schema, jti, iss,
// iat, sub=submission:<id>, txn=case:<id>, one event) carrying the JWE
// authentication tags; Reject posts one carrying problems. VerifySET checks
// every SET before it is trusted, with the key its issuer publishes (the
// Zustelldienst's JWK set, or the destination's signature keys).
//
// # Callbacks, routing, postbox
//
// VerifyCallbacks is http.Handler middleware that checks
// callback-timestamp (±5 minutes) and callback-authentication (hex
// HMAC-SHA512 over timestamp "." body, constant-time, several secrets for
// rotation) before it hands the parsed submission list to the next
// handler. Routes asks the Routing API by LeiKa key and exactly one of ARS,
// AGS or area ID and returns only destinations whose destinationSignature
// verifies and covers the requested service and area, whose
// destinationParameters.submissionUrl lies on the signed submissionHost,
// and whose destinationParametersSignature, if present, verifies: a
// detached JWS of the Zustelldienst over the parameters in the canonical
// form of CanonicalJSON (members sorted, insignificant whitespace removed),
// checked with the Zustelldienst's JWK set (VerifyDestinationParameters).
// Package ozg/antrag/fitconnectrouter builds an antrag.Router on Routes.
// PostboxMessage and
// PostboxStatus (driver.Postbox) wrap messages and status updates for the
// citizen's postbox into the signed envelope of the FIT-Connect bridge.
//
// # Errors
//
// Cryptographic failures wrap one sentinel each (ErrDecryption,
// ErrAlgorithmNotAllowed, ErrMalformedJWE, ErrHashMismatch, ErrSignature,
// ErrUnknownKey, ErrSETClaims, ErrSETEvents, ErrInvalidKey,
// ErrUntrustedKey, ErrCallbackSignature, ErrCallbackStale,
// ErrRouteUnsigned, ErrRouteMismatch, ErrMetadataInvalid); metadata
// violations come as a *MetadataError listing each Violation with its JSON
// pointer and schema rule. HTTP errors are RFC 7807 *Problem values.
// ErrorCode maps all of them to ozg codes. GET, PUT and the token request
// are retried with exponential back-off and jitter after network errors,
// 408, 429 and 5xx, honouring Retry-After; POSTs are never retried. Error
// messages carry no content, tokens or secrets.
//
// # Testing
//
// Package fitconnecttest is an httptest fake Zustelldienst with test keys
// under a generated test CA; the adapter passes the drivertest
// conformance suite against it. The interop test runs the npm package jose
// (pinned in testdata/jose-interop/package-lock.json; install it with
// npm ci --prefix messaging/fitconnect/testdata/jose-interop) to decrypt and
// verify what this package makes and the other way round; it skips when
// node or jose is missing unless CI is set.
package fitconnect
