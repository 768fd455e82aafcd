package einvoice

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

//go:generate go run ./internal/xsdgen -out schema_gen.go

// The structural check of the XML schemas (rule id SCHEMA): the element
// structure, the attributes and the lexical values the OASIS UBL 2.1 and
// UN/CEFACT CII D16B schemas allow, from the tables internal/xsdgen
// generates from them (schema_gen.go). An invoice that fails here is one
// the KoSIT validator rejects at its schema step.
//
// Like a schema validator, the check reports, per element, the first child
// that the content model does not expect (an unknown, misplaced or
// repeated element) or the missing mandatory element, values that are not
// lexically valid for their type (dates, decimals, booleans, base64,
// lengths), undeclared, missing required or wrong fixed attributes, and
// text in element-only content. Content inside ext:ExtensionContent (a
// lax wildcard) is not checked.

// xsdKind is the built-in XSD type of a value.
type xsdKind uint8

// The built-in types the schemas use.
const (
	xsdString   xsdKind = iota // xsd:string, xsd:normalizedString: any text
	xsdToken                   // xsd:token: any text, white space collapsed
	xsdDecimal                 // xsd:decimal
	xsdDate                    // xsd:date
	xsdTime                    // xsd:time
	xsdDateTime                // xsd:dateTime
	xsdBoolean                 // xsd:boolean
	xsdBase64                  // xsd:base64Binary
	xsdAnyURI                  // xsd:anyURI: any text
	xsdLanguage                // xsd:language
)

// xsdText is a simple type: built-in type and facets (minLen/maxLen 0:
// none).
type xsdText struct {
	kind           xsdKind
	minLen, maxLen int
	enums          []string
}

// xsdAttr is an attribute declaration.
type xsdAttr struct {
	name     string
	text     xsdText
	required bool
	fixed    string
	hasFixed bool
}

// xsdPKind is the kind of a particle.
type xsdPKind uint8

// The particle kinds.
const (
	xsdElem   xsdPKind = iota // an element (key, typ)
	xsdSeq                    // a sequence of kids
	xsdChoice                 // a choice of kids
	xsdAny                    // a wildcard: any element not of the namespace of the key prefix
)

// xsdParticle is a particle of a content model; max -1 is unbounded.
type xsdParticle struct {
	kind     xsdPKind
	key      string
	typ      int
	min, max int
	kids     []xsdParticle
}

// xsdType is an element type: simple content (text and attributes) or
// element-only content (model; nil for empty content).
type xsdType struct {
	simple bool
	text   xsdText
	attrs  []xsdAttr
	model  *xsdParticle
}

const nsXSI = "http://www.w3.org/2001/XMLSchema-instance"

func init() {
	registerDoc("", checkSchema, RuleSchema)
}

// checkSchema validates the document tree against the schema of its root.
func checkSchema(c *vctx) {
	for _, e := range schemaErrors(c.doc) {
		n := len(c.findings)
		c.fireAt(RuleSchema, e.n, "")
		if len(c.findings) > n {
			c.findings[n].Message += " " + e.msg + "."
		}
	}
}

// schemaError is a schema violation at node n.
type schemaError struct {
	n   *node
	msg string
}

// schemaErrors returns the schema violations of the document whose root
// element is root, in document order of discovery.
func schemaErrors(root *node) []schemaError {
	var errs []schemaError
	t, ok := xsdRoots[root.key]
	if !ok {
		return []schemaError{{root, "no declaration of the root element " + root.key}}
	}
	validateElement(root, t, &errs)
	return errs
}

func validateElement(n *node, ti int, errs *[]schemaError) {
	t := &xsdTypes[ti]
	add := func(at *node, format string, args ...any) {
		*errs = append(*errs, schemaError{at, fmt.Sprintf(format, args...)})
	}
	// attributes
	for _, a := range n.attrs {
		if a.Name.Space == nsXSI {
			continue
		}
		var decl *xsdAttr
		if a.Name.Space == "" {
			for i := range t.attrs {
				if t.attrs[i].name == a.Name.Local {
					decl = &t.attrs[i]
				}
			}
		}
		if decl == nil {
			add(n, "attribute %q is not allowed", a.Name.Local)
			continue
		}
		if msg := checkValue(decl.text, a.Value); msg != "" {
			add(n, "attribute %s: %s", decl.name, msg)
		} else if decl.hasFixed && normalizeValue(decl.text.kind, a.Value) != decl.fixed {
			add(n, "attribute %s must be %q", decl.name, decl.fixed)
		}
	}
	for i := range t.attrs {
		if !t.attrs[i].required {
			continue
		}
		if _, ok := n.attr(t.attrs[i].name); !ok {
			add(n, "attribute %s is required", t.attrs[i].name)
		}
	}
	if t.simple {
		if len(n.kids) > 0 {
			add(n.kids[0], "element %s is not allowed in simple content", n.kids[0].key)
			return
		}
		if msg := checkValue(t.text, n.text); msg != "" {
			add(n, "%s", msg)
		}
		return
	}
	if n.mixed || len(n.kids) == 0 && strings.TrimFunc(n.text, isXMLSpace) != "" {
		add(n, "text is not allowed in element-only content")
	}
	if t.model == nil {
		if len(n.kids) > 0 {
			add(n.kids[0], "element %s is not expected (empty content)", n.kids[0].key)
		}
		return
	}
	m := &matcher{kids: n.kids}
	ok := m.particle(t.model)
	for _, mt := range m.matched {
		if mt.typ >= 0 {
			validateElement(mt.n, mt.typ, errs)
		}
	}
	switch {
	case !ok && m.i < len(n.kids):
		add(n.kids[m.i], "element %s is not expected here; expected %s", n.kids[m.i].key, m.missing)
	case !ok:
		add(n, "missing child element %s", m.missing)
	case m.i < len(n.kids):
		add(n.kids[m.i], "element %s is not expected here", n.kids[m.i].key)
	}
}

