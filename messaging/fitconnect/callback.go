package fitconnect

import (
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Callback header names and the callback type of FIT-Connect.
const (
	HeaderCallbackAuthentication = "callback-authentication"
	HeaderCallbackTimestamp      = "callback-timestamp"
	CallbackTypeNewSubmissions   = "https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions"
)

// DefaultCallbackTolerance is how far a callback-timestamp may be from now.
const DefaultCallbackTolerance = 5 * time.Minute

// maxCallbackBody bounds the body of a callback request.
const maxCallbackBody = 1 << 20

// Callback is a verified callback of the Zustelldienst.
type Callback struct {
	Type          string    `json:"type"`
	SubmissionIDs []string  `json:"submissionIds"`
	Timestamp     time.Time `json:"-"`
}

// ParseCallbackBody decodes a callback body and checks its shape: the
// new-submissions type and a list of submission UUIDs. It does not check
// the HMAC; use VerifyCallback for untrusted input.
func ParseCallbackBody(body []byte) (*Callback, error) {
	var cb Callback
	dec := json.NewDecoder(strings.NewReader(string(body)))
	if err := dec.Decode(&cb); err != nil {
		return nil, fmt.Errorf("fitconnect: callback body: %w", err)
	}
	if dec.More() {
		return nil, errors.New("fitconnect: callback body: trailing data")
	}
	if cb.Type != CallbackTypeNewSubmissions {
		return nil, fmt.Errorf("fitconnect: callback body: type %q, want %s", cb.Type, CallbackTypeNewSubmissions)
	}
	for i, id := range cb.SubmissionIDs {
		if checkUUID(id) != nil {
			return nil, fmt.Errorf("fitconnect: callback body: submissionIds[%d] is not a UUID", i)
		}
	}
	return &cb, nil
}

// SignCallback returns the callback-authentication value for body sent at
// timestamp: hex HMAC-SHA512 keyed with secret over timestamp + "." + body.
// Tests and the fake Zustelldienst use it to sign callbacks.
func SignCallback(secret string, timestamp int64, body []byte) string {
	m := hmac.New(sha512.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(timestamp, 10)))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// CallbackOptions configure VerifyCallback and the callback middleware.
type CallbackOptions struct {
	// Secrets are the callback secrets; any of them may have signed the
	// request, so a secret can be rotated without losing callbacks.
	Secrets []string
	// Tolerance is the maximal distance of callback-timestamp from now;
	// 0 = DefaultCallbackTolerance.
	Tolerance time.Duration
	// Now is the clock; nil = time.Now.
	Now func() time.Time
	// Logger receives one line per refused callback; nil = discard.
	Logger *slog.Logger
}

// VerifyCallback checks the callback-timestamp (not more than the tolerance
// away from now) and the callback-authentication HMAC against each secret in
// constant time, then parses the body. It returns ErrCallbackStale or
// ErrCallbackSignature (wrapped) on failure.
func VerifyCallback(h http.Header, body []byte, opts *CallbackOptions) (*Callback, error) {
	if opts == nil || len(opts.Secrets) == 0 {
		return nil, notConfigured("callback secret")
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	tol := opts.Tolerance
	if tol <= 0 {
		tol = DefaultCallbackTolerance
	}
	tsText := h.Get(HeaderCallbackTimestamp)
	ts, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("%w: %s header missing or not Unix seconds", ErrCallbackStale, HeaderCallbackTimestamp)
	}
	t := time.Unix(ts, 0)
	if d := now().Sub(t); d > tol || d < -tol {
		return nil, fmt.Errorf("%w: %s is %s away from now (max %s)", ErrCallbackStale, HeaderCallbackTimestamp, d.Round(time.Second), tol)
	}
	got, err := hex.DecodeString(h.Get(HeaderCallbackAuthentication))
	if err != nil || len(got) != sha512.Size {
		return nil, fmt.Errorf("%w: %s header missing or not 128 hex digits", ErrCallbackSignature, HeaderCallbackAuthentication)
	}
	ok := false
	for _, s := range opts.Secrets {
		want, _ := hex.DecodeString(SignCallback(s, ts, body))
		if hmac.Equal(got, want) {
			ok = true
		}
	}
	if !ok {
		return nil, fmt.Errorf("%w: HMAC does not match", ErrCallbackSignature)
	}
	cb, err := ParseCallbackBody(body)
	if err != nil {
		return nil, err
	}
	cb.Timestamp = t
	return cb, nil
}

type callbackKey struct{}

// CallbackFrom returns the verified callback the middleware stored in ctx.
func CallbackFrom(ctx context.Context) (*Callback, bool) {
	cb, ok := ctx.Value(callbackKey{}).(*Callback)
	return cb, ok
}

// VerifyCallbacks is middleware for the callback endpoint of a sender or
// subscriber: it accepts only POST, reads the body (at most 1 MiB), verifies
// timestamp and HMAC before anything else, and then calls next with the
// verified *Callback in the request context (see CallbackFrom). Refused
// requests get 401 (bad signature or stale timestamp), 400 (bad body) or
// 405 and never reach next.
func VerifyCallbacks(next http.Handler, opts *CallbackOptions) http.Handler {
	if opts == nil {
		opts = &CallbackOptions{}
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, maxCallbackBody+1))
		if err != nil || len(body) > maxCallbackBody {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		cb, err := VerifyCallback(r.Header, body, opts)
		if err != nil {
			status := http.StatusBadRequest
			if errors.Is(err, ErrCallbackSignature) || errors.Is(err, ErrCallbackStale) || errors.Is(err, errNotConfigured) {
				status = http.StatusUnauthorized
			}
			log.WarnContext(r.Context(), "fitconnect: callback refused", "err", err, "status", status)
			http.Error(w, http.StatusText(status), status)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), callbackKey{}, cb)))
	})
}
