package ozg

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Code classifies an operational error independently of the package or
// provider that produced it. The numeric values follow the gRPC status codes
// and never change, so a Code may be stored or sent over the wire.
type Code int

// The error codes. Values missing from the sequence are reserved for the
// gRPC codes Baukasten does not use (ResourceExhausted, Aborted, OutOfRange,
// DataLoss).
const (
	OK                 Code = 0  // not an error
	Canceled           Code = 1  // the caller canceled the operation
	Unknown            Code = 2  // an error that could not be classified
	InvalidArgument    Code = 3  // the input is malformed or violates a rule
	DeadlineExceeded   Code = 4  // the operation did not finish in time
	NotFound           Code = 5  // the named resource does not exist
	AlreadyExists      Code = 6  // the resource exists already
	PermissionDenied   Code = 7  // the caller may not do this
	FailedPrecondition Code = 9  // the system is not in a state that allows this
	Unimplemented      Code = 12 // the provider does not support this
	Internal           Code = 13 // an invariant broke; a bug
	Unavailable        Code = 14 // transient; retry later
	Unauthenticated    Code = 16 // missing or invalid credentials
)

var codeNames = map[Code]string{
	OK:                 "OK",
	Canceled:           "Canceled",
	Unknown:            "Unknown",
	InvalidArgument:    "InvalidArgument",
	DeadlineExceeded:   "DeadlineExceeded",
	NotFound:           "NotFound",
	AlreadyExists:      "AlreadyExists",
	PermissionDenied:   "PermissionDenied",
	FailedPrecondition: "FailedPrecondition",
	Unimplemented:      "Unimplemented",
	Internal:           "Internal",
	Unavailable:        "Unavailable",
	Unauthenticated:    "Unauthenticated",
}

// String returns the code's name, such as "NotFound", or "Code(N)" for a
// value that is not defined.
func (c Code) String() string {
	if s, ok := codeNames[c]; ok {
		return s
	}
	return "Code(" + strconv.Itoa(int(c)) + ")"
}

// MarshalText encodes the code as its name.
func (c Code) MarshalText() ([]byte, error) {
	if _, ok := codeNames[c]; !ok {
		return nil, fmt.Errorf("ozg: undefined code %d", int(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText decodes a code from its name (case-insensitive) or its number.
func (c *Code) UnmarshalText(b []byte) error {
	s := string(b)
	for k, v := range codeNames {
		if strings.EqualFold(v, s) {
			*c = k
			return nil
		}
	}
	if n, err := strconv.Atoi(s); err == nil {
		if _, ok := codeNames[Code(n)]; ok {
			*c = Code(n)
			return nil
		}
	}
	return &Error{Code: InvalidArgument, Op: "ozg", Err: fmt.Errorf("unknown error code %q", s)}
}

// sentinel is the error that every *Error of one code unwraps to.
type sentinel struct{ code Code }

func (s *sentinel) Error() string {
	if s.code == OK {
		return "ozg: ok"
	}
	// "NotFound" -> "not found"
	name := s.code.String()
	var b strings.Builder
	for i, r := range name {
		if r >= 'A' && r <= 'Z' {
			if i > 0 {
				b.WriteByte(' ')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return "ozg: " + b.String()
}

// The sentinels, one per code: errors.Is(err, ozg.ErrNotFound) reports
// whether err is an *Error with code NotFound (anywhere in its chain).
var (
	ErrCanceled           error = &sentinel{Canceled}
	ErrUnknown            error = &sentinel{Unknown}
	ErrInvalidArgument    error = &sentinel{InvalidArgument}
	ErrDeadlineExceeded   error = &sentinel{DeadlineExceeded}
	ErrNotFound           error = &sentinel{NotFound}
	ErrAlreadyExists      error = &sentinel{AlreadyExists}
	ErrPermissionDenied   error = &sentinel{PermissionDenied}
	ErrFailedPrecondition error = &sentinel{FailedPrecondition}
	ErrUnimplemented      error = &sentinel{Unimplemented}
	ErrInternal           error = &sentinel{Internal}
	ErrUnavailable        error = &sentinel{Unavailable}
	ErrUnauthenticated    error = &sentinel{Unauthenticated}
)

var sentinels = map[Code]error{
	Canceled:           ErrCanceled,
	Unknown:            ErrUnknown,
	InvalidArgument:    ErrInvalidArgument,
	DeadlineExceeded:   ErrDeadlineExceeded,
	NotFound:           ErrNotFound,
	AlreadyExists:      ErrAlreadyExists,
	PermissionDenied:   ErrPermissionDenied,
	FailedPrecondition: ErrFailedPrecondition,
	Unimplemented:      ErrUnimplemented,
	Internal:           ErrInternal,
	Unavailable:        ErrUnavailable,
	Unauthenticated:    ErrUnauthenticated,
}

// Error is the operational error every Baukasten package returns. It carries
// a Code, the operation that failed and the underlying cause. It unwraps to
// both the cause and the sentinel of its code, so errors.Is(err, ErrNotFound)
// and errors.Is(err, cause) both work.
//
// Messages never contain secrets or personal data; packages put such values
// neither into Op nor into Err.
type Error struct {
	Code Code   // classification
	Op   string // the operation or package, e.g. "ozg" or "payment.Create"
	Err  error  // the cause; may be nil
}

// Errorf returns an *Error with the given code and operation whose cause is
// fmt.Errorf(format, args...). %w in format wraps as usual.
func Errorf(code Code, op, format string, args ...any) *Error {
	return &Error{Code: code, Op: op, Err: fmt.Errorf(format, args...)}
}

// Error formats the error as "op: cause", falling back to the code's
// description where a part is missing.
func (e *Error) Error() string {
	var b strings.Builder
	if e.Op != "" {
		b.WriteString(e.Op)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString(strings.TrimPrefix((&sentinel{e.Code}).Error(), "ozg: "))
	}
	return b.String()
}

// Unwrap returns the cause and the sentinel of the error's code.
func (e *Error) Unwrap() []error {
	errs := make([]error, 0, 2)
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	if s, ok := sentinels[e.Code]; ok {
		errs = append(errs, s)
	}
	return errs
}

// Coder is an error that knows its code without being an *Error, such as
// an RFC 7807 problem answer of a remote API (fitconnect.Problem,
// xbezahldienste.ProblemError). CodeOf asks it.
type Coder interface {
	error
	Code() Code
}

// CodeOf returns the code of err: OK for nil, the code of the outermost
// *Error in its chain, the code of a sentinel err wraps, the code of the
// outermost Coder, Canceled or DeadlineExceeded for the context errors,
// and Unknown otherwise.
func CodeOf(err error) Code {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	var s *sentinel
	if errors.As(err, &s) {
		return s.code
	}
	var c Coder
	if errors.As(err, &c) {
		return c.Code()
	}
	switch {
	case errors.Is(err, context.Canceled):
		return Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return DeadlineExceeded
	}
	return Unknown
}
