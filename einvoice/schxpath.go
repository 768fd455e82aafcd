package einvoice

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// A small XPath 2.0 interpreter for the expressions of the official
// syntax and code-list Schematron patterns (rules_syntax_gen.go): location
// paths with the child, attribute, self, parent, ancestor, preceding and
// descendant-or-self (//) axes, predicates, unions, and/or, general
// comparisons with XPath's casting of untyped values, and the functions
// those patterns call. Element names are matched by the standard prefixes
// of the node keys (see validate_doc.go); the UBL root element is matched
// whatever prefix (ubl: or cn:) the Schematron gives it.

// xkind is the kind of an item of a sequence.
type xkind uint8

const (
	xNode xkind = iota // an element (or the document node)
	xAttr              // an attribute of n (index a)
	xStr               // a string
	xNum               // a double
	xBool              // a boolean
)

// xitem is an item of an XPath sequence.
type xitem struct {
	k xkind
	n *node
	a int
	s string
	f float64
	b bool
}

// str returns the string value of the item.
func (it xitem) str() string {
	switch it.k {
	case xNode:
		return strval(it.n)
	case xAttr:
		return it.n.attrs[it.a].Value
	case xStr:
		return it.s
	case xNum:
		return strconv.FormatFloat(it.f, 'f', -1, 64)
	case xBool:
		if it.b {
			return "true"
		}
		return "false"
	}
	return ""
}

// xdoc is the evaluation state of one document: its document node (the
// synthetic parent of the root element) and an index of the elements by
// key for the // steps from the document.
type xdoc struct {
	doc   *node
	root  *node
	index map[string][]*node
	all   []*node
}

func newXDoc(root *node) *xdoc {
	d := &xdoc{doc: &node{key: "#document", kids: []*node{root}}, root: root, index: map[string][]*node{}}
	root.walk(func(n *node) {
		d.index[n.key] = append(d.index[n.key], n)
		d.all = append(d.all, n)
	})
	return d
}

// parentOf returns the parent of n, the document node for the root.
func (d *xdoc) parentOf(n *node) *node {
	if n == d.root {
		return d.doc
	}
	return n.parent
}

// xexpr is a compiled expression.
type xexpr interface {
	eval(d *xdoc, ctx xitem) []xitem
}

// ---- lexer ----

type xtok struct {
	kind byte // 'n' name, 's' string, 'd' number, 'o' operator/punctuation
	v    string
}

func xlex(s string) ([]xtok, error) {
	var out []xtok
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return nil, fmt.Errorf("unterminated literal at %d", i)
			}
			out = append(out, xtok{'s', s[i+1 : i+1+j]})
			i += j + 2
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.') {
				j++
			}
			out = append(out, xtok{'d', s[i:j]})
			i = j
		case isNameStart(c):
			j := i
			for j < len(s) && (isNameStart(s[j]) || s[j] >= '0' && s[j] <= '9' || s[j] == '-' || s[j] == '.' ||
				s[j] == ':' && j+1 < len(s) && s[j+1] != ':' && (j == 0 || s[j-1] != ':')) {
				j++
			}
			if j < len(s) && s[j] == '*' && s[j-1] == ':' {
				j++
			}
			out = append(out, xtok{'n', s[i:j]})
			i = j
		default:
			for _, op := range []string{"::", "//", "!=", "<=", ">=", "..", "/", "(", ")", "[", "]", "@", ",", "|", "=", "<", ">", ".", "*", "-", "+"} {
				if strings.HasPrefix(s[i:], op) {
					out = append(out, xtok{'o', op})
					i += len(op)
					goto next
				}
			}
			return nil, fmt.Errorf("unexpected %q at %d", c, i)
		next:
		}
	}
	return out, nil
}