// matcher matches a node's children against a content model. The models
// of both schemas are deterministic (Unique Particle Attribution), so a
// greedy match decides.
type matcher struct {
	kids    []*node
	i       int
	matched []matchedKid
	missing string // the element expected where the match failed
}

type matchedKid struct {
	n   *node
	typ int // -1: not validated (wildcard)
}

// particle matches p (with its occurrences) at the current position; false
// when fewer than min occurrences match (m.missing names what was
// expected).
func (m *matcher) particle(p *xsdParticle) bool {
	count := 0
	for p.max < 0 || count < p.max {
		start := m.i
		ok, consumed := m.once(p)
		if !ok {
			if consumed || count < p.min {
				return false
			}
			break
		}
		if m.i == start {
			break // an emptiable group that matched nothing
		}
		count++
	}
	if count < p.min && !m.emptiable(p) {
		if m.missing == "" {
			m.missing = firstKey(p)
		}
		return false
	}
	return true
}

// once matches one occurrence of p. ok false with consumed false means p
// does not start here; consumed true means a partial match failed.
func (m *matcher) once(p *xsdParticle) (ok, consumed bool) {
	switch p.kind {
	case xsdElem:
		if m.i < len(m.kids) && m.kids[m.i].key == p.key {
			m.matched = append(m.matched, matchedKid{m.kids[m.i], p.typ})
			m.i++
			return true, true
		}
		m.missing = p.key
		return false, false
	case xsdAny:
		if m.i < len(m.kids) && !strings.HasPrefix(m.kids[m.i].key, p.key+":") && strings.Contains(m.kids[m.i].key, ":") || m.i < len(m.kids) && strings.HasPrefix(m.kids[m.i].key, "{") && !strings.HasPrefix(m.kids[m.i].key, "{}") {
			m.matched = append(m.matched, matchedKid{m.kids[m.i], -1})
			m.i++
			return true, true
		}
		m.missing = "an element of another namespace"
		return false, false
	case xsdSeq:
		start := m.i
		for k := range p.kids {
			if !m.particle(&p.kids[k]) {
				return false, m.i > start
			}
		}
		return true, m.i > start
	case xsdChoice:
		if m.i < len(m.kids) {
			for k := range p.kids {
				if startsWith(&p.kids[k], m.kids[m.i].key) {
					start := m.i
					if !m.particle(&p.kids[k]) {
						return false, m.i > start
					}
					return true, m.i > start
				}
			}
		}
		for k := range p.kids {
			if m.emptiable(&p.kids[k]) {
				return true, false
			}
		}
		m.missing = firstKey(p)
		return false, false
	}
	return false, false
}

// emptiable reports whether p can match no element.
func (m *matcher) emptiable(p *xsdParticle) bool {
	if p.min == 0 {
		return true
	}
	switch p.kind {
	case xsdSeq:
		for k := range p.kids {
			if !m.emptiable(&p.kids[k]) {
				return false
			}
		}
		return true
	case xsdChoice:
		for k := range p.kids {
			if m.emptiable(&p.kids[k]) {
				return true
			}
		}
	}
	return false
}

// startsWith reports whether an element key can start p.
func startsWith(p *xsdParticle, key string) bool {
	switch p.kind {
	case xsdElem:
		return p.key == key
	case xsdAny:
		return !strings.HasPrefix(key, p.key+":")
	case xsdSeq:
		for k := range p.kids {
			if startsWith(&p.kids[k], key) {
				return true
			}
			if p.kids[k].min > 0 {
				return false
			}
		}
	case xsdChoice:
		for k := range p.kids {
			if startsWith(&p.kids[k], key) {
				return true
			}
		}
	}
	return false
}

