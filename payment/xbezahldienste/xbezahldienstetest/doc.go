// Package xbezahldienstetest provides a fake XBezahldienste 1.0.0 server on
// net/http/httptest for tests over real HTTP: the endpoints
// POST /paymenttransaction/{originatorId}/{endPointId},
// GET /paymenttransaction/{originatorId}/{endPointId}/{transactionId} and
// GET /status/{originatorId}/{endPointId} with the standard's validation and
// problem responses, plus a payment page that a test (or a person with a
// browser) can pay or cancel on. Faults — delays, 5xx answers, responses
// dropped after the payment was created — can be injected per request.
//
// It is a test double, not for production: everything is kept in memory.
//
// # Errors
//
// The server answers errors as application/problem+json with the
// XBezahldienste functionalCode: NO_VALID_ORIGINATOR_OR_ENDPOINT (404),
// VALIDATION_ERROR (400), CALCULATION_ERROR (400), BOOKING_DATA_MISSING
// (400), PAYMENT_EXISTS (409, with the existing transaction's URL in
// "instance" unless Options.HideExisting), FORBIDDEN (401) and UNSPECIFIED
// (404 for an unknown transaction, 503 for an injected failure).
//
// # Testing
//
// The xbezahldienste package runs the drivertest conformance suite and the
// fault test against this server; server_test.go checks its validation.
package xbezahldienstetest
