package servicekonto

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"github.com/beevik/etree"
)

// maxDepth bounds element nesting in any parsed document.
const maxDepth = 64

// parseSafe refuses DOCTYPEs (and with them entity declarations, XXE and
// billion laughs), processing instructions other than the XML declaration,
// and nesting deeper than maxDepth, in a streaming scan before any DOM is
// built; only then does it build the one tree everything else reads.
func parseSafe(op string, data []byte, limit int) (*etree.Document, error) {
	if len(data) > limit {
		return nil, reject(op, ReasonTooLarge, fmt.Sprintf("%d bytes, limit %d", len(data), limit), nil)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth := 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, reject(op, ReasonMalformed, "not well-formed XML", err)
		}
		switch t := tok.(type) {
		case xml.Directive:
			return nil, reject(op, ReasonDoctype, "DOCTYPE or other markup declaration", nil)
		case xml.ProcInst:
			if t.Target != "xml" {
				return nil, reject(op, ReasonMalformed, "processing instruction", nil)
			}
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return nil, reject(op, ReasonMalformed, fmt.Sprintf("nesting deeper than %d", maxDepth), nil)
			}
		case xml.EndElement:
			depth--
		}
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, reject(op, ReasonMalformed, "not well-formed XML", err)
	}
	if doc.Root() == nil {
		return nil, reject(op, ReasonMalformed, "no document element", nil)
	}
	return doc, nil
}

// textOf returns the whole character content of el: every text and CDATA
// piece, joined, so that a comment inside a value cannot truncate it. A
// child element inside a value makes ok false.
func textOf(el *etree.Element) (s string, ok bool) {
	var b []byte
	for _, t := range el.Child {
		switch c := t.(type) {
		case *etree.CharData:
			b = append(b, c.Data...)
		case *etree.Element:
			return "", false
		}
	}
	return string(b), true
}