func isNameStart(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

// ---- parser ----

type xparser struct {
	toks []xtok
	pos  int
}

func (p *xparser) peek() xtok {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return xtok{}
}

func (p *xparser) isOp(v string) bool { t := p.peek(); return t.kind == 'o' && t.v == v }

func (p *xparser) expect(v string) error {
	if !p.isOp(v) {
		return fmt.Errorf("expected %q at token %d", v, p.pos)
	}
	p.pos++
	return nil
}

// compileXPath compiles an expression of the subset.
func compileXPath(s string) (xexpr, error) {
	toks, err := xlex(s)
	if err != nil {
		return nil, err
	}
	p := &xparser{toks: toks}
	e, err := p.orExpr()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) {
		return nil, fmt.Errorf("unexpected %q at token %d", p.peek().v, p.pos)
	}
	return e, nil
}

func (p *xparser) orExpr() (xexpr, error) {
	l, err := p.andExpr()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == 'n' && p.peek().v == "or" {
		p.pos++
		r, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		l = &xlogic{or: true, l: l, r: r}
	}
	return l, nil
}

func (p *xparser) andExpr() (xexpr, error) {
	l, err := p.cmpExpr()
	if err != nil {
		return nil, err
	}
	for p.peek().kind == 'n' && p.peek().v == "and" {
		p.pos++
		r, err := p.cmpExpr()
		if err != nil {
			return nil, err
		}
		l = &xlogic{l: l, r: r}
	}
	return l, nil
}

func (p *xparser) cmpExpr() (xexpr, error) {
	l, err := p.addExpr()
	if err != nil {
		return nil, err
	}
	t := p.peek()
	if t.kind == 'o' {
		switch t.v {
		case "=", "!=", "<", "<=", ">", ">=":
			p.pos++
			r, err := p.addExpr()
			if err != nil {
				return nil, err
			}
			return &xcmp{op: t.v, l: l, r: r}, nil
		}
	}
	return l, nil
}

func (p *xparser) addExpr() (xexpr, error) {
	l, err := p.unionExpr()
	if err != nil {
		return nil, err
	}
	for p.isOp("+") || p.isOp("-") {
		neg := p.peek().v == "-"
		p.pos++
		r, err := p.unionExpr()
		if err != nil {
			return nil, err
		}
		l = &xarith{neg: neg, l: l, r: r}
	}
	return l, nil
}

// xarith is "l + r" or "l - r" of numbers (an empty operand gives the
// empty sequence; a value that is not a number, NaN).
type xarith struct {
	neg  bool
	l, r xexpr
}

func (e *xarith) eval(d *xdoc, ctx xitem) []xitem {
	ls, rs := e.l.eval(d, ctx), e.r.eval(d, ctx)
	if len(ls) == 0 || len(rs) == 0 {
		return nil
	}
	x, ok1 := numOf(ls[0])
	y, ok2 := numOf(rs[0])
	if !ok1 || !ok2 {
		return xn(nan)
	}
	if e.neg {
		return xn(x - y)
	}
	return xn(x + y)
}

var nan = func() float64 { f, _ := strconv.ParseFloat("NaN", 64); return f }()

func (p *xparser) unionExpr() (xexpr, error) {
	l, err := p.pathExpr()
	if err != nil {
		return nil, err
	}
	for p.isOp("|") {
		p.pos++
		r, err := p.pathExpr()
		if err != nil {
			return nil, err
		}
		l = &xunion{l: l, r: r}
	}
	return l, nil
}

