package ozg

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// allCodes pins every code's number and name: the numbers must never
// change, since codes are stored and sent over the wire.
var allCodes = []struct {
	code     Code
	number   int
	name     string
	sentinel error
	message  string // the sentinel's message
}{
	{OK, 0, "OK", nil, ""},
	{Canceled, 1, "Canceled", ErrCanceled, "ozg: canceled"},
	{Unknown, 2, "Unknown", ErrUnknown, "ozg: unknown"},
	{InvalidArgument, 3, "InvalidArgument", ErrInvalidArgument, "ozg: invalid argument"},
	{DeadlineExceeded, 4, "DeadlineExceeded", ErrDeadlineExceeded, "ozg: deadline exceeded"},
	{NotFound, 5, "NotFound", ErrNotFound, "ozg: not found"},
	{AlreadyExists, 6, "AlreadyExists", ErrAlreadyExists, "ozg: already exists"},
	{PermissionDenied, 7, "PermissionDenied", ErrPermissionDenied, "ozg: permission denied"},
	{FailedPrecondition, 9, "FailedPrecondition", ErrFailedPrecondition, "ozg: failed precondition"},
	{Unimplemented, 12, "Unimplemented", ErrUnimplemented, "ozg: unimplemented"},
	{Internal, 13, "Internal", ErrInternal, "ozg: internal"},
	{Unavailable, 14, "Unavailable", ErrUnavailable, "ozg: unavailable"},
	{Unauthenticated, 16, "Unauthenticated", ErrUnauthenticated, "ozg: unauthenticated"},
}

func TestCodeNumbersAndNames(t *testing.T) {
	for _, tt := range allCodes {
		if int(tt.code) != tt.number {
			t.Errorf("%s = %d, want %d", tt.name, int(tt.code), tt.number)
		}
		if got := tt.code.String(); got != tt.name {
			t.Errorf("Code(%d).String() = %q, want %q", tt.number, got, tt.name)
		}
		b, err := tt.code.MarshalText()
		if err != nil || string(b) != tt.name {
			t.Errorf("Code(%d).MarshalText() = %q, %v, want %q", tt.number, b, err, tt.name)
		}
		// Name, name in other case, and number all decode.
		for _, in := range []string{tt.name, strings.ToLower(tt.name), strings.ToUpper(tt.name), fmt.Sprint(tt.number)} {
			var c Code
			if err := c.UnmarshalText([]byte(in)); err != nil || c != tt.code {
				t.Errorf("UnmarshalText(%q) = %v, %v, want %v", in, c, err, tt.code)
			}
		}
		if tt.sentinel != nil && tt.sentinel.Error() != tt.message {
			t.Errorf("sentinel of %s: %q, want %q", tt.name, tt.sentinel.Error(), tt.message)
		}
	}
	for _, n := range []int{8, 10, 11, 15, 17, -1} {
		c := Code(n)
		if got, want := c.String(), fmt.Sprintf("Code(%d)", n); got != want {
			t.Errorf("Code(%d).String() = %q, want %q", n, got, want)
		}
		if _, err := c.MarshalText(); err == nil {
			t.Errorf("Code(%d).MarshalText() succeeded", n)
		}
	}
}

func TestCodeUnmarshalTextErrors(t *testing.T) {
	for _, in := range []string{"", "8", "10", "99", "-1", "Not Found", "NotFoundX", " OK", "ResourceExhausted"} {
		c := Code(42)
		err := c.UnmarshalText([]byte(in))
		if err == nil {
			t.Errorf("UnmarshalText(%q) = %v, want an error", in, c)
			continue
		}
		if CodeOf(err) != InvalidArgument || !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("UnmarshalText(%q): CodeOf = %v", in, CodeOf(err))
		}
		if c != 42 {
			t.Errorf("UnmarshalText(%q) changed the code to %v on error", in, c)
		}
	}
}

