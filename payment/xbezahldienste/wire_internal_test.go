package xbezahldienste

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzDecodeTransaction decodes arbitrary bytes as a platform response the
// way Create and Get do: JSON into PaymentTransaction, then fromWire. It
// must never panic, and whatever it accepts has a valid id and state.
func FuzzDecodeTransaction(f *testing.F) {
	f.Add([]byte(`{"paymentRequest":{"requestId":"r-1","requestTimestamp":"2026-01-15T09:30:00Z","currency":"EUR","grosAmount":25.00,"purpose":"x","redirectUrl":"https://a.invalid/","items":[{"id":"1","quantity":1,"totalNetAmount":25,"singleNetAmount":25,"taxRate":0,"totalTaxAmount":0,"singleTaxAmount":0,"bookingData":{"k":"v"}}]},"paymentInformation":{"transactionUrl":"https://p.invalid/t/1","transactionRedirectUrl":"https://p.invalid/pay/1","transactionId":"tx-1","transactionReference":"R1","transactionTimestamp":"2026-01-15T09:30:01Z","paymentMethod":"PAYPAL","status":"PAYED","statusDetail":"ok"}}`))
	f.Add([]byte(`{"paymentInformation":{"transactionId":"tx-1","status":"INITIAL"}}`))
	f.Add([]byte(`{"paymentRequest":{"grossAmount":"12.5"},"paymentInformation":{"transactionId":"a","status":"FAILED"}}`))
	f.Add([]byte(`{"paymentInformation":{"transactionId":"../x","status":"PAYED"}}`))
	f.Add([]byte(`{"paymentRequest":{"grosAmount":1e999999999}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var pt PaymentTransaction
		if err := json.Unmarshal(b, &pt); err != nil {
			return
		}
		tx, err := fromWire(&pt)
		if err != nil {
			if !errors.Is(err, ErrInvalidResponse) {
				t.Fatalf("error %v does not wrap ErrInvalidResponse", err)
			}
			return
		}
		if !validID(tx.ID) || !tx.Status.Valid() {
			t.Fatalf("accepted transaction %+v", tx)
		}
	})
}

func TestAmountUnmarshal(t *testing.T) {
	for in, ok := range map[string]bool{`12.5`: true, `"12.50"`: true, `null`: true, `1e3`: true, `1e999999999`: false, `"abc"`: false, `{}`: false, `1e-30`: false} {
		var a Amount
		err := json.Unmarshal([]byte(in), &a)
		if (err == nil) != ok {
			t.Errorf("Unmarshal(%s) = %v, want ok=%v", in, err, ok)
		}
	}
}
