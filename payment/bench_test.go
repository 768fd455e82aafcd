package payment_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
)

// BenchmarkPrepare is the baseline: the client's validation alone.
func BenchmarkPrepare(b *testing.B) {
	c := payment.NewClient(paymenttest.New(nil), nil)
	p := drivertest.Params("bench")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Prepare(p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCreateMemory measures Create against the in-memory fake.
func BenchmarkCreateMemory(b *testing.B) {
	c := payment.NewClient(paymenttest.New(nil), nil)
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
