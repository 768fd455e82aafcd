package sepa

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"github.com/shopspring/decimal"
)

func TestParseIBAN(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		format string
		err    error
	}{
		{"DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", nil},
		{"de89370400440532013000", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", nil},
		{"GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", nil},
		{"AT61 1904 3002 3457 3201", "AT611904300234573201", "AT61 1904 3002 3457 3201", nil},
		{"BE68 5390 0754 7034", "BE68539007547034", "BE68 5390 0754 7034", nil},
		{"CH93 0076 2011 6238 5295 7", "CH9300762011623852957", "CH93 0076 2011 6238 5295 7", nil},
		{"FR14 2004 1010 0505 0001 3M02 606", "FR1420041010050500013M02606", "FR14 2004 1010 0505 0001 3M02 606", nil},
		{"NL91 ABNA 0417 1643 00", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00", nil},
		{"NO93 8601 1117 947", "NO9386011117947", "NO93 8601 1117 947", nil},
		{"DE88 3704 0044 0532 0130 00", "", "", ErrIBANChecksum},
		{"DE89 3704 0044 0532 0130 0", "", "", ErrIBANLength},
		{"DE89 3704 0044 0532 0130 000", "", "", ErrIBANLength},
		{"XX89 3704 0044 0532 0130 00", "", "", ErrIBANCountry},
		{"DE89-3704", "", "", ErrIBANCharacter},
		{"D", "", "", ErrIBANLength},
		{"", "", "", ErrIBANLength},
		{"1E89370400440532013000", "", "", ErrIBANCharacter},
		{"DEX9370400440532013000", "", "", ErrIBANCharacter},
		{"DE89 3704 0044 0532 0130 0Ä", "", "", ErrIBANCharacter},
	}
	for _, tt := range tests {
		got, err := ParseIBAN(tt.in)
		if !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("ParseIBAN(%q) error = %v, want %v", tt.in, err, tt.err)
			continue
		}
		if err != nil {
			if strings.Contains(err.Error(), "0532") {
				t.Errorf("error %q leaks the account number", err)
			}
			continue
		}
		if got.String() != tt.want || got.Format() != tt.format {
			t.Errorf("ParseIBAN(%q) = %s / %s, want %s / %s", tt.in, got, got.Format(), tt.want, tt.format)
		}
		if got.Country() != tt.want[:2] {
			t.Errorf("Country = %s", got.Country())
		}
	}
	if n, ok := IBANLength("DE"); !ok || n != 22 {
		t.Errorf("IBANLength(DE) = %d, %v; want 22, true", n, ok)
	}
}

func TestValidateBIC(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{"COBADEFF", true},
		{"COBADEFFXXX", true},
		{"MARKDEF1100", true},
		{"GENODEM1GLS", true},
		{"1BADEFF1", true}, // digits allowed in the institution code since ISO 9362:2014
		{"COBADEF", false},
		{"COBADEFFXX", false},
		{"COBA1EFF", false},
		{"cobadeff", false},
		{"COBADE-F", false},
		{"", false},
	}
	for _, tt := range tests {
		err := ValidateBIC(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("ValidateBIC(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrBIC) {
			t.Errorf("ValidateBIC(%q) error does not wrap ErrBIC", tt.in)
		}
	}
}

func TestRF(t *testing.T) {
	// ISO 11649's example: RF18 5390 0754 7034.
	got, err := NewRF("539007547034")
	if err != nil || got != "RF18539007547034" {
		t.Fatalf("NewRF = %q, %v; want RF18539007547034", got, err)
	}
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{"RF18539007547034", true},
		{"RF18 5390 0754 7034", true},
		{"RF712348231", true},
		{"RF19539007547034", false},
		{"RF1853900754703X", false},
		{"XX18539007547034", false},
		{"RFA8539007547034", false},
		{"RF18", false},
		{"RF18" + strings.Repeat("1", 22), false},
	} {
		err := CheckRF(tt.in)
		if (err == nil) != tt.ok {
			t.Errorf("CheckRF(%q) = %v, want ok=%v", tt.in, err, tt.ok)
		}
		if err != nil && !errors.Is(err, ErrRF) {
			t.Errorf("CheckRF(%q) error does not wrap ErrRF", tt.in)
		}
	}
	for _, bad := range []string{"", strings.Repeat("A", 22), "AB-1"} {
		if _, err := NewRF(bad); !errors.Is(err, ErrRF) {
			t.Errorf("NewRF(%q) error = %v, want ErrRF", bad, err)
		}
	}
	// Every generated reference checks.
	for _, ref := range []string{"1", "A", "KASSENZEICHEN12345", "000000000000000000001"} {
		rf, err := NewRF(ref)
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckRF(rf); err != nil {
			t.Errorf("CheckRF(NewRF(%q)=%q) = %v", ref, rf, err)
		}
	}
}

