package einvoice

import (
	"math/big"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// The rules of KoSIT XRechnung Schematron 2.5.0 (XRechnung 3.0.2): BR-DE-*,
// BR-DE-CVD-*, BR-DEX-*, BR-TMP-*, BR-DE-TMP-* and the merged
// PEPPOL-EN16931-R* rules. Each rule is implemented once, with the two
// bindings of the official Schematron (xrUBL, xrCII) deciding as its XPath
// does: the rule contexts (a node is checked by the first rule of a
// pattern whose context it matches), existence versus content
// (normalize-space), exact string comparisons where the XPath compares
// untrimmed values, and the constants of common.sch.

// The constants of common.sch.
const (
	xrCIUSID      = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
	xrExtensionID = xrCIUSID + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0"
	xrCVDID       = xrCIUSID + "#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9"

	xrDIGACodes   = " XR01 XR02 XR03 "
	xrISO6523     = " 0002 0003 0004 0005 0006 0007 0008 0009 0010 0011 0012 0013 0014 0015 0016 0017 0018 0019 0020 0021 0022 0023 0024 0025 0026 0027 0028 0029 0030 0031 0032 0033 0034 0035 0036 0037 0038 0039 0040 0041 0042 0043 0044 0045 0046 0047 0048 0049 0050 0051 0052 0053 0054 0055 0056 0057 0058 0059 0060 0061 0062 0063 0064 0065 0066 0067 0068 0069 0070 0071 0072 0073 0074 0075 0076 0077 0078 0079 0080 0081 0082 0083 0084 0085 0086 0087 0088 0089 0090 0091 0093 0094 0095 0096 0097 0098 0099 0100 0101 0102 0104 0105 0106 0107 0108 0109 0110 0111 0112 0113 0114 0115 0116 0117 0118 0119 0120 0121 0122 0123 0124 0125 0126 0127 0128 0129 0130 0131 0132 0133 0134 0135 0136 0137 0138 0139 0140 0141 0142 0143 0144 0145 0146 0147 0148 0149 0150 0151 0152 0153 0154 0155 0156 0157 0158 0159 0160 0161 0162 0163 0164 0165 0166 0167 0168 0169 0170 0171 0172 0173 0174 0175 0176 0177 0178 0179 0180 0183 0184 0185 0186 0187 0188 0189 0190 0191 0192 0193 0194 0195 0196 0197 0198 0199 0200 0201 0202 0203 0204 0205 0206 0207 0208 0209 0210 0211 0212 0213 0214 0215 0216 0217 0218 0219 0220 0221 0222 0223 0224 0225 0226 0227 0228 0229 0230 0231 0232 0233 0234 0235 0236 0237 0238 0239 0240 0241 0242 0243 0244"
	xrISO6523Ext  = xrDIGACodes + xrISO6523
	xrCEFEAS      = " 0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177 0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 0235 0240 0244 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM "
	xrCEFEASExt   = xrDIGACodes + xrCEFEAS
	xrUNTDID7143  = " AA AB AC AD AE AF AG AH AI AJ AK AL AM AN AO AP AQ AR AS AT AU AV AW AX AY AZ BA BB BC BD BE BF BG BH BI BJ BK BL BM BN BO BP BQ BR BS BT BU BV BW BX BY BZ CC CG CL CR CV DR DW EC EF EMD EN FS GB GN GMN GS HS IB IN IS IT IZ MA MF MN MP NB ON PD PL PO PPI PV QS RC RN RU RY SA SG SK SN SRS SRT SRU SRV SRW SRX SRY SRZ SS SSA SSB SSC SSD SSE SSF SSG SSH SSI SSJ SSK SSL SSM SSN SSO SSP SSQ SSR SSS SST SSU SSV SSW SSX SSY SSZ ST STA STB STC STD STE STF STG STH STI STJ STK STL STM STN STO STP STQ STR STS STT STU STV STW STX STY STZ SUA SUB SUC SUD SUE SUF SUG SUH SUI SUJ SUK SUL SUM TG TSN TSO TSP TSQ TSR TSS TST TSU UA UP VN VP VS VX ZZZ "
	xrUNTDID7143C = " CVD " + xrUNTDID7143
)

// The regular expressions of common.sch (XPath regex syntax, which for these
// patterns means the same in Go's RE2: "$" is the end of the string).
var (
	xrSkontoRE    = regexp.MustCompile(`(^|\r?\n)#(SKONTO)#TAGE=([0-9]+#PROZENT=[0-9]+\.[0-9]{2})(#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#$`)
	xrEmailRE     = regexp.MustCompile(`^[^@\s]+@([^@.\s]+\.)+[^@.\s]+$`)
	xrTelephoneRE = regexp.MustCompile(`.*([0-9].*){3,}.*`)
	xrURLRE       = regexp.MustCompile(`^([a-zA-Z])([a-zA-Z0-9+.-])+:.*`)
	xrLineRE      = regexp.MustCompile(`\r?\n`)
	xrSkontoTokRE = regexp.MustCompile(`#.+#`)
	xrStartNLRE   = regexp.MustCompile(`^\s*\n`)
	xrIBANRE      = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$`)
	xrWSRE        = regexp.MustCompile(`[ \n\r\t\s]`)
	xrTermsRE     = regexp.MustCompile(`B[TG]-(DEX-)?[0-9]+`)
	xrDateRE      = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?$`)
)

