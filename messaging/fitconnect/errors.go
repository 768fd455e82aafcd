package fitconnect

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Sentinel errors, one per way a cryptographic check can fail. Functions
// wrap them with detail; test with errors.Is.
var (
	// ErrMalformedJWE: the input is not a well-formed compact JWE.
	ErrMalformedJWE = errors.New("fitconnect: malformed JWE")
	// ErrAlgorithmNotAllowed: a JWE or JWS names an algorithm outside the
	// allow-list (RSA-OAEP-256 + A256GCM for JWE, PS512 for JWS).
	ErrAlgorithmNotAllowed = errors.New("fitconnect: algorithm not allowed")
	// ErrDecryption: the JWE does not decrypt with the key, or its
	// ciphertext, tag, IV or protected header was altered.
	ErrDecryption = errors.New("fitconnect: decryption failed")
	// ErrHashMismatch: a decrypted payload does not have the SHA-512 hash
	// the metadata announces.
	ErrHashMismatch = errors.New("fitconnect: hash mismatch")
	// ErrMalformedJWS: the input is not a well-formed compact JWS.
	ErrMalformedJWS = errors.New("fitconnect: malformed JWS")
	// ErrSignature: a JWS signature does not verify with the issuer's key.
	ErrSignature = errors.New("fitconnect: signature invalid")
	// ErrUnknownKey: no trusted key has the JWS's kid.
	ErrUnknownKey = errors.New("fitconnect: unknown signing key")
	// ErrSETClaims: a Security Event Token lacks a required claim, has a
	// wrong typ, or its claims do not match the submission.
	ErrSETClaims = errors.New("fitconnect: invalid SET claims")
	// ErrSETEvents: a Security Event Token does not carry exactly one event.
	ErrSETEvents = errors.New("fitconnect: SET must carry exactly one event")
	// ErrInvalidKey: a JWK violates the FIT-Connect key rules (RSA 4096,
	// e=AQAB, key_ops, alg).
	ErrInvalidKey = errors.New("fitconnect: invalid key")
	// ErrUntrustedKey: a JWK's x5c chain does not lead to the trust anchor,
	// or the revocation check failed.
	ErrUntrustedKey = errors.New("fitconnect: untrusted key")
	// ErrCallbackSignature: the callback-authentication HMAC is missing or
	// wrong.
	ErrCallbackSignature = errors.New("fitconnect: callback signature invalid")
	// ErrCallbackStale: the callback-timestamp is missing, malformed or
	// more than the tolerance away from now.
	ErrCallbackStale = errors.New("fitconnect: callback timestamp out of tolerance")
	// ErrRouteUnsigned: a route carries no destinationSignature.
	ErrRouteUnsigned = errors.New("fitconnect: route is not signed")
	// ErrRouteMismatch: a route's signed content does not cover the
	// requested destination, service or area.
	ErrRouteMismatch = errors.New("fitconnect: route signature does not match")
	// ErrMetadataInvalid: metadata violates its JSON Schema or names an
	// unknown schema version.
	ErrMetadataInvalid = errors.New("fitconnect: metadata invalid")
)

// Problem is an RFC 7807 problem detail as the FIT-Connect APIs return it
// and as reject-submission events carry it. It is an error.
type Problem struct {
	Type     string `json:"type,omitempty"`
	Title    string `json:"title,omitempty"`
	Status   int    `json:"status,omitempty"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
}

// Error formats the problem without its detail text, which may echo input.
func (p *Problem) Error() string {
	s := "fitconnect: problem"
	if p.Status != 0 {
		s += " " + strconv.Itoa(p.Status)
	}
	if p.Title != "" {
		s += ": " + p.Title
	}
	if p.Type != "" && p.Type != "about:blank" {
		s += " (" + p.Type + ")"
	}
	return s
}

// Code maps the HTTP status of the problem to an ozg.Code.
func (p *Problem) Code() ozg.Code { return codeForStatus(p.Status) }

func codeForStatus(status int) ozg.Code {
	switch {
	case status == http.StatusBadRequest, status == http.StatusUnprocessableEntity,
		status == http.StatusRequestEntityTooLarge, status == http.StatusUnsupportedMediaType:
		return ozg.InvalidArgument
	case status == http.StatusUnauthorized:
		return ozg.Unauthenticated
	case status == http.StatusForbidden:
		return ozg.PermissionDenied
	case status == http.StatusNotFound, status == http.StatusGone:
		return ozg.NotFound
	case status == http.StatusConflict:
		return ozg.FailedPrecondition
	case status == http.StatusRequestTimeout, status == http.StatusTooManyRequests,
		status == http.StatusBadGateway, status == http.StatusServiceUnavailable,
		status == http.StatusGatewayTimeout:
		return ozg.Unavailable
	case status == http.StatusNotImplemented:
		return ozg.Unimplemented
	case status >= 500:
		return ozg.Internal
	}
	return ozg.Unknown
}

// problemFrom builds a *Problem from an HTTP error response body. A body
// that is not application/problem+json still yields a Problem with the
// status.
func problemFrom(status int, body []byte) *Problem {
	p := &Problem{}
	if json.Unmarshal(body, p) != nil || p.Status == 0 {
		p.Status = status
	}
	if p.Title == "" {
		p.Title = http.StatusText(status)
	}
	return p
}

// ErrorCode classifies an error of this package into an ozg.Code. It is
// what the messaging driver reports to the portable client.
func ErrorCode(err error) ozg.Code {
	var p *Problem
	switch {
	case err == nil:
		return ozg.OK
	case errors.As(err, &p):
		return p.Code()
	case errors.Is(err, ErrMalformedJWE), errors.Is(err, ErrAlgorithmNotAllowed),
		errors.Is(err, ErrDecryption), errors.Is(err, ErrHashMismatch),
		errors.Is(err, ErrMalformedJWS), errors.Is(err, ErrSETClaims),
		errors.Is(err, ErrSETEvents), errors.Is(err, ErrInvalidKey),
		errors.Is(err, ErrMetadataInvalid):
		return ozg.InvalidArgument
	case errors.Is(err, ErrSignature), errors.Is(err, ErrUnknownKey),
		errors.Is(err, ErrUntrustedKey), errors.Is(err, ErrRouteUnsigned),
		errors.Is(err, ErrRouteMismatch):
		return ozg.PermissionDenied
	case errors.Is(err, ErrCallbackSignature), errors.Is(err, ErrCallbackStale):
		return ozg.Unauthenticated
	case errors.Is(err, errNotConfigured):
		return ozg.FailedPrecondition
	case isNetErr(err):
		return ozg.Unavailable
	}
	return ozg.CodeOf(err)
}

var errNotConfigured = errors.New("fitconnect: not configured")

func notConfigured(what string) error { return fmt.Errorf("%w: %s", errNotConfigured, what) }
