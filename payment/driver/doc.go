// Package driver defines the interface a payment provider implements to be
// used through the portable *payment.Client, and the optional capability
// interfaces a provider may add. Application code uses package payment; only
// provider authors import this package.
//
// The design follows gocloud.dev: argument checks, request ids, retries,
// error wrapping and logging live once in payment.Client, so a provider only
// translates between these types and its wire protocol and classifies its
// errors with ErrorCode.
//
// # Errors
//
// Providers return their own errors; ErrorCode classifies them into an
// ozg.Code and payment.Client wraps them once into *ozg.Error. Context
// errors must stay recognisable (errors.Is(err, context.Canceled)), and
// transient failures must classify as ozg.Unavailable so the client
// retries them.
//
// # Testing
//
// Every provider runs drivertest.RunConformanceTests; the in-memory
// provider in package paymenttest is the reference implementation.
package driver