// xrIDs lists the rule ids of the XRechnung Schematron.
var xrIDs = func() []string {
	var ids []string
	for _, r := range catalogue {
		if r.Source == SourceXRechnung {
			ids = append(ids, r.ID)
		}
	}
	return ids
}()

// xrTerms maps a rule id to the business terms its message names.
var xrTerms = func() map[string]string {
	m := map[string]string{}
	for _, r := range catalogue {
		if r.Source != SourceXRechnung {
			continue
		}
		seen := map[string]bool{}
		var t []string
		for _, x := range xrTermsRE.FindAllString(r.Message, -1) {
			if !seen[x] {
				seen[x] = true
				t = append(t, x)
			}
		}
		m[r.ID] = strings.Join(t, ",")
	}
	return m
}()

func init() {
	register(func(v *vctx) {
		if v.doc == nil {
			return
		}
		c := &xctx{vctx: v, start: len(v.findings)}
		if v.syntax == CII {
			xrCII(c)
		} else {
			xrUBL(c)
		}
		if c.aborted {
			// The official XSLT stops at a dynamic error (a cast of a
			// malformed value, a sequence where one item is allowed) and
			// reports nothing of the XRechnung layer; such a document
			// fails the schema step anyway.
			v.findings = v.findings[:c.start]
		}
	}, xrIDs...)
}

// xctx is the state of the XRechnung rules in one validation.
type xctx struct {
	*vctx
	start   int  // findings before the XRechnung rules ran
	aborted bool // an XPath of the Schematron would raise a dynamic error
}

// abort records that the Schematron's XPath would raise a dynamic error.
func (c *xctx) abort() { c.aborted = true }

// one returns the only node of ns (nil for none); more than one is a
// dynamic error where XPath expects a single item.
func (c *xctx) one(ns []*node) *node {
	switch len(ns) {
	case 0:
		return nil
	case 1:
		return ns[0]
	}
	c.abort()
	return ns[0]
}

// nsv1 is normalize-space(ns) of a sequence of at most one node.
func (c *xctx) nsv1(ns []*node) string { return nsv(c.one(ns)) }

// ctxNSV is normalize-space(ns) in the predicate of a rule context: there
// a dynamic error (more than one node) makes the pattern not match (as
// XSLT 2.0 lets a processor do, and Saxon does) instead of stopping; the
// returned "\x00" matches no code.
func ctxNSV(ns []*node) string {
	if len(ns) > 1 {
		return "\x00"
	}
	if len(ns) == 0 {
		return ""
	}
	return nsv(ns[0])
}

