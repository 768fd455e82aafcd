package xbezahldienste_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/shopspring/decimal"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenRequest compares the JSON the adapter sends for a full request
// (VAT item, booking data, requestor with address) with
// testdata/create-request.json.
func TestGoldenRequest(t *testing.T) {
	var body []byte
	url := newTestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ = io.ReadAll(r.Body)
		http.Error(w, "{}", http.StatusTeapot)
	}))
	p, _ := xbezahldienste.New(url, "o", "e", nil)
	clock := func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.FixedZone("CET", 3600)) }
	c := payment.NewClient(p, &payment.ClientOptions{Now: clock, Retry: &payment.RetryPolicy{MaxAttempts: 1}})
	params := drivertest.Params("golden-1")
	params.Items = append(params.Items, payment.LineItem{
		ID: "2", Reference: "AUSW", Description: "Ausweis", Quantity: 2, TaxRate: decimal.RequireFromString("19"),
		SingleNet: decimal.RequireFromString("10.00"), SingleTax: decimal.RequireFromString("1.90"),
		TotalNet: decimal.RequireFromString("20.00"), TotalTax: decimal.RequireFromString("3.80"),
		Booking: payment.BookingData{Objektnummer: "99", Extra: map[string]string{"HREF": "H-1"}},
	})
	params.Requestor = &payment.Requestor{ID: "u-1", Name: "Erika Mustermann", Email: "erika@example.org",
		Address: &payment.Address{Street: "Heidestraße", HouseNumber: "17", PostalCode: "51147", City: "Köln", Country: "DE"}}
	_, _ = c.Create(context.Background(), params)
	var got bytes.Buffer
	if err := json.Indent(&got, body, "", "  "); err != nil {
		t.Fatalf("request is not JSON: %v", err)
	}
	got.WriteByte('\n')
	golden := filepath.Join("testdata", "create-request.json")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("request JSON differs from %s (run with -update after checking):\ngot:\n%s\nwant:\n%s", golden, got.Bytes(), want)
	}
	// The golden request decodes back to the same values.
	var pr xbezahldienste.PaymentRequest
	if err := json.Unmarshal(want, &pr); err != nil {
		t.Fatal(err)
	}
	if !pr.GrosAmount.Equal(decimal.RequireFromString("48.80")) || len(pr.Items) != 2 || pr.Items[1].BookingData["HREF"] != "H-1" || pr.Requestor.Address.City != "Köln" {
		t.Errorf("golden decodes to %+v", pr)
	}
}