// pathExpr parses "/"? step ("/"|"//" step)* where the first step may be a
// primary expression (literal, number, parenthesised, function call).
func (p *xparser) pathExpr() (xexpr, error) {
	pe := &xpath{}
	switch {
	case p.isOp("//"):
		p.pos++
		pe.abs = true
		pe.steps = append(pe.steps, &xstep{axis: "descendant-or-self", test: "node()", nt: nameTest{kind: 2}})
	case p.isOp("/"):
		p.pos++
		pe.abs = true
		if t := p.peek(); t.kind == 0 || t.kind == 'o' && t.v != "@" && t.v != "*" && t.v != "." && t.v != ".." {
			return pe, nil // "/" alone: the document node
		}
	}
	first := true
	for {
		st, err := p.step(first && !pe.abs)
		if err != nil {
			return nil, err
		}
		pe.steps = append(pe.steps, st)
		first = false
		if p.isOp("//") {
			p.pos++
			pe.steps = append(pe.steps, &xstep{axis: "descendant-or-self", test: "node()", nt: nameTest{kind: 2}})
			continue
		}
		if p.isOp("/") {
			p.pos++
			continue
		}
		break
	}
	if !pe.abs && len(pe.steps) == 1 && pe.steps[0].primary != nil && len(pe.steps[0].preds) == 0 {
		return pe.steps[0].primary, nil
	}
	pe.markSimple()
	return pe, nil
}

// xstep is an axis step or a primary expression with predicates.
type xstep struct {
	axis    string
	test    string // "prefix:local", "prefix:*", "*", "node()"
	primary xexpr
	preds   []xexpr
	nt      nameTest // test, compiled
}

// nameTest is a compiled name test.
type nameTest struct {
	kind uint8  // 0 exact key, 1 any element, 2 any node, 3 key prefix
	key  string // the key, or the prefix with its colon
}

func compileNameTest(test string) nameTest {
	switch {
	case test == "node()":
		return nameTest{kind: 2}
	case test == "*":
		return nameTest{kind: 1}
	case strings.HasSuffix(test, ":*"):
		return nameTest{kind: 3, key: test[:len(test)-1]}
	}
	return nameTest{key: rootKey(test)}
}

func (t nameTest) match(key string) bool {
	switch t.kind {
	case 0:
		return key == t.key
	case 1:
		return key != "#document"
	case 2:
		return true
	}
	return strings.HasPrefix(key, t.key)
}

func (p *xparser) step(allowLiteral bool) (*xstep, error) {
	st := &xstep{axis: "child"}
	t := p.peek()
	switch {
	case t.kind == 'o' && t.v == ".":
		p.pos++
		st.axis, st.test = "self", "node()"
	case t.kind == 'o' && t.v == "..":
		p.pos++
		st.axis, st.test = "parent", "node()"
	case t.kind == 'o' && t.v == "@":
		p.pos++
		n := p.peek()
		if n.kind != 'n' && !(n.kind == 'o' && n.v == "*") {
			return nil, fmt.Errorf("attribute name expected at token %d", p.pos)
		}
		p.pos++
		st.axis, st.test = "attribute", n.v
	case t.kind == 'o' && t.v == "*":
		p.pos++
		st.test = "*"
	case t.kind == 'o' && t.v == "(":
		p.pos++
		e, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		st.primary = e
	case t.kind == 's' || t.kind == 'd':
		p.pos++
		if t.kind == 's' {
			st.primary = xlit{xitem{k: xStr, s: t.v}}
		} else {
			f, err := strconv.ParseFloat(t.v, 64)
			if err != nil {
				return nil, err
			}
			st.primary = xlit{xitem{k: xNum, f: f}}
		}
	case t.kind == 'n':
		p.pos++
		nx := p.peek()
		switch {
		case nx.kind == 'o' && nx.v == "::":
			p.pos++
			st.axis = t.v
			n := p.peek()
			if n.kind != 'n' && !(n.kind == 'o' && n.v == "*") {
				return nil, fmt.Errorf("name expected after axis at token %d", p.pos)
			}
			p.pos++
			st.test = n.v
			if n.v == "node" && p.isOp("(") {
				p.pos += 2
				st.test = "node()"
			}
		case nx.kind == 'o' && nx.v == "(" && t.v == "node":
			p.pos++
			if err := p.expect(")"); err != nil {
				return nil, err
			}
			st.test = "node()"
		case nx.kind == 'o' && nx.v == "(":
			p.pos++
			var args []xexpr
			for !p.isOp(")") {
				a, err := p.orExpr()
				if err != nil {
					return nil, err
				}
				args = append(args, a)
				if p.isOp(",") {
					p.pos++
				}
			}
			p.pos++
			f, err := newXFunc(t.v, args)
			if err != nil {
				return nil, err
			}
			st.primary = f
		default:
			st.test = t.v
		}
	default:
		return nil, fmt.Errorf("unexpected %q at token %d", t.v, p.pos)
	}
	st.nt = compileNameTest(st.test)
	for p.isOp("[") {
		p.pos++
		e, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if err := p.expect("]"); err != nil {
			return nil, err
		}
		st.preds = append(st.preds, e)
	}
	return st, nil
}

