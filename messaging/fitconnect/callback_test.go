package fitconnect_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
)

const cbBody = `{"type":"https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions","submissionIds":["0f3c2a1b-1111-4222-8333-444455556666"]}`

func cbHeader(secret string, ts int64, body string) http.Header {
	h := http.Header{}
	h.Set(fitconnect.HeaderCallbackTimestamp, strconv.FormatInt(ts, 10))
	h.Set(fitconnect.HeaderCallbackAuthentication, fitconnect.SignCallback(secret, ts, []byte(body)))
	return h
}

func TestVerifyCallback(t *testing.T) {
	now := t0
	opts := &fitconnect.CallbackOptions{Secrets: []string{"old-secret", "new-secret"}, Now: func() time.Time { return now }}
	ok := cbHeader("new-secret", now.Unix(), cbBody)
	cb, err := fitconnect.VerifyCallback(ok, []byte(cbBody), opts)
	if err != nil || len(cb.SubmissionIDs) != 1 || cb.SubmissionIDs[0] != subID || !cb.Timestamp.Equal(now) {
		t.Fatalf("valid callback: %+v, %v", cb, err)
	}
	if _, err := fitconnect.VerifyCallback(cbHeader("old-secret", now.Unix(), cbBody), []byte(cbBody), opts); err != nil {
		t.Fatalf("rotated secret: %v", err)
	}
	// A known vector, computed independently with
	// printf '1700000000.{}' | openssl dgst -sha512 -hmac secret
	const want = "6f20054aec6f7ecf8a4e9312e2475b873f2b57ee561d9721d3b8668b115e11953046d634ec05acc99c965ebb00dd7c701e16d1487f96e89e643305106083a14e"
	if got := fitconnect.SignCallback("secret", 1700000000, []byte("{}")); got != want {
		t.Fatalf("SignCallback: got %s, want %s", got, want)
	}
	tests := []struct {
		name   string
		header http.Header
		body   string
		want   error
	}{
		{"wrong secret", cbHeader("other", now.Unix(), cbBody), cbBody, fitconnect.ErrCallbackSignature},
		{"body changed", ok, strings.Replace(cbBody, "0f3c", "1f3c", 1), fitconnect.ErrCallbackSignature},
		{"timestamp changed", func() http.Header {
			h := cbHeader("new-secret", now.Unix(), cbBody)
			h.Set(fitconnect.HeaderCallbackTimestamp, strconv.FormatInt(now.Unix()-1, 10))
			return h
		}(), cbBody, fitconnect.ErrCallbackSignature},
		{"stale by 5m01s", cbHeader("new-secret", now.Add(-5*time.Minute-time.Second).Unix(), cbBody), cbBody, fitconnect.ErrCallbackStale},
		{"future by 6m", cbHeader("new-secret", now.Add(6*time.Minute).Unix(), cbBody), cbBody, fitconnect.ErrCallbackStale},
		{"no timestamp", func() http.Header {
			h := cbHeader("new-secret", now.Unix(), cbBody)
			h.Del(fitconnect.HeaderCallbackTimestamp)
			return h
		}(), cbBody, fitconnect.ErrCallbackStale},
		{"no signature", func() http.Header {
			h := cbHeader("new-secret", now.Unix(), cbBody)
			h.Del(fitconnect.HeaderCallbackAuthentication)
			return h
		}(), cbBody, fitconnect.ErrCallbackSignature},
		{"signature not hex", func() http.Header {
			h := cbHeader("new-secret", now.Unix(), cbBody)
			h.Set(fitconnect.HeaderCallbackAuthentication, "zz")
			return h
		}(), cbBody, fitconnect.ErrCallbackSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cb, err := fitconnect.VerifyCallback(tc.header, []byte(tc.body), opts)
			if !errors.Is(err, tc.want) || cb != nil {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	// Within tolerance: 4m59s old.
	if _, err := fitconnect.VerifyCallback(cbHeader("new-secret", now.Add(-299*time.Second).Unix(), cbBody), []byte(cbBody), opts); err != nil {
		t.Fatalf("4m59s old: %v", err)
	}
}

func TestParseCallbackBody(t *testing.T) {
	for _, bad := range []string{``, `{}`, `[]`, `{"type":"x","submissionIds":[]}`,
		`{"type":"https://schema.fitko.de/fit-connect/submission-api/callbacks/new-submissions","submissionIds":["nope"]}`,
		cbBody + `{}`} {
		if _, err := fitconnect.ParseCallbackBody([]byte(bad)); err == nil {
			t.Errorf("ParseCallbackBody(%q): got no error", bad)
		}
	}
}

func TestVerifyCallbacksMiddleware(t *testing.T) {
	now := t0
	var got []string
	h := fitconnect.VerifyCallbacks(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cb, ok := fitconnect.CallbackFrom(r.Context())
		if !ok {
			t.Error("no callback in context")
		}
		got = append(got, cb.SubmissionIDs...)
	}), &fitconnect.CallbackOptions{Secrets: []string{"s"}, Now: func() time.Time { return now }})
	do := func(method string, hd http.Header, body string) int {
		r := httptest.NewRequest(method, "/callback", strings.NewReader(body))
		for k, v := range hd {
			r.Header[k] = v
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Code
	}
	if c := do("POST", cbHeader("s", now.Unix(), cbBody), cbBody); c != 200 || len(got) != 1 {
		t.Fatalf("valid: status %d, handler got %v", c, got)
	}
	if c := do("POST", cbHeader("x", now.Unix(), cbBody), cbBody); c != 401 {
		t.Errorf("wrong HMAC: status %d, want 401", c)
	}
	if c := do("POST", cbHeader("s", now.Add(-time.Hour).Unix(), cbBody), cbBody); c != 401 {
		t.Errorf("stale: status %d, want 401", c)
	}
	bad := `{"type":"x"}`
	if c := do("POST", cbHeader("s", now.Unix(), bad), bad); c != 400 {
		t.Errorf("bad body: status %d, want 400", c)
	}
	if c := do("GET", cbHeader("s", now.Unix(), cbBody), cbBody); c != 405 {
		t.Errorf("GET: status %d, want 405", c)
	}
	if len(got) != 1 {
		t.Errorf("handler called %d times, want once", len(got))
	}
}

// The fake Zustelldienst signs callbacks like production; the middleware
// accepts them and the subscriber fetches the announced submission.
func TestCallbackFromServer(t *testing.T) {
	var mu sync.Mutex
	var ids []string
	cbSrv := httptest.NewServer(fitconnect.VerifyCallbacks(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cb, _ := fitconnect.CallbackFrom(r.Context())
		mu.Lock()
		ids = append(ids, cb.SubmissionIDs...)
		mu.Unlock()
	}), &fitconnect.CallbackOptions{Secrets: []string{"cb-secret"}}))
	defer cbSrv.Close()
	srv, err := fitconnecttest.NewServer(&fitconnecttest.Options{CallbackURL: cbSrv.URL, CallbackSecret: "cb-secret"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	sc, _ := fitconnect.New(srv.SenderOptions())
	ref, err := fitconnect.NewMessagingClient(sc, nil).Send(context.Background(), &messaging.Submission{
		DestinationID: fitconnecttest.DefaultDestination,
		Service:       messaging.Service{Identifier: "urn:de:fim:leika:leistung:" + fitconnecttest.DefaultLeiKa},
		Data:          []byte(`{}`), DataMIMEType: "application/json", SchemaURI: fitconnecttest.DefaultSchemaURI,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(ids) != 1 || ids[0] != ref.SubmissionID {
		t.Fatalf("callback delivered %v, want [%s]", ids, ref.SubmissionID)
	}
}
