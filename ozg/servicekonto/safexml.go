package servicekonto

import (
	"bytes"
	"fmt"

	"github.com/beevik/etree"
)

// maxDepth bounds element nesting in any parsed document.
const maxDepth = 64

// parseSafe refuses DOCTYPEs (and with them entity declarations, XXE and
// billion laughs), processing instructions other than the XML declaration,
// and nesting deeper than maxDepth, in a byte scan before any DOM is built
// (see scan); only then does it build the one tree everything else reads.
func parseSafe(op string, data []byte, limit int) (*etree.Document, error) {
	if len(data) > limit {
		return nil, reject(op, ReasonTooLarge, fmt.Sprintf("%d bytes, limit %d", len(data), limit), nil)
	}
	if err := scan(op, data); err != nil {
		return nil, err
	}
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil {
		return nil, reject(op, ReasonMalformed, "not well-formed XML", err)
	}
	for _, t := range doc.Child {
		if _, ok := t.(*etree.Directive); ok { // unreachable after scan; kept as a guard
			return nil, reject(op, ReasonDoctype, "DOCTYPE", nil)
		}
	}
	if doc.Root() == nil {
		return nil, reject(op, ReasonMalformed, "no document element", nil)
	}
	return doc, nil
}

// scan walks the markup of data without building anything: comments,
// CDATA sections and processing instructions are skipped whole, every
// other "<!" (DOCTYPE, ENTITY, ELEMENT, ATTLIST…) is refused, a processing
// instruction is only allowed as the XML declaration, and start tags are
// counted against end tags to bound the nesting. Quoted attribute values
// are skipped, so a ">" inside one does not end the tag. Anything the scan
// lets through is then parsed by encoding/xml (through etree), which is
// stricter; the scan only has to be sure no declaration reaches it.
func scan(op string, data []byte) error {
	depth := 0
	i := 0
	for {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			return nil
		}
		i += j
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			k := bytes.Index(rest[4:], []byte("-->"))
			if k < 0 {
				return reject(op, ReasonMalformed, "unterminated comment", nil)
			}
			i += 4 + k + 3
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			k := bytes.Index(rest[9:], []byte("]]>"))
			if k < 0 {
				return reject(op, ReasonMalformed, "unterminated CDATA section", nil)
			}
			i += 9 + k + 3
		case bytes.HasPrefix(rest, []byte("<!")):
			return reject(op, ReasonDoctype, "DOCTYPE or other markup declaration", nil)
		case bytes.HasPrefix(rest, []byte("<?")):
			k := bytes.Index(rest[2:], []byte("?>"))
			if k < 0 {
				return reject(op, ReasonMalformed, "unterminated processing instruction", nil)
			}
			pi := rest[2 : 2+k]
			isDecl := bytes.HasPrefix(pi, []byte("xml ")) || bytes.Equal(pi, []byte("xml"))
			if !isDecl || len(bytes.TrimSpace(data[:i])) > 0 {
				return reject(op, ReasonMalformed, "processing instruction", nil)
			}
			i += 2 + k + 2
		case bytes.HasPrefix(rest, []byte("</")):
			k := bytes.IndexByte(rest, '>')
			if k < 0 {
				return reject(op, ReasonMalformed, "unterminated end tag", nil)
			}
			depth--
			if depth < 0 {
				return reject(op, ReasonMalformed, "end tag without start tag", nil)
			}
			i += k + 1
		default:
			// A start tag: find its end outside quoted attribute values.
			k, quote := 1, byte(0)
			for ; k < len(rest); k++ {
				c := rest[k]
				if quote != 0 {
					if c == quote {
						quote = 0
					}
					continue
				}
				if c == '"' || c == '\'' {
					quote = c
				} else if c == '>' {
					break
				}
			}
			if k == len(rest) {
				return reject(op, ReasonMalformed, "unterminated start tag", nil)
			}
			if rest[k-1] != '/' {
				depth++
				if depth > maxDepth {
					return reject(op, ReasonMalformed, fmt.Sprintf("nesting deeper than %d", maxDepth), nil)
				}
			}
			i += k + 1
		}
	}
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