func fee() *EPC {
	return &EPC{
		BIC:    "COBADEFFXXX",
		Name:   "Stadtkasse Musterstadt",
		IBAN:   "DE89370400440532013000",
		Amount: decimal.RequireFromString("42.5"),
		Text:   "Hundesteuer 2026 Kassenzeichen 4711",
	}
}

func TestEPCPayload(t *testing.T) {
	got, err := fee().Payload()
	if err != nil {
		t.Fatal(err)
	}
	want := "BCD\n002\n1\nSCT\nCOBADEFFXXX\nStadtkasse Musterstadt\nDE89370400440532013000\nEUR42.50\n\n\nHundesteuer 2026 Kassenzeichen 4711"
	if string(got) != want {
		t.Errorf("Payload =\n%q\nwant\n%q", got, want)
	}
	back, err := ParseEPC(got)
	if err != nil {
		t.Fatal(err)
	}
	if back.Name != "Stadtkasse Musterstadt" || !back.Amount.Equal(decimal.RequireFromString("42.50")) || back.Text != fee().Text || back.Version != "002" {
		t.Errorf("round trip = %+v", back)
	}
}

func TestEPCLatin1(t *testing.T) {
	e := fee()
	e.CharacterSet = 2
	e.Name = "Gemeinde Günzburg"
	p, err := e.Payload()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(p, []byte("G\xfcnzburg")) {
		t.Errorf("payload not in ISO 8859-1: %q", p)
	}
	back, err := ParseEPC(p)
	if err != nil || back.Name != "Gemeinde Günzburg" {
		t.Errorf("ParseEPC = %+v, %v", back, err)
	}
	e.Name = "Łódź €"
	if _, err := e.Payload(); err == nil {
		t.Error("Payload encoded a character ISO 8859-1 lacks")
	}
}

func TestEPCValidation(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*EPC)
		field string
	}{
		{"version", func(e *EPC) { e.Version = "003" }, "Version"},
		{"charset", func(e *EPC) { e.CharacterSet = 9 }, "CharacterSet"},
		{"bic required in 001", func(e *EPC) { e.Version = "001"; e.BIC = "" }, "BIC"},
		{"bic format", func(e *EPC) { e.BIC = "COBADE" }, "BIC"},
		{"name empty", func(e *EPC) { e.Name = "" }, "Name"},
		{"name long", func(e *EPC) { e.Name = strings.Repeat("x", 71) }, "Name"},
		{"name newline", func(e *EPC) { e.Name = "a\nb" }, "Name"},
		{"iban", func(e *EPC) { e.IBAN = "DE00370400440532013000" }, "IBAN"},
		{"iban spaces", func(e *EPC) { e.IBAN = "DE89 3704 0044 0532 0130 00" }, "IBAN"},
		{"amount small", func(e *EPC) { e.Amount = decimal.RequireFromString("0.001") }, "Amount"},
		{"amount negative", func(e *EPC) { e.Amount = decimal.RequireFromString("-1") }, "Amount"},
		{"amount big", func(e *EPC) { e.Amount = decimal.RequireFromString("1000000000") }, "Amount"},
		{"amount digits", func(e *EPC) { e.Amount = decimal.RequireFromString("1.005") }, "Amount"},
		{"purpose", func(e *EPC) { e.Purpose = "GOV" }, "Purpose"},
		{"purpose chars", func(e *EPC) { e.Purpose = "gov1" }, "Purpose"},
		{"both remittances", func(e *EPC) { e.Reference = "RF18539007547034" }, "Reference"},
		{"rf check", func(e *EPC) { e.Text = ""; e.Reference = "RF19539007547034" }, "Reference"},
		{"reference long", func(e *EPC) { e.Text = ""; e.Reference = strings.Repeat("1", 36) }, "Reference"},
		{"text long", func(e *EPC) { e.Text = strings.Repeat("x", 141) }, "Text"},
		{"information long", func(e *EPC) { e.Information = strings.Repeat("x", 71) }, "Information"},
		{"payload long", func(e *EPC) {
			e.Name = strings.Repeat("ä", 70)
			e.Text = strings.Repeat("ü", 140)
			e.Information = strings.Repeat("ö", 70)
		}, "Payload"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := fee()
			tt.edit(e)
			_, err := e.Payload()
			var ee *EPCError
			if !errors.As(err, &ee) {
				t.Fatalf("Payload error = %v, want *EPCError", err)
			}
			if ee.Field != tt.field {
				t.Errorf("Field = %s, want %s (%v)", ee.Field, tt.field, err)
			}
			if !errors.Is(err, ErrEPC) {
				t.Error("error does not wrap ErrEPC")
			}
		})
	}
	// Valid edge cases.
	for _, edit := range []func(*EPC){
		func(e *EPC) { e.Amount = decimal.Zero },
		func(e *EPC) { e.Amount = decimal.RequireFromString("999999999.99") },
		func(e *EPC) { e.Amount = decimal.RequireFromString("0.01") },
		func(e *EPC) { e.BIC = "" },
		func(e *EPC) { e.Version = "001" },
		func(e *EPC) { e.Text = ""; e.Reference = "RF18539007547034"; e.Purpose = "GOVT" },
		func(e *EPC) { e.Text = strings.Repeat("x", 140); e.Information = strings.Repeat("y", 70) },
	} {
		e := fee()
		edit(e)
		if _, err := e.Payload(); err != nil {
			t.Errorf("Payload(%+v) = %v", e, err)
		}
	}
}

