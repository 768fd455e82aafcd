package xbezahldienstetest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
)

const valid = `{"requestId":"req-1","requestTimestamp":"2026-01-15T09:30:00Z","currency":"EUR","grosAmount":23.80,
"purpose":"Gebuehr","description":"Test","redirectUrl":"https://service.invalid/back",
"items":[{"id":"1","quantity":2,"taxRate":19,"singleNetAmount":10.00,"singleTaxAmount":1.90,"totalNetAmount":20.00,"totalTaxAmount":3.80,"bookingData":{"kassenzeichen":"1"}}]}`

func post(t *testing.T, s *xbezahldienstetest.Server, path, body string) (int, []byte, http.Header) {
	t.Helper()
	resp, err := http.Post(s.URL+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b, resp.Header
}

func TestCreateValidation(t *testing.T) {
	s := xbezahldienstetest.NewServer(nil)
	defer s.Close()
	path := "/paymenttransaction/baukasten/gebuehren"
	tests := []struct {
		name   string
		edit   func(string) string
		path   string
		status int
		code   xbezahldienste.FunctionalCode
	}{
		{"valid", func(s string) string { return s }, path, 201, ""},
		{"duplicate", func(s string) string { return s }, path, 409, xbezahldienste.CodePaymentExists},
		{"grossAmount spelling", func(s string) string {
			return strings.NewReplacer(`"grosAmount"`, `"grossAmount"`, `req-1`, `req-2`).Replace(s)
		}, path, 201, ""},
		{"unknown endpoint", func(s string) string { return s }, "/paymenttransaction/baukasten/other", 404, xbezahldienste.CodeNoValidOriginatorOrEndpoint},
		{"bad originator", func(s string) string { return s }, "/paymenttransaction/" + strings.Repeat("o", 37) + "/gebuehren", 404, xbezahldienste.CodeNoValidOriginatorOrEndpoint},
		{"sum", func(s string) string {
			return strings.Replace(strings.Replace(s, "23.80", "23.81", 1), "req-1", "req-3", 1)
		}, path, 400, xbezahldienste.CodeCalculationError},
		{"item total", func(s string) string {
			return strings.Replace(strings.Replace(s, `"quantity":2`, `"quantity":3`, 1), "req-1", "req-4", 1)
		}, path, 400, xbezahldienste.CodeCalculationError},
		{"booking", func(s string) string {
			return strings.Replace(strings.Replace(s, `,"bookingData":{"kassenzeichen":"1"}`, ``, 1), "req-1", "req-5", 1)
		}, path, 400, xbezahldienste.CodeBookingDataMissing},
		{"purpose", func(s string) string {
			return strings.Replace(strings.Replace(s, `"Gebuehr"`, `"`+strings.Repeat("x", 28)+`"`, 1), "req-1", "req-6", 1)
		}, path, 400, xbezahldienste.CodeValidationError},
		{"timestamp", func(s string) string {
			return strings.Replace(strings.Replace(s, `2026-01-15T09:30:00Z`, `15.01.2026`, 1), "req-1", "req-7", 1)
		}, path, 400, xbezahldienste.CodeValidationError},
		{"request id", func(s string) string { return strings.Replace(s, "req-1", "req.1", 1) }, path, 400, xbezahldienste.CodeValidationError},
		{"purpose charset", func(s string) string {
			return strings.Replace(strings.Replace(s, `"Gebuehr"`, `"AZ: 4711/2026"`, 1), "req-1", "req-9", 1)
		}, path, 400, xbezahldienste.CodeValidationError},
		{"description charset", func(s string) string {
			return strings.Replace(strings.Replace(s, `"Test"`, `"Gebühr (Hund)"`, 1), "req-1", "req-10", 1)
		}, path, 400, xbezahldienste.CodeValidationError},
		{"gros max", func(s string) string {
			return strings.NewReplacer("req-1", "req-11", "23.80", "1000003.80", `"singleNetAmount":10.00`, `"singleNetAmount":500000.00`, `"totalNetAmount":20.00`, `"totalNetAmount":1000000.00`).Replace(s)
		}, path, 400, xbezahldienste.CodeValidationError},
		{"quantity max", func(s string) string {
			return strings.Replace(strings.Replace(s, `"quantity":2`, `"quantity":1000000`, 1), "req-1", "req-12", 1)
		}, path, 400, xbezahldienste.CodeValidationError},
		{"underscore id", func(s string) string { return strings.Replace(s, "req-1", "req_13", 1) }, path, 201, ""},
		{"three digits", func(s string) string {
			return strings.Replace(strings.Replace(s, `23.80`, `23.805`, 1), "req-1", "req-8", 1)
		}, path, 400, xbezahldienste.CodeValidationError},
		{"not json", func(string) string { return "{" }, path, 400, xbezahldienste.CodeValidationError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body, hdr := post(t, s, tt.path, tt.edit(valid))
			if status != tt.status {
				t.Fatalf("status %d, want %d: %s", status, tt.status, body)
			}
			if tt.code == "" {
				var pt xbezahldienste.PaymentTransaction
				if err := json.Unmarshal(body, &pt); err != nil || pt.PaymentInformation.Status != xbezahldienste.StatusInitial || hdr.Get("Location") == "" {
					t.Errorf("created answer %s, %v", body, err)
				}
				return
			}
			if ct := hdr.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			p, err := xbezahldienste.DecodeProblem(body)
			if err != nil || p.FunctionalCode != tt.code || p.Status != tt.status {
				t.Errorf("problem %+v, %v; want %s", p, err, tt.code)
			}
			if tt.code == xbezahldienste.CodePaymentExists && !strings.HasSuffix(p.Instance, "/tx-00000001") {
				t.Errorf("PAYMENT_EXISTS instance %q", p.Instance)
			}
		})
	}
	if s.Len() != 3 {
		t.Errorf("Len = %d, want 3", s.Len())
	}
}

