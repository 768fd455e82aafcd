// Package driver defines the interface a secure-messaging provider
// implements for the portable *messaging.Client, in the manner of
// database/sql/driver and the gocloud.dev driver packages.
//
// Users do not call drivers directly: the portable client checks arguments,
// keeps the outbox, hashes attachments while they stream, wraps errors once
// with ozg codes and logs. A driver only talks to its provider and returns
// raw errors, which ErrorCode classifies.
//
// # Errors
//
// Drivers return their own errors unwrapped; ErrorCode maps each to an
// ozg.Code (NotFound for an unknown submission, Unavailable for transient
// failures, InvalidArgument for content that fails verification, …).
//
// # Testing
//
// Package messagingtest holds an in-memory driver; package drivertest holds
// the conformance suite every driver must pass.
package driver
