package zufi

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Limits that keep a hostile document from exhausting memory or stack.
const (
	maxDepth    = 64
	maxElements = 1 << 20
)

// node is one element of the document, with a flag set when the mapper
// consumed it. Nodes nobody consumed are reported as unmapped, so the reader
// never drops data silently.
type node struct {
	name     xml.Name
	attrs    []xml.Attr
	text     string
	buf      []byte // character data while parsing
	children []*node
	parent   *node
	line     int
	used     bool
}

// parseTree reads the whole document into a node tree.
func parseTree(r io.Reader) (*node, int, error) {
	d := xml.NewDecoder(r)
	d.Strict = true
	var root, cur *node
	n := 0
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			line, _ := d.InputPos()
			return nil, 0, &SyntaxError{Line: line, Err: err}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n++
			depth++
			line, _ := d.InputPos()
			if depth > maxDepth || n > maxElements {
				return nil, 0, &SyntaxError{Line: line, Err: fmt.Errorf("document too deep or too large")}
			}
			nd := &node{name: t.Name, attrs: t.Attr, parent: cur, line: line}
			if cur == nil {
				if root != nil {
					return nil, 0, &SyntaxError{Line: line, Err: fmt.Errorf("second root element")}
				}
				root = nd
			} else {
				cur.children = append(cur.children, nd)
			}
			cur = nd
		case xml.EndElement:
			depth--
			cur.text = strings.TrimSpace(string(cur.buf))
			cur.buf = nil
			cur = cur.parent
		case xml.CharData:
			if cur != nil {
				cur.buf = append(cur.buf, t...)
			}
		case xml.Directive:
			line, _ := d.InputPos()
			return nil, 0, &SyntaxError{Line: line, Err: fmt.Errorf("DTDs and other directives are not allowed")}
		}
	}
	if root == nil {
		return nil, 0, &SyntaxError{Err: fmt.Errorf("no root element")}
	}
	return root, n, nil
}

// attr returns the value of the attribute with the local name, whatever its
// namespace, and marks nothing (attributes are not counted).
func (n *node) attr(local string) string {
	for _, a := range n.attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xsiType returns the local part of the xsi:type attribute.
func (n *node) xsiType() string {
	for _, a := range n.attrs {
		if a.Name.Local == "type" && a.Name.Space == "http://www.w3.org/2001/XMLSchema-instance" {
			if i := strings.IndexByte(a.Value, ':'); i >= 0 {
				return a.Value[i+1:]
			}
			return a.Value
		}
	}
	return ""
}

// all returns the children with the local name, marking them used.
func (n *node) all(local string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name.Local == local {
			c.used = true
			out = append(out, c)
		}
	}
	return out
}

// one returns the first child with the local name, marked used, or nil.
func (n *node) one(local string) *node {
	for _, c := range n.children {
		if c.name.Local == local {
			c.used = true
			return c
		}
	}
	return nil
}

// str returns the text of the first child with the local name.
func (n *node) str(local string) string {
	if c := n.one(local); c != nil {
		c.used = true
		return c.text
	}
	return ""
}

// path is the slash-separated path of local names from the root.
func (n *node) path() string {
	var parts []string
	for x := n; x != nil; x = x.parent {
		parts = append(parts, x.name.Local)
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return "/" + strings.Join(parts, "/")
}

// walkUnused collects the paths of elements no mapper consumed (only the
// topmost of an unconsumed subtree) and counts the consumed ones.
func walkUnused(n *node, unmapped *[]Unmapped, mapped *int) {
	if !n.used {
		*unmapped = append(*unmapped, Unmapped{Path: n.path(), Line: n.line})
		return
	}
	*mapped++
	for _, c := range n.children {
		walkUnused(c, unmapped, mapped)
	}
}