func TestParseEPCErrors(t *testing.T) {
	good := "BCD\n002\n1\nSCT\n\nStadtkasse\nDE89370400440532013000\nEUR1.5"
	if _, err := ParseEPC([]byte(good)); err != nil {
		t.Fatalf("ParseEPC(good) = %v", err)
	}
	if e, err := ParseEPC([]byte(strings.ReplaceAll(good, "\n", "\r\n") + "\r\n")); err != nil || !e.Amount.Equal(decimal.RequireFromString("1.5")) {
		t.Fatalf("ParseEPC(CRLF) = %v, %v", e, err)
	}
	tests := []struct {
		in    string
		field string
		line  int
	}{
		{"XYZ", "ServiceTag", 1},
		{"BCD\n002\n1\nSCT", "Payload", 5},
		{strings.Replace(good, "\n1\n", "\n9\n", 1), "CharacterSet", 3},
		{strings.Replace(good, "SCT", "SCX", 1), "Identification", 4},
		{strings.Replace(good, "EUR1.5", "USD1.5", 1), "Amount", 8},
		{strings.Replace(good, "EUR1.5", "EUR1,5", 1), "Amount", 8},
		{strings.Replace(good, "EUR1.5", "EUR1.555", 1), "Amount", 8},
		{strings.Replace(good, "EUR1.5", "EUR0", 1), "Amount", 8},
		{strings.Replace(good, "EUR1.5", "EUR-1", 1), "Amount", 8},
		{strings.Replace(good, "DE89", "DE88", 1), "IBAN", 7},
		{good + "\n\n\n\n\nx", "Payload", 13},
		{strings.Replace(good, "Stadtkasse", "\xff", 1), "Name", 6},
		{good + strings.Repeat("x", 330), "Payload", 0},
	}
	for _, tt := range tests {
		_, err := ParseEPC([]byte(tt.in))
		var ee *EPCError
		if !errors.As(err, &ee) || ee.Field != tt.field || ee.Line != tt.line {
			t.Errorf("ParseEPC(%q) = %v, want field %s line %d", tt.in, err, tt.field, tt.line)
		}
	}
}

// TestEPCPNG renders a GiroCode and decodes it with an independent QR
// decoder (gozxing, a port of ZXing), checking the bytes and the error
// correction level.
func TestEPCPNG(t *testing.T) {
	e := fee()
	e.Name = "Gemeinde Günzburg"
	payload, err := e.Payload()
	if err != nil {
		t.Fatal(err)
	}
	data, err := e.PNG(4)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("QR decode: %v", err)
	}
	if lvl := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL]; lvl != "M" {
		t.Errorf("error correction level = %v, want M", lvl)
	}
	segs, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_BYTE_SEGMENTS].([][]byte)
	if got := bytes.Join(segs, nil); !bytes.Equal(got, payload) {
		t.Errorf("decoded bytes = %q, want %q", got, payload)
	}
	// Size: version v has 17+4v modules; plus the quiet zone, times 4 pixels.
	side := img.Bounds().Dx()
	modules := side/4 - 2*QRQuietZone
	if (modules-17)%4 != 0 || side%4 != 0 || img.Bounds().Dy() != side {
		t.Errorf("image %dx%d is not a QR symbol with quiet zone", side, img.Bounds().Dy())
	}
	if _, err := e.PNG(0); err == nil {
		t.Error("PNG(0) succeeded")
	}
}

