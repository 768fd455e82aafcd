package einvoice_test

import (
	"bytes"
	"fmt"
	"os"
	"regexp"

	"github.com/ozg-baukasten/baukasten/einvoice"
)

func ExampleRenderHTML() {
	data, err := os.ReadFile("testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml")
	if err != nil {
		panic(err)
	}
	inv, rep, err := einvoice.ValidateBytes(data, nil)
	if err != nil {
		panic(err)
	}
	var page bytes.Buffer
	if err := einvoice.RenderHTML(&page, inv, &einvoice.RenderOptions{Report: rep}); err != nil {
		panic(err)
	}
	for _, re := range []string{`<title>[^<]*</title>`, `Leitweg-ID: [0-9-]+`, `Zahlbetrag</th><td class="num">[^<]*`, `data:image/png;base64`} {
		fmt.Println(regexp.MustCompile(re).FindString(page.String()))
	}
	// Output:
	// <title>Rechnung 123456XX</title>
	// Leitweg-ID: 04011000-12345-03
	// Zahlbetrag</th><td class="num">336,90 EUR
	// data:image/png;base64
}
