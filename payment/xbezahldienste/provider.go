package xbezahldienste

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment/driver"
	"github.com/shopspring/decimal"
)

// The keys under which BookingData fields are sent in an item's
// bookingData. Extra keys are sent as they are and override these.
const (
	BookingKeyHaushaltsstelle = "haushaltsstelle"
	BookingKeyObjektnummer    = "objektnummer"
	BookingKeyKassenzeichen   = "kassenzeichen"
)

// maxBody bounds every response body read.
const maxBody = 1 << 20

// Options configure a Provider. A nil *Options means the defaults.
type Options struct {
	// HTTPClient sends the requests; nil means http.DefaultClient. For
	// client certificates use NewTLSClient.
	HTTPClient *http.Client
	// Auth adds credentials to each request; nil sends none.
	Auth Authenticator
	// Logger; nil discards. Records carry ids and status codes only.
	Logger *slog.Logger
}

// Provider is the XBezahldienste 1.0.0 adapter: a driver.Provider for one
// originator and endpoint of a payment platform (ePayBL, pmPayment, ePay21
// and other operators). Use it through payment.NewClient. It has no
// Canceler or Refunder: the standard has neither. Safe for concurrent use.
type Provider struct {
	base       *url.URL
	originator string
	endpoint   string
	hc         *http.Client
	auth       Authenticator
	log        *slog.Logger

	mu    sync.Mutex
	known map[string]string // requestId → transactionId of creates seen by this process
}

var _ driver.Provider = (*Provider)(nil)

// New returns a Provider for the platform at baseURL (the URL the paths
// /paymenttransaction/... and /status/... are relative to) and the
// originator and endpoint ids the operator assigned (1 to 36 characters of
// [A-Za-z0-9_-]).
func New(baseURL, originatorID, endPointID string, opts *Options) (*Provider, error) {
	const op = "xbezahldienste.New"
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "base URL must be an absolute http(s) URL")
	}
	if !validID(originatorID) {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "originator id must be 1 to 36 characters of [A-Za-z0-9_-]")
	}
	if !validID(endPointID) {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "endpoint id must be 1 to 36 characters of [A-Za-z0-9_-]")
	}
	p := &Provider{base: u, originator: originatorID, endpoint: endPointID, known: map[string]string{}}
	if opts != nil {
		p.hc, p.auth, p.log = opts.HTTPClient, opts.Auth, opts.Logger
	}
	if p.hc == nil {
		p.hc = http.DefaultClient
	}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	return p, nil
}

// validID reports whether s is 1 to 36 characters of [A-Za-z0-9_-].
func validID(s string) bool {
	if s == "" || len(s) > 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (p *Provider) url(parts ...string) string {
	u := *p.base
	u.Path = path.Join(append([]string{"/", u.Path}, parts...)...)
	u.RawQuery = ""
	return u.String()
}

// ErrInvalidResponse is wrapped when the platform answers with something
// that is not an XBezahldienste response.
var ErrInvalidResponse = errors.New("xbezahldienste: invalid response")

// transportError marks a failure to get any response (connection refused,
// reset, dropped after sending): transient.
type transportError struct{ err error }

func (e *transportError) Error() string { return "xbezahldienste: transport: " + e.err.Error() }
func (e *transportError) Unwrap() error { return e.err }

// do sends one request and decodes a 2xx JSON body into out, or returns a
// *ProblemError. After a 401 with an Invalidator it retries once.
func (p *Provider) do(ctx context.Context, method, u string, body []byte, out any) (http.Header, error) {
	for attempt := 0; ; attempt++ {
		var rd io.Reader
		if body != nil {
			rd = bytes.NewReader(body)
		}
		req, err := http.NewRequestWithContext(ctx, method, u, rd)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Accept", "application/json, application/problem+json")
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		if p.auth != nil {
			if err := p.auth.Authenticate(ctx, req); err != nil {
				return nil, err
			}
		}
		resp, err := p.hc.Do(req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &transportError{err}
		}
		data, rerr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
		if rerr != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, &transportError{rerr}
		}
		p.log.LogAttrs(ctx, slog.LevelDebug, "xbezahldienste: response", slog.String("method", method), slog.Int("status", resp.StatusCode))
		if resp.StatusCode == http.StatusUnauthorized && attempt == 0 {
			if inv, ok := p.auth.(Invalidator); ok {
				inv.Invalidate()
				continue
			}
		}
		if resp.StatusCode < 200 || resp.StatusCode > 299 {
			pe := &ProblemError{HTTPStatus: resp.StatusCode}
			if prob, err := DecodeProblem(data); err == nil {
				pe.Problem = *prob
			}
			if loc := resp.Header.Get("Location"); loc != "" && pe.Problem.Instance == "" {
				pe.Problem.Instance = loc
			}
			return resp.Header, pe
		}
		if out != nil {
			if err := json.Unmarshal(data, out); err != nil {
				return nil, fmt.Errorf("%w: %w", ErrInvalidResponse, err)
			}
		}
		return resp.Header, nil
	}
}