func FuzzParseIBAN(f *testing.F) {
	for _, s := range []string{"DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432", "", "DE", "XX00", "de89 3704"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		iban, err := ParseIBAN(s)
		if err != nil {
			var ie *IBANError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v is not an *IBANError", err)
			}
			return
		}
		again, err := ParseIBAN(iban.Format())
		if err != nil || again != iban {
			t.Fatalf("ParseIBAN(Format()) = %q, %v; want %q", again, err, iban)
		}
	})
}

func FuzzParseEPC(f *testing.F) {
	p, _ := fee().Payload()
	f.Add(p)
	f.Add([]byte("BCD\n001\n1\nSCT\nCOBADEFF\nA\nDE89370400440532013000\nEUR1\nGOVT\nRF18539007547034"))
	f.Add([]byte("BCD\r\n002\r\n2\r\nSCT\r\n\r\nG\xfcnther\r\nDE89370400440532013000\r\n"))
	f.Add([]byte("BCD"))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := ParseEPC(b)
		if err != nil {
			if !errors.Is(err, ErrEPC) {
				t.Fatalf("error %v does not wrap ErrEPC", err)
			}
			return
		}
		out, err := e.Payload()
		if err != nil {
			t.Fatalf("parsed payload does not rebuild: %v", err)
		}
		e2, err := ParseEPC(out)
		if err != nil {
			t.Fatalf("rebuilt payload does not parse: %v", err)
		}
		if e2.Name != e.Name || e2.IBAN != e.IBAN || !e2.Amount.Equal(e.Amount) || e2.Text != e.Text || e2.Reference != e.Reference || e2.Information != e.Information {
			t.Fatalf("round trip changed the content: %+v vs %+v", e, e2)
		}
	})
}

func BenchmarkEPCPNG(b *testing.B) {
	e := fee()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.PNG(4); err != nil {
			b.Fatal(err)
		}
	}
}

// TestIBANRegistryExamples parses the example IBAN of every country in
// testdata/iban-registry-examples.txt (from the SWIFT IBAN registry) and
// checks that a changed check digit is refused.
func TestIBANRegistryExamples(t *testing.T) {
	data, err := os.ReadFile("testdata/iban-registry-examples.txt")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		n++
		iban, err := ParseIBAN(line)
		if err != nil {
			t.Errorf("ParseIBAN(%s) = %v", line, err)
			continue
		}
		if want, _ := IBANLength(iban.Country()); len(iban) != want {
			t.Errorf("%s: length %d, table says %d", line, len(iban), want)
		}
		bad := []byte(line)
		bad[3] = '0' + (bad[3]-'0'+1)%10
		if _, err := ParseIBAN(string(bad)); !errors.Is(err, ErrIBANChecksum) {
			t.Errorf("%s with a changed check digit: %v", bad, err)
		}
	}
	if n < 75 {
		t.Errorf("only %d examples", n)
	}
}

// TestQRVersionLimit: EPC069-12 limits the payload to 331 bytes so that
// the symbol is at most version 13 (69 × 69 modules) at level M.
func TestQRVersionLimit(t *testing.T) {
	payload := bytes.Repeat([]byte("x"), MaxEPCPayload)
	img, err := QRCodeImage(payload, 1)
	if err != nil {
		t.Fatal(err)
	}
	if modules := img.Bounds().Dx() - 2*QRQuietZone; modules != 17+4*13 {
		t.Errorf("331-byte payload gives %d modules, want 69 (version 13)", modules)
	}
	small, _ := QRCodeImage([]byte("BCD"), 1)
	if modules := small.Bounds().Dx() - 2*QRQuietZone; modules != 21 {
		t.Errorf("3-byte payload gives %d modules, want 21 (version 1)", modules)
	}
}
