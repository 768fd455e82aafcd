package xbezahldienstetest

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/shopspring/decimal"
)

// FaultKind is a failure the server injects into one request.
type FaultKind int

// The faults.
const (
	NoFault          FaultKind = iota
	Delay                      // wait Fault.Delay (or until the client gives up), then answer normally
	ServerError                // answer 503 without doing anything
	DropBefore                 // close the connection without doing anything
	DropAfterCreate            // create the payment, then close the connection without answering
	DelayAfterCreate           // create the payment, then wait Fault.Delay before answering
)

// Fault is what the server does to one request.
type Fault struct {
	Kind  FaultKind
	Delay time.Duration
}

// Request describes an incoming API request to Options.Fault.
type Request struct {
	Op        string // "create", "get" or "status"
	RequestID string // for "create"
	N         int64  // sequence number of the API request, from 1
}

// Options configure a Server. A nil *Options means the defaults.
type Options struct {
	OriginatorID string // the accepted originator id; "" means "baukasten"
	EndPointID   string // the accepted endpoint id; "" means "gebuehren"

	Username, Password string // if set, HTTP Basic credentials required
	BearerToken        string // if set, this Bearer token is required

	// AllowMissingBookingData accepts items without bookingData; by
	// default they are refused with BOOKING_DATA_MISSING.
	AllowMissingBookingData bool
	// HideExisting leaves "instance" out of PAYMENT_EXISTS answers, as a
	// platform may: then a client cannot find the existing transaction.
	HideExisting bool
	// Fault decides the failure injected into each API request; nil
	// injects none. Called concurrently.
	Fault func(r Request) Fault
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

type txn struct {
	req  xbezahldienste.PaymentRequest
	info xbezahldienste.PaymentInformation
}

// Server is the fake XBezahldienste platform.
type Server struct {
	*httptest.Server
	o     Options
	n     atomic.Int64
	posts atomic.Int64
	mu    sync.Mutex
	seq   int
	byID  map[string]*txn
	byReq map[string]*txn
}

// NewServer starts a Server; Close it when done.
func NewServer(opts *Options) *Server {
	s := &Server{byID: map[string]*txn{}, byReq: map[string]*txn{}}
	if opts != nil {
		s.o = *opts
	}
	if s.o.OriginatorID == "" {
		s.o.OriginatorID = "baukasten"
	}
	if s.o.EndPointID == "" {
		s.o.EndPointID = "gebuehren"
	}
	if s.o.Now == nil {
		s.o.Now = time.Now
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /paymenttransaction/{originatorId}/{endPointId}", s.create)
	mux.HandleFunc("GET /paymenttransaction/{originatorId}/{endPointId}/{transactionId}", s.get)
	mux.HandleFunc("GET /status/{originatorId}/{endPointId}", s.status)
	mux.HandleFunc("GET /pay/{transactionId}", s.page)
	mux.HandleFunc("POST /pay/{transactionId}", s.act)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem(w, http.StatusNotFound, xbezahldienste.CodeUnspecified, "Not Found", "no such endpoint")
	})
	s.Server = httptest.NewServer(mux)
	return s
}

// OriginatorID returns the accepted originator id.
func (s *Server) OriginatorID() string { return s.o.OriginatorID }

// EndPointID returns the accepted endpoint id.
func (s *Server) EndPointID() string { return s.o.EndPointID }

