package payment_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
	"github.com/shopspring/decimal"
)

// Paying a dog licence fee with the in-memory fake provider: create the
// payment, send the citizen to PaymentURL, wait for the outcome.
func Example() {
	ctx := context.Background()
	clock := func() time.Time { return time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC) }
	provider := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.AlwaysPays(), Now: clock})
	client := payment.NewClient(provider, &payment.ClientOptions{Now: clock})

	fee := decimal.RequireFromString("96.00")
	p, err := client.Create(ctx, &payment.CreateParams{
		RequestID:   "hundesteuer-2026-4711",
		Purpose:     "Hundesteuer 2026 KZ 4711",
		Description: "Hundesteuer für das Jahr 2026",
		RedirectURL: "https://service.example/return?requestId=hundesteuer-2026-4711",
		Items: []payment.LineItem{{
			ID: "1", Reference: "HST-2026", Description: "Hundesteuer, erster Hund",
			Quantity: 1, SingleNet: fee, TotalNet: fee,
			Booking: payment.BookingData{Haushaltsstelle: "1.6110.0300", Kassenzeichen: "4711"},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Status, p.Amount.StringFixed(2), p.Currency, "→", p.PaymentURL)

	done, err := client.Wait(ctx, p.ID, &payment.WaitOptions{Interval: time.Millisecond})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(done.ID, done.Status)

	// A retry with the same request id returns the same payment.
	again, _ := client.Create(ctx, &payment.CreateParams{
		RequestID: "hundesteuer-2026-4711", Purpose: "Hundesteuer 2026 KZ 4711",
		RedirectURL: "https://service.example/return?requestId=hundesteuer-2026-4711",
		Items: []payment.LineItem{{ID: "1", Quantity: 1, SingleNet: fee, TotalNet: fee,
			Booking: payment.BookingData{Kassenzeichen: "4711"}}},
	})
	fmt.Println(again.ID == p.ID, provider.Len())
	// Output:
	// Created 96.00 EUR → https://pay.invalid/tx-000001
	// tx-000001 Paid
	// true 1
}

// Cleaning a Verwendungszweck for the 27-character XBezahldienste field.
func ExampleCleanPurpose() {
	s, err := payment.CleanPurpose("Gebühr Straßenreinigung", payment.XBezahldienstePurpose())
	fmt.Println(s, err)
	_, err = payment.CleanPurpose("Gebühr für Straßenreinigung", payment.XBezahldienstePurpose())
	fmt.Println(err)
	// Output:
	// Gebuehr Strassenreinigung <nil>
	// payment: purpose: too long: 30 characters, at most 27
}

// Watching open payments: XBezahldienste sends no notifications, so a
// Poller asks the provider with back-off and reports changes.
func ExamplePoller() {
	ctx := context.Background()
	now := time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	provider := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.Manual(), Now: clock})
	client := payment.NewClient(provider, &payment.ClientOptions{Now: clock})
	poller := payment.NewPoller(client, &payment.MemoryStore{}, &payment.PollerOptions{
		Interval: time.Minute, ExpireAfter: 2 * time.Hour, Now: clock,
		OnChange: func(ctx context.Context, c payment.Change) {
			fmt.Printf("%s: %s → %s\n", c.Payment.ID, c.From, c.Payment.Status)
		},
	})
	fee := decimal.RequireFromString("12.00")
	for _, id := range []string{"antrag-1", "antrag-2"} {
		p, err := client.Create(ctx, &payment.CreateParams{
			RequestID: id, Purpose: "Gebuehr " + id, RedirectURL: "https://service.example/return?requestId=" + id,
			Items: []payment.LineItem{{ID: "1", Quantity: 1, SingleNet: fee, TotalNet: fee, Booking: payment.BookingData{Kassenzeichen: id}}},
		})
		if err != nil {
			panic(err)
		}
		if err := poller.Track(ctx, p); err != nil {
			panic(err)
		}
	}
	_ = provider.Pay("tx-000001") // the first citizen pays, the second never does
	for i := 0; i < 10; i++ {
		now = now.Add(15 * time.Minute)
		if _, err := poller.PollOnce(ctx); err != nil {
			panic(err)
		}
	}
	// Output:
	// tx-000001: Created → Paid
	// tx-000002: Created → Expired
}

// Serving the RedirectURL: the handler fetches the status from the
// provider; a forged status parameter changes nothing.
func ExampleReturnHandler() {
	ctx := context.Background()
	provider := paymenttest.New(&paymenttest.Options{Behavior: paymenttest.Manual()})
	client := payment.NewClient(provider, nil)
	poller := payment.NewPoller(client, nil, nil)
	fee := decimal.RequireFromString("12.00")
	p, _ := client.Create(ctx, &payment.CreateParams{
		RequestID: "antrag-7", Purpose: "Gebuehr", RedirectURL: "https://service.example/return?requestId=antrag-7",
		Items: []payment.LineItem{{ID: "1", Quantity: 1, SingleNet: fee, TotalNet: fee, Booking: payment.BookingData{Kassenzeichen: "7"}}},
	})
	_ = poller.Track(ctx, p)
	h := payment.ReturnHandler(poller, &payment.ReturnOptions{
		Done: func(w http.ResponseWriter, r *http.Request, p *payment.Payment, err error) {
			if err != nil {
				fmt.Println("error:", ozg.CodeOf(err))
				return
			}
			fmt.Println(p.ID, p.Status)
		},
	})
	forged := httptest.NewRequest(http.MethodGet, "/return?requestId=antrag-7&status=PAYED", nil)
	h.ServeHTTP(httptest.NewRecorder(), forged)
	_ = provider.Pay(p.ID)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/return?requestId=antrag-7", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/return?requestId=fremd-1", nil))
	// Output:
	// tx-000001 Created
	// tx-000001 Paid
	// error: NotFound
}
