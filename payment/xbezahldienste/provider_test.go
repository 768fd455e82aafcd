package xbezahldienste_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/driver"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
	"github.com/shopspring/decimal"
)

type harness struct {
	srv  *xbezahldienstetest.Server
	p    *xbezahldienste.Provider
	slow []*xbezahldienstetest.Server
}

func (h *harness) MakeProvider(ctx context.Context) (driver.Provider, error) {
	h.srv = xbezahldienstetest.NewServer(&xbezahldienstetest.Options{Username: "svc", Password: "secret"})
	p, err := xbezahldienste.New(h.srv.URL, h.srv.OriginatorID(), h.srv.EndPointID(), &xbezahldienste.Options{
		HTTPClient: h.srv.Client(), Auth: xbezahldienste.BasicAuth{Username: "svc", Password: "secret"}})
	h.p = p
	return p, err
}

// act plays the citizen on the payment page over HTTP.
func (h *harness) act(ctx context.Context, id, action string) error {
	tx, err := h.p.Get(ctx, id)
	if err != nil {
		return err
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.PostForm(tx.PaymentURL, url.Values{"action": {action}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("payment page answered %d", resp.StatusCode)
	}
	return nil
}

func (h *harness) Pay(ctx context.Context, id string) error   { return h.act(ctx, id, "pay") }
func (h *harness) Abort(ctx context.Context, id string) error { return h.act(ctx, id, "cancel") }
func (h *harness) Close() {
	if h.srv != nil {
		h.srv.Close()
	}
	for _, s := range h.slow {
		s.Close()
	}
}

func (h *harness) MakeSlowProvider(ctx context.Context, latency time.Duration) (driver.Provider, error) {
	slow := xbezahldienstetest.NewServer(&xbezahldienstetest.Options{Fault: func(xbezahldienstetest.Request) xbezahldienstetest.Fault {
		return xbezahldienstetest.Fault{Kind: xbezahldienstetest.Delay, Delay: latency}
	}})
	h.slow = append(h.slow, slow)
	return xbezahldienste.New(slow.URL, slow.OriginatorID(), slow.EndPointID(), &xbezahldienste.Options{HTTPClient: slow.Client()})
}

func TestConformance(t *testing.T) {
	drivertest.RunConformanceTests(t, func(ctx context.Context, t *testing.T) (drivertest.Harness, error) {
		return &harness{}, nil
	})
}

func newProvider(t *testing.T, opts *xbezahldienstetest.Options) (*xbezahldienstetest.Server, *xbezahldienste.Provider) {
	t.Helper()
	srv := xbezahldienstetest.NewServer(opts)
	t.Cleanup(srv.Close)
	p, err := xbezahldienste.New(srv.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{HTTPClient: srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	return srv, p
}

func TestProblemMapping(t *testing.T) {
	srv, p := newProvider(t, nil)
	ctx := context.Background()
	base := func() *driver.CreateRequest {
		c := payment.NewClient(p, nil)
		r, err := c.Prepare(drivertest.Params("map-1"))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	tests := []struct {
		name string
		edit func(r *driver.CreateRequest)
		fc   xbezahldienste.FunctionalCode
		code ozg.Code
	}{
		{"calculation", func(r *driver.CreateRequest) { r.Amount = decimal.RequireFromString("26") }, xbezahldienste.CodeCalculationError, ozg.InvalidArgument},
		{"item calculation", func(r *driver.CreateRequest) {
			r.Items[0].Quantity = 2
		}, xbezahldienste.CodeCalculationError, ozg.InvalidArgument},
		{"booking data", func(r *driver.CreateRequest) { r.Items[0].Booking = driver.BookingData{} }, xbezahldienste.CodeBookingDataMissing, ozg.InvalidArgument},
		{"purpose", func(r *driver.CreateRequest) { r.Purpose = strings.Repeat("x", 28) }, xbezahldienste.CodeValidationError, ozg.InvalidArgument},
		{"currency", func(r *driver.CreateRequest) { r.Currency = "USD" }, xbezahldienste.CodeValidationError, ozg.InvalidArgument},
		{"request id", func(r *driver.CreateRequest) { r.RequestID = "bad id" }, xbezahldienste.CodeValidationError, ozg.InvalidArgument},
		{"items", func(r *driver.CreateRequest) { r.Items = nil }, xbezahldienste.CodeValidationError, ozg.InvalidArgument},
		{"redirect", func(r *driver.CreateRequest) { r.RedirectURL = "/relative" }, xbezahldienste.CodeValidationError, ozg.InvalidArgument},
		{"description", func(r *driver.CreateRequest) { r.Description = strings.Repeat("d", 251) }, xbezahldienste.CodeValidationError, ozg.InvalidArgument},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base()
			tt.edit(r)
			_, err := p.Create(ctx, r)
			var pe *xbezahldienste.ProblemError
			if !errors.As(err, &pe) {
				t.Fatalf("Create error = %v, want *ProblemError", err)
			}
			if pe.Problem.FunctionalCode != tt.fc || p.ErrorCode(err) != tt.code {
				t.Errorf("got %s / %v, want %s / %v", pe.Problem.FunctionalCode, p.ErrorCode(err), tt.fc, tt.code)
			}
		})
	}
	// Wrong endpoint.
	q, _ := xbezahldienste.New(srv.URL, srv.OriginatorID(), "other", &xbezahldienste.Options{HTTPClient: srv.Client()})
	_, err := q.Create(ctx, base())
	var pe *xbezahldienste.ProblemError
	if !errors.As(err, &pe) || pe.Problem.FunctionalCode != xbezahldienste.CodeNoValidOriginatorOrEndpoint || q.ErrorCode(err) != ozg.FailedPrecondition {
		t.Errorf("wrong endpoint: %v", err)
	}
	if srv.Len() != 0 {
		t.Errorf("server has %d transactions after only invalid requests", srv.Len())
	}
}

func TestAuthFailures(t *testing.T) {
	srv := xbezahldienstetest.NewServer(&xbezahldienstetest.Options{Username: "u", Password: "p"})
	defer srv.Close()
	p, _ := xbezahldienste.New(srv.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{
		HTTPClient: srv.Client(), Auth: xbezahldienste.BasicAuth{Username: "u", Password: "wrong"}})
	_, err := payment.NewClient(p, nil).Get(context.Background(), "tx-1")
	if !errors.Is(err, ozg.ErrUnauthenticated) {
		t.Errorf("wrong password: %v, want Unauthenticated", err)
	}
	if strings.Contains(err.Error(), "wrong") {
		t.Errorf("error %q leaks the password", err)
	}
}

func TestPaymentExistsResolution(t *testing.T) {
	// The platform hides the existing transaction: a second Provider (a
	// restarted process) cannot resolve PAYMENT_EXISTS and says so.
	srv, p := newProvider(t, &xbezahldienstetest.Options{HideExisting: true})
	c := payment.NewClient(p, nil)
	ctx := context.Background()
	a, err := c.Create(ctx, drivertest.Params("exists-1"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := c.Create(ctx, drivertest.Params("exists-1"))
	if err != nil || b.ID != a.ID {
		t.Fatalf("same process retry = %v, %v; want %s from its memory", b, err, a.ID)
	}
	p2, _ := xbezahldienste.New(srv.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{HTTPClient: srv.Client()})
	_, err = payment.NewClient(p2, nil).Create(ctx, drivertest.Params("exists-1"))
	if !errors.Is(err, ozg.ErrAlreadyExists) {
		t.Errorf("restarted process: %v, want AlreadyExists", err)
	}
	if srv.Len() != 1 {
		t.Errorf("server has %d transactions, want 1", srv.Len())
	}
}

func TestWireRequest(t *testing.T) {
	var got map[string]any
	srv := xbezahldienstetest.NewServer(nil)
	defer srv.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&got)
		http.Error(w, "stop", http.StatusTeapot)
	})
	capture := &http.Server{Handler: mux}
	_ = capture
	ts := newTestServer(t, mux)
	p, _ := xbezahldienste.New(ts, "o", "e", nil)
	params := drivertest.Params("wire-1")
	params.Items[0].TaxRate = decimal.RequireFromString("19")
	params.Items[0].SingleNet = decimal.RequireFromString("10.00")
	params.Items[0].SingleTax = decimal.RequireFromString("1.90")
	params.Items[0].Quantity = 2
	params.Items[0].TotalNet = decimal.RequireFromString("20.00")
	params.Items[0].TotalTax = decimal.RequireFromString("3.80")
	params.Items[0].Booking.Extra = map[string]string{"HREF": "ABC"}
	params.Requestor = &payment.Requestor{ID: "r1", Name: "Erika Mustermann", Email: "erika@example.org",
		Address: &payment.Address{Street: "Heidestraße", HouseNumber: "17", PostalCode: "51147", City: "Köln", Country: "DE", Lines: []string{"c/o X"}}}
	_, _ = payment.NewClient(p, &payment.ClientOptions{Retry: &payment.RetryPolicy{MaxAttempts: 1}}).Create(context.Background(), params)
	js, _ := json.Marshal(got)
	for _, want := range []string{
		`"requestId":"wire-1"`, `"currency":"EUR"`, `"grosAmount":23.8`, `"purpose":"Hundesteuer 2026"`,
		`"redirectUrl":"https://service.invalid/return"`, `"quantity":2`, `"taxRate":19`, `"singleNetAmount":10`,
		`"singleTaxAmount":1.9`, `"totalNetAmount":20`, `"totalTaxAmount":3.8`, `"haushaltsstelle":"1.6110.0300"`,
		`"kassenzeichen":"4711"`, `"HREF":"ABC"`, `"houseNumber":"17"`, `"addressLine":["c/o X"]`, `"country":"DE"`,
		`"email":"erika@example.org"`, `"requestTimestamp":"`, `"reference":"GEB-4711"`,
	} {
		if !strings.Contains(string(js), want) {
			t.Errorf("request JSON lacks %s:\n%s", want, js)
		}
	}
}

func TestGrossAmountSpelling(t *testing.T) {
	var r xbezahldienste.PaymentRequest
	if err := json.Unmarshal([]byte(`{"requestId":"a","grossAmount":"12.50"}`), &r); err != nil {
		t.Fatal(err)
	}
	if !r.GrosAmount.Equal(decimal.RequireFromString("12.5")) {
		t.Errorf("grossAmount = %s, want 12.50", r.GrosAmount)
	}
	if err := json.Unmarshal([]byte(`{"grosAmount":12.5,"grossAmount":99}`), &r); err != nil || !r.GrosAmount.Equal(decimal.RequireFromString("12.5")) {
		t.Errorf("grosAmount must win: %s, %v", r.GrosAmount, err)
	}
	b, _ := json.Marshal(xbezahldienste.PaymentRequest{GrosAmount: xbezahldienste.Amount{Decimal: decimal.RequireFromString("7")}})
	if !strings.Contains(string(b), `"grosAmount":7.00`) {
		t.Errorf("marshal = %s", b)
	}
}

func TestStatusEndpoint(t *testing.T) {
	_, p := newProvider(t, nil)
	s, err := p.Status(context.Background())
	if err != nil || s.Status != 200 {
		t.Errorf("Status = %+v, %v", s, err)
	}
}

func TestNewValidation(t *testing.T) {
	for _, tt := range []struct{ base, o, e string }{
		{"ftp://x", "o", "e"}, {"https://x", "", "e"}, {"https://x", "o", strings.Repeat("e", 37)}, {"https://x", "o/x", "e"},
	} {
		if _, err := xbezahldienste.New(tt.base, tt.o, tt.e, nil); !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("New(%q, %q, %q) = %v, want InvalidArgument", tt.base, tt.o, tt.e, err)
		}
	}
}

func TestMapStatus(t *testing.T) {
	for in, want := range map[xbezahldienste.Status]payment.Status{
		"INITIAL": payment.StatusCreated, "PAYED": payment.StatusPaid, "CANCELED": payment.StatusCanceled, "FAILED": payment.StatusFailed,
	} {
		if got, ok := xbezahldienste.MapStatus(in); !ok || got != want {
			t.Errorf("MapStatus(%s) = %s", in, got)
		}
	}
	if _, ok := xbezahldienste.MapStatus("PAID"); ok {
		t.Error("MapStatus accepted PAID")
	}
}
