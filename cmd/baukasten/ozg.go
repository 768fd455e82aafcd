package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func runOZG(ctx context.Context, args []string, e env) int {
	return subcommands(ctx, "ozg", args, e, map[string]group{
		"region":     {"look up AGS/ARS keys in the region directory: region [-json] KEY...", runOZGRegion},
		"parse":      {"parse identifiers: parse ars|ags|leika|fim|niveau VALUE...", runOZGParse},
		"zustaendig": {"who is responsible for a LeiKa key in an area: zustaendig (-xzufi FILE... | -pvog URL) -leika KEY (-ars ARS | -plz PLZ) [-json]", runOZGZustaendig},
	})
}

// regionJSON is the JSON form of one looked-up key.
type regionJSON struct {
	Input      string       `json:"input"`
	ARS        ozg.ARS      `json:"ars"`
	AGS        ozg.AGS      `json:"ags,omitzero"`
	Level      string       `json:"level"`
	Name       string       `json:"name"`
	Type       string       `json:"type,omitempty"`
	Seat       string       `json:"seat,omitempty"`
	PLZ        string       `json:"plz,omitempty"`
	Population int          `json:"population,omitempty"`
	Parents    []regionJSON `json:"parents,omitempty"`
}

func newRegionJSON(input string, r ozg.Region) regionJSON {
	j := regionJSON{Input: input, ARS: r.ARS, AGS: r.AGS, Level: r.Level().String(), Name: r.Name, Seat: r.Seat, PLZ: r.PLZ, Population: r.Population}
	if r.Type != 0 {
		j.Type = r.Type.String()
	}
	return j
}

// lookupKey finds the region of an ARS, or of an AGS when the key has 8
// digits (the only length at which the two differ in form).
func lookupKey(key string) (ozg.Region, error) {
	if len(key) == 8 {
		g, err := ozg.ParseKnownAGS(key)
		if err != nil {
			return ozg.Region{}, err
		}
		r, _ := ozg.LookupRegionAGS(g)
		return r, nil
	}
	a, err := ozg.ParseKnownARS(key)
	if err != nil {
		return ozg.Region{}, err
	}
	r, _ := ozg.LookupRegion(a)
	return r, nil
}

func runOZGRegion(_ context.Context, args []string, e env) int {
	fs := flag.NewFlagSet("ozg region", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	fs.Usage = func() {
		fmt.Fprintln(e.stderr, "usage: baukasten ozg region [-json] KEY...\n\nKEY is an ARS (2, 3, 5, 9 or 12 digits) or an AGS (8 digits).")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return exitUsage
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return exitUsage
	}
	code := exitOK
	var out []regionJSON
	for _, key := range fs.Args() {
		r, err := lookupKey(key)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			code = exitFindings
			continue
		}
		j := newRegionJSON(key, r)
		for p := r.ARS.Parent(); !p.IsZero(); p = p.Parent() {
			if pr, ok := ozg.LookupRegion(p); ok {
				j.Parents = append(j.Parents, newRegionJSON("", pr))
			}
		}
		out = append(out, j)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if out == nil {
			out = []regionJSON{}
		}
		if err := enc.Encode(out); err != nil {
			return exitUsage
		}
		return code
	}
	for _, j := range out {
		printRegion(e.stdout, j)
	}
	return code
}

func printRegion(w io.Writer, j regionJSON) {
	fmt.Fprintf(w, "%s\t%s\t%s", j.ARS, j.Level, j.Name)
	if j.Type != "" {
		fmt.Fprintf(w, " (%s)", j.Type)
	}
	if !j.AGS.IsZero() {
		fmt.Fprintf(w, "\tAGS %s", j.AGS)
	}
	fmt.Fprintln(w)
	for i := len(j.Parents) - 1; i >= 0; i-- {
		p := j.Parents[i]
		fmt.Fprintf(w, "  in %s\t%s\t%s\n", p.ARS, p.Level, p.Name)
	}
}

func runOZGParse(_ context.Context, args []string, e env) int {
	if len(args) < 2 {
		fmt.Fprintln(e.stderr, "usage: baukasten ozg parse ars|ags|leika|fim|niveau VALUE...")
		return exitUsage
	}
	kind, values := strings.ToLower(args[0]), args[1:]
	var parse func(string) (any, error)
	switch kind {
	case "ars":
		parse = func(s string) (any, error) {
			a, err := ozg.ParseARS(s)
			return map[string]any{"ars": a, "level": a.Level().String(), "land": a.Land().Name(), "exists": a.Exists()}, err
		}
	case "ags":
		parse = func(s string) (any, error) {
			g, err := ozg.ParseAGS(s)
			return map[string]any{"ags": g, "exists": g.Exists()}, err
		}
	case "leika":
		parse = func(s string) (any, error) {
			k, err := ozg.ParseLeistungsschluessel(s)
			return map[string]any{
				"key": k, "urn": k.URN(),
				"leistungsgruppierung": k.Leistungsgruppierung(), "leistungsobjekt": k.Leistungsobjekt(),
				"verrichtung": k.Verrichtung(), "verrichtungsdetail": k.Verrichtungsdetail(),
			}, err
		}
	case "fim":
		parse = func(s string) (any, error) {
			if strings.ContainsRune(s, 'V') {
				r, err := ozg.ParseElementRef(s)
				return map[string]any{"ref": r, "id": r.ID, "kind": r.ID.Kind().String(), "version": r.Version, "xdatenfelder": r.ID.XDatenfelder(), "nummernkreis": r.ID.Nummernkreis()}, err
			}
			id, err := ozg.ParseElementID(s)
			return map[string]any{"id": id, "kind": id.Kind().String(), "xdatenfelder": id.XDatenfelder(), "nummernkreis": id.Nummernkreis()}, err
		}
	case "niveau", "trust":
		parse = func(s string) (any, error) {
			v, err := ozg.ParseVertrauensniveau(s)
			return map[string]any{"niveau": v, "stork": v.STORK(), "eidas": v.EIDAS()}, err
		}
	default:
		fmt.Fprintf(e.stderr, "baukasten ozg parse: unknown type %q (want ars, ags, leika, fim or niveau)\n", kind)
		return exitUsage
	}
	code := exitOK
	enc := json.NewEncoder(e.stdout)
	for _, s := range values {
		v, err := parse(s)
		if err != nil {
			fmt.Fprintln(e.stderr, err)
			code = exitFindings
			continue
		}
		if err := enc.Encode(v); err != nil {
			return exitUsage
		}
	}
	return code
}
