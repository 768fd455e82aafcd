// Package einvoicecmd implements the "baukasten einvoice" subcommands, for
// the command-line tool to wire in:
//
//	baukasten einvoice validate [--format text|json|tsv] [--profile auto|en16931|xrechnung] [--no-kosit-overrides] FILE|DIR...
//	baukasten einvoice convert --to ubl|cii [-o OUT] FILE
//	baukasten einvoice render [-o OUT.html] [--lang de|en] [--findings] FILE
//
// validate checks each file (a directory is walked for *.xml) with
// einvoice.ReadAndValidate, many files concurrently, and prints the
// findings: as text (the default), as JSON (one object per file with the
// report), or as TSV — exactly "FILE<TAB>RULE<TAB>SEVERITY" per fired rule
// and "FILE<TAB>-<TAB>ok" for a file without findings, sorted, the format of
// the official oracle's output so the two compare with diff. Paths are
// printed as given on the command line (joined with the path below a
// directory argument), so running from the directory the oracle ran in
// gives the oracle's paths. When standard error is a terminal and there are
// many files, a progress bar is drawn there.
//
// convert reads an invoice in either syntax and writes it in the other (or
// the same) syntax; render writes the invoice as a self-contained HTML page
// (einvoice.RenderHTML), with the validation findings at the top when
// --findings is given. FILE "-" is standard input.
//
// # Errors
//
// Run returns the exit status: 0 when every file is valid (validate) or the
// output was written, 1 when a file is invalid or cannot be converted, 2 for
// usage errors and files that cannot be read (including files that are not
// invoices at all). Messages go to stderr, results to stdout or -o.
//
// # Testing
//
// The tests run validate --format tsv over the 86 test-suite invoices of
// package einvoice's testdata from the directory the oracle's paths are
// relative to and compare the output with the oracle TSV line by line, and
// run convert and render on test-suite invoices.
package einvoicecmd
