// Command baukasten is the command-line tool of the Baukasten SDK: one
// subcommand group per package.
//
// Usage:
//
//	baukasten einvoice validate [--format text|json|tsv] [--profile auto|en16931|xrechnung] [--no-kosit-overrides] FILE|DIR...
//	baukasten einvoice convert --to ubl|cii [-o OUT] FILE
//	baukasten einvoice render [-o OUT.html] FILE
//	baukasten ozg region KEY...          look up AGS/ARS keys in the region directory
//	baukasten ozg parse TYPE VALUE...    parse and explain identifiers
//	baukasten ozg zustaendig (-xzufi FILE... | -pvog URL) -leika KEY (-ars ARS | -plz PLZ) [-json]
//	                                     who is responsible, online service, costs, documents
//	baukasten servicekonto verify [flags] RESPONSE   verify a SAML response, print the identity
//	baukasten xoev inspect FILE          show the Nachrichtenkopf of an XÖV message
//	baukasten xoev check --codelists DIR FILE   check header, codes, DIN 91379, strict rules
//	baukasten help                       list the commands
//
// Exit status: 0 success, 1 a finding or rejected input, 2 usage or read errors.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"

	"github.com/ozg-baukasten/baukasten/internal/cli/einvoicecmd"
	"github.com/ozg-baukasten/baukasten/internal/cli/servicekontocmd"
	"github.com/ozg-baukasten/baukasten/internal/cli/xoevcmd"
)

// Exit codes shared by every subcommand.
const (
	exitOK       = 0 // success, or every input valid
	exitFindings = 1 // at least one input invalid / rejected
	exitUsage    = 2 // usage error or an input that could not be read
)

// env is what a subcommand may touch: its standard streams. Tests run
// commands against buffers.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// group is a subcommand group such as "ozg" or "einvoice".
type group struct {
	summary string
	run     func(ctx context.Context, args []string, e env) int
}

func groups() map[string]group {
	return map[string]group{
		"einvoice": {"e-invoices: validate, convert, render", func(ctx context.Context, args []string, e env) int {
			return einvoicecmd.Run(ctx, args, e.stdin, e.stdout, e.stderr)
		}},
		"ozg": {"identifiers, the region directory, responsibilities (zustaendig)", runOZG},
		"servicekonto": {"service account login: verify [flags] RESPONSE", func(ctx context.Context, args []string, e env) int {
			return servicekontocmd.Run(ctx, args, e.stdin, e.stdout, e.stderr)
		}},
		"xoev": {"XÖV messages: inspect FILE, check --codelists DIR FILE", func(ctx context.Context, args []string, e env) int {
			return xoevcmd.Run(ctx, args, e.stdout, e.stderr)
		}},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], env{os.Stdin, os.Stdout, os.Stderr})
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(e.stderr)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	g, ok := groups()[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "baukasten: unknown command %q\n", args[0])
		usage(e.stderr)
		return exitUsage
	}
	return g.run(ctx, args[1:], e)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: baukasten COMMAND [ARGS]")
	fmt.Fprintln(w, "\ncommands:")
	gs := groups()
	names := make([]string, 0, len(gs))
	for n := range gs {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-14s %s\n", n, gs[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'baukasten COMMAND -h' for the subcommands of a group.")
}

// subcommands dispatches args[0] to one of cmds, printing the group's usage
// for a missing or unknown subcommand.
func subcommands(ctx context.Context, group string, args []string, e env, cmds map[string]group) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprintf(e.stderr, "usage: baukasten %s SUBCOMMAND [ARGS]\n\nsubcommands:\n", group)
		names := make([]string, 0, len(cmds))
		for n := range cmds {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(e.stderr, "  %-14s %s\n", n, cmds[n].summary)
		}
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "baukasten %s: unknown subcommand %q (try 'baukasten %s -h')\n", group, args[0], group)
		return exitUsage
	}
	return c.run(ctx, args[1:], e)
}