// decOr is xs:decimal(ns) of at most one node, def when there is none; a
// failing cast is a dynamic error.
func (c *xctx) decOr(ns []*node, def decimal.Decimal) decimal.Decimal {
	n := c.one(ns)
	if n == nil {
		return def
	}
	d, ok := xsDecimal(strval(n))
	if !ok {
		c.abort()
	}
	return d
}

// decOf is xs:decimal(n) of one node; a failing cast is a dynamic error.
func (c *xctx) decOf(n *node) decimal.Decimal {
	d, ok := xsDecimal(strval(n))
	if !ok {
		c.abort()
	}
	return d
}

// cmpDouble is the general comparison "ns OP v" of untyped nodes with a
// number; a value that is not a number is a dynamic error.
func (c *xctx) cmpDouble(ns []*node, op string, v float64) bool {
	r := false
	for _, n := range ns {
		f, ok := xsDouble(strval(n))
		if !ok {
			c.abort()
			continue
		}
		switch op {
		case "<=":
			r = r || f <= v
		case ">=":
			r = r || f >= v
		case "<":
			r = r || f < v
		}
	}
	return r
}

// xfire records a finding of an XRechnung rule at n.
func (c *xctx) xfire(id string, n *node) { c.fireAt(id, n, xrTerms[id]) }

// xassert fires id at n unless ok.
func (c *xctx) xassert(ok bool, id string, n *node) {
	if !ok {
		c.xfire(id, n)
	}
}

// ----- XPath helpers -----

// anyFilled reports whether some node has a non-blank string value
// (n[boolean(normalize-space(.))]).
func anyFilled(ns []*node) bool {
	for _, n := range ns {
		if filled(n) {
			return true
		}
	}
	return false
}

// anyEq is the general comparison "ns = s" of untyped nodes with a string
// (exact, no trimming).
func anyEq(ns []*node, vals ...string) bool {
	for _, n := range ns {
		v := strval(n)
		for _, s := range vals {
			if v == s {
				return true
			}
		}
	}
	return false
}

// inList reports whether s is one of vals.
func inList(s string, vals ...string) bool {
	for _, v := range vals {
		if s == v {
			return true
		}
	}
	return false
}

// attrOf returns the attribute name of n ("" when absent) and whether it
// is present.
func attrOf(n *node, name string) (string, bool) {
	if n == nil {
		return "", false
	}
	return n.attr(name)
}

// codeListed is "not(contains(normalize-space(@a), ' ')) and contains(list,
// concat(' ', normalize-space(@a), ' '))" of common.sch's lists.
func codeListed(n *node, attr, list string) bool {
	v, _ := attrOf(n, attr)
	v = normSpace(v)
	return !strings.Contains(v, " ") && strings.Contains(list, " "+v+" ")
}

// hasAncestor reports whether n has an ancestor with key.
func hasAncestor(n *node, key string) bool {
	for p := n.parent; p != nil; p = p.parent {
		if p.key == key {
			return true
		}
	}
	return false
}

// descendantsOrSelf is //key under (and including) n.
func descendantsOrSelf(n *node, key string) []*node {
	var out []*node
	n.walk(func(d *node) {
		if d.key == key {
			out = append(out, d)
		}
	})
	return out
}

