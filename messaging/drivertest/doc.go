// Package drivertest is the conformance suite for messaging drivers:
// RunConformanceTests drives a fresh driver per subtest (built by a
// Harness) through the portable *messaging.Client: send, list, receive,
// accept, reject, idempotent resend, pagination, error codes, the round
// trip of Submission.Details (payment, proofs of identification, every
// kind of reply channel, reference) and their refusal when invalid and,
// when the harness has a Clock, the 14-day auto-reject.
//
// # Errors
//
// The suite reports failures through testing.T as "got X, want Y"; it
// checks that drivers classify errors into the expected ozg codes
// (NotFound, FailedPrecondition, InvalidArgument).
//
// # Testing
//
// The in-memory driver (messaging/messagingtest) and the FIT-Connect
// adapter against its fake server (messaging/fitconnect) run this suite in
// their own tests.
package drivertest
