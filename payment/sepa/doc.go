// Package sepa holds the SEPA helpers a fee notice needs: IBAN validation
// and formatting (ISO 13616, mod 97-10 and the length per country from the
// IBAN registry; DE = 22), the BIC format (ISO 9362), RF creditor
// references (ISO 11649), and the EPC QR code ("GiroCode", EPC069-12): build
// and parse its payload and render it as a PNG at error-correction level M.
//
// A GiroCode on a fee notice lets the citizen pay by scanning it with a
// banking app:
//
//	code := &sepa.EPC{Name: "Stadtkasse", IBAN: "DE89370400440532013000",
//		Amount: decimal.RequireFromString("42.50"), Text: "Hundesteuer 2026"}
//	png, err := code.PNG(4)
//
// The QR code is rendered with github.com/boombuler/barcode in byte mode
// (the payload bytes as they are, in the character set the payload names,
// without an ECI header, as banking apps expect) and a four-module quiet
// zone.
//
// # Errors
//
// ParseIBAN returns an *IBANError wrapping one of ErrIBANCharacter,
// ErrIBANCountry, ErrIBANLength or ErrIBANChecksum, with the position but
// never the IBAN itself. ValidateBIC errors wrap ErrBIC, NewRF and CheckRF
// errors wrap ErrRF. Building or parsing an EPC payload fails with an
// *EPCError that names the element (Field) and, when parsing, its line; it
// wraps ErrEPC and the cause. These are pure functions: they return plain
// errors, not *ozg.Error.
//
// # Testing
//
// The tests use the published IBAN and ISO 11649 examples, table tests for
// every EPC069-12 rule, fuzz tests for ParseIBAN and ParseEPC (a parsed
// payload must rebuild and parse to the same content), and decode the
// rendered PNG with gozxing, an independent QR decoder, checking the bytes
// and level M.
package sepa
