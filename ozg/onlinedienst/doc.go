// Package onlinedienst holds online-service definitions that one authority
// builds and others reuse (EfA, "Einer für Alle"): "a digital process built
// once can be transferred to other bodies, so no authority reinvents the
// wheel".
//
// A Definition is data (JSON, Format "baukasten.onlinedienst/1", with a
// JSON Schema of its own: Schema): the LeiKa key and name, the FIM
// Stammdatenschema (id and version, or the embedded XDatenfelder file),
// the required trust level, the fee rule (a fixed amount or a table keyed
// by a form field, with Verwendungszweck and booking data templates), the
// attachments asked for, the delivery (FIT-Connect destination found by
// routing, or a fixed destination), the citizen notifications, the
// e-invoice profile for fees, the parameters an authority must supply and
// the texts it may override. Load checks a definition against the JSON
// Schema and the rules the schema cannot express (placeholders name
// declared parameters, notification texts exist, …).
//
// An authority that takes a definition over supplies only its Parameters:
// ARS, name, Leitweg-ID, payment originator and endpoint with a reference
// to the credentials, the FIT-Connect client, the BundID service-provider
// configuration, text overrides and the values of the declared parameters
// (e.g. its tax rates). Bind validates definition and parameters as a
// whole and names every missing, conflicting or invalid parameter.
//
// Sign signs a definition for export with the JOSE core of
// messaging/fitconnect (compact JWS, PS512, typ JWSType, payload the
// definition's canonical JSON) with the publisher's key; Import verifies it
// with the publishers' JSON Web Key Set and refuses unsigned definitions
// unless AllowUnsigned is set, and tampered ones always.
//
// A Runner wires a bound Dienst to antrag (form, lifecycle, store),
// payment (fee with booking data), servicekonto (Dienst.ServicekontoConfig
// completes a servicekonto.Config with the authority's SP parameters and
// the required trust level; Submit enforces the level of the login),
// routing (an antrag.Router: zufi.Directory.Router over XZuFi data, or
// antrag/fitconnectrouter over the FIT-Connect Routing API) and delivery
// (a Sender; MessagingSender over the portable messaging client, with the
// application ID as idempotency key), so a second municipality runs the
// same service by changing only parameters. Details maps an application's
// payment, identification report and reference, plus the reply channel
// the applicant chose (RunnerOptions.ReplyChannel, e.g. PostboxReply),
// onto messaging.Details, the FIT-Connect metadata paymentInformation,
// authenticationInformation, replyChannel and additionalReferenceInfo;
// portals that call messaging.Client.Send themselves use it too. A web
// portal gives each payment attempt its own idempotency key and return URL
// (Runner.PayWith), records a payment its return handler or poller already
// fetched (Runner.RecordPayment), finds the messaging outbox entry of a
// delivery by SubmissionKey, and shows the fee rule with the authority's
// amounts before the form is filled (Dienst.Rates); examples/buergerservice
// runs the dog-tax definition this way. Dienst.Invoice issues the
// e-invoice for a fee in the definition's profile (XRechnung, UBL or CII),
// with the authority as seller addressed by its Leitweg-ID.
//
// # Errors
//
// Load returns InvalidArgument wrapping a *DefinitionError with one
// Finding (JSON pointer and message) per defect. Bind returns
// InvalidArgument wrapping a *ParameterError with one Problem per
// parameter (kind fehlt, widerspricht or ungueltig). Import returns
// PermissionDenied wrapping ErrUnsigned or ErrSignature. Runner steps
// return the antrag errors (FailedPrecondition for a step out of order,
// PermissionDenied for a too-low trust level), InvalidArgument wrapping an
// *AttachmentError or *FeeError. When Submit has recorded the submission
// but cannot deliver it, its error wraps a *DeliveryError naming the step
// (route, send, record) with the cause's code — Unavailable for an
// unclassified cause, FailedPrecondition when routing finds no verified
// destination — and the application stays Submitted.
//
// # Submission and delivery
//
// Submit records the submission first (state Submitted: the applicant's
// act under § 9a OZG; the data and the declaration the applicant
// confirmed can no longer change) and only then routes and sends. A failed
// delivery is retried by calling Submit again on the Submitted
// application: it sends the same frozen application to the destination
// recorded on the first attempt (it routes only if none was recorded, so
// a changed directory cannot redirect a half-sent submission) with the
// same idempotency key (the application ID), so the messaging outbox
// resumes an interrupted send and never delivers twice, and it records the
// forwarding once delivered. Routing and sending before the transition
// was rejected: between a failed attempt and its retry the applicant could
// edit and confirm other data, while the outbox, keyed by the application,
// may already hold (or have delivered) the first version — what arrives
// would not be what the recorded declaration covers.
//
// # Testing
//
// The tests run the dog-tax definition (testdata) for two Rhineland-
// Palatinate authorities — Verbandsgemeinde Pellenz and Stadt Andernach —
// with the in-memory payment provider, routing through zufi's XZuFi test
// data with verified destinationSignatures, and a recording Sender in
// front of MessagingSender over the in-memory messaging driver, where the
// receiving side checks the details that arrive. Fuzz
// targets cover Load and Import.
package onlinedienst
