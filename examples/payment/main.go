// Command payment creates a payment on an XBezahldienste platform (the fake
// of package xbezahldienstetest on loopback), lets the citizen pay on the
// platform's payment page and polls the payment until it is paid.
//
//	go run ./examples/payment
//
// XBezahldienste has no notifications: payment.Poller asks the platform
// with back-off and reports every change.
package main

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	platform := xbezahldienstetest.NewServer(&xbezahldienstetest.Options{Username: "gemeinde", Password: "test-only"})
	defer platform.Close()
	provider, err := xbezahldienste.New(platform.URL, platform.OriginatorID(), platform.EndPointID(),
		&xbezahldienste.Options{Auth: xbezahldienste.BasicAuth{Username: "gemeinde", Password: "test-only"}})
	if err != nil {
		return err
	}
	client := payment.NewClient(provider, nil)

	fee := decimal.RequireFromString("15.00")
	p, err := client.Create(ctx, &payment.CreateParams{
		RequestID: "hundesteuer-0001", Purpose: "Hundesteuer HST 0001",
		Description: "Verwaltungsgebühr Anmeldung zur Hundesteuer",
		RedirectURL: "https://gemeinde.example/bezahlen/zurueck?requestId=hundesteuer-0001",
		Items: []payment.LineItem{{ID: "1", Quantity: 1, SingleNet: fee, TotalNet: fee,
			Booking: payment.BookingData{Haushaltsstelle: "1.6110.0300", Kassenzeichen: "HST0001"}}},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "created %s: %s %s EUR, send the citizen to the payment page\n", p.ID, p.Status, p.Amount.StringFixed(2))

	changes := make(chan payment.Change, 4)
	poller := payment.NewPoller(client, nil, &payment.PollerOptions{
		Interval: 20 * time.Millisecond, MaxInterval: 100 * time.Millisecond, Tick: 10 * time.Millisecond,
		OnChange: func(_ context.Context, c payment.Change) { changes <- c },
	})
	if err := poller.Track(ctx, p); err != nil {
		return err
	}
	go func() { _ = poller.Run(ctx) }()

	// The citizen pays on the platform's page, which sends them back to
	// the RedirectURL (not followed here).
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.PostForm(p.PaymentURL, url.Values{"action": {"pay"}})
	if err != nil {
		return err
	}
	resp.Body.Close()
	fmt.Fprintf(w, "the payment page sends the citizen back to %s\n", resp.Header.Get("Location"))

	select {
	case c := <-changes:
		fmt.Fprintf(w, "poller: %s %s → %s (platform status %s, method %s)\n", c.Payment.ID, c.From, c.Payment.Status, c.Payment.ProviderStatus, c.Payment.Method)
	case <-ctx.Done():
		return ctx.Err()
	}
	return nil
}