// firstKey names the first element p expects.
func firstKey(p *xsdParticle) string {
	switch p.kind {
	case xsdElem:
		return p.key
	case xsdAny:
		return "an element of another namespace"
	}
	var names []string
	for k := range p.kids {
		names = append(names, firstKey(&p.kids[k]))
		if p.kind == xsdSeq && p.kids[k].min > 0 {
			break
		}
	}
	return strings.Join(names, " | ")
}

// normalizeValue applies the white space facet of the built-in type.
func normalizeValue(k xsdKind, s string) string {
	if k == xsdString || k == xsdAnyURI {
		return strings.Map(func(r rune) rune {
			if r == '\t' || r == '\n' || r == '\r' {
				return ' '
			}
			return r
		}, s)
	}
	return normSpace(s)
}

var (
	reDate     = regexp.MustCompile(`^-?([0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?$`)
	reTime     = regexp.MustCompile(`^([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?$`)
	reLanguage = regexp.MustCompile(`^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$`)
)

// checkValue returns why s is not a lexically valid value of t ("" when it
// is).
func checkValue(t xsdText, s string) string {
	if t.kind == xsdBase64 {
		// white space is allowed anywhere; no other facet applies
		if !validBase64(s) {
			return "the value is not valid xs:base64Binary"
		}
		return ""
	}
	if (t.kind == xsdString || t.kind == xsdToken || t.kind == xsdAnyURI) && t.minLen == 0 && t.maxLen == 0 && len(t.enums) == 0 {
		return "" // any text
	}
	v := normalizeValue(t.kind, s)
	switch t.kind {
	case xsdDecimal:
		if !xsDecimalRE.MatchString(v) {
			return fmt.Sprintf("%q is not a valid xs:decimal", v)
		}
	case xsdBoolean:
		if v != "true" && v != "false" && v != "1" && v != "0" {
			return fmt.Sprintf("%q is not a valid xs:boolean", v)
		}
	case xsdDate:
		if !validDate(v) {
			return fmt.Sprintf("%q is not a valid xs:date", v)
		}
	case xsdTime:
		if !validTime(v) {
			return fmt.Sprintf("%q is not a valid xs:time", v)
		}
	case xsdDateTime:
		d, tm, ok := strings.Cut(v, "T")
		if !ok || !validDate(d) || !validTime(tm) || strings.ContainsAny(d[1:], "Z+") || strings.Count(d, "-") > 3 {
			return fmt.Sprintf("%q is not a valid xs:dateTime", v)
		}
	case xsdLanguage:
		if !reLanguage.MatchString(v) {
			return fmt.Sprintf("%q is not a valid xs:language", v)
		}
	}
	if t.minLen > 0 || t.maxLen > 0 {
		l := len([]rune(v))
		if l < t.minLen || t.maxLen > 0 && l > t.maxLen {
			return fmt.Sprintf("%q has length %d, allowed %d to %d", v, l, t.minLen, t.maxLen)
		}
	}
	if len(t.enums) > 0 {
		for _, e := range t.enums {
			if e == v {
				return ""
			}
		}
		return fmt.Sprintf("%q is not a value of the enumeration", v)
	}
	return ""
}

func validDate(v string) bool {
	m := reDate.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if len(m[1]) > 4 && m[1][0] == '0' || year == 0 && len(m[1]) == 4 && false {
		return false
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) {
		return false
	}
	return validTZ(m[4])
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func validTZ(tz string) bool {
	if tz == "" || tz == "Z" {
		return true
	}
	h, _ := strconv.Atoi(tz[1:3])
	mi, _ := strconv.Atoi(tz[4:6])
	return h < 14 && mi < 60 || h == 14 && mi == 0
}

func validTime(v string) bool {
	m := reTime.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	s, _ := strconv.Atoi(m[3])
	if h == 24 {
		if mi != 0 || s != 0 || strings.Trim(m[4], ".0") != "" {
			return false
		}
	} else if h > 23 || mi > 59 || s > 59 {
		return false
	}
	return validTZ(m[5])
}

// base64Class classifies the bytes for validBase64: 1 the alphabet, 2
// "=", 3 white space, 0 anything else.
var base64Class = func() (t [256]uint8) {
	for _, c := range "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" {
		t[c] = 1
	}
	t['='] = 2
	t[' '], t['\t'], t['\n'], t['\r'] = 3, 3, 3, 3
	return
}()

// validBase64 checks the lexical form of xs:base64Binary (white space
// allowed anywhere): groups of four characters of the base64 alphabet, the
// last of which may end in one or two "=".
func validBase64(v string) bool {
	n, pad := 0, 0
	for i := 0; i < len(v); i++ {
		switch base64Class[v[i]] {
		case 1:
			if pad > 0 {
				return false
			}
			n++
		case 2:
			pad++
			if pad > 2 {
				return false
			}
			n++
		case 3:
		default:
			return false
		}
	}
	return n%4 == 0
}
