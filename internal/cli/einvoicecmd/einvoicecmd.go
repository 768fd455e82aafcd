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

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"golang.org/x/term"
)

const usage = `usage:
  baukasten einvoice validate [--format text|json|tsv] [--profile auto|en16931|xrechnung] [--no-kosit-overrides] FILE|DIR...
  baukasten einvoice convert --to ubl|cii [-o OUT] FILE
  baukasten einvoice render [-o OUT.html] [--lang de|en] [--findings] FILE
`

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1
	exitUsage   = 2
)

// Run executes "baukasten einvoice ARGS..." and returns the exit status.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "validate":
		return validate(ctx, args[1:], stdout, stderr)
	case "convert":
		return convert(args[1:], stdin, stdout, stderr)
	case "render":
		return render(args[1:], stdin, stdout, stderr)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "baukasten einvoice: unknown command %q\n%s", args[0], usage)
	return exitUsage
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments, and returns the positional arguments.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("baukasten einvoice "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage) }
	return fs
}

// result is the outcome of validating one file.
type result struct {
	File   string           `json:"file"`
	Report *einvoice.Report `json:"report,omitempty"`
	Error  string           `json:"error,omitempty"`
}

func validate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("validate", stderr)
	format := fs.String("format", "text", "output format: text, json or tsv")
	profile := fs.String("profile", "auto", "rule sets: auto, en16931 or xrechnung")
	noOverrides := fs.Bool("no-kosit-overrides", false, "report the Schematron flags instead of the KoSIT scenario severities")
	paths, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	switch *format {
	case "text", "json", "tsv":
	default:
		fmt.Fprintf(stderr, "baukasten einvoice validate: unknown format %q\n", *format)
		return exitUsage
	}
	opts := &einvoice.ValidateOptions{NoKoSITOverrides: *noOverrides}
	switch *profile {
	case "auto":
		opts.Profile = einvoice.ValidateAuto
	case "en16931":
		opts.Profile = einvoice.ValidateEN16931
	case "xrechnung":
		opts.Profile = einvoice.ValidateXRechnung
	default:
		fmt.Fprintf(stderr, "baukasten einvoice validate: unknown profile %q\n", *profile)
		return exitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "baukasten einvoice validate: no FILE or DIR given")
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	status := exitOK
	files, errs := collect(paths)
	for _, err := range errs {
		fmt.Fprintf(stderr, "baukasten einvoice validate: %v\n", err)
		status = exitUsage
	}
	results := validateAll(ctx, files, opts, progressTo(stderr, len(files)))
	for _, r := range results {
		switch {
		case r.Error != "":
			fmt.Fprintf(stderr, "baukasten einvoice validate: %s: %s\n", r.File, r.Error)
			status = exitUsage
		case !r.Report.Valid && status == exitOK:
			status = exitInvalid
		}
	}
	var err2 error
	switch *format {
	case "tsv":
		err2 = writeTSV(stdout, results)
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err2 = enc.Encode(results)
	default:
		err2 = writeText(stdout, results)
	}
	if err2 != nil {
		fmt.Fprintf(stderr, "baukasten einvoice validate: %v\n", err2)
		return exitUsage
	}
	if ctx.Err() != nil {
		return exitUsage
	}
	return status
}

