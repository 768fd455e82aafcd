package payment_test

import (
	"context"
	"fmt"
	"time"

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
	s, err := payment.CleanPurpose("Gebühr Straßenreinigung", &payment.PurposeOptions{MaxLen: payment.PurposeXBezahldienste})
	fmt.Println(s, err)
	_, err = payment.CleanPurpose("Gebühr für Straßenreinigung", &payment.PurposeOptions{MaxLen: 27})
	fmt.Println(err)
	// Output:
	// Gebuehr Strassenreinigung <nil>
	// payment: purpose: too long: 30 characters, at most 27
}
