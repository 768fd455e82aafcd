package xbezahldienste_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
	"github.com/shopspring/decimal"
)

// Paying a parking permit over XBezahldienste, against the fake platform.
func Example() {
	srv := xbezahldienstetest.NewServer(&xbezahldienstetest.Options{Username: "online-dienst", Password: "secret"})
	defer srv.Close()

	provider, err := xbezahldienste.New(srv.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{
		Auth: xbezahldienste.BasicAuth{Username: "online-dienst", Password: "secret"},
	})
	if err != nil {
		panic(err)
	}
	client := payment.NewClient(provider, nil)
	ctx := context.Background()

	net := decimal.RequireFromString("30.00")
	p, err := client.Create(ctx, &payment.CreateParams{
		RequestID:   "bewohnerparken-0815",
		Purpose:     "Bewohnerparkausweis 0815",
		RedirectURL: "https://service.example/return?requestId=bewohnerparken-0815",
		Items: []payment.LineItem{{ID: "1", Quantity: 1, SingleNet: net, TotalNet: net,
			Booking: payment.BookingData{Haushaltsstelle: "1.1220.1000", Kassenzeichen: "0815"}}},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(p.ID, p.Status, p.ProviderStatus)

	// The citizen pays on the payment page (here: the fake's form).
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.PostForm(p.PaymentURL, url.Values{"action": {"pay"}})
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println("back to", resp.Header.Get("Location"))

	p, err = client.Get(ctx, p.ID)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Status, p.ProviderStatus, p.Method)

	_, err = client.Cancel(ctx, p.ID)
	fmt.Println(err)
	// Output:
	// tx-00000001 Created INITIAL
	// back to https://service.example/return?requestId=bewohnerparken-0815
	// Paid PAYED CREDITCARD
	// payment.Cancel: provider cannot cancel payments
}
