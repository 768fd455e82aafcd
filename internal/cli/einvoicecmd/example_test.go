package einvoicecmd_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/ozg-baukasten/baukasten/internal/cli/einvoicecmd"
)

func ExampleRun() {
	code := einvoicecmd.Run(context.Background(), []string{"validate", "--format", "tsv",
		"../../../einvoice/testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml"},
		strings.NewReader(""), os.Stdout, os.Stderr)
	fmt.Println("exit", code)
	// Output:
	// ../../../einvoice/testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml	BR-DE-TMP-32	information
	// exit 0
}
