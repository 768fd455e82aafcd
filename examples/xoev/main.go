// Command xoev reads the header (Nachrichtenkopf) of an XÖV message and
// checks it: required attributes, UUID, DIN 91379 texts, Behördenkennungen,
// codes against the loaded code lists and, in strict mode, what an XSD
// cannot see.
//
//	go run ./examples/xoev [-codelists DIR] [FILE]
//
// Without FILE it reads an XWasser 1.0.0 example message and the code
// lists from the package's test data (run it from the repository root).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"

	"github.com/ozg-baukasten/baukasten/xoev"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

const (
	defaultFile      = "xoev/testdata/xwasser-1.0.0/examples/administration_receipt.xml"
	defaultCodelists = "xoev/genericode/testdata"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("xoev", flag.ContinueOnError)
	lists := fs.String("codelists", defaultCodelists, "directory of genericode code lists")
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
	var reg genericode.Registry
	n, err := reg.LoadDir(*lists)
	if err != nil {
		return err
	}
	h, rep, err := xoev.Check(context.Background(), data, &xoev.CheckOptions{Registry: &reg, Strict: true})
	if err != nil {
		return err // not an XÖV message
	}
	id := h.Kopf.Identifikation
	fmt.Fprintf(w, "message    %s %s, %s (test: %v)\n", h.Standard, h.Version, h.Local, h.IsTest())
	fmt.Fprintf(w, "product    %s %s by %s\n", h.Produkt, h.Produktversion, h.Produkthersteller)
	fmt.Fprintf(w, "uuid       %s\n", id.NachrichtenUUID)
	fmt.Fprintf(w, "type       %s (%s)\n", id.Nachrichtentyp.Code, id.Nachrichtentyp.ListURI)
	fmt.Fprintf(w, "created    %s\n", id.ErstellungszeitpunktLexical())
	fmt.Fprintf(w, "author     %s\n", h.Kopf.Autor.Kennung)
	fmt.Fprintf(w, "reader     %s\n", h.Kopf.Leser.Kennung)
	fmt.Fprintf(w, "checked against %d code lists: %d findings\n", n, len(rep.Findings))
	for _, f := range rep.Findings {
		fmt.Fprintln(w, "  ", f)
	}
	return nil
}