func TestPaymentPage(t *testing.T) {
	s := xbezahldienstetest.NewServer(nil)
	defer s.Close()
	_, body, _ := post(t, s, "/paymenttransaction/baukasten/gebuehren", valid)
	var pt xbezahldienste.PaymentTransaction
	_ = json.Unmarshal(body, &pt)
	resp, err := http.Get(pt.PaymentInformation.TransactionRedirectURL)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "23.80 EUR") || !strings.Contains(string(page), `value="pay"`) {
		t.Errorf("page lacks amount or form:\n%s", page)
	}
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tt := range []struct {
		action string
		status int
	}{{"nonsense", 400}, {"cancel", 303}, {"pay", 409}} {
		resp, err := noFollow.PostForm(pt.PaymentInformation.TransactionRedirectURL, url.Values{"action": {tt.action}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("action %s: %d, want %d", tt.action, resp.StatusCode, tt.status)
		}
	}
	resp, _ = http.Get(pt.PaymentInformation.TransactionURL)
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	_ = json.Unmarshal(body, &pt)
	if pt.PaymentInformation.Status != xbezahldienste.StatusCanceled {
		t.Errorf("status %s, want CANCELED", pt.PaymentInformation.Status)
	}
	if err := s.Pay("tx-00000001"); err == nil {
		t.Error("Pay after cancel succeeded")
	}
	if err := s.Pay("tx-99"); err == nil {
		t.Error("Pay of unknown transaction succeeded")
	}
}

func TestFaultInjection(t *testing.T) {
	s := xbezahldienstetest.NewServer(&xbezahldienstetest.Options{Fault: func(r xbezahldienstetest.Request) xbezahldienstetest.Fault {
		if r.Op == "status" {
			return xbezahldienstetest.Fault{Kind: xbezahldienstetest.ServerError}
		}
		return xbezahldienstetest.Fault{Kind: xbezahldienstetest.DropAfterCreate}
	}})
	defer s.Close()
	resp, err := http.Get(s.URL + "/status/baukasten/gebuehren")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Errorf("status %d, want 503", resp.StatusCode)
	}
	if _, err := http.Post(s.URL+"/paymenttransaction/baukasten/gebuehren", "application/json", strings.NewReader(valid)); err == nil {
		t.Error("dropped connection answered")
	}
	if s.Len() != 1 {
		t.Errorf("Len = %d: the payment must exist although the answer was dropped", s.Len())
	}
}
