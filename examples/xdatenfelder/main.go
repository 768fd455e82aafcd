// Command xdatenfelder reads a FIM Stammdatenschema (XDatenfelder 2.0 or
// 3.0.0) with its code lists, compiles it into a form and validates
// submission data against it, printing every violation with its FIM path.
//
//	go run ./examples/xdatenfelder [-schema FILE] [-codelists GLOB] [DATA.json]
//
// Without arguments it reads the real FIM schema S00000094 V1.0 and a
// filled sample from the repository's test data (run it from the
// repository root), validates the sample and then a copy with two defects.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
	"github.com/ozg-baukasten/baukasten/xoev/xdatenfelder"
)

const (
	defaultSchema    = "xoev/xdatenfelder/testdata/fim/xdf2-real/S00000094V1.0_xdf2.xml"
	defaultCodelists = "xoev/xdatenfelder/testdata/fim/xdf2-real/C*_genericode.xml"
	defaultData      = "ozg/antrag/testdata/s00000094-sample.json"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		log.Fatal(err)
	}
}

func run(w io.Writer, args []string) error {
	fs := flag.NewFlagSet("xdatenfelder", flag.ContinueOnError)
	schema := fs.String("schema", defaultSchema, "XDatenfelder schema file")
	lists := fs.String("codelists", defaultCodelists, "glob of the genericode code lists it references")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dataFile := defaultData
	if fs.NArg() > 0 {
		dataFile = fs.Arg(0)
	}
	var reg genericode.Registry
	files, err := filepath.Glob(*lists)
	if err != nil {
		return err
	}
	if err := reg.LoadFiles(files...); err != nil {
		return err
	}
	f, err := os.Open(*schema)
	if err != nil {
		return err
	}
	defer f.Close()
	s, err := xdatenfelder.Read(f, &xdatenfelder.ReadOptions{Codelisten: &reg, RequireCodelisten: true})
	if err != nil {
		return err
	}
	form, err := antrag.NewForm(s, nil)
	if err != nil {
		return err
	}
	d := form.Describe()
	groups, fields := count(d.Items)
	fmt.Fprintf(w, "schema %s V%s: %s\n", d.ID, d.Version, d.Title)
	fmt.Fprintf(w, "%d groups, %d fields, %d code lists; JSON Schema %s\n", groups, fields, len(files), d.SchemaURI)

	data, err := os.ReadFile(dataFile)
	if err != nil {
		return err
	}
	if err := validate(w, form, filepath.Base(dataFile), data); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return nil
	}
	// The same data with two defects: the woman's family name removed and
	// a key added that the schema does not have.
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return err
	}
	if g, ok := m["G00000255"].(map[string]any); ok {
		delete(g, "F60000227")
	}
	m["F99999999"] = "nicht im Schema"
	bad, _ := json.Marshal(m)
	return validate(w, form, "with defects", bad)
}

func validate(w io.Writer, form *antrag.Form, name string, data []byte) error {
	rep, err := form.Validate(data)
	if err != nil {
		return err // not JSON
	}
	fmt.Fprintf(w, "%s: valid %v, %d violations\n", name, rep.Valid(), len(rep.Violations))
	for _, v := range rep.Violations {
		fmt.Fprintf(w, "   %s [%s] %s\n", v.Path, v.Rule, v.Message)
	}
	return nil
}

func count(items []antrag.Item) (groups, fields int) {
	for _, it := range items {
		if it.Kind == "group" {
			g, f := count(it.Children)
			groups, fields = groups+1+g, fields+f
		} else {
			fields++
		}
	}
	return groups, fields
}
