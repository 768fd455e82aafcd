package payment_test

import (
	"context"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment/driver"
	"github.com/ozg-baukasten/baukasten/payment/paymenttest"
)

// noCaps hides the fake's Cancel and Refund.
type noCaps struct{ p *paymenttest.Provider }

func (n noCaps) Create(ctx context.Context, r *driver.CreateRequest) (*driver.Transaction, error) {
	return n.p.Create(ctx, r)
}
func (n noCaps) Get(ctx context.Context, id string) (*driver.Transaction, error) {
	return n.p.Get(ctx, id)
}
func (n noCaps) ErrorCode(err error) ozg.Code { return n.p.ErrorCode(err) }