// ---- evaluation ----

type xlit struct{ v xitem }

func (l xlit) eval(*xdoc, xitem) []xitem { return []xitem{l.v} }

type xlogic struct {
	or   bool
	l, r xexpr
}

func (e *xlogic) eval(d *xdoc, ctx xitem) []xitem {
	lv := ebv(e.l.eval(d, ctx))
	if e.or && lv || !e.or && !lv {
		return xb(lv)
	}
	return xb(ebv(e.r.eval(d, ctx)))
}

type xunion struct{ l, r xexpr }

func (e *xunion) eval(d *xdoc, ctx xitem) []xitem {
	return docOrder(append(e.l.eval(d, ctx), e.r.eval(d, ctx)...))
}

// docOrder sorts nodes into document order and removes duplicates.
func docOrder(s []xitem) []xitem {
	if len(s) < 2 {
		return s
	}
	sort.SliceStable(s, func(i, j int) bool {
		if s[i].n.off != s[j].n.off {
			return s[i].n.off < s[j].n.off
		}
		return s[i].a < s[j].a
	})
	out := s[:1]
	for _, it := range s[1:] {
		last := out[len(out)-1]
		if it.n == last.n && it.k == last.k && it.a == last.a {
			continue
		}
		out = append(out, it)
	}
	return out
}

// ebv is the effective boolean value of a sequence.
func ebv(s []xitem) bool {
	if len(s) == 0 {
		return false
	}
	switch it := s[0]; it.k {
	case xBool:
		return it.b
	case xStr:
		return it.s != ""
	case xNum:
		return it.f != 0 && it.f == it.f
	}
	return true
}

type xcmp struct {
	op   string
	l, r xexpr
}

func (e *xcmp) eval(d *xdoc, ctx xitem) []xitem {
	ls, rs := e.l.eval(d, ctx), e.r.eval(d, ctx)
	for _, a := range ls {
		for _, b := range rs {
			if cmpItems(e.op, a, b) {
				return xTrue
			}
		}
	}
	return xFalse
}

// cmpItems compares two atomised items as XPath 2.0's general comparison
// does: untyped values (nodes) are cast to the other operand's type; a
// failing cast counts as false.
func cmpItems(op string, a, b xitem) bool {
	switch {
	case a.k == xNum || b.k == xNum:
		x, ok1 := numOf(a)
		y, ok2 := numOf(b)
		if !ok1 || !ok2 {
			return false
		}
		return cmpOrd(op, compareFloat(x, y))
	case a.k == xBool || b.k == xBool:
		x, ok1 := boolOf(a)
		y, ok2 := boolOf(b)
		if !ok1 || !ok2 {
			return false
		}
		c := 0
		if x != y {
			c = 1
			if !x {
				c = -1
			}
		}
		return cmpOrd(op, c)
	}
	return cmpOrd(op, strings.Compare(a.str(), b.str()))
}

func numOf(it xitem) (float64, bool) {
	if it.k == xNum {
		return it.f, true
	}
	if it.k == xStr {
		return 0, false
	}
	return xsDouble(it.str())
}

func boolOf(it xitem) (bool, bool) {
	switch it.k {
	case xBool:
		return it.b, true
	case xStr, xNum:
		return false, false
	}
	return xbool(it.str())
}

func compareFloat(x, y float64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	case x == y:
		return 0
	}
	return 2 // NaN: unordered
}

