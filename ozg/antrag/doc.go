// Package antrag is application management (Antragsmanagement): it turns a
// federal FIM form definition into an online application and carries the
// application to the responsible authority.
//
// # Forms
//
// NewForm compiles a Stammdatenschema read by package xoev/xdatenfelder
// (XDatenfelder 2.0 or 3.0.0, code lists resolved through xoev/genericode).
// A Form gives
//
//   - JSONSchema: a JSON Schema (draft 2020-12) in the shape FIT-Connect
//     senders use: an object keyed by FIM element ID, groups nested as
//     objects, elements with max > 1 as arrays (minItems/maxItems),
//     praezisierung as minLength/maxLength/minimum/maximum/pattern (the
//     XML Schema pattern anchored), code-list fields as enum of the list's
//     codes, date/time/datetime with format, bool as boolean, num_int as
//     integer, num_currency with multipleOf 0.01, file as the UUID of a
//     FIT-Connect attachment; label fields carry no data and are left out;
//   - Validate: checks submission data directly against the XDatenfelder
//     structure and then against the JSON Schema with
//     santhosh-tekuri/jsonschema/v6, reporting every violation with the FIM
//     element path (G00000253/G60000088/G60000086/F60000246), the field's
//     label, the rule and a German and an English message;
//   - Describe: a JSON-serialisable description (ordered tree of groups and
//     fields with labels, help texts, types, cardinalities and select
//     options) from which a web front end renders the form;
//   - PrefillPerson: the harmonised FIM fields of a group (name, birth
//     date, address, contact) filled from the identity the login reported.
//
// # Applications
//
// An Antrag carries the form data, attachments (with SHA-512), the LeiKa
// key, the ARS of the area, the required trust level and the fee
// (decimal.Decimal). A Machine (with an injectable clock) moves it through
// its lifecycle and records every transition with time and actor:
//
//	draft → reviewed → [paid] → submitted → forwarded → accepted | rejected → decided
//	any state before decided (except rejected) → withdrawn; reviewed → draft on edit
//
// Review requires that the full declaration and the warning against hasty
// submission were shown and the warning acknowledged (§ 9a OZG); Pay is
// only possible when a fee applies and must match it; Submit refuses a
// login below the required trust level and keeps the declaration as the
// applicant's copy (§ 9a (4) OZG). Metadata returns the FIT-Connect
// metadata fields publicServiceType, submissionSchema, paymentInformation
// and authenticationInformation plus the SHA-512 hashes of data and
// attachments.
//
// Store keeps applications (MemStore in memory, optimistic concurrency by
// Revision). Router finds the responsible authorities and FIT-Connect
// destinations for a LeiKa key in an area; the responsibility data
// (Zustaendigkeit, Leistung, Organisationseinheit, Gebiet, Onlinedienst,
// Destination) are plain structs. The FIT-Connect routing adapter lives in
// ozg/antrag/fitconnectrouter; antragtest has an in-memory Router and the
// conformance suites for Router and Store.
//
// # Errors
//
// Operational errors are *ozg.Error. NewForm: InvalidArgument (duplicate
// element in a group, pattern that does not compile, naming the element
// path). Validate: InvalidArgument only when the data are not JSON;
// violations are a Report, not an error. Lifecycle: FailedPrecondition
// wrapping a *TransitionError (action, state, failed condition) for an
// illegal transition; PermissionDenied wrapping ErrTrustLevel when the
// login's trust level is too low; Review returns InvalidArgument with the
// Report when the data are invalid. Store: NotFound, AlreadyExists,
// FailedPrecondition for a stale Revision. Messages never contain form
// values or personal data.
//
// # Testing
//
// The tests read the real FIM schema S00000094 V1.0 and its code lists
// (owned by xoev/xdatenfelder's testdata), validate hand-built sample data
// and a table of defects — each also checked against the generated JSON
// Schema as an independent oracle — and drive the hand-written Hundesteuer
// schema (testdata, not an official FIM schema) through the lifecycle with
// a fake clock. FuzzValidate checks that the structural check and the JSON
// Schema agree on every input; BenchmarkValidate measures validation of
// the filled S00000094 form against BenchmarkBaselineDecode.
package antrag