// Create implements driver.Provider: POST
// /paymenttransaction/{originatorId}/{endPointId}. A PAYMENT_EXISTS answer
// (a retry whose first attempt was created) is resolved to the existing
// transaction: through the problem's instance URL or Location header when
// the platform gives one, else through the transactions this Provider
// created itself. Without either it returns the PAYMENT_EXISTS error (code
// AlreadyExists): XBezahldienste 1.0.0 defines no lookup by requestId.
func (p *Provider) Create(ctx context.Context, req *driver.CreateRequest) (*driver.Transaction, error) {
	body, err := json.Marshal(toWire(req))
	if err != nil {
		return nil, err
	}
	var pt PaymentTransaction
	_, err = p.do(ctx, http.MethodPost, p.url("paymenttransaction", p.originator, p.endpoint), body, &pt)
	var pe *ProblemError
	if errors.As(err, &pe) && pe.Problem.FunctionalCode == CodePaymentExists {
		return p.existing(ctx, req, pe)
	}
	if err != nil {
		return nil, err
	}
	tx, err := fromWire(&pt)
	if err != nil {
		return nil, err
	}
	if tx.RequestID == "" {
		tx.RequestID = req.RequestID
	}
	if tx.Amount.IsZero() {
		tx.Amount, tx.Currency = req.Amount, req.Currency
	}
	p.remember(req.RequestID, tx.ID)
	return tx, nil
}

func (p *Provider) remember(reqID, txID string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.known) >= 100000 {
		clear(p.known)
	}
	p.known[reqID] = txID
}

// existing resolves PAYMENT_EXISTS to the existing transaction.
func (p *Provider) existing(ctx context.Context, req *driver.CreateRequest, pe *ProblemError) (*driver.Transaction, error) {
	id := ""
	if inst := pe.Problem.Instance; inst != "" {
		if u, err := url.Parse(inst); err == nil {
			id = path.Base(u.Path)
		}
	}
	if !validID(id) {
		p.mu.Lock()
		id = p.known[req.RequestID]
		p.mu.Unlock()
	}
	if id == "" {
		return nil, pe
	}
	tx, err := p.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if tx.RequestID != "" && tx.RequestID != req.RequestID {
		return nil, fmt.Errorf("%w: PAYMENT_EXISTS points to a transaction of another request", ErrInvalidResponse)
	}
	if !tx.Amount.IsZero() && !tx.Amount.Equal(req.Amount) {
		return nil, pe // same request id, different payment
	}
	if tx.RequestID == "" {
		tx.RequestID = req.RequestID
	}
	p.remember(req.RequestID, tx.ID)
	return tx, nil
}

// Get implements driver.Provider: GET
// /paymenttransaction/{originatorId}/{endPointId}/{transactionId}.
func (p *Provider) Get(ctx context.Context, id string) (*driver.Transaction, error) {
	if !validID(id) {
		return nil, &ProblemError{HTTPStatus: http.StatusNotFound, Problem: Problem{Title: "transaction id is not of the form [A-Za-z0-9_-]{1,36}"}}
	}
	var pt PaymentTransaction
	if _, err := p.do(ctx, http.MethodGet, p.url("paymenttransaction", p.originator, p.endpoint, id), nil, &pt); err != nil {
		return nil, err
	}
	tx, err := fromWire(&pt)
	if err != nil {
		return nil, err
	}
	if tx.ID != id {
		return nil, fmt.Errorf("%w: asked for transaction %s, got %s", ErrInvalidResponse, id, tx.ID)
	}
	return tx, nil
}

// Status calls GET /status/{originatorId}/{endPointId}, the platform's
// health check for this originator and endpoint, and returns its answer.
func (p *Provider) Status(ctx context.Context) (*Problem, error) {
	var s Problem
	if _, err := p.do(ctx, http.MethodGet, p.url("status", p.originator, p.endpoint), nil, &s); err != nil {
		return nil, &ozg.Error{Code: p.ErrorCode(err), Op: "xbezahldienste.Status", Err: err}
	}
	return &s, nil
}