func cmpOrd(op string, c int) bool {
	switch op {
	case "=":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c == -1
	case "<=":
		return c == -1 || c == 0
	case ">":
		return c == 1
	case ">=":
		return c == 1 || c == 0
	}
	return false
}

// xpath is a location path.
type xpath struct {
	abs   bool
	steps []*xstep
	// simple: relative, child steps with element names and no
	// predicates, optionally ending in an attribute name; counted and
	// tested for existence without building sequences
	simple bool
}

// markSimple sets e.simple.
func (e *xpath) markSimple() {
	if e.abs || len(e.steps) == 0 {
		return
	}
	for i, st := range e.steps {
		if st.primary != nil || len(st.preds) > 0 || st.nt.kind != 0 {
			return
		}
		if st.axis != "child" && !(st.axis == "attribute" && i == len(e.steps)-1 && st.test != "*") {
			return
		}
	}
	e.simple = true
}

// countSimple counts the nodes a simple path selects from n.
func countSimple(n *node, steps []*xstep) int {
	st := steps[0]
	if st.axis == "attribute" {
		if _, ok := n.attr(st.test); ok {
			return 1
		}
		return 0
	}
	c := 0
	for _, k := range n.kids {
		if k.key == st.nt.key {
			if len(steps) == 1 {
				c++
			} else {
				c += countSimple(k, steps[1:])
			}
		}
	}
	return c
}

// existsSimple reports whether a simple path selects a node from n.
func existsSimple(n *node, steps []*xstep) bool {
	st := steps[0]
	if st.axis == "attribute" {
		_, ok := n.attr(st.test)
		return ok
	}
	for _, k := range n.kids {
		if k.key == st.nt.key && (len(steps) == 1 || existsSimple(k, steps[1:])) {
			return true
		}
	}
	return false
}

func (e *xpath) eval(d *xdoc, ctx xitem) []xitem {
	cur := []xitem{ctx}
	if e.abs {
		cur = []xitem{{k: xNode, n: d.doc}}
	}
	for i := 0; i < len(e.steps); i++ {
		st := e.steps[i]
		// "//name" from the document: the index
		if st.axis == "descendant-or-self" && i+1 < len(e.steps) && len(cur) == 1 && cur[0].k == xNode && cur[0].n == d.doc {
			nx := e.steps[i+1]
			if nx.primary == nil && nx.axis == "child" {
				var next []xitem
				if nx.nt.kind == 0 {
					next = make([]xitem, 0, len(d.index[nx.nt.key]))
					for _, n := range d.index[nx.nt.key] {
						next = append(next, xitem{k: xNode, n: n})
					}
				} else {
					for _, n := range d.all {
						if nx.nt.match(n.key) {
							next = append(next, xitem{k: xNode, n: n})
						}
					}
				}
				cur = applyPreds(d, nx.preds, next)
				i++
				continue
			}
			if nx.primary == nil && nx.axis == "attribute" {
				// "//@name" from the document: every attribute of that name
				var next []xitem
				for _, n := range d.all {
					next = append(next, nx.apply(d, xitem{k: xNode, n: n})...)
				}
				cur = applyPreds(d, nx.preds, next)
				i++
				continue
			}
		}
		var next []xitem
		if len(cur) == 1 {
			next = applyPreds(d, st.preds, st.apply(d, cur[0]))
		} else {
			for _, c := range cur {
				next = append(next, applyPreds(d, st.preds, st.apply(d, c))...)
			}
		}
		if len(cur) > 1 && (st.primary == nil || isNodeSeq(next)) {
			next = docOrder(next)
		}
		cur = next
	}
	return cur
}

func isNodeSeq(s []xitem) bool {
	for _, it := range s {
		if it.k != xNode && it.k != xAttr {
			return false
		}
	}
	return true
}

// rootKey maps the Schematron's names of the UBL root elements (ubl:Invoice,
// cn:CreditNote) to the node keys (unprefixed).
func rootKey(test string) string {
	if p, l, ok := strings.Cut(test, ":"); ok && (p == "ubl" || p == "cn") {
		return l
	}
	return test
}

