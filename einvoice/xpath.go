package einvoice

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Helpers with the semantics of the XPath 2.0 functions and conversions the
// official Schematron rules use, so the rules implemented in Go decide
// exactly as the compiled XSLT does.

// strval returns the XPath string value of n: the concatenated text of its
// descendants ("" for nil).
func strval(n *node) string {
	if n == nil {
		return ""
	}
	if len(n.kids) == 0 {
		return n.text
	}
	var b strings.Builder
	n.walk(func(d *node) {
		if len(d.kids) == 0 {
			b.WriteString(d.text)
		}
	})
	return b.String()
}

// isXMLSpace reports the XML white space characters.
func isXMLSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' }

// normSpace is XPath normalize-space: XML white space trimmed and runs of
// it collapsed to one space.
func normSpace(s string) string {
	f := strings.FieldsFunc(s, isXMLSpace)
	if len(f) == 1 {
		return f[0]
	}
	return strings.Join(f, " ")
}

// nsv is normalize-space of the string value of n.
func nsv(n *node) string { return normSpace(strval(n)) }

// filled reports normalize-space(n) != ”.
func filled(n *node) bool { return nsv(n) != "" }

var xsDecimalRE = regexp.MustCompile(`^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$`)

// xsDecimal casts a string to xs:decimal as XPath does (white space
// collapsed, no exponent). ok is false where the cast raises an error.
func xsDecimal(s string) (decimal.Decimal, bool) {
	s = strings.TrimFunc(s, isXMLSpace)
	if !xsDecimalRE.MatchString(s) {
		return decimal.Decimal{}, false
	}
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "+.") || strings.HasPrefix(s, "-.") {
		s = strings.Replace(s, ".", "0.", 1)
	}
	s = strings.TrimSuffix(s, ".")
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false
	}
	return d, true
}

var xsDoubleRE = regexp.MustCompile(`^[+-]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?|INF)$|^NaN$`)

// xsDouble casts a string to xs:double as XPath does; ok is false where
// the cast fails (in a general comparison of an untyped value with a
// number that is a dynamic error).
func xsDouble(s string) (float64, bool) {
	s = strings.TrimFunc(s, isXMLSpace)
	if !xsDoubleRE.MatchString(s) {
		return 0, false
	}
	switch strings.TrimPrefix(s, "+") {
	case "INF":
		return posInf, true
	case "-INF":
		return -posInf, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

var posInf = func() float64 { f, _ := strconv.ParseFloat("+Inf", 64); return f }()

var (
	decHalf    = decimal.New(5, -1)
	decHundred = decimal.New(100, 0)
	decOne     = decimal.New(1, 0)
)

// xround is XPath round(): the nearest integer, halves rounded towards
// positive infinity (round(-2.5) = -2).
func xround(d decimal.Decimal) decimal.Decimal { return d.Add(decHalf).Floor() }

// round2 is "round(x * 10 * 10) div 100", the rules' rounding to two
// decimals.
func round2(d decimal.Decimal) decimal.Decimal { return xround(d.Mul(decHundred)).Div(decHundred) }

// decimals returns string-length(substring-after(s, '.')): the number of
// characters after the first dot (white space included, as XPath counts
// it).
func decimals(s string) int {
	_, after, ok := strings.Cut(s, ".")
	if !ok {
		return 0
	}
	return len([]rune(after))
}

// xbool casts an untyped value to xs:boolean ("true"/"1", "false"/"0",
// white space trimmed); ok is false where the cast fails.
func xbool(s string) (v, ok bool) {
	switch strings.TrimFunc(s, isXMLSpace) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// descendants returns every descendant of n (n excluded) with key, in
// document order: XPath n//key.
func descendants(n *node, key string) []*node {
	var out []*node
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		k.walk(func(d *node) {
			if d.key == key {
				out = append(out, d)
			}
		})
	}
	return out
}
