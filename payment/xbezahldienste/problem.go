package xbezahldienste

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// FunctionalCode is the XBezahldienste error code in a problem response.
type FunctionalCode string

// The functional codes of XBezahldienste 1.0.0.
const (
	CodeNoValidOriginatorOrEndpoint FunctionalCode = "NO_VALID_ORIGINATOR_OR_ENDPOINT" // unknown originator or endpoint
	CodePaymentExists               FunctionalCode = "PAYMENT_EXISTS"                  // a transaction with this requestId exists
	CodeCalculationError            FunctionalCode = "CALCULATION_ERROR"               // the sum does not match the items
	CodeBookingDataMissing          FunctionalCode = "BOOKING_DATA_MISSING"            // booking data required by the cash office is missing
	CodeValidationError             FunctionalCode = "VALIDATION_ERROR"                // the request breaks a rule
	CodeUnspecified                 FunctionalCode = "UNSPECIFIED"                     // any other error
	CodeForbidden                   FunctionalCode = "FORBIDDEN"                       // missing authentication or authorisation

	// CodeNoValidOriginatorOrDestination is the deprecated name of
	// CodeNoValidOriginatorOrEndpoint; platforms may still send it.
	CodeNoValidOriginatorOrDestination FunctionalCode = "NO_VALID_ORIGINATOR_OR_DESTINATION"
)

// Problem is an application/problem+json response (RFC 9457) with the
// XBezahldienste functionalCode. The status endpoint answers in the same
// shape.
type Problem struct {
	Type           string         `json:"type,omitempty"`           // URI of a description of the problem type
	Title          string         `json:"title,omitempty"`          // short summary
	Status         int            `json:"status,omitempty"`         // HTTP status code
	Detail         string         `json:"detail,omitempty"`         // explanation of this occurrence
	Instance       string         `json:"instance,omitempty"`       // URI of this occurrence; for PAYMENT_EXISTS the fake server (and some operators) put the existing transaction's URL here
	FunctionalCode FunctionalCode `json:"functionalCode,omitempty"` // XBezahldienste error code
}

// ErrProblem is wrapped by DecodeProblem's errors.
var ErrProblem = errors.New("xbezahldienste: malformed problem response")

// DecodeProblem parses a problem response body. It fails on anything that
// is not a JSON object of the problem shape or is larger than 64 KiB.
func DecodeProblem(b []byte) (*Problem, error) {
	if len(b) > 64<<10 {
		return nil, fmt.Errorf("%w: %d bytes", ErrProblem, len(b))
	}
	var p Problem
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrProblem, err)
	}
	if p.Status != 0 && (p.Status < 100 || p.Status > 599) {
		return nil, fmt.Errorf("%w: status %d", ErrProblem, p.Status)
	}
	return &p, nil
}

// ProblemError is an error response of the platform.
type ProblemError struct {
	HTTPStatus int     // the response's status code
	Problem    Problem // the decoded body; FunctionalCode may be empty
}

// Error names the status, functional code and title; not the detail, which
// may echo request data.
func (e *ProblemError) Error() string {
	s := fmt.Sprintf("xbezahldienste: HTTP %d", e.HTTPStatus)
	if e.Problem.FunctionalCode != "" {
		s += " " + string(e.Problem.FunctionalCode)
	}
	if e.Problem.Title != "" {
		s += ": " + e.Problem.Title
	}
	return s
}

// Code maps the problem to an ozg.Code: by functional code first, then by
// HTTP status.
func (e *ProblemError) Code() ozg.Code {
	switch e.Problem.FunctionalCode {
	case CodePaymentExists:
		return ozg.AlreadyExists
	case CodeCalculationError, CodeBookingDataMissing, CodeValidationError:
		return ozg.InvalidArgument
	case CodeNoValidOriginatorOrEndpoint, CodeNoValidOriginatorOrDestination:
		return ozg.FailedPrecondition
	case CodeForbidden:
		if e.HTTPStatus == http.StatusUnauthorized {
			return ozg.Unauthenticated
		}
		return ozg.PermissionDenied
	}
	return statusCode(e.HTTPStatus)
}

func statusCode(status int) ozg.Code {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return ozg.InvalidArgument
	case http.StatusUnauthorized:
		return ozg.Unauthenticated
	case http.StatusForbidden:
		return ozg.PermissionDenied
	case http.StatusNotFound:
		return ozg.NotFound
	case http.StatusConflict:
		return ozg.AlreadyExists
	case http.StatusRequestTimeout, http.StatusTooManyRequests, http.StatusInternalServerError,
		http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return ozg.Unavailable
	case http.StatusNotImplemented:
		return ozg.Unimplemented
	}
	return ozg.Unknown
}
