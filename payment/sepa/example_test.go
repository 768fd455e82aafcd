package sepa_test

import (
	"fmt"

	"github.com/ozg-baukasten/baukasten/payment/sepa"
	"github.com/shopspring/decimal"
)

// Building a GiroCode (EPC QR code) for a fee notice.
func ExampleEPC() {
	ref, err := sepa.NewRF("4711202600815")
	if err != nil {
		panic(err)
	}
	code := &sepa.EPC{
		BIC:       "COBADEFFXXX",
		Name:      "Stadtkasse Musterstadt",
		IBAN:      "DE89370400440532013000",
		Amount:    decimal.RequireFromString("42.50"),
		Purpose:   "GOVT",
		Reference: ref,
	}
	payload, err := code.Payload()
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", payload)
	png, err := code.PNG(4)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(png[1:4]))
	// Output:
	// BCD
	// 002
	// 1
	// SCT
	// COBADEFFXXX
	// Stadtkasse Musterstadt
	// DE89370400440532013000
	// EUR42.50
	// GOVT
	// RF234711202600815
	// PNG
}

func ExampleParseIBAN() {
	iban, err := sepa.ParseIBAN("de89 3704 0044 0532 0130 00")
	if err != nil {
		panic(err)
	}
	fmt.Println(iban, iban.Format())
	_, err = sepa.ParseIBAN("DE88 3704 0044 0532 0130 00")
	fmt.Println(err)
	// Output:
	// DE89370400440532013000 DE89 3704 0044 0532 0130 00
	// sepa: IBAN: check digits do not match (ISO 7064 mod 97-10) at position 2
}

func ExampleParseEPC() {
	e, err := sepa.ParseEPC([]byte("BCD\r\n002\r\n1\r\nSCT\r\n\r\nStadtkasse Musterstadt\r\nDE89370400440532013000\r\nEUR12.5\r\n\r\n\r\nParkausweis 0815"))
	if err != nil {
		panic(err)
	}
	fmt.Println(e.Name, e.Amount.StringFixed(2), e.Text)
	_, err = sepa.ParseEPC([]byte("BCD\n002\n1\nSCT\n\nStadtkasse\nDE89370400440532013000\nEUR12,50"))
	fmt.Println(err)
	// Output:
	// Stadtkasse Musterstadt 12.50 Parkausweis 0815
	// sepa: EPC QR line 8 (Amount): want digits with at most two fraction digits after a dot
}

func ExampleNewRF() {
	rf, _ := sepa.NewRF("539007547034")
	fmt.Println(rf, sepa.CheckRF("RF18 5390 0754 7034"))
	// Output:
	// RF18539007547034 <nil>
}