func TestCodeJSON(t *testing.T) {
	type doc struct {
		Code Code `json:"code"`
	}
	b, err := json.Marshal(doc{NotFound})
	if err != nil || string(b) != `{"code":"NotFound"}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal([]byte(`{"code":"unauthenticated"}`), &d); err != nil || d.Code != Unauthenticated {
		t.Errorf("Unmarshal = %v, %v", d.Code, err)
	}
	if err := json.Unmarshal([]byte(`{"code":"14"}`), &d); err != nil || d.Code != Unavailable {
		t.Errorf("Unmarshal number string = %v, %v", d.Code, err)
	}
	if _, err := json.Marshal(doc{Code(8)}); err == nil {
		t.Error("Marshal of an undefined code succeeded")
	}
}

func TestErrorMessage(t *testing.T) {
	cause := errors.New("connection refused")
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Code: Unavailable, Op: "payment.Create", Err: cause}, "payment.Create: connection refused"},
		{&Error{Code: NotFound, Op: "messaging.Get"}, "messaging.Get: not found"},
		{&Error{Code: PermissionDenied, Err: cause}, "connection refused"},
		{&Error{Code: FailedPrecondition}, "failed precondition"},
		{&Error{Code: OK}, "ok"},
		{Errorf(InvalidArgument, "einvoice", "BT-%d missing", 1), "einvoice: BT-1 missing"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestErrorUnwrapIsAs(t *testing.T) {
	cause := io.ErrUnexpectedEOF
	for _, tt := range allCodes {
		if tt.code == OK {
			continue
		}
		err := &Error{Code: tt.code, Op: "test", Err: cause}
		// Unwrap yields the cause and the sentinel, in that order.
		if got := err.Unwrap(); len(got) != 2 || got[0] != cause || got[1] != tt.sentinel {
			t.Errorf("%s: Unwrap() = %v", tt.name, got)
		}
		if !errors.Is(err, tt.sentinel) || !errors.Is(err, cause) {
			t.Errorf("%s: errors.Is(err, sentinel) = %v, errors.Is(err, cause) = %v", tt.name, errors.Is(err, tt.sentinel), errors.Is(err, cause))
		}
		// No other sentinel matches.
		for _, other := range allCodes {
			if other.code != tt.code && other.sentinel != nil && errors.Is(err, other.sentinel) {
				t.Errorf("%s error matches the sentinel of %s", tt.name, other.name)
			}
		}
		// Wrapped further, it is still found.
		wrapped := fmt.Errorf("outer: %w", err)
		var e *Error
		if !errors.As(wrapped, &e) || e != err {
			t.Errorf("%s: errors.As through fmt.Errorf failed", tt.name)
		}
		if !errors.Is(wrapped, tt.sentinel) || CodeOf(wrapped) != tt.code {
			t.Errorf("%s: wrapped: Is %v CodeOf %v", tt.name, errors.Is(wrapped, tt.sentinel), CodeOf(wrapped))
		}
	}
	// Without a cause, Unwrap yields only the sentinel.
	if got := (&Error{Code: NotFound}).Unwrap(); len(got) != 1 || got[0] != ErrNotFound {
		t.Errorf("Unwrap() without cause = %v", got)
	}
	// An undefined code has no sentinel.
	if got := (&Error{Code: Code(8), Err: io.EOF}).Unwrap(); len(got) != 1 || got[0] != io.EOF {
		t.Errorf("Unwrap() of an undefined code = %v", got)
	}
	// errors.As reaches a typed cause through the *Error.
	err := Errorf(InvalidArgument, "ozg", "bad: %w", &SyntaxError{Type: "ARS", Input: "x", Pos: 1, Reason: "is not a digit"})
	var se *SyntaxError
	if !errors.As(err, &se) || se.Type != "ARS" {
		t.Errorf("errors.As(*SyntaxError) = %v", se)
	}
}

// problem is a Coder, like an RFC 7807 answer of a remote API.
type problem struct{ code Code }

func (p problem) Error() string { return "problem" }
func (p problem) Code() Code    { return p.code }

func TestCodeOf(t *testing.T) {
	deadlineCtx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-deadlineCtx.Done()
	canceledCtx, cancel2 := context.WithCancel(context.Background())
	cancel2()
	tests := []struct {
		name string
		err  error
		want Code
	}{
		{"nil", nil, OK},
		{"plain", errors.New("boom"), Unknown},
		{"io.EOF", io.EOF, Unknown},
		{"*Error", &Error{Code: NotFound}, NotFound},
		{"wrapped *Error", fmt.Errorf("get: %w", &Error{Code: AlreadyExists}), AlreadyExists},
		{"outermost *Error wins", &Error{Code: Unavailable, Err: &Error{Code: NotFound}}, Unavailable},
		{"outermost wins over context", &Error{Code: Internal, Err: context.Canceled}, Internal},
		{"sentinel", ErrPermissionDenied, PermissionDenied},
		{"wrapped sentinel", fmt.Errorf("check: %w", ErrUnauthenticated), Unauthenticated},
		{"context.Canceled", context.Canceled, Canceled},
		{"context.DeadlineExceeded", context.DeadlineExceeded, DeadlineExceeded},
		{"ctx.Err() canceled", canceledCtx.Err(), Canceled},
		{"ctx.Err() deadline", deadlineCtx.Err(), DeadlineExceeded},
		{"wrapped context error", fmt.Errorf("post: %w", context.DeadlineExceeded), DeadlineExceeded},
		{"joined", errors.Join(errors.New("a"), ErrNotFound), NotFound},
		{"syntax error of a parser", syntaxError("ARS", "x", 1, "is not a digit"), InvalidArgument},
		{"Code.UnmarshalText error", func() error { var c Code; return c.UnmarshalText([]byte("nope")) }(), InvalidArgument},
		{"Coder", problem{Unavailable}, Unavailable},
		{"wrapped Coder", fmt.Errorf("send: %w", problem{NotFound}), NotFound},
		{"*Error wins over Coder", &Error{Code: Internal, Err: problem{NotFound}}, Internal},
		{"Coder wins over context", fmt.Errorf("%w: %w", problem{NotFound}, context.Canceled), NotFound},
	}
	for _, tt := range tests {
		if got := CodeOf(tt.err); got != tt.want {
			t.Errorf("%s: CodeOf = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSyntaxErrorMessage(t *testing.T) {
	tests := []struct {
		e    SyntaxError
		want string
	}{
		{SyntaxError{"ARS", "07a123456789", 3, "is not a digit"}, `ARS "07a…": character 3 is not a digit`},
		{SyntaxError{"ARS", "07", 0, "is too short"}, `ARS "07": is too short`},
		{SyntaxError{"ARS", "07ä", 3, "is not a digit"}, `ARS "07ä": character 3 is not a digit`},
		{SyntaxError{"X", strings.Repeat("a", 40), 0, "is too long"}, `X "` + strings.Repeat("a", 32) + `…": is too long`},
		// A fault past the 32nd character is still shown.
		{SyntaxError{"X", strings.Repeat("a", 39) + "b" + "cc", 40, "is not a digit"}, `X "` + strings.Repeat("a", 39) + `b…": character 40 is not a digit`},
	}
	for _, tt := range tests {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %s, want %s", got, tt.want)
		}
	}
}