// skontoOK is BR-DE-18 for the first payment terms notes of every payment
// terms group: each line starting with '#' must be a Skonto line, and the
// text after the last "#…#" must start with a line break.
func (c *xctx) skontoOK(notes []*node) bool {
	var lines []string
	for _, n := range notes {
		s := strval(n)
		if s == "" {
			continue
		}
		for _, l := range xrLineRE.Split(s, -1) {
			if strings.HasPrefix(normSpace(l), "#") {
				lines = append(lines, l)
			}
		}
	}
	for _, l := range lines {
		if !xrSkontoRE.MatchString(normSpace(l)) {
			return false
		}
		// matches(Note[1]/tokenize(., '#.+#')[last()], '^\s*\n'): the
		// last token of every note; more than one is a dynamic error.
		var last []string
		for _, n := range notes {
			if s := strval(n); s != "" {
				toks := xrSkontoTokRE.Split(s, -1)
				last = append(last, toks[len(toks)-1])
			}
		}
		if len(last) > 1 {
			c.abort()
			return false
		}
		if len(last) == 0 || !xrStartNLRE.MatchString(last[0]) {
			return false
		}
	}
	return true
}

// ibanOK is the IBAN test of BR-DE-19/20: white space removed, the form
// ^[A-Z]{2}[0-9]{2}[a-zA-Z0-9]{0,30}$, and the ISO 13616 check (the
// Schematron's code point arithmetic: letters above '@' count cp-55,
// everything else cp-48).
func (c *xctx) ibanOK(ns []*node) bool {
	v := normSpace(xrWSRE.ReplaceAllString(strval(c.one(ns)), ""))
	if !xrIBANRE.MatchString(v) {
		return false
	}
	r := []rune(v)
	re := string(r[4:]) + strings.ToUpper(string(r[:2])) + string(r[2:4])
	var b strings.Builder
	for _, cp := range re {
		if cp > 64 {
			b.WriteString(big.NewInt(int64(cp - 55)).String())
		} else {
			b.WriteString(big.NewInt(int64(cp - 48)).String())
		}
	}
	n, ok := new(big.Int).SetString(b.String(), 10)
	if !ok {
		return false
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

// xslack is u:slack(exp, val, slack): exp+slack >= val and exp-slack <= val.
func xslack(exp, val, slack decimal.Decimal) bool {
	return exp.Add(slack).GreaterThanOrEqual(val) && exp.Sub(slack).LessThanOrEqual(val)
}

// xdiv is xs:decimal division with the precision of the XSLT processor.
func xdiv(a, b decimal.Decimal) decimal.Decimal { return a.DivRound(b, 20) }

// slackValue is 0.5 for HUF, else 0.02.
func slackValue(cur []*node) decimal.Decimal {
	if anyEq(cur, "HUF") {
		return decimal.New(5, -1)
	}
	return decimal.New(2, -2)
}

// lineNetOK is PEPPOL-EN16931-R120 of one line: net amount = quantity ×
// (price ÷ base quantity) + charges − allowances, within the slack.
func (c *xctx) lineNetOK(lineAmt, qty, price, baseQty []*node, allowances, charges []*node, slack decimal.Decimal) bool {
	la := c.decOr(lineAmt, decimal.Zero)
	q := c.decOr(qty, decOne)
	p := c.decOr(price, decimal.Zero)
	bq := decOne
	if n := c.one(baseQty); n != nil {
		if d := c.decOf(n); !d.IsZero() {
			bq = d
		}
	}
	sum := func(ns []*node) decimal.Decimal {
		var s decimal.Decimal
		for _, n := range ns {
			s = s.Add(c.decOf(n))
		}
		return round2(s)
	}
	val := q.Mul(xdiv(p, bq)).Add(sum(charges)).Sub(sum(allowances))
	return xslack(la, val, slack)
}

// xdate parses an xs:date lexical value to a comparable string; ok is
// false where the cast fails.
func xdate(s string) (string, bool) {
	s = strings.TrimFunc(s, isXMLSpace)
	if len(s) < 10 || !xrDateRE.MatchString(s) {
		return "", false
	}
	return s[:10], true
}

// blank reports normalize-space(s) = "" without building the normalized
// string (attachments can be megabytes of text).
func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isXMLSpace(rune(s[i])) {
			return false
		}
	}
	return true
}
