// Package messagingtest provides an in-memory messaging driver for tests
// and examples, with behaviour doubles for the recipient: AlwaysAccepts,
// AlwaysRejects and NeverFetched (rejected by the service after 14 days),
// plus a manual Clock. The driver is complete (it passes the drivertest
// conformance suite), deterministic and safe for concurrent use, but keeps
// everything in plaintext in memory: it is not for production.
//
// # Errors
//
// The driver returns ErrNotFound, ErrState, ErrArgument, ErrTampering and
// ErrClosed (wrapped); its ErrorCode maps them to NotFound,
// FailedPrecondition and InvalidArgument.
//
// # Testing
//
// Tamper replaces a stored attachment so tests can check that receivers
// detect it; NewClient returns a portable client over a new driver.
package messagingtest