// ErrorCode implements driver.Provider.
func (p *Provider) ErrorCode(err error) ozg.Code {
	var pe *ProblemError
	var te *transportError
	var oe *ozg.Error
	switch {
	case errors.As(err, &pe):
		return pe.Code()
	case errors.Is(err, context.Canceled):
		return ozg.Canceled
	case errors.Is(err, context.DeadlineExceeded):
		return ozg.DeadlineExceeded
	case errors.As(err, &te):
		return ozg.Unavailable
	case errors.As(err, &oe):
		return oe.Code
	case errors.Is(err, ErrInvalidResponse):
		return ozg.Unknown
	}
	return ozg.Unknown
}

func amount(d decimal.Decimal) Amount { return Amount{d} }

func toWire(r *driver.CreateRequest) *PaymentRequest {
	w := &PaymentRequest{
		RequestID:        r.RequestID,
		RequestTimestamp: r.RequestTime.UTC().Format(time.RFC3339),
		Currency:         r.Currency,
		GrosAmount:       amount(r.Amount),
		Purpose:          r.Purpose,
		Description:      r.Description,
		RedirectURL:      r.RedirectURL,
		Items:            make([]PaymentItem, len(r.Items)),
	}
	for i, it := range r.Items {
		var bd map[string]string
		if !it.Booking.IsZero() {
			bd = map[string]string{}
			for k, v := range map[string]string{BookingKeyHaushaltsstelle: it.Booking.Haushaltsstelle, BookingKeyObjektnummer: it.Booking.Objektnummer, BookingKeyKassenzeichen: it.Booking.Kassenzeichen} {
				if v != "" {
					bd[k] = v
				}
			}
			for k, v := range it.Booking.Extra {
				bd[k] = v
			}
		}
		w.Items[i] = PaymentItem{
			ID: it.ID, Reference: it.Reference, Description: it.Description,
			TaxRate: amount(it.TaxRate), Quantity: it.Quantity,
			TotalNetAmount: amount(it.TotalNet), TotalTaxAmount: amount(it.TotalTax),
			SingleNetAmount: amount(it.SingleNet), SingleTaxAmount: amount(it.SingleTax),
			BookingData: bd,
		}
	}
	if q := r.Requestor; q != nil {
		w.Requestor = &Requestor{ID: q.ID, Name: q.Name, Email: q.Email}
		if a := q.Address; a != nil {
			w.Requestor.Address = &Address{Street: a.Street, HouseNumber: a.HouseNumber, AddressLine: a.Lines, PostalCode: a.PostalCode, City: a.City, Country: a.Country}
		}
	}
	return w
}

// MapStatus maps an XBezahldienste status to the portable state: INITIAL is
// Created (the standard does not tell whether the citizen is on the payment
// page), PAYED is Paid, CANCELED Canceled, FAILED Failed.
func MapStatus(s Status) (driver.Status, bool) {
	switch s {
	case StatusInitial:
		return driver.StatusCreated, true
	case StatusPayed:
		return driver.StatusPaid, true
	case StatusCanceled:
		return driver.StatusCanceled, true
	case StatusFailed:
		return driver.StatusFailed, true
	}
	return "", false
}

func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

func fromWire(pt *PaymentTransaction) (*driver.Transaction, error) {
	pi := pt.PaymentInformation
	if pi == nil || !validID(pi.TransactionID) {
		return nil, fmt.Errorf("%w: missing or malformed transactionId", ErrInvalidResponse)
	}
	st, ok := MapStatus(pi.Status)
	if !ok {
		return nil, fmt.Errorf("%w: unknown status %q", ErrInvalidResponse, pi.Status)
	}
	tx := &driver.Transaction{
		ID:             pi.TransactionID,
		Reference:      pi.TransactionReference,
		Status:         st,
		ProviderStatus: string(pi.Status),
		StatusDetail:   pi.StatusDetail,
		Method:         string(pi.PaymentMethod),
		MethodDetail:   pi.PaymentMethodDetail,
		PaymentURL:     pi.TransactionRedirectURL,
		StatusURL:      pi.TransactionURL,
		Updated:        parseTime(pi.TransactionTimestamp),
	}
	if pr := pt.PaymentRequest; pr != nil {
		tx.RequestID = pr.RequestID
		tx.Amount = pr.GrosAmount.Decimal
		tx.Currency = pr.Currency
		tx.Created = parseTime(pr.RequestTimestamp)
	}
	if tx.Currency == "" {
		tx.Currency = "EUR"
	}
	if strings.TrimSpace(tx.PaymentURL) == "" && st == driver.StatusCreated {
		return nil, fmt.Errorf("%w: no transactionRedirectUrl for an open transaction", ErrInvalidResponse)
	}
	return tx, nil
}
