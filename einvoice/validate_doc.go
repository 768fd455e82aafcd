package einvoice

import (
	"strconv"
	"strings"
)

// Helpers for rules that check the document tree (syntax rules). Node keys
// use the standard prefixes of both syntaxes whatever the document's own
// prefixes are: cac, cbc, ext for UBL (the root element unprefixed), rsm,
// ram, udt, qdt for CII; an element of another namespace has the key
// "{uri}local".

// child returns n's first child with key, or nil.
func (n *node) child(key string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.key == key {
			return k
		}
	}
	return nil
}

// childrenOf returns n's children with key.
func (n *node) childrenOf(key string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.key == key {
			out = append(out, k)
		}
	}
	return out
}

// at follows a path of child keys from n and returns the first match, or
// nil: n.at("cac:AccountingSupplierParty", "cac:Party").
func (n *node) at(keys ...string) *node {
	for _, k := range keys {
		n = n.child(k)
		if n == nil {
			return nil
		}
	}
	return n
}

// all follows a path of child keys from n and returns every match.
func (n *node) all(keys ...string) []*node {
	cur := []*node{n}
	if n == nil {
		return nil
	}
	for _, k := range keys {
		var next []*node
		for _, c := range cur {
			next = append(next, c.childrenOf(k)...)
		}
		cur = next
	}
	return cur
}

// walk calls fn for n and every descendant, in document order.
func (n *node) walk(fn func(*node)) {
	if n == nil {
		return
	}
	fn(n)
	for _, k := range n.kids {
		k.walk(fn)
	}
}

// xpath returns an XPath-like location of n with positions where an
// element repeats among its siblings, e.g.
// "/Invoice/cac:InvoiceLine[2]/cac:Item".
func (n *node) xpath() string {
	var parts []string
	for p := n; p != nil; p = p.parent {
		s := p.key
		if p.parent != nil {
			pos, count := 0, 0
			for _, k := range p.parent.kids {
				if k.key == p.key {
					count++
					if k == p {
						pos = count
					}
				}
			}
			if count > 1 {
				s += "[" + strconv.Itoa(pos) + "]"
			}
		}
		parts = append(parts, s)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}