func applyPreds(d *xdoc, preds []xexpr, s []xitem) []xitem {
	for _, p := range preds {
		var out []xitem
		for i, it := range s {
			r := p.eval(d, it)
			if len(r) == 1 && r[0].k == xNum {
				if r[0].f == float64(i+1) {
					out = append(out, it)
				}
				continue
			}
			if ebv(r) {
				out = append(out, it)
			}
		}
		s = out
	}
	return s
}

// apply evaluates the step for one context item.
func (st *xstep) apply(d *xdoc, c xitem) []xitem {
	if st.primary != nil {
		return st.primary.eval(d, c)
	}
	if c.k != xNode {
		if st.axis == "self" && st.test == "node()" {
			return []xitem{c}
		}
		if st.axis == "parent" || st.axis == "ancestor" {
			c = xitem{k: xNode, n: c.n}
			if st.axis == "parent" {
				if st.nt.match(c.n.key) {
					return []xitem{c}
				}
				return nil
			}
		} else {
			return nil
		}
	}
	n := c.n
	var out []xitem
	switch st.axis {
	case "child":
		for _, k := range n.kids {
			if st.nt.match(k.key) {
				out = append(out, xitem{k: xNode, n: k})
			}
		}
	case "attribute":
		for i, a := range n.attrs {
			if a.Name.Space == "" && (st.test == "*" || a.Name.Local == st.test) {
				out = append(out, xitem{k: xAttr, n: n, a: i})
			}
		}
	case "self":
		if st.nt.match(n.key) {
			out = append(out, c)
		}
	case "parent":
		if p := d.parentOf(n); p != nil && st.nt.match(p.key) {
			out = append(out, xitem{k: xNode, n: p})
		}
	case "ancestor":
		for p := d.parentOf(n); p != nil; p = d.parentOf(p) {
			if st.nt.match(p.key) {
				out = append(out, xitem{k: xNode, n: p})
			}
			if p == d.doc {
				break
			}
		}
	case "descendant-or-self":
		n.walk(func(x *node) {
			if st.nt.match(x.key) {
				out = append(out, xitem{k: xNode, n: x})
			}
		})
	case "preceding":
		anc := map[*node]bool{}
		for p := n; p != nil; p = p.parent {
			anc[p] = true
		}
		for _, x := range d.all {
			if x.off >= n.off {
				break
			}
			if !anc[x] && st.nt.match(x.key) {
				out = append(out, xitem{k: xNode, n: x})
			}
		}
	}
	return out
}

// ---- functions ----

type xfunc struct {
	name string
	args []xexpr
	re   *regexp.Regexp
}

var xfuncArity = map[string][2]int{
	"not": {1, 1}, "count": {1, 1}, "exists": {1, 1}, "normalize-space": {0, 1}, "upper-case": {1, 1},
	"contains": {2, 2}, "concat": {2, 99}, "ends-with": {2, 2}, "name": {0, 1}, "local-name": {0, 1},
	"string-length": {0, 1}, "substring-after": {2, 2}, "substring-before": {2, 2}, "matches": {2, 2}, "distinct-values": {1, 1},
	"true": {0, 0}, "false": {0, 0},
}

func newXFunc(name string, args []xexpr) (*xfunc, error) {
	ar, ok := xfuncArity[name]
	if !ok {
		return nil, fmt.Errorf("unknown function %s()", name)
	}
	if len(args) < ar[0] || len(args) > ar[1] {
		return nil, fmt.Errorf("%s() with %d arguments", name, len(args))
	}
	f := &xfunc{name: name, args: args}
	if name == "matches" {
		l, ok := args[1].(xlit)
		if !ok || l.v.k != xStr {
			return nil, fmt.Errorf("matches() needs a literal pattern")
		}
		re, err := regexp.Compile(l.v.s)
		if err != nil {
			return nil, err
		}
		f.re = re
	}
	return f, nil
}