// collect expands the arguments: files as given, directories walked for
// *.xml files (sorted). Paths are slash-separated.
func collect(paths []string) ([]string, []error) {
	var files []string
	var errs []error
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !st.IsDir() {
			files = append(files, filepath.ToSlash(p))
			continue
		}
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.EqualFold(filepath.Ext(q), ".xml") {
				files = append(files, filepath.ToSlash(q))
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	sort.Strings(files)
	return files, errs
}

// validateAll validates the files concurrently (GOMAXPROCS workers) and
// returns the results in the order of files; tick is called after each.
func validateAll(ctx context.Context, files []string, opts *einvoice.ValidateOptions, tick func(done int)) []result {
	results := make([]result, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	workers := min(runtime.GOMAXPROCS(0), len(files))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = validateFile(files[i], opts)
				mu.Lock()
				done++
				tick(done)
				mu.Unlock()
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			results[i] = result{File: files[i], Error: ctx.Err().Error()}
			continue
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	tick(-1)
	return results
}

func validateFile(file string, opts *einvoice.ValidateOptions) result {
	data, err := os.ReadFile(file)
	if err != nil {
		return result{File: file, Error: err.Error()}
	}
	_, rep, err := einvoice.ValidateBytes(data, opts)
	if err != nil {
		return result{File: file, Error: err.Error()}
	}
	return result{File: file, Report: rep}
}

// writeTSV writes FILE<TAB>RULE<TAB>SEVERITY per fired rule, and
// FILE<TAB>-<TAB>ok for a file without findings, sorted.
func writeTSV(w io.Writer, results []result) error {
	var lines []string
	for _, r := range results {
		if r.Report == nil {
			continue
		}
		fired := r.Report.Fired()
		if len(fired) == 0 {
			lines = append(lines, r.File+"\t-\tok")
		}
		for _, f := range fired {
			lines = append(lines, r.File+"\t"+f)
		}
	}
	sort.Strings(lines)
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// writeText writes a verdict line per file and an indented line per finding.
func writeText(w io.Writer, results []result) error {
	var b bytes.Buffer
	for _, r := range results {
		if r.Report == nil {
			fmt.Fprintf(&b, "%s: error: %s\n", r.File, r.Error)
			continue
		}
		rep := r.Report
		verdict := "valid"
		if !rep.Valid {
			verdict = "invalid"
		}
		sets := "EN 16931"
		if rep.XRechnung {
			sets += " + XRechnung"
		}
		fmt.Fprintf(&b, "%s: %s (%s %s, %s", r.File, verdict, rep.Syntax, rep.ProfileName, sets)
		if rep.Scenario != "" {
			fmt.Fprintf(&b, ", scenario %q", rep.Scenario)
		}
		fmt.Fprintf(&b, ", %d findings)\n", len(rep.Findings))
		for _, f := range rep.Findings {
			fmt.Fprintf(&b, "  %s\n", f.String())
		}
	}
	_, err := w.Write(b.Bytes())
	return err
}

// progressMin is the number of files from which a progress bar is drawn.
const progressMin = 20

// progressTo returns the tick function drawing a progress bar on stderr
// when it is a terminal and there are many files; otherwise a no-op.
func progressTo(stderr io.Writer, total int) func(int) {
	f, ok := stderr.(*os.File)
	if !ok || total < progressMin || !term.IsTerminal(int(f.Fd())) {
		return func(int) {}
	}
	const width = 40
	return func(done int) {
		if done < 0 {
			fmt.Fprint(f, "\r\033[K")
			return
		}
		n := done * width / total
		fmt.Fprintf(f, "\r[%s%s] %d/%d", strings.Repeat("=", n), strings.Repeat(" ", width-n), done, total)
	}
}

// readInput reads FILE, or standard input for "-".
func readInput(name string, stdin io.Reader) ([]byte, error) {
	if name == "-" {
		if stdin == nil {
			return nil, errors.New("no standard input")
		}
		return io.ReadAll(stdin)
	}
	return os.ReadFile(name)
}

// writeOutput writes data to the file out, or to stdout when out is "" or "-".
func writeOutput(out string, data []byte, stdout io.Writer) error {
	if out == "" || out == "-" {
		_, err := stdout.Write(data)
		return err
	}
	return os.WriteFile(out, data, 0o644)
}

func convert(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("convert", stderr)
	to := fs.String("to", "", "target syntax: ubl or cii")
	out := fs.String("o", "", "output file (default standard output)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 || (*to != "ubl" && *to != "cii") {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	data, err := readInput(pos[0], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "baukasten einvoice convert: %v\n", err)
		return exitUsage
	}
	inv, err := einvoice.Read(bytes.NewReader(data), nil)
	if err != nil {
		fmt.Fprintf(stderr, "baukasten einvoice convert: %s: %v\n", pos[0], err)
		if inv == nil {
			return exitUsage
		}
		return exitInvalid
	}
	var b bytes.Buffer
	if *to == "ubl" {
		err = einvoice.WriteUBL(&b, inv, nil)
	} else {
		err = einvoice.WriteCII(&b, inv, nil)
	}
	if err != nil {
		fmt.Fprintf(stderr, "baukasten einvoice convert: %s: %v\n", pos[0], err)
		return exitInvalid
	}
	if err := writeOutput(*out, b.Bytes(), stdout); err != nil {
		fmt.Fprintf(stderr, "baukasten einvoice convert: %v\n", err)
		return exitUsage
	}
	return exitOK
}

func render(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("render", stderr)
	out := fs.String("o", "", "output file (default standard output)")
	lang := fs.String("lang", "de", "language of the page: de or en")
	findings := fs.Bool("findings", false, "validate and show the findings at the top of the page")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return exitUsage
	}
	if len(pos) != 1 || (*lang != "de" && *lang != "en") {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	data, err := readInput(pos[0], stdin)
	if err != nil {
		fmt.Fprintf(stderr, "baukasten einvoice render: %v\n", err)
		return exitUsage
	}
	inv, rep, err := einvoice.ValidateBytes(data, nil)
	if err != nil {
		fmt.Fprintf(stderr, "baukasten einvoice render: %s: %v\n", pos[0], err)
		return exitUsage
	}
	opts := &einvoice.RenderOptions{Language: *lang}
	if *findings {
		opts.Report = rep
	}
	var b bytes.Buffer
	if err := einvoice.RenderHTML(&b, inv, opts); err != nil {
		fmt.Fprintf(stderr, "baukasten einvoice render: %v\n", err)
		return exitInvalid
	}
	if err := writeOutput(*out, b.Bytes(), stdout); err != nil {
		fmt.Fprintf(stderr, "baukasten einvoice render: %v\n", err)
		return exitUsage
	}
	return exitOK
}
