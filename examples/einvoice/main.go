// Command einvoice validates an electronic invoice (EN 16931 or XRechnung,
// UBL or CII) against the business and syntax rules and converts it into
// the other syntax, validating the result again.
//
//	go run ./examples/einvoice [-o converted.xml] [FILE]
//
// Without FILE it reads a UBL invoice of the XRechnung test suite from
// einvoice/testdata (run it from the repository root).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/ozg-baukasten/baukasten/einvoice"
)

const defaultFile = "einvoice/testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml"

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("einvoice", flag.ContinueOnError)
	out := fs.String("o", "", "write the converted invoice to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	file := defaultFile
	if fs.NArg() > 0 {
		file = fs.Arg(0)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	// Read once, validate model and document: EN 16931 and, as BT-24
	// selects, XRechnung.
	inv, rep, err := einvoice.ValidateBytes(data, nil)
	if err != nil {
		return err // not an invoice at all
	}
	report(w, "read", rep)
	fmt.Fprintf(w, "invoice %s of %s, %d lines, due %s %s\n", inv.Number, inv.IssueDate, len(inv.Lines),
		einvoice.FormatDecimal(*inv.Totals.DuePayable), inv.CurrencyCode)

	// Convert into the other syntax and validate the result.
	var buf bytes.Buffer
	write := einvoice.WriteCII
	if rep.Syntax == einvoice.CII {
		write = einvoice.WriteUBL
	}
	if err := write(&buf, inv, nil); err != nil {
		return err
	}
	inv2, rep2, err := einvoice.ValidateBytes(buf.Bytes(), nil)
	if err != nil {
		return err
	}
	report(w, "converted", rep2)
	fmt.Fprintf(w, "same number and amount due: %v\n",
		inv2.Number == inv.Number && inv2.Totals.DuePayable.Equal(*inv.Totals.DuePayable))
	if *out != "" {
		return os.WriteFile(*out, buf.Bytes(), 0o644)
	}
	return nil
}

func report(w io.Writer, what string, rep *einvoice.Report) {
	fmt.Fprintf(w, "%s: %s, %s, scenario %q: valid %v, %d findings\n", what, rep.Syntax, rep.ProfileName, rep.Scenario, rep.Valid, len(rep.Findings))
	for _, f := range rep.Findings {
		fmt.Fprintln(w, "  ", f)
	}
}
