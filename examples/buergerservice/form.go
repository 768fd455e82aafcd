package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/shopspring/decimal"
)

// fimFiles is the FIM schema the definition names (S99000001 V1.0) and
// its code list, as the authority loads them from the FIM repository.
//
//go:embed fim/hundesteuer-anmeldung_xdf2.xml fim/hunderasse_genericode.xml
var fimFiles embed.FS

// ownerGroup is the group of the form that the login prefills.
const ownerGroup = "G99000001"

// field is one item of the form as the template renders it.
type field struct {
	antrag.Item
	HTMLID   string // stable id of the input element: f-<element IDs joined by ->
	Value    string // current value as text
	Display  string // value for the review page (option label, ja/nein)
	Errors   []string
	Children []field
}

// htmlID turns a FIM path into an element id: G99000002/F99000003 →
// f-G99000002-F99000003.
func htmlID(path string) string { return "f-" + strings.ReplaceAll(path, "/", "-") }

// fields builds the render tree of items with the values of data and the
// violations of rep (nil for none).
func fields(items []antrag.Item, data map[string]any, rep *antrag.Report) []field {
	var out []field
	for _, it := range items {
		f := field{Item: it, HTMLID: htmlID(it.Path)}
		if rep != nil {
			for _, v := range rep.Violations {
				if v.Path == it.Path {
					f.Errors = append(f.Errors, v.Message)
				}
			}
		}
		if it.Kind == "group" {
			// Children carry full paths: look them up from the root.
			f.Children = fields(it.Children, data, rep)
		} else {
			f.Value, f.Display = valueText(it, lookup(data, it.Path))
		}
		out = append(out, f)
	}
	return out
}

// lookup returns the value at a FIM path in the data tree.
func lookup(data map[string]any, path string) any {
	var cur any = data
	for _, id := range strings.Split(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[id]
	}
	return cur
}

// set places v at a FIM path, creating the groups on the way.
func set(data map[string]any, path string, v any) {
	ids := strings.Split(path, "/")
	m := data
	for _, id := range ids[:len(ids)-1] {
		sub, ok := m[id].(map[string]any)
		if !ok {
			sub = map[string]any{}
			m[id] = sub
		}
		m = sub
	}
	m[ids[len(ids)-1]] = v
}

// valueText formats a data value for the input element and for the
// review page.
func valueText(it antrag.Item, v any) (value, display string) {
	switch x := v.(type) {
	case nil:
		return "", ""
	case bool:
		if x {
			return "true", "ja"
		}
		return "false", "nein"
	case string:
		value = x
	case json.Number:
		value = x.String()
	case float64:
		value = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		value = fmt.Sprint(x)
	}
	display = value
	for _, o := range it.Options {
		if o.Value == value {
			display = o.Label
		}
	}
	if it.Type == "date" {
		if y, rest, ok := strings.Cut(value, "-"); ok {
			if m, d, ok := strings.Cut(rest, "-"); ok {
				display = d + "." + m + "." + y
			}
		}
	}
	return value, display
}

// parseForm turns the posted form into submission data keyed by FIM
// element ID, typed as the form description says. Locked fields are not
// taken from the request but from locked (the prefill from the login).
// A value that does not convert stays a string, so validation reports it
// with the field's message.
func parseForm(items []antrag.Item, post url.Values, locked map[string]any) map[string]any {
	data := map[string]any{}
	var walk func([]antrag.Item)
	walk = func(items []antrag.Item) {
		for _, it := range items {
			if it.Kind == "group" {
				walk(it.Children)
				continue
			}
			if it.Widget == "locked" || it.Widget == "hidden" {
				if v := lookup(locked, it.Path); v != nil {
					set(data, it.Path, v)
				}
				continue
			}
			if it.Widget == "label" {
				continue
			}
			s := strings.TrimSpace(post.Get(it.Path))
			if s == "" {
				continue
			}
			var v any = s
			switch it.Type {
			case "bool":
				switch s {
				case "true":
					v = true
				case "false":
					v = false
				}
			case "num_int":
				// Canonical digits: "007" or "+7" are valid integers but
				// not valid JSON numbers.
				if n, err := strconv.ParseInt(s, 10, 64); err == nil {
					v = json.Number(strconv.FormatInt(n, 10))
				}
			case "num", "num_currency":
				if d, err := decimal.NewFromString(strings.Replace(s, ",", ".", 1)); err == nil {
					v = json.Number(d.String())
				}
			}
			set(data, it.Path, v)
		}
	}
	walk(items)
	return data
}

// decode reads submission data with numbers as json.Number, as the form's
// validation expects them.
func decode(raw []byte) map[string]any {
	m := map[string]any{}
	if len(raw) == 0 {
		return m
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	_ = d.Decode(&m)
	return m
}

// declarationText is the full declaration shown on the review page, as
// plain text: every group with every field and its value.
func declarationText(title string, fs []field) string {
	var b strings.Builder
	b.WriteString(title)
	b.WriteString("\n")
	var walk func([]field, string)
	walk = func(fs []field, indent string) {
		for _, f := range fs {
			switch {
			case f.Kind == "group":
				fmt.Fprintf(&b, "%s%s\n", indent, f.Label)
				walk(f.Children, indent+"  ")
			case f.Widget == "label":
			default:
				d := f.Display
				if d == "" {
					d = "(keine Angabe)"
				}
				fmt.Fprintf(&b, "%s%s: %s\n", indent, f.Label, d)
			}
		}
	}
	walk(fs, "")
	return b.String()
}
