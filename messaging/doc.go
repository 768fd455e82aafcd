// Package messaging is the portable client for end-to-end encrypted
// delivery of applications (Anträge) from online services to authorities,
// and of messages and status updates to citizens' postboxes.
//
// Users hold one *Client over a provider driver (package driver), in the
// manner of gocloud.dev: the FIT-Connect adapter in package
// messaging/fitconnect, or the in-memory driver of package
// messaging/messagingtest. The Client checks arguments, keeps the outbox,
// hashes attachments with SHA-512 while they stream from their io.Reader,
// wraps every error once with an ozg code and logs it once; a driver only
// talks to its provider.
//
// # Sending
//
// Send announces a submission with the IDs of its attachments, uploads each
// attachment, and submits the structured data and metadata. Each step is
// recorded in the outbox (a Store; MemoryStore by default, a database in
// production) under the IdempotencyKey, so a Send interrupted by a crash
// between announce, upload and submit is resumed by calling Send again with
// the same key, and a submission is never delivered twice. Pending lists
// the sends to resume after a restart. Status follows a submission through
// incomplete → submitted → (forwarded) → accepted | rejected; the delivery
// service rejects a submission nobody accepted within 14 days.
//
// Submission.Details carry what an online service must tell the authority
// besides data and attachments: the Payment (FIT-Connect metadata
// paymentInformation), the proofs of identification (Authentication,
// authenticationInformation), the ReplyChannel (replyChannel) and the
// sender's reference and application date (Reference,
// additionalReferenceInfo). Send checks their code lists and patterns
// before it announces anything; the FIT-Connect adapter writes them into
// the encrypted metadata, which it validates against the metadata schema.
//
// # Receiving
//
// List pages through the submissions waiting at a destination. Receive
// fetches one, decrypts it and verifies every hash (the driver does, and
// the Client checks the attachment hashes once more) and returns the
// sender's Details with the data; Accept or Reject it afterwards.
//
// # Citizen postbox
//
// SendPostboxMessage and SendPostboxStatus reach the central citizen
// postbox through drivers that implement driver.Postbox (FIT-Connect's
// bridge), with the same outbox guarantees as Send.
//
// # Errors
//
// Every error is an *ozg.Error whose Op names the method
// ("messaging.Send") and whose cause is the driver's error, so
// errors.Is(err, ozg.ErrNotFound) and errors.Is(err, fitconnect.ErrHashMismatch)
// both work. Invalid arguments give InvalidArgument naming the field, a
// closed client FailedPrecondition (cause ErrClosed), a driver without
// postbox support Unimplemented. Errors are logged once, at Warn, without
// content.
//
// # Testing
//
// Package messagingtest holds an in-memory driver with behaviour doubles
// (AlwaysAccepts, AlwaysRejects, NeverFetched) and a manual Clock;
// package drivertest holds the conformance suite (RunConformanceTests)
// that the in-memory driver and the FIT-Connect adapter against its fake
// server (messaging/fitconnect/fitconnecttest) both pass.
package messaging
