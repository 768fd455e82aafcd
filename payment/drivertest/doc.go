// Package drivertest provides the conformance suite every payment provider
// (driver.Provider) must pass: create, get, the citizen paying and
// canceling, idempotent retries, validation errors, unknown ids,
// cancellation, timeouts and concurrent creates. Provider authors call
// RunConformanceTests from a test with a Harness for their provider.
//
// # Errors
//
// The suite checks that errors classify to the right ozg.Code through the
// provider's ErrorCode and payment.Client: InvalidArgument for a request
// the provider rejects, NotFound for an unknown id, AlreadyExists for a
// request id reused with another amount, Canceled and DeadlineExceeded
// when the context ends, Unimplemented for a missing capability.
//
// # Testing
//
// The suite runs against the in-memory provider (package paymenttest) and
// the XBezahldienste adapter against its fake server in those packages'
// tests.
package drivertest
