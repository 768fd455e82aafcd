// Package xoevcmd implements the "baukasten xoev" subcommands, for the
// command-line tool to wire in:
//
//	baukasten xoev inspect [--codelists DIR] FILE
//	baukasten xoev check --codelists DIR [--strict=false] FILE
//
// inspect prints what the header says (standard, version, message type,
// author, reader, UUID, time, test flag). check applies the header rules,
// the code lists, DIN 91379 and (by default) the strict mode of package
// xoev and prints one finding per line.
//
// # Errors
//
// Run returns the exit status: 0 when all is well (warnings, such as a code
// list that is not loaded, are printed but do not fail), 1 when check
// reports an error-level finding or a file cannot be decoded, 2 for usage
// errors and files that cannot be read. Messages go to stderr, results to stdout.
//
// # Testing
//
// The tests run both subcommands on the XWasser and XGewerbeanzeige
// examples of package xoev and check output and exit status.
package xoevcmd

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/ozg-baukasten/baukasten/xoev"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

const usage = `usage:
  baukasten xoev inspect [--codelists DIR] FILE
  baukasten xoev check --codelists DIR [--strict=false] FILE
`

// Run executes "baukasten xoev ARGS..." and returns the exit status.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "inspect":
		return inspect(args[1:], stdout, stderr)
	case "check":
		return check(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "xoev: unknown command %q\n%s", args[0], usage)
	return 2
}

func loadLists(dir string, stderr io.Writer) (*genericode.Registry, bool) {
	reg := new(genericode.Registry)
	if dir == "" {
		return reg, true
	}
	n, err := reg.LoadDir(dir)
	if err == nil && n == 0 {
		err = fmt.Errorf("no *.xml code lists in %s", dir)
	}
	if err != nil {
		fmt.Fprintf(stderr, "xoev: code lists: %v\n", err)
		return nil, false
	}
	return reg, true
}

func parse(fs *flag.FlagSet, args []string, stderr io.Writer) (string, int) {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return "", 0
		}
		return "", 2
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, "xoev: exactly one FILE expected\n"+usage)
		return "", 2
	}
	return fs.Arg(0), -1
}

func inspect(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("xoev inspect", flag.ContinueOnError)
	dir := fs.String("codelists", "", "directory of genericode code lists (optional, for names)")
	file, code := parse(fs, args, stderr)
	if code >= 0 {
		return code
	}
	reg, ok := loadLists(*dir, stderr)
	if !ok {
		return 2
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "xoev: %v\n", err)
		return 2
	}
	h, err := xoev.DecodeHeader(data)
	if err != nil {
		fmt.Fprintf(stderr, "xoev: %s: %v\n", file, err)
		return 1
	}
	id := h.Kopf.Identifikation
	typ := id.Nachrichtentyp
	if typ.Name == "" && typ.ListURI != "" {
		_ = xoev.Validate(reg, xoev.CodeSpec{Type: xoev.CodeType4}, "nachrichtentyp", &typ)
	}
	p := func(k, v string) { fmt.Fprintf(stdout, "%-22s %s\n", k+":", v) }
	p("standard", h.Standard)
	p("version", h.Version)
	p("message", h.Local)
	p("namespace", h.Namespace)
	p("header form", h.Form.String())
	t := typ.Code
	if typ.Name != "" {
		t += " (" + typ.Name + ")"
	}
	if typ.ListURI != "" || typ.ListVersionID != "" {
		t += " [" + typ.ListURI + " " + typ.ListVersionID + "]"
	}
	p("nachrichtentyp", t)
	p("nachrichtenUUID", id.NachrichtenUUID)
	p("erstellungszeitpunkt", id.ErstellungszeitpunktLexical())
	p("autor", behoerde(h.Kopf.Autor))
	p("leser", behoerde(h.Kopf.Leser))
	test := "no"
	if h.IsTest() {
		test = fmt.Sprintf("yes (test=%q)", h.Test)
	}
	p("test", test)
	p("produkt", h.Produkt+" "+h.Produktversion+" / "+h.Produkthersteller)
	return 0
}

func behoerde(b xoev.Behoerde) string {
	if b.Behoerdenkennung != nil {
		s := b.Behoerdenkennung.Key().String()
		if b.Behoerdenname != "" {
			s += " " + b.Behoerdenname
		}
		return s
	}
	s := b.Kennung
	if b.Name != "" {
		s += " " + b.Name
	}
	if b.Verzeichnisdienst.Code != "" {
		s += " (" + b.Verzeichnisdienst.Code + ")"
	}
	return s
}

func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("xoev check", flag.ContinueOnError)
	dir := fs.String("codelists", "", "directory of genericode code lists (required)")
	strict := fs.Bool("strict", true, "apply the strict-mode rules")
	file, code := parse(fs, args, stderr)
	if code >= 0 {
		return code
	}
	if *dir == "" {
		fmt.Fprint(stderr, "xoev check: --codelists DIR is required\n"+usage)
		return 2
	}
	reg, ok := loadLists(*dir, stderr)
	if !ok {
		return 2
	}
	data, err := os.ReadFile(file)
	if err != nil {
		fmt.Fprintf(stderr, "xoev: %v\n", err)
		return 2
	}
	_, rep, err := xoev.Check(ctx, data, &xoev.CheckOptions{Registry: reg, Strict: *strict})
	if err != nil {
		fmt.Fprintf(stdout, "%s: error: %v\n", file, err)
		return 1
	}
	for _, f := range rep.Findings {
		fmt.Fprintf(stdout, "%s: %s\n", file, f)
	}
	if !rep.OK() {
		return 1
	}
	if len(rep.Findings) == 0 {
		fmt.Fprintf(stdout, "%s: ok\n", file)
	}
	return 0
}
