package xbezahldienste_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
)

// BenchmarkCreateHTTP measures payment.Client.Create through the adapter
// against the httptest fake server.
func BenchmarkCreateHTTP(b *testing.B) {
	srv := xbezahldienstetest.NewServer(nil)
	defer srv.Close()
	p, _ := xbezahldienste.New(srv.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{HTTPClient: srv.Client()})
	c := payment.NewClient(p, nil)
	ctx := context.Background()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		i++
		if _, err := c.Create(ctx, drivertest.Params(fmt.Sprintf("bench-%d", i))); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBaselineHTTP is the baseline: a bare POST of the same JSON to
// an httptest handler that answers a canned PaymentTransaction, decoded
// with encoding/json.
func BenchmarkBaselineHTTP(b *testing.B) {
	srv := xbezahldienstetest.NewServer(nil)
	p, _ := xbezahldienste.New(srv.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{HTTPClient: srv.Client()})
	created, err := payment.NewClient(p, nil).Create(context.Background(), drivertest.Params("canned"))
	if err != nil {
		b.Fatal(err)
	}
	canned, _ := http.Get(created.StatusURL)
	body, _ := io.ReadAll(canned.Body)
	canned.Body.Close()
	srv.Close()
	echo := newBenchServer(b, body)
	req, _ := payment.NewClient(p, nil).Prepare(drivertest.Params("bench"))
	reqJSON, _ := json.Marshal(req)
	hc := &http.Client{}
	b.ReportAllocs()
	for b.Loop() {
		resp, err := hc.Post(echo, "application/json", bytes.NewReader(reqJSON))
		if err != nil {
			b.Fatal(err)
		}
		var pt xbezahldienste.PaymentTransaction
		if err := json.NewDecoder(resp.Body).Decode(&pt); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
	}
}