func problem(w http.ResponseWriter, status int, code xbezahldienste.FunctionalCode, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(xbezahldienste.Problem{Type: "about:blank", Title: title, Status: status, Detail: detail, FunctionalCode: code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// validID reports whether s is 1 to 36 characters of [A-Za-z0-9_-].
func validID(s string) bool {
	if s == "" || len(s) > 36 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// admit checks authentication and the path ids; it answers and returns
// false when the request is refused.
func (s *Server) admit(w http.ResponseWriter, r *http.Request) bool {
	if s.o.Username != "" || s.o.Password != "" {
		u, p, ok := r.BasicAuth()
		if !ok || subtle.ConstantTimeCompare([]byte(u), []byte(s.o.Username)) != 1 || subtle.ConstantTimeCompare([]byte(p), []byte(s.o.Password)) != 1 {
			problem(w, http.StatusUnauthorized, xbezahldienste.CodeForbidden, "Unauthorized", "missing or wrong credentials")
			return false
		}
	}
	if s.o.BearerToken != "" {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), []byte("Bearer "+s.o.BearerToken)) != 1 {
			problem(w, http.StatusUnauthorized, xbezahldienste.CodeForbidden, "Unauthorized", "missing or wrong token")
			return false
		}
	}
	o, e := r.PathValue("originatorId"), r.PathValue("endPointId")
	if !validID(o) || !validID(e) || o != s.o.OriginatorID || e != s.o.EndPointID {
		problem(w, http.StatusNotFound, xbezahldienste.CodeNoValidOriginatorOrEndpoint, "Not Found", "unknown originator or endpoint")
		return false
	}
	return true
}

// inject applies a fault that acts before processing; it returns false
// when the request must not be processed.
func (s *Server) inject(w http.ResponseWriter, r *http.Request, f Fault) bool {
	switch f.Kind {
	case Delay:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		}
	case ServerError:
		problem(w, http.StatusServiceUnavailable, xbezahldienste.CodeUnspecified, "Service Unavailable", "injected failure")
		return false
	case DropBefore:
		drop(w)
		return false
	}
	return true
}

func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if c, _, err := hj.Hijack(); err == nil {
			c.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

func (s *Server) fault(op, reqID string) Fault {
	n := s.n.Add(1)
	if s.o.Fault == nil {
		return Fault{}
	}
	return s.o.Fault(Request{Op: op, RequestID: reqID, N: n})
}

func (s *Server) txURL(id string) string {
	return s.URL + "/paymenttransaction/" + s.o.OriginatorID + "/" + s.o.EndPointID + "/" + id
}

type violation struct {
	code   xbezahldienste.FunctionalCode
	detail string
}

var maxAmount = decimal.NewFromInt(999999)

// purposeChar: ^[\w\d\s-]+$ with Java's ASCII \w.
func purposeChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || isSpace(r)
}

// textChar: ^[\w\d\s-,\.\u00C0-\u017F]+$, the pattern of descriptions.
func textChar(r rune) bool {
	return purposeChar(r) || r == ',' || r == '.' || r >= 0x00C0 && r <= 0x017F
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\v' || r == '\f'
}

func matches(s string, ok func(rune) bool) bool {
	for _, r := range s {
		if !ok(r) {
			return false
		}
	}
	return true
}

// validText reports whether s is an acceptable description (empty is
// accepted: the field is optional).
func validText(s string) bool {
	return utf8.RuneCountInString(s) <= 250 && matches(s, textChar)
}

func twoDigits(a xbezahldienste.Amount) bool { return a.Equal(a.Truncate(2)) && !a.IsNegative() }

// validate checks a request as the standard requires.
func (s *Server) validate(pr *xbezahldienste.PaymentRequest) *violation {
	bad := func(format string, args ...any) *violation {
		return &violation{xbezahldienste.CodeValidationError, fmt.Sprintf(format, args...)}
	}
	if !validID(pr.RequestID) {
		return bad("requestId must be 1 to 36 characters of [A-Za-z0-9_-]")
	}
	if _, err := time.Parse(time.RFC3339, pr.RequestTimestamp); err != nil {
		return bad("requestTimestamp must be an RFC 3339 date-time")
	}
	if pr.Currency != "EUR" {
		return bad("currency must be EUR")
	}
	if !pr.GrosAmount.IsPositive() || !twoDigits(pr.GrosAmount) {
		return bad("grosAmount must be positive with at most two fraction digits")
	}
	if pr.GrosAmount.GreaterThan(maxAmount) {
		return bad("grosAmount must be at most 999999")
	}
	if n := utf8.RuneCountInString(pr.Purpose); n == 0 || n > 27 || !matches(pr.Purpose, purposeChar) {
		return bad("purpose must have 1 to 27 characters of [\\w\\d\\s-]")
	}
	if !validText(pr.Description) {
		return bad("description must have at most 250 characters of [\\w\\d\\s-,.\\u00C0-\\u017F]")
	}
	if u, err := url.Parse(pr.RedirectURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(pr.RedirectURL) > 2082 {
		return bad("redirectUrl must be an absolute URL of at most 2082 characters")
	}
	if n := len(pr.Items); n < 1 || n > 99 {
		return bad("items must have 1 to 99 entries")
	}
	sum := decimal.Zero
	for i, it := range pr.Items {
		if !validID(it.ID) || (it.Reference != "" && !validID(it.Reference)) {
			return bad("items[%d]: id and reference must be up to 36 characters of [\\w\\d-]", i)
		}
		if !validText(it.Description) {
			return bad("items[%d].description must have at most 250 characters of [\\w\\d\\s-,.\\u00C0-\\u017F]", i)
		}
		if it.Quantity < 1 || it.Quantity > 999999 {
			return bad("items[%d].quantity must be 1 to 999999", i)
		}
		for _, a := range []xbezahldienste.Amount{it.SingleNetAmount, it.SingleTaxAmount, it.TotalNetAmount, it.TotalTaxAmount, it.TaxRate} {
			if !twoDigits(a) || a.GreaterThan(maxAmount) {
				return bad("items[%d]: amounts must be 0 to 999999 with at most two fraction digits", i)
			}
		}
		if it.TaxRate.GreaterThan(decimal.NewFromInt(100)) {
			return bad("items[%d].taxRate must be at most 100", i)
		}
		q := decimal.NewFromInt(int64(it.Quantity))
		if !it.SingleNetAmount.Mul(q).Equal(it.TotalNetAmount.Decimal) || !it.SingleTaxAmount.Mul(q).Equal(it.TotalTaxAmount.Decimal) {
			return &violation{xbezahldienste.CodeCalculationError, fmt.Sprintf("items[%d]: totals are not quantity × single amounts", i)}
		}
		if len(it.BookingData) == 0 && !s.o.AllowMissingBookingData {
			return &violation{xbezahldienste.CodeBookingDataMissing, fmt.Sprintf("items[%d]: bookingData missing", i)}
		}
		sum = sum.Add(it.TotalNetAmount.Decimal).Add(it.TotalTaxAmount.Decimal)
	}
	if !sum.Equal(pr.GrosAmount.Decimal) {
		return &violation{xbezahldienste.CodeCalculationError, "grosAmount is not the sum of the items"}
	}
	if rq := pr.Requestor; rq != nil && rq.Address != nil && rq.Address.Country != "" && len(rq.Address.Country) != 2 {
		return bad("requestor.address.country must be ISO 3166-1 alpha-2")
	}
	return nil
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	if !s.admit(w, r) {
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		problem(w, http.StatusBadRequest, xbezahldienste.CodeValidationError, "Bad Request", "unreadable body")
		return
	}
	var pr xbezahldienste.PaymentRequest
	if err := json.Unmarshal(body, &pr); err != nil {
		problem(w, http.StatusBadRequest, xbezahldienste.CodeValidationError, "Bad Request", "body is not a PaymentRequest")
		return
	}
	f := s.fault("create", pr.RequestID)
	if !s.inject(w, r, f) {
		return
	}
	s.posts.Add(1)
	if v := s.validate(&pr); v != nil {
		problem(w, http.StatusBadRequest, v.code, "Bad Request", v.detail)
		return
	}
	s.mu.Lock()
	if t, ok := s.byReq[pr.RequestID]; ok {
		s.mu.Unlock()
		p := xbezahldienste.Problem{Type: "about:blank", Title: "Conflict", Status: http.StatusConflict, Detail: "a payment with this requestId exists", FunctionalCode: xbezahldienste.CodePaymentExists}
		if !s.o.HideExisting {
			p.Instance = s.txURL(t.info.TransactionID)
		}
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusConflict)
		_ = json.NewEncoder(w).Encode(p)
		return
	}
	s.seq++
	id := fmt.Sprintf("tx-%08d", s.seq)
	t := &txn{req: pr, info: xbezahldienste.PaymentInformation{
		TransactionURL:         s.txURL(id),
		TransactionRedirectURL: s.URL + "/pay/" + id,
		TransactionID:          id,
		TransactionReference:   fmt.Sprintf("XBZ-%08d", s.seq),
		TransactionTimestamp:   s.o.Now().UTC().Format(time.RFC3339),
		Status:                 xbezahldienste.StatusInitial,
	}}
	s.byID[id] = t
	s.byReq[pr.RequestID] = t
	resp := xbezahldienste.PaymentTransaction{PaymentRequest: &t.req, PaymentInformation: &t.info}
	out, _ := json.Marshal(resp)
	s.mu.Unlock()
	switch f.Kind {
	case DropAfterCreate:
		drop(w)
		return
	case DelayAfterCreate:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Location", s.txURL(id))
	w.WriteHeader(http.StatusCreated)
	_, _ = w.Write(out)
}

func (s *Server) get(w http.ResponseWriter, r *http.Request) {
	if !s.admit(w, r) {
		return
	}
	if !s.inject(w, r, s.fault("get", "")) {
		return
	}
	id := r.PathValue("transactionId")
	s.mu.Lock()
	t, ok := s.byID[id]
	var out []byte
	if ok {
		out, _ = json.Marshal(xbezahldienste.PaymentTransaction{PaymentRequest: &t.req, PaymentInformation: &t.info})
	}
	s.mu.Unlock()
	if !ok {
		problem(w, http.StatusNotFound, xbezahldienste.CodeUnspecified, "Not Found", "unknown transaction")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(out)
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	if !s.admit(w, r) {
		return
	}
	if !s.inject(w, r, s.fault("status", "")) {
		return
	}
	writeJSON(w, http.StatusOK, xbezahldienste.Problem{Type: "about:blank", Title: "OK", Status: http.StatusOK, Detail: "payment service available"})
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>Bezahlseite (Test)</title></head>
<body><h1>Bezahlseite (Testumgebung)</h1>
<p>{{.Purpose}}: {{.Amount}} EUR</p><p>{{.Description}}</p>
<form method="post"><button name="action" value="pay">Bezahlen</button>
<button name="action" value="cancel">Abbrechen</button>
<button name="action" value="fail">Fehlschlag simulieren</button></form>
</body></html>`))

func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	t, ok := s.byID[r.PathValue("transactionId")]
	var data map[string]string
	if ok {
		data = map[string]string{"Purpose": t.req.Purpose, "Amount": t.req.GrosAmount.StringFixed(2), "Description": t.req.Description}
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = pageTmpl.Execute(w, data)
}

// act handles the payment page's form: action=pay|cancel|fail, then sends
// the citizen back to the redirectUrl.
func (s *Server) act(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("transactionId")
	var st xbezahldienste.Status
	switch r.FormValue("action") {
	case "pay":
		st = xbezahldienste.StatusPayed
	case "cancel":
		st = xbezahldienste.StatusCanceled
	case "fail":
		st = xbezahldienste.StatusFailed
	default:
		http.Error(w, "action must be pay, cancel or fail", http.StatusBadRequest)
		return
	}
	redirect, err := s.settle(id, st)
	if err != nil {
		http.Error(w, err.Error(), http.StatusConflict)
		return
	}
	http.Redirect(w, r, redirect, http.StatusSeeOther)
}

func (s *Server) settle(id string, st xbezahldienste.Status) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.byID[id]
	if !ok {
		return "", fmt.Errorf("unknown transaction %s", id)
	}
	if t.info.Status != xbezahldienste.StatusInitial {
		return "", fmt.Errorf("transaction %s is %s", id, t.info.Status)
	}
	t.info.Status = st
	t.info.TransactionTimestamp = s.o.Now().UTC().Format(time.RFC3339)
	if st == xbezahldienste.StatusPayed {
		t.info.PaymentMethod = xbezahldienste.MethodCreditCard
		t.info.PaymentMethodDetail = "VISA"
	} else {
		t.info.StatusDetail = strings.ToLower(string(st)) + " on the payment page"
	}
	return t.req.RedirectURL, nil
}

// Pay marks the open transaction id as paid, as if the citizen paid.
func (s *Server) Pay(id string) error { _, err := s.settle(id, xbezahldienste.StatusPayed); return err }

// Cancel marks the open transaction id as canceled by the citizen.
func (s *Server) Cancel(id string) error {
	_, err := s.settle(id, xbezahldienste.StatusCanceled)
	return err
}

// Fail marks the open transaction id as failed.
func (s *Server) Fail(id string) error {
	_, err := s.settle(id, xbezahldienste.StatusFailed)
	return err
}

// Len returns the number of transactions.
func (s *Server) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.byID)
}

// CreateRequests returns how many create requests reached processing
// (after fault injection that stops processing).
func (s *Server) CreateRequests() int64 { return s.posts.Load() }

// RequestIDs returns the transaction id per request id.
func (s *Server) RequestIDs() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := make(map[string]string, len(s.byReq))
	for k, t := range s.byReq {
		m[k] = t.info.TransactionID
	}
	return m
}
