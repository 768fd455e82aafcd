// Package paymenttest provides an in-memory payment provider for tests:
// a complete driver.Provider (with the Cancel and Refund capabilities)
// whose simulated citizen follows a Behavior — AlwaysPays, AlwaysDeclines,
// UserCancels, NeverCompletes, FailsTransiently(n) or Manual — with an
// injectable clock and numbered ids, so tests are deterministic. It passes
// the same conformance suite (package drivertest) as the XBezahldienste
// adapter. It is a test double, not for production.
//
//	p := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.UserCancels()})
//	client := payment.NewClient(p, nil)
//
// For tests over real HTTP use the fake XBezahldienste server in package
// xbezahldienste/xbezahldienstetest.
//
// # Errors
//
// The Provider returns *Error values carrying an ozg.Code (NotFound,
// AlreadyExists, InvalidArgument, FailedPrecondition), ErrTransient for
// injected failures (code Unavailable) and the context's error when it
// ends; ErrorCode classifies them, and payment.Client wraps them into
// *ozg.Error.
//
// # Testing
//
// provider_test.go runs drivertest.RunConformanceTests against the
// Provider and tests each Behavior.
package paymenttest