// strArg evaluates argument i as a string (the first item's string value;
// "" for an empty sequence), or the context item without arguments.
func (f *xfunc) strArg(d *xdoc, ctx xitem, i int) string {
	if i >= len(f.args) {
		return ctx.str()
	}
	s := f.args[i].eval(d, ctx)
	if len(s) == 0 {
		return ""
	}
	return s[0].str()
}

func xs(s string) []xitem { return []xitem{{k: xStr, s: s}} }
func xb(b bool) []xitem {
	if b {
		return xTrue
	}
	return xFalse
}

// xTrue and xFalse are shared results; sequences are never modified in
// place, except node sequences by docOrder.
var (
	xTrue  = []xitem{{k: xBool, b: true}}
	xFalse = []xitem{{k: xBool, b: false}}
)

func xn(f float64) []xitem { return []xitem{{k: xNum, f: f}} }
func itemName(it xitem) string {
	switch it.k {
	case xNode:
		if it.n.key == "#document" {
			return ""
		}
		return it.n.key
	case xAttr:
		return it.n.attrs[it.a].Name.Local
	}
	return ""
}

func (f *xfunc) eval(d *xdoc, ctx xitem) []xitem {
	switch f.name {
	case "true":
		return xb(true)
	case "false":
		return xb(false)
	case "not", "exists":
		var ok bool
		if p, simple := f.args[0].(*xpath); simple && p.simple && ctx.k == xNode {
			ok = existsSimple(ctx.n, p.steps)
		} else if f.name == "not" {
			ok = ebv(f.args[0].eval(d, ctx))
		} else {
			ok = len(f.args[0].eval(d, ctx)) > 0
		}
		return xb(ok != (f.name == "not"))
	case "count":
		if p, simple := f.args[0].(*xpath); simple && p.simple && ctx.k == xNode {
			return xn(float64(countSimple(ctx.n, p.steps)))
		}
		return xn(float64(len(f.args[0].eval(d, ctx))))
	case "normalize-space":
		return xs(normSpace(f.strArg(d, ctx, 0)))
	case "upper-case":
		return xs(strings.ToUpper(f.strArg(d, ctx, 0)))
	case "contains":
		return xb(strings.Contains(f.strArg(d, ctx, 0), f.strArg(d, ctx, 1)))
	case "ends-with":
		return xb(strings.HasSuffix(f.strArg(d, ctx, 0), f.strArg(d, ctx, 1)))
	case "concat":
		var b strings.Builder
		for i := range f.args {
			b.WriteString(f.strArg(d, ctx, i))
		}
		return xs(b.String())
	case "string-length":
		return xn(float64(len([]rune(f.strArg(d, ctx, 0)))))
	case "substring-after":
		_, after, _ := strings.Cut(f.strArg(d, ctx, 0), f.strArg(d, ctx, 1))
		return xs(after)
	case "substring-before":
		before, _, ok := strings.Cut(f.strArg(d, ctx, 0), f.strArg(d, ctx, 1))
		if !ok {
			return xs("")
		}
		return xs(before)
	case "matches":
		return xb(f.re.MatchString(f.strArg(d, ctx, 0)))
	case "name", "local-name":
		it := ctx
		if len(f.args) > 0 {
			s := f.args[0].eval(d, ctx)
			if len(s) == 0 {
				return xs("")
			}
			it = s[0]
		}
		nm := itemName(it)
		if f.name == "local-name" {
			if i := strings.LastIndexAny(nm, ":}"); i >= 0 {
				nm = nm[i+1:]
			}
		}
		return xs(nm)
	case "distinct-values":
		seen := map[string]bool{}
		var out []xitem
		for _, it := range f.args[0].eval(d, ctx) {
			s := it.str()
			if !seen[s] {
				seen[s] = true
				out = append(out, xitem{k: xStr, s: s})
			}
		}
		return out
	}
	return nil
}
