package servicekonto

import (
	"errors"
	"strconv"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Reason says why a SAML message was rejected. Every rejection of
// ProcessResponse and of the binding decoders carries exactly one Reason;
// the values never change, so they may be stored, counted and alerted on.
type Reason int

// The rejection reasons.
const (
	// ReasonNone is the zero value: not a rejection.
	ReasonNone Reason = iota
	// ReasonMalformed: not base64, not well-formed XML, or not the SAML
	// structure (wrong root, missing or repeated mandatory element).
	ReasonMalformed
	// ReasonTooLarge: the message is over the size limit.
	ReasonTooLarge
	// ReasonDoctype: the document has a DOCTYPE (DTD, entity declarations,
	// XXE, billion laughs) — refused before any DOM is built.
	ReasonDoctype
	// ReasonInflate: the DEFLATE data of the Redirect binding is corrupt or
	// inflates beyond the limit.
	ReasonInflate
	// ReasonStatus: the IdP answered with a status other than Success.
	ReasonStatus
	// ReasonRequestDenied: the status is Requester/RequestDenied, usually
	// because the person cancelled the login.
	ReasonRequestDenied
	// ReasonDestination: Response/@Destination is not the ACS URL.
	ReasonDestination
	// ReasonIssuer: the Issuer of the response or assertion is not the IdP.
	ReasonIssuer
	// ReasonDuplicateID: an ID attribute value occurs more than once.
	ReasonDuplicateID
	// ReasonWrapping: an Assertion occurs anywhere but as a direct child of
	// the Response (signature wrapping, XSW).
	ReasonWrapping
	// ReasonAssertionCount: not exactly one (Encrypted)Assertion.
	ReasonAssertionCount
	// ReasonUnsigned: the assertion is not covered by a signature.
	ReasonUnsigned
	// ReasonSignature: a signature value does not verify with any of the
	// IdP metadata's signing certificates.
	ReasonSignature
	// ReasonDigest: a signed element was changed after signing.
	ReasonDigest
	// ReasonReference: a signature's Reference does not point at the element
	// that carries it, or the signature structure is not the allowed one.
	ReasonReference
	// ReasonAlgorithm: a signature, digest, key transport or content
	// encryption algorithm is unknown or not allowed (SHA-1, RSA 1.5 and
	// AES-CBC need their legacy options).
	ReasonAlgorithm
	// ReasonDecryption: the EncryptedAssertion does not decrypt.
	ReasonDecryption
	// ReasonSubjectConfirmation: no bearer SubjectConfirmation.
	ReasonSubjectConfirmation
	// ReasonRecipient: SubjectConfirmationData/@Recipient is not the ACS URL.
	ReasonRecipient
	// ReasonInResponseTo: InResponseTo of response and assertion disagree.
	ReasonInResponseTo
	// ReasonUnknownRequest: InResponseTo is not a pending request of this SP
	// (never issued, already used or expired).
	ReasonUnknownRequest
	// ReasonUnsolicited: the response answers no request and unsolicited
	// responses are not enabled.
	ReasonUnsolicited
	// ReasonExpired: NotOnOrAfter of the conditions or the subject
	// confirmation has passed (with the allowed clock skew).
	ReasonExpired
	// ReasonNotYetValid: Conditions/@NotBefore is in the future.
	ReasonNotYetValid
	// ReasonAudience: an AudienceRestriction does not name this SP.
	ReasonAudience
	// ReasonReplay: the assertion ID has been seen before.
	ReasonReplay
	// ReasonTrustLevel: the login's trust level is below the required
	// minimum, or missing.
	ReasonTrustLevel
	// ReasonRelayState: the RelayState is over 80 bytes or not printable.
	ReasonRelayState
	// ReasonBinding: the HTTP request is not a valid binding message
	// (method, parameters, query-string signature).
	ReasonBinding
)

var reasonNames = [...]string{
	ReasonNone:                "none",
	ReasonMalformed:           "malformed",
	ReasonTooLarge:            "too-large",
	ReasonDoctype:             "doctype",
	ReasonInflate:             "inflate",
	ReasonStatus:              "status",
	ReasonRequestDenied:       "request-denied",
	ReasonDestination:         "destination",
	ReasonIssuer:              "issuer",
	ReasonDuplicateID:         "duplicate-id",
	ReasonWrapping:            "wrapping",
	ReasonAssertionCount:      "assertion-count",
	ReasonUnsigned:            "unsigned",
	ReasonSignature:           "signature",
	ReasonDigest:              "digest",
	ReasonReference:           "reference",
	ReasonAlgorithm:           "algorithm",
	ReasonDecryption:          "decryption",
	ReasonSubjectConfirmation: "subject-confirmation",
	ReasonRecipient:           "recipient",
	ReasonInResponseTo:        "in-response-to",
	ReasonUnknownRequest:      "unknown-request",
	ReasonUnsolicited:         "unsolicited",
	ReasonExpired:             "expired",
	ReasonNotYetValid:         "not-yet-valid",
	ReasonAudience:            "audience",
	ReasonReplay:              "replay",
	ReasonTrustLevel:          "trust-level",
	ReasonRelayState:          "relay-state",
	ReasonBinding:             "binding",
}

// String returns the reason code, e.g. "signature" or "replay", as the
// command line prints it; "Reason(N)" for an undefined value.
func (r Reason) String() string {
	if r >= 0 && int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return "Reason(" + strconv.Itoa(int(r)) + ")"
}

// MarshalText encodes the reason as its code.
func (r Reason) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Rejection is the cause of every refused message: a Reason, a detail for
// logs (IDs, element and algorithm names, never personal data or key
// material) and the underlying error, if any.
type Rejection struct {
	Reason Reason
	Detail string
	Err    error
}

// Error formats the rejection as "rejected: <reason-code>: <detail>".
func (r *Rejection) Error() string {
	s := "rejected: " + r.Reason.String()
	if r.Detail != "" {
		s += ": " + r.Detail
	}
	return s
}

// Unwrap returns the underlying error.
func (r *Rejection) Unwrap() error { return r.Err }

// ReasonOf returns the Reason of the first *Rejection in err's chain, or
// ReasonNone.
func ReasonOf(err error) Reason {
	var r *Rejection
	if errors.As(err, &r) {
		return r.Reason
	}
	return ReasonNone
}

// maxDetail bounds Rejection.Detail, which may quote attacker-chosen
// values such as a Destination URL.
const maxDetail = 200

// reject builds the *ozg.Error with code Unauthenticated that wraps a
// *Rejection.
func reject(op string, reason Reason, detail string, cause error) error {
	if len(detail) > maxDetail {
		detail = strings.ToValidUTF8(detail[:maxDetail], "") + "…"
	}
	return &ozg.Error{Code: ozg.Unauthenticated, Op: op, Err: &Rejection{Reason: reason, Detail: detail, Err: cause}}
}

// StatusError is the cause of ReasonStatus and ReasonRequestDenied: the
// SAML status the IdP sent. BundID adds a JSON object in StatusDetail when
// the AuthnRequest set EnableStatusDetail; its members are in Detail.
type StatusError struct {
	Code    string // top-level StatusCode, e.g. urn:oasis:names:tc:SAML:2.0:status:Requester
	SubCode string // second-level StatusCode, e.g. ...:status:RequestDenied
	Message string // StatusMessage
	// Detail holds the members of the JSON object in StatusDetail (string
	// values as they are, other values in their JSON form); nil if absent.
	Detail map[string]string
}

// Error names the status codes; the StatusMessage is left out because an
// IdP may put personal data there.
func (e *StatusError) Error() string {
	s := "status " + e.Code
	if e.SubCode != "" {
		s += " / " + e.SubCode
	}
	return s
}
