// Package xbezahldienste is the payment provider for the XBezahldienste
// standard (FITKO, official since 3 November 2023, API 1.0.0), the one
// REST/JSON interface in front of ePayBL, pmPayment, ePay21 and other
// operators' payment platforms. Use it through payment.NewClient:
//
//	p, err := xbezahldienste.New("https://epay.example/api", "originator", "endpoint",
//		&xbezahldienste.Options{Auth: &xbezahldienste.ClientCredentials{...}})
//	client := payment.NewClient(p, nil)
//
// It implements POST /paymenttransaction/{originatorId}/{endPointId},
// GET /paymenttransaction/{originatorId}/{endPointId}/{transactionId} and
// GET /status/{originatorId}/{endPointId} with every field of the 1.0.0
// request and response (PaymentRequest, PaymentItem with bookingData,
// Requestor, Address, PaymentInformation); amounts are decimals, written as
// JSON numbers with two fraction digits; "grosAmount" is the standard's
// spelling and "grossAmount" is accepted when reading. Path ids, request
// ids and item ids are 1 to 36 characters of [A-Za-z0-9_-] (the standard's
// ^[\w\d-]+$); purpose is at most 27 characters of letters, digits,
// whitespace, _ and - (payment.Client cleans it with
// payment.XBezahldienstePurpose); descriptions are at most 250 characters
// of letters including Latin-1 and Latin Extended-A, digits, whitespace
// and _ - , . (payment.CleanDescription); amounts are at most 999999 and
// quantities 1 to 999999. INITIAL maps to Created, PAYED to Paid,
// CANCELED to Canceled, FAILED to Failed. The standard has no callbacks,
// no cancellation and no refunds: use payment.Poller, and expect
// Cancel/Refund to fail with code Unimplemented.
//
// Idempotency: a retried create with the same requestId gets
// PAYMENT_EXISTS. The Provider resolves it to the existing transaction
// through the problem's "instance" URL or a Location header when the
// platform sends one, or through the transactions it created itself;
// 1.0.0 defines no lookup by requestId, so a restarted process facing a
// platform that sends neither gets the PAYMENT_EXISTS error (code
// AlreadyExists) and must look the transaction id up in its own records.
//
// Authentication is not part of the standard and differs per operator:
// BasicAuth, ClientCredentials (OAuth 2.0 client credentials with a cached,
// renewed token) as an Authenticator, and client certificates (mutual TLS)
// from PEM or PKCS#12 with NewTLSClient. Presets per operator are not
// included: their authentication details are not public.
//
// # Errors
//
// Error responses (application/problem+json) become a *ProblemError with
// the HTTP status and the decoded Problem; ErrorCode maps its
// functionalCode — PAYMENT_EXISTS to AlreadyExists; CALCULATION_ERROR,
// BOOKING_DATA_MISSING and VALIDATION_ERROR to InvalidArgument;
// NO_VALID_ORIGINATOR_OR_ENDPOINT to FailedPrecondition (a configuration
// error); FORBIDDEN to Unauthenticated (401) or PermissionDenied — and
// otherwise the HTTP status (404 NotFound, 408/429/5xx Unavailable) to an
// ozg.Code. Connection failures are Unavailable, so payment.Client
// retries them; a malformed answer wraps ErrInvalidResponse. ProblemError
// messages leave out the detail, which may echo request data.
//
// # Testing
//
// Package xbezahldienstetest is a fake platform on httptest with the
// standard's validation, a payment page and fault injection. The tests
// run the drivertest conformance suite against it, a fault test (1,000
// concurrent creates under injected timeouts, 5xx and dropped responses
// end with exactly one payment per request id), table tests of the
// problem mapping, authentication tests (Basic, OAuth 2.0, mTLS with PEM
// and PKCS#12), a fuzz test of DecodeProblem, and benchmarks of Create
// over HTTP against a bare HTTP round trip.
package xbezahldienste
