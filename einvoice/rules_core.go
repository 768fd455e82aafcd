package einvoice

import (
	"strings"

	"github.com/shopspring/decimal"
)

// The EN 16931 core rules: BR-01…BR-65, BR-CO-*, BR-DEC-* and the VAT
// category rules BR-S/Z/E/AE/IC/G/O/AF/AG/B-*. Each rule is implemented
// once (one registration), with the two bindings of the official
// artefacts: the UBL binding (ublCore) and the CII binding (ciiCore) decide
// as the official Schematron's XPath does — which elements count, trimming
// (normalize-space), the VAT tax-scheme filters, existence versus content,
// and XPath's rounding (round() rounds halves towards positive infinity,
// so negative amounts round differently from decimal.Round).

// coreIDs lists the rule ids the core implementation covers.
var coreIDs = func() []string {
	var ids []string
	for _, r := range catalogue {
		switch r.Family {
		case "BR", "BR-CO", "BR-DEC", "BR-S", "BR-Z", "BR-E", "BR-AE", "BR-IC", "BR-G", "BR-O", "BR-AF", "BR-AG", "BR-B":
			ids = append(ids, r.ID)
		}
	}
	return ids
}()

func init() {
	// The rules are defined on the syntaxes, so they need the document
	// (Validate writes a model built in code into one first).
	registerDoc("", func(c *vctx) {
		if c.syntax == CII {
			ciiCore(c)
		} else {
			ublCore(c)
		}
	}, coreIDs...)
}

// xerr records that a rule's XPath would raise a dynamic error (a cast that
// fails, or a sequence where one value is expected): the official XSLT then
// stops, and no EN 16931 business rule is reported for the document. Such
// a value is also invalid for the XML schema, at whose step the KoSIT
// validator rejects the document (see validate).
func (c *vctx) xerr() { c.xerrAt(nil) }

// xerrAt is xerr for the value at n.
func (c *vctx) xerrAt(n *node) {
	if !c.enAborted {
		c.enAborted, c.abortAt = true, n
	}
}

// dec casts the string value of n to xs:decimal; ok is false when n is
// nil, and a failing cast records an XPath error.
func (c *vctx) dec(n *node) (decimal.Decimal, bool) {
	if n == nil {
		return decimal.Decimal{}, false
	}
	d, ok := xsDecimal(strval(n))
	if !ok {
		c.xerrAt(n)
	}
	return d, ok
}

// sumDec sums xs:decimal of the nodes (absent nodes add nothing).
func (c *vctx) sumDec(ns []*node) decimal.Decimal {
	var s decimal.Decimal
	for _, n := range ns {
		if d, ok := c.dec(n); ok {
			s = s.Add(d)
		}
	}
	return s
}

// cmpNum is the general comparison "n OP num" of an untyped node with a
// number: false for an absent node; a value that is not a number is a
// dynamic error.
func (c *vctx) cmpNum(ns []*node, op string, v float64) bool {
	for _, n := range ns {
		f, ok := xsDouble(strval(n))
		if !ok {
			c.xerrAt(n)
			continue
		}
		var r bool
		switch op {
		case ">=":
			r = f >= v
		case ">":
			r = f > v
		case "=":
			r = f == v
		}
		if r {
			return true
		}
	}
	return false
}

// maxDecimals reports whether the string value of every node has at most
// two decimals (BR-DEC-*); absent nodes pass.
func maxDecimals(n *node) bool { return n == nil || decimals(strval(n)) <= 2 }

// ----- UBL binding -----

// ublTaxVAT reports cac:TaxScheme/normalize-space(upper-case(cbc:ID)) =
// 'VAT' for a tax category or party tax scheme.
func ublTaxVAT(n *node) bool {
	for _, ts := range n.childrenOf("cac:TaxScheme") {
		for _, id := range ts.childrenOf("cbc:ID") {
			if normSpace(strings.ToUpper(strval(id))) == "VAT" {
				return true
			}
		}
		if ts.child("cbc:ID") == nil && normSpace("") == "VAT" {
			return true
		}
	}
	return false
}

// ublCatIs reports normalize-space(cbc:ID) = code for a tax category.
func ublCatIs(n *node, code string) bool {
	for _, id := range n.childrenOf("cbc:ID") {
		if nsv(id) == code {
			return true
		}
	}
	return false
}

// ublCharge evaluates the predicate [cbc:ChargeIndicator = want()] of an
// allowance or charge.
func (c *vctx) ublCharge(n *node, want bool) bool {
	for _, ci := range n.childrenOf("cbc:ChargeIndicator") {
		v, ok := xbool(strval(ci))
		if !ok {
			c.xerrAt(ci)
			continue
		}
		if v == want {
			return true
		}
	}
	return false
}

// ublView holds the node sets of a UBL document the core rules use.
type ublView struct {
	root      *node
	lines     []*node // cac:InvoiceLine | cac:CreditNoteLine
	invLines  []*node // //cac:InvoiceLine
	cnLines   []*node // //cac:CreditNoteLine
	docACs    []*node // /*/cac:AllowanceCharge
	subtotals []*node // /*/cac:TaxTotal/cac:TaxSubtotal
	allTaxCat []*node // //cac:TaxCategory
	classCat  []*node // //cac:ClassifiedTaxCategory
	allACs    []*node // //cac:AllowanceCharge
}

func ublCore(c *vctx) {
	root := c.doc
	v := &ublView{root: root}
	v.invLines = descendants(root, "cac:InvoiceLine")
	v.cnLines = descendants(root, "cac:CreditNoteLine")
	v.lines = append(append([]*node{}, v.invLines...), v.cnLines...)
	v.docACs = root.childrenOf("cac:AllowanceCharge")
	v.subtotals = root.all("cac:TaxTotal", "cac:TaxSubtotal")
	v.allTaxCat = descendants(root, "cac:TaxCategory")
	v.classCat = descendants(root, "cac:ClassifiedTaxCategory")
	v.allACs = descendants(root, "cac:AllowanceCharge")

	// rule contexts anywhere in the document
	root.walk(func(n *node) { ublContext(c, v, n) })
	ublRoot(c, v)
}

// ublContext checks the rules whose context is element n, in the order of
// the official pattern (the first matching rule wins).
func ublContext(c *vctx, v *ublView, n *node) {
	p := n.parent
	pk := ""
	if p != nil {
		pk = p.key
	}
	gpk := ""
	if p != nil && p.parent != nil {
		gpk = p.parent.key
	}
	fire := func(ok bool, id, bt string) {
		if !ok {
			c.fireAt(id, n, bt)
		}
	}
	switch {
	case n.key == "cac:AdditionalDocumentReference":
		fire(filled(n.child("cbc:ID")), "BR-52", "BT-122")
	case n.key == "cbc:EndpointID" && pk == "cac:Party" && gpk == "cac:AccountingCustomerParty":
		_, ok := n.attr("schemeID")
		fire(ok, "BR-63", "BT-49-1")
	case n.key == "cac:PostalAddress" && pk == "cac:Party" && gpk == "cac:AccountingCustomerParty":
		fire(filled(n.at("cac:Country", "cbc:IdentificationCode")), "BR-11", "BT-55")
	case n.key == "cbc:PrimaryAccountNumberID" && pk == "cac:CardAccount" && gpk == "cac:PaymentMeans":
		fire(len([]rune(nsv(n))) <= 10, "BR-51", "BT-87")
	case n.key == "cac:Address" && pk == "cac:DeliveryLocation" && gpk == "cac:Delivery":
		fire(n.at("cac:Country", "cbc:IdentificationCode") != nil, "BR-57", "BT-80")
	case n.key == "cac:AllowanceCharge" && p == v.root && c.ublCharge(n, false):
		fire(n.child("cbc:Amount") != nil, "BR-31", "BT-92")
		fire(ublVATCat(n.childrenOf("cac:TaxCategory")), "BR-32", "BT-95")
		fire(n.child("cbc:AllowanceChargeReason") != nil || n.child("cbc:AllowanceChargeReasonCode") != nil, "BR-33", "BT-97")
		fire(n.child("cbc:AllowanceChargeReason") != nil || n.child("cbc:AllowanceChargeReasonCode") != nil, "BR-CO-21", "BG-20")
		fire(maxDecimals(n.child("cbc:Amount")), "BR-DEC-01", "BT-92")
		fire(maxDecimals(n.child("cbc:BaseAmount")), "BR-DEC-02", "BT-93")
	case n.key == "cac:AllowanceCharge" && p == v.root && c.ublCharge(n, true):
		fire(n.child("cbc:Amount") != nil, "BR-36", "BT-99")
		fire(ublVATCat(n.childrenOf("cac:TaxCategory")), "BR-37", "BT-102")
		fire(n.child("cbc:AllowanceChargeReason") != nil || n.child("cbc:AllowanceChargeReasonCode") != nil, "BR-38", "BT-104")
		fire(n.child("cbc:AllowanceChargeReason") != nil || n.child("cbc:AllowanceChargeReasonCode") != nil, "BR-CO-22", "BG-21")
		fire(maxDecimals(n.child("cbc:Amount")), "BR-DEC-05", "BT-99")
		fire(maxDecimals(n.child("cbc:BaseAmount")), "BR-DEC-06", "BT-100")
	case n.key == "cac:LegalMonetaryTotal":
		ublTotals(c, v, n, fire)
	case n.key == "cac:InvoiceLine" || n.key == "cac:CreditNoteLine":
		fire(filled(n.child("cbc:ID")), "BR-21", "BT-126")
		q := n.child("cbc:InvoicedQuantity")
		if q == nil {
			q = n.child("cbc:CreditedQuantity")
		}
		fire(q != nil, "BR-22", "BT-129")
		hasUnit := false
		for _, k := range []string{"cbc:InvoicedQuantity", "cbc:CreditedQuantity"} {
			for _, qn := range n.childrenOf(k) {
				if _, ok := qn.attr("unitCode"); ok {
					hasUnit = true
				}
			}
		}
		fire(hasUnit, "BR-23", "BT-130")
		fire(n.child("cbc:LineExtensionAmount") != nil, "BR-24", "BT-131")
		fire(filled(n.at("cac:Item", "cbc:Name")), "BR-25", "BT-153")
		fire(n.at("cac:Price", "cbc:PriceAmount") != nil, "BR-26", "BT-146")
		fire(c.cmpNum(n.all("cac:Price", "cbc:PriceAmount"), ">=", 0), "BR-27", "BT-146")
		base := n.all("cac:Price", "cac:AllowanceCharge", "cbc:BaseAmount")
		fire(len(base) == 0 || c.cmpNum(base, ">=", 0), "BR-28", "BT-148")
		fire(ublVATCat(n.all("cac:Item", "cac:ClassifiedTaxCategory")), "BR-CO-04", "BT-151")
		fire(maxDecimals(n.child("cbc:LineExtensionAmount")), "BR-DEC-23", "BT-131")
	case n.key == "cac:AllowanceCharge" && (pk == "cac:InvoiceLine" || pk == "cac:CreditNoteLine") && c.ublCharge(n, false):
		fire(n.child("cbc:Amount") != nil, "BR-41", "BT-136")
		fire(n.child("cbc:AllowanceChargeReason") != nil || n.child("cbc:AllowanceChargeReasonCode") != nil, "BR-42", "BT-139")
		fire(n.child("cbc:AllowanceChargeReason") != nil || n.child("cbc:AllowanceChargeReasonCode") != nil, "BR-CO-23", "BG-27")
		fire(maxDecimals(n.child("cbc:Amount")), "BR-DEC-24", "BT-136")
		fire(maxDecimals(n.child("cbc:BaseAmount")), "BR-DEC-25", "BT-137")
	case n.key == "cac:AllowanceCharge" && (pk == "cac:InvoiceLine" || pk == "cac:CreditNoteLine") && c.ublCharge(n, true):
		fire(n.child("cbc:Amount") != nil, "BR-43", "BT-141")
		fire(n.child("cbc:AllowanceChargeReason") != nil || n.child("cbc:AllowanceChargeReasonCode") != nil, "BR-44", "BT-144")
		fire(n.child("cbc:AllowanceChargeReason") != nil || n.child("cbc:AllowanceChargeReasonCode") != nil, "BR-CO-24", "BG-28")
		fire(maxDecimals(n.child("cbc:Amount")), "BR-DEC-27", "BT-141")
		fire(maxDecimals(n.child("cbc:BaseAmount")), "BR-DEC-28", "BT-142")
	case n.key == "cac:InvoicePeriod" && (pk == "cac:InvoiceLine" || pk == "cac:CreditNoteLine"):
		fire(c.ublPeriodOrder(n), "BR-30", "BG-26")
		fire(n.child("cbc:StartDate") != nil || n.child("cbc:EndDate") != nil, "BR-CO-20", "BG-26")
	case n.key == "cac:InvoicePeriod":
		fire(c.ublPeriodOrder(n), "BR-29", "BG-14")
		fire(n.child("cbc:StartDate") != nil || n.child("cbc:EndDate") != nil || n.child("cbc:DescriptionCode") != nil, "BR-CO-19", "BG-14")
	case n.key == "cac:AdditionalItemProperty":
		fire(n.child("cbc:Name") != nil && n.child("cbc:Value") != nil, "BR-54", "BG-32")
	case n.key == "cbc:ItemClassificationCode" && pk == "cac:CommodityClassification" && gpk == "cac:Item" && ublLine(p.parent.parent):
		_, ok := n.attr("listID")
		fire(ok, "BR-65", "BT-158-1")
	case n.key == "cbc:ID" && pk == "cac:StandardItemIdentification" && gpk == "cac:Item" && ublLine(p.parent.parent):
		_, ok := n.attr("schemeID")
		fire(ok, "BR-64", "BT-157-1")
	case n.key == "cac:PayeeParty":
		fire(ublBR17(n), "BR-17", "BT-59")
	case n.key == "cac:PayeeFinancialAccount" && pk == "cac:PaymentMeans" && ublMeansCode(p, "30", "58"):
		fire(filled(n.child("cbc:ID")), "BR-50", "BT-84")
	case n.key == "cac:PaymentMeans":
		fire(n.child("cbc:PaymentMeansCode") != nil, "BR-49", "BT-81")
		code := nsv(n.child("cbc:PaymentMeansCode"))
		credit := code == "30" || code == "58"
		fire(credit && n.at("cac:PayeeFinancialAccount", "cbc:ID") != nil || !credit, "BR-61", "BT-84")
	case n.key == "cac:BillingReference":
		fire(n.at("cac:InvoiceDocumentReference", "cbc:ID") != nil, "BR-55", "BT-25")
	case n.key == "cac:AccountingSupplierParty":
		ok := false
		for _, pts := range n.all("cac:Party", "cac:PartyTaxScheme") {
			if ublTaxVAT(pts) && pts.child("cbc:CompanyID") != nil {
				ok = true
			}
		}
		for _, id := range n.all("cac:Party", "cac:PartyIdentification", "cbc:ID") {
			if s, has := id.attr("schemeID"); !has || s != "SEPA" {
				ok = true
			}
		}
		if n.at("cac:Party", "cac:PartyLegalEntity", "cbc:CompanyID") != nil {
			ok = true
		}
		fire(ok, "BR-CO-26", "BG-4")
	case n.key == "cbc:EndpointID" && pk == "cac:Party" && gpk == "cac:AccountingSupplierParty":
		_, ok := n.attr("schemeID")
		fire(ok, "BR-62", "BT-34-1")
	case n.key == "cac:PostalAddress" && pk == "cac:Party" && gpk == "cac:AccountingSupplierParty":
		fire(filled(n.at("cac:Country", "cbc:IdentificationCode")), "BR-09", "BT-40")
	case n.key == "cac:TaxRepresentativeParty":
		fire(filled(n.at("cac:PartyName", "cbc:Name")), "BR-18", "BT-62")
		fire(n.child("cac:PostalAddress") != nil, "BR-19", "BG-12")
		ok := false
		for _, pts := range n.childrenOf("cac:PartyTaxScheme") {
			if ublTaxVAT(pts) && pts.child("cbc:CompanyID") != nil {
				ok = true
			}
		}
		fire(ok, "BR-56", "BT-63")
	case n.key == "cac:PostalAddress" && pk == "cac:TaxRepresentativeParty":
		fire(filled(n.at("cac:Country", "cbc:IdentificationCode")), "BR-20", "BT-69")
	case n.key == "cac:TaxTotal" && p == v.root:
		if len(n.childrenOf("cac:TaxSubtotal")) > 0 {
			amts := n.childrenOf("cbc:TaxAmount")
			sum := round2(c.sumDec(n.all("cac:TaxSubtotal", "cbc:TaxAmount")))
			ok := false
			if len(amts) == 1 {
				if d, good := c.dec(amts[0]); good && d.Equal(sum) {
					ok = true
				}
			}
			fire(ok, "BR-CO-14", "BT-110")
		}
	case n.key == "cac:TaxSubtotal" && pk == "cac:TaxTotal":
		ublSubtotal(c, n, fire)
	case n.key == "cac:PartyTaxScheme" && ublTaxVAT(n):
		cid := n.childrenOf("cbc:CompanyID")
		if len(cid) > 1 {
			c.xerr()
			return
		}
		pfx := strval(n.child("cbc:CompanyID"))
		if r := []rune(pfx); len(r) > 2 {
			pfx = string(r[:2])
		}
		fire(strings.Contains(vatPrefixes, pfx), "BR-CO-09", "BT-31")
	case n.key == "cac:TaxCategory" && pk == "cac:TaxSubtotal" && gpk == "cac:TaxTotal" && p.parent.parent == v.root && ublTaxVAT(n):
		ublBreakdownCategory(c, v, n, fire)
	case n.key == "cac:TaxCategory" && pk == "cac:AllowanceCharge" && ublTaxVAT(n):
		charge := c.ublCharge(p, true)
		allowance := c.ublCharge(p, false)
		for _, fam := range vatFamilies {
			if !ublCatIs(n, fam.code) {
				continue
			}
			if allowance {
				fire(fam.rateOK(c, n.childrenOf("cbc:Percent")), fam.prefix+"-06", "BT-96")
			} else if charge {
				fire(fam.rateOK(c, n.childrenOf("cbc:Percent")), fam.prefix+"-07", "BT-103")
			}
		}
	case n.key == "cac:ClassifiedTaxCategory" && pk == "cac:Item" && ublLine(p.parent) && ublTaxVAT(n):
		for _, fam := range vatFamilies {
			if ublCatIs(n, fam.code) {
				fire(fam.rateOK(c, n.childrenOf("cbc:Percent")), fam.prefix+"-05", "BT-152")
			}
		}
	}
}

// vatPrefixes is the list of country prefixes BR-CO-09 accepts for a VAT
// identifier (ISO 3166-1 alpha-2 with "EL" for Greece and "XI" for
// Northern Ireland), as the UBL binding lists them.
const vatPrefixes = " 1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW "

// ublLine reports whether n is cac:InvoiceLine or cac:CreditNoteLine.
func ublLine(n *node) bool {
	return n != nil && (n.key == "cac:InvoiceLine" || n.key == "cac:CreditNoteLine")
}

// ublMeansCode reports cbc:PaymentMeansCode = one of codes (untrimmed).
func ublMeansCode(pm *node, codes ...string) bool {
	for _, m := range pm.childrenOf("cbc:PaymentMeansCode") {
		for _, code := range codes {
			if strval(m) == code {
				return true
			}
		}
	}
	return false
}

// ublVATCat reports exists(X[cac:TaxScheme/…='VAT']/cbc:ID) over cats.
func ublVATCat(cats []*node) bool {
	for _, cat := range cats {
		if ublTaxVAT(cat) && cat.child("cbc:ID") != nil {
			return true
		}
	}
	return false
}

// ublPeriodOrder is BR-29/BR-30: end date not before start date.
func (c *vctx) ublPeriodOrder(n *node) bool {
	s, e := n.child("cbc:StartDate"), n.child("cbc:EndDate")
	if s == nil || e == nil {
		return true
	}
	sd, ok1 := xsDate(strval(s))
	ed, ok2 := xsDate(strval(e))
	if !ok1 || !ok2 {
		c.xerr()
		return true
	}
	return ed >= sd
}

// ublBR17 is BR-17 on cac:PayeeParty.
func ublBR17(n *node) bool {
	names := n.all("cac:PartyName", "cbc:Name")
	if len(names) == 0 {
		return false
	}
	seller := n.parent.at("cac:AccountingSupplierParty", "cac:Party")
	if anyEqual(names, seller.all("cac:PartyName", "cbc:Name")) {
		return false
	}
	return !anyEqual(n.all("cac:PartyIdentification", "cbc:ID"), seller.all("cac:PartyIdentification", "cbc:ID"))
}

// anyEqual is the general comparison a = b of two node sequences (string
// values, untrimmed).
func anyEqual(a, b []*node) bool {
	for _, x := range a {
		for _, y := range b {
			if strval(x) == strval(y) {
				return true
			}
		}
	}
	return false
}

// ublTotals checks the rules on cac:LegalMonetaryTotal.
func ublTotals(c *vctx, v *ublView, n *node, fire func(bool, string, string)) {
	lineExt := n.child("cbc:LineExtensionAmount")
	taxExcl := n.child("cbc:TaxExclusiveAmount")
	taxIncl := n.child("cbc:TaxInclusiveAmount")
	allow := n.child("cbc:AllowanceTotalAmount")
	charge := n.child("cbc:ChargeTotalAmount")
	prepaid := n.child("cbc:PrepaidAmount")
	rounding := n.child("cbc:PayableRoundingAmount")
	payable := n.child("cbc:PayableAmount")
	fire(lineExt != nil, "BR-12", "BT-106")
	fire(taxExcl != nil, "BR-13", "BT-109")
	fire(taxIncl != nil, "BR-14", "BT-112")
	fire(payable != nil, "BR-15", "BT-115")

	// BR-CO-10: BT-106 = Σ BT-131 (all lines of the document)
	var lineAmts []*node
	for _, l := range v.lines {
		lineAmts = append(lineAmts, l.childrenOf("cbc:LineExtensionAmount")...)
	}
	sum := round2(c.sumDec(lineAmts))
	ok := false
	if d, good := c.dec(lineExt); good && d.Equal(sum) {
		ok = true
	}
	fire(ok, "BR-CO-10", "BT-106")

	// BR-CO-11, BR-CO-12
	for _, x := range []struct {
		total  *node
		charge bool
		id, bt string
	}{{allow, false, "BR-CO-11", "BT-107"}, {charge, true, "BR-CO-12", "BT-108"}} {
		var acs []*node
		for _, ac := range n.parent.childrenOf("cac:AllowanceCharge") {
			if c.ublCharge(ac, x.charge) {
				acs = append(acs, ac)
			}
		}
		var amts []*node
		for _, ac := range acs {
			amts = append(amts, ac.childrenOf("cbc:Amount")...)
		}
		ok := x.total == nil && len(acs) == 0
		if d, good := c.dec(x.total); good && d.Equal(round2(c.sumDec(amts))) {
			ok = true
		}
		fire(ok, x.id, x.bt)
	}

	// BR-CO-13: BT-109 = BT-106 - BT-107 + BT-108
	{
		le, _ := c.dec(lineExt)
		te, teOK := c.dec(taxExcl)
		ok := false
		if teOK && lineExt != nil {
			want := le
			if charge != nil {
				d, _ := c.dec(charge)
				want = want.Add(d)
			}
			if allow != nil {
				d, _ := c.dec(allow)
				want = want.Sub(d)
			}
			if charge != nil || allow != nil {
				want = round2(want)
			}
			ok = te.Equal(want)
		}
		fire(ok, "BR-CO-13", "BT-109")
	}

	// BR-CO-16: BT-115 = BT-112 - BT-113 + BT-114
	{
		pay, payOK := c.dec(payable)
		incl, inclOK := c.dec(taxIncl)
		ok := false
		switch {
		case prepaid != nil && rounding == nil:
			pp, ppOK := c.dec(prepaid)
			ok = payOK && inclOK && ppOK && pay.Equal(round2(incl.Sub(pp)))
		case prepaid == nil && rounding == nil:
			ok = payOK && inclOK && pay.Equal(incl)
		case prepaid != nil && rounding != nil:
			pp, ppOK := c.dec(prepaid)
			rd, rdOK := c.dec(rounding)
			ok = payOK && inclOK && ppOK && rdOK && round2(pay.Sub(rd)).Equal(round2(incl.Sub(pp)))
		default:
			rd, rdOK := c.dec(rounding)
			ok = payOK && inclOK && rdOK && round2(pay.Sub(rd)).Equal(incl)
		}
		fire(ok, "BR-CO-16", "BT-115")
	}

	fire(maxDecimals(lineExt), "BR-DEC-09", "BT-106")
	fire(maxDecimals(allow), "BR-DEC-10", "BT-107")
	fire(maxDecimals(charge), "BR-DEC-11", "BT-108")
	fire(maxDecimals(taxExcl), "BR-DEC-12", "BT-109")
	fire(maxDecimals(taxIncl), "BR-DEC-14", "BT-112")
	fire(maxDecimals(prepaid), "BR-DEC-16", "BT-113")
	fire(maxDecimals(rounding), "BR-DEC-17", "BT-114")
	fire(maxDecimals(payable), "BR-DEC-18", "BT-115")
}

// ublSubtotal checks the rules on cac:TaxTotal/cac:TaxSubtotal.
func ublSubtotal(c *vctx, n *node, fire func(bool, string, string)) {
	taxable, tax := n.child("cbc:TaxableAmount"), n.child("cbc:TaxAmount")
	fire(taxable != nil, "BR-45", "BT-116")
	fire(tax != nil, "BR-46", "BT-117")
	var vatCats []*node
	for _, cat := range n.childrenOf("cac:TaxCategory") {
		if ublTaxVAT(cat) {
			vatCats = append(vatCats, cat)
		}
	}
	hasID, hasPct, isO := false, false, false
	var pcts []*node
	for _, cat := range vatCats {
		if cat.child("cbc:ID") != nil {
			hasID = true
		}
		if cat.child("cbc:Percent") != nil {
			hasPct = true
		}
		pcts = append(pcts, cat.childrenOf("cbc:Percent")...)
		if normSpace(strval(cat.child("cbc:ID"))) == "O" {
			isO = true
		}
	}
	fire(hasID, "BR-47", "BT-118")
	fire(hasPct || isO, "BR-48", "BT-119")
	fire(c.brCO17(pcts, tax, taxable), "BR-CO-17", "BT-117")
	fire(maxDecimals(taxable), "BR-DEC-19", "BT-116")
	fire(maxDecimals(tax), "BR-DEC-20", "BT-117")
}

// brCO17 is BR-CO-17: BT-117 = BT-116 × BT-119 / 100, within ±1, with the
// official test's XPath rounding; pcts are the VAT category rates.
func (c *vctx) brCO17(pcts []*node, tax, taxable *node) bool {
	if len(pcts) > 1 {
		c.xerr()
		return true
	}
	t, tOK := c.dec(tax)
	roundT := xround(t)
	if len(pcts) == 0 {
		return tOK && roundT.IsZero()
	}
	p, pOK := c.dec(pcts[0])
	if !pOK {
		return true
	}
	if xround(p).IsZero() {
		return tOK && roundT.IsZero()
	}
	b, bOK := c.dec(taxable)
	if !tOK || !bOK {
		return false
	}
	want := round2(b.Abs().Mul(p.Div(decHundred)))
	at := t.Abs()
	return at.Sub(decOne).LessThan(want) && at.Add(decOne).GreaterThan(want)
}

// vatFamily describes one VAT category's rule family.
type vatFamily struct {
	code   string // BT-118 code
	prefix string // rule id prefix, e.g. "BR-S"
	// rate rule of BT-96/BT-103/BT-152 (rules -05, -06, -07)
	rateOK func(c *vctx, pct []*node) bool
	// exemption reason must be present (true) or absent (false) (-10)
	reason bool
	// -08 compares the taxable amount per rate within ±1 (S, AF, AG)
	perRate bool
}

func rateZero(c *vctx, pct []*node) bool {
	if len(pct) == 0 {
		return false
	}
	for _, p := range pct {
		if d, ok := c.dec(p); ok && d.IsZero() {
			return true
		}
	}
	return false
}
func rateNone(c *vctx, pct []*node) bool { return len(pct) == 0 }
func ratePositive(c *vctx, pct []*node) bool {
	return c.cmpNum(pct, ">", 0)
}
func rateNonNegative(c *vctx, pct []*node) bool {
	return c.cmpNum(pct, ">=", 0)
}

var vatFamilies = []vatFamily{
	{code: "S", prefix: "BR-S", rateOK: ratePositive, perRate: true},
	{code: "Z", prefix: "BR-Z", rateOK: rateZero},
	{code: "E", prefix: "BR-E", rateOK: rateZero, reason: true},
	{code: "AE", prefix: "BR-AE", rateOK: rateZero, reason: true},
	{code: "K", prefix: "BR-IC", rateOK: rateZero, reason: true},
	{code: "G", prefix: "BR-G", rateOK: rateZero, reason: true},
	{code: "O", prefix: "BR-O", rateOK: rateNone, reason: true},
	{code: "L", prefix: "BR-AF", rateOK: rateNonNegative, perRate: true},
	{code: "M", prefix: "BR-AG", rateOK: rateNonNegative, perRate: true},
}

// ublBreakdownCategory checks rules -08, -09, -10 of the VAT category of
// a VAT breakdown (/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory).
func ublBreakdownCategory(c *vctx, v *ublView, n *node, fire func(bool, string, string)) {
	sub := n.parent
	for _, fam := range vatFamilies {
		if !ublCatIs(n, fam.code) {
			continue
		}
		taxable := sub.child("cbc:TaxableAmount")
		tax := sub.child("cbc:TaxAmount")
		// -08
		var ok bool
		if fam.perRate {
			ok = true
			for _, p := range n.childrenOf("cbc:Percent") {
				rate, good := c.dec(p)
				if !good {
					continue
				}
				ok = ok && (c.ublRateTaxable(v, fam, rate, taxable, v.invLines) || c.ublRateTaxable(v, fam, rate, taxable, v.cnLines))
			}
		} else {
			t, tOK := c.dec(taxable)
			for _, lines := range [][]*node{v.invLines, v.cnLines} {
				if len(lines) == 0 || !tOK {
					continue
				}
				if t.Equal(c.ublCatSum(v, fam.code, lines, nil)) {
					ok = true
				}
			}
		}
		fire(ok, fam.prefix+"-08", "BT-116")
		// -09
		switch fam.code {
		case "S", "L", "M":
			pcts := n.childrenOf("cbc:Percent")
			ok := false
			t, tOK := c.dec(tax)
			b, bOK := c.dec(taxable)
			if len(pcts) > 1 {
				c.xerr()
			} else if len(pcts) == 1 && tOK && bOK {
				if p, pOK := c.dec(pcts[0]); pOK {
					want := round2(b.Abs().Mul(p.Div(decHundred)))
					at := t.Abs()
					ok = at.Sub(decOne).LessThan(want) && at.Add(decOne).GreaterThan(want)
				}
			}
			fire(ok, fam.prefix+"-09", "BT-117")
		default:
			t, tOK := c.dec(tax)
			fire(tOK && t.IsZero(), fam.prefix+"-09", "BT-117")
		}
		// -10
		has := n.child("cbc:TaxExemptionReason") != nil || n.child("cbc:TaxExemptionReasonCode") != nil
		fire(has == fam.reason, fam.prefix+"-10", "BT-120")
	}
}

// ublCatSum is Σ line net amounts of lines with category code (and rate,
// when rate is not nil) + Σ document charges − Σ document allowances with
// that category.
func (c *vctx) ublCatSum(v *ublView, code string, lines []*node, rate *decimal.Decimal) decimal.Decimal {
	match := func(cats []*node) bool {
		idOK, rateOK := false, rate == nil
		for _, cat := range cats {
			if normSpace(strval(cat.child("cbc:ID"))) == code {
				idOK = true
			}
			if rate != nil {
				for _, p := range cat.childrenOf("cbc:Percent") {
					if d, ok := c.dec(p); ok && d.Equal(*rate) {
						rateOK = true
					}
				}
			}
		}
		return idOK && rateOK
	}
	var sum decimal.Decimal
	for _, l := range lines {
		if match(l.all("cac:Item", "cac:ClassifiedTaxCategory")) {
			sum = sum.Add(c.sumDec(l.childrenOf("cbc:LineExtensionAmount")))
		}
	}
	for _, ac := range v.docACs {
		if !match(ac.childrenOf("cac:TaxCategory")) {
			continue
		}
		if c.ublCharge(ac, true) {
			sum = sum.Add(c.sumDec(ac.childrenOf("cbc:Amount")))
		}
		if c.ublCharge(ac, false) {
			sum = sum.Sub(c.sumDec(ac.childrenOf("cbc:Amount")))
		}
	}
	return sum
}

// ublRateTaxable is one branch of BR-S-08/BR-AF-08/BR-AG-08 for the lines
// of one kind (invoice or credit note lines).
func (c *vctx) ublRateTaxable(v *ublView, fam vatFamily, rate decimal.Decimal, taxable *node, lines []*node) bool {
	if len(lines) == 0 && fam.code != "S" {
		return false
	}
	if fam.code == "S" {
		// exists(line or allowance/charge with category S at this rate)
		found := false
		for _, l := range lines {
			if c.ublCatRate(l.all("cac:Item", "cac:ClassifiedTaxCategory"), "S", rate) {
				found = true
			}
		}
		for _, ac := range v.allACs {
			if c.ublCatRate(ac.childrenOf("cac:TaxCategory"), "S", rate) {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	if taxable == nil {
		return false
	}
	t, ok := c.dec(taxable)
	if !ok {
		return false
	}
	sum := c.ublCatSum(v, fam.code, lines, &rate)
	return t.Sub(decOne).LessThan(sum) && t.Add(decOne).GreaterThan(sum)
}

// ublCatRate reports whether one of cats has code and one has rate.
func (c *vctx) ublCatRate(cats []*node, code string, rate decimal.Decimal) bool {
	idOK, rateOK := false, false
	for _, cat := range cats {
		if normSpace(strval(cat.child("cbc:ID"))) == code {
			idOK = true
		}
		for _, p := range cat.childrenOf("cbc:Percent") {
			if d, ok := c.dec(p); ok && d.Equal(rate) {
				rateOK = true
			}
		}
	}
	return idOK && rateOK
}

// ublRoot checks the rules whose context is the root element.
func ublRoot(c *vctx, v *ublView) {
	root := v.root
	fire := func(ok bool, id, bt string) {
		if !ok {
			c.fireAt(id, root, bt)
		}
	}
	fire(filled(root.child("cbc:CustomizationID")), "BR-01", "BT-24")
	fire(filled(root.child("cbc:ID")), "BR-02", "BT-1")
	fire(filled(root.child("cbc:IssueDate")), "BR-03", "BT-2")
	fire(filled(root.child("cbc:InvoiceTypeCode")) || filled(root.child("cbc:CreditNoteTypeCode")), "BR-04", "BT-3")
	fire(filled(root.child("cbc:DocumentCurrencyCode")), "BR-05", "BT-5")
	fire(filled(root.at("cac:AccountingSupplierParty", "cac:Party", "cac:PartyLegalEntity", "cbc:RegistrationName")), "BR-06", "BT-27")
	fire(filled(root.at("cac:AccountingCustomerParty", "cac:Party", "cac:PartyLegalEntity", "cbc:RegistrationName")), "BR-07", "BT-44")
	fire(root.at("cac:AccountingSupplierParty", "cac:Party", "cac:PostalAddress") != nil, "BR-08", "BG-5")
	fire(root.at("cac:AccountingCustomerParty", "cac:Party", "cac:PostalAddress") != nil, "BR-10", "BG-8")
	fire(root.child("cac:InvoiceLine") != nil || root.child("cac:CreditNoteLine") != nil, "BR-16", "BG-25")

	taxAmounts := descendants(root, "cac:TaxTotal")
	var taxAmts []*node
	for _, tt := range taxAmounts {
		taxAmts = append(taxAmts, tt.childrenOf("cbc:TaxAmount")...)
	}
	withCur := func(cur string) []*node {
		var out []*node
		for _, a := range taxAmts {
			if s, ok := a.attr("currencyID"); ok && s == cur {
				out = append(out, a)
			}
		}
		return out
	}
	{
		ok := true
		for _, tc := range root.childrenOf("cbc:TaxCurrencyCode") {
			if len(withCur(strval(tc))) == 0 {
				ok = false
			}
		}
		fire(ok, "BR-53", "BT-111")
	}
	// BR-CO-03
	{
		tpd := root.child("cbc:TaxPointDate") != nil
		dc := len(root.all("cac:InvoicePeriod", "cbc:DescriptionCode")) > 0
		fire(!(tpd && dc), "BR-CO-03", "BT-7")
	}
	// BR-CO-15
	{
		ok := true
		for _, cur := range root.childrenOf("cbc:DocumentCurrencyCode") {
			var amts []*node
			for _, tt := range root.childrenOf("cac:TaxTotal") {
				for _, a := range tt.childrenOf("cbc:TaxAmount") {
					if s, has := a.attr("currencyID"); has && s == strval(cur) {
						amts = append(amts, a)
					}
				}
			}
			if len(amts) != 1 {
				ok = false
				continue
			}
			incl := root.all("cac:LegalMonetaryTotal", "cbc:TaxInclusiveAmount")
			excl := root.all("cac:LegalMonetaryTotal", "cbc:TaxExclusiveAmount")
			if len(incl) > 1 || len(excl) > 1 {
				c.xerr()
				continue
			}
			if len(incl) == 0 || len(excl) == 0 {
				ok = false
				continue
			}
			in, ok1 := c.dec(incl[0])
			ex, ok2 := c.dec(excl[0])
			ta, ok3 := c.dec(amts[0])
			if !ok1 || !ok2 || !ok3 || !in.Equal(round2(ex.Add(ta))) {
				ok = false
			}
		}
		fire(ok, "BR-CO-15", "BT-112")
	}
	fire(len(root.all("cac:TaxTotal", "cac:TaxSubtotal")) > 0, "BR-CO-18", "BG-23")
	// BR-DEC-13, BR-DEC-15: the XPath compares @currencyID with the
	// DocumentCurrencyCode/TaxCurrencyCode child of cac:TaxTotal, which
	// does not exist, so both rules always hold.
	fire(true, "BR-DEC-13", "BT-110")
	fire(true, "BR-DEC-15", "BT-111")

	ublVATFamiliesRoot(c, v)
}

// ublVATFamiliesRoot checks rules -01…-04 (and BR-IC-11/12, BR-O-11…14,
// BR-B-01/02) of the VAT category families on the root element.
func ublVATFamiliesRoot(c *vctx, v *ublView) {
	root := v.root
	fire := func(ok bool, id, bt string) {
		if !ok {
			c.fireAt(id, root, bt)
		}
	}
	// category nodes with a code, optionally filtered by the VAT scheme
	cats := func(ns []*node, code string, vat bool, norm bool) int {
		k := 0
		for _, cat := range ns {
			if vat && !ublTaxVAT(cat) {
				continue
			}
			for _, id := range cat.childrenOf("cbc:ID") {
				s := strval(id)
				if norm {
					s = normSpace(s)
				}
				if s == code {
					k++
					break
				}
			}
		}
		return k
	}
	var subCats []*node
	for _, s := range v.subtotals {
		subCats = append(subCats, s.childrenOf("cac:TaxCategory")...)
	}
	var acCats, docACFalse, docACTrue, acFalseCats, acTrueCats []*node
	for _, ac := range v.allACs {
		tc := ac.childrenOf("cac:TaxCategory")
		acCats = append(acCats, tc...)
		if c.ublCharge(ac, false) {
			acFalseCats = append(acFalseCats, tc...)
		}
		if c.ublCharge(ac, true) {
			acTrueCats = append(acTrueCats, tc...)
		}
	}
	for _, ac := range v.docACs {
		if c.ublCharge(ac, false) {
			docACFalse = append(docACFalse, ac.childrenOf("cac:TaxCategory")...)
		}
		if c.ublCharge(ac, true) {
			docACTrue = append(docACTrue, ac.childrenOf("cac:TaxCategory")...)
		}
	}
	// party VAT identifiers
	sellerAnyTax := len(descendants(root, "cac:AccountingSupplierParty")) > 0 && func() bool {
		for _, sp := range descendants(root, "cac:AccountingSupplierParty") {
			if len(sp.all("cac:Party", "cac:PartyTaxScheme", "cbc:CompanyID")) > 0 {
				return true
			}
		}
		return false
	}()
	vatIDs := func(parties []*node) bool {
		for _, p := range parties {
			for _, pts := range p.childrenOf("cac:PartyTaxScheme") {
				if ublTaxVAT(pts) && pts.child("cbc:CompanyID") != nil {
					return true
				}
			}
		}
		return false
	}
	var sellerParties, buyerParties []*node
	for _, sp := range descendants(root, "cac:AccountingSupplierParty") {
		sellerParties = append(sellerParties, sp.childrenOf("cac:Party")...)
	}
	for _, bp := range descendants(root, "cac:AccountingCustomerParty") {
		buyerParties = append(buyerParties, bp.childrenOf("cac:Party")...)
	}
	taxRep := descendants(root, "cac:TaxRepresentativeParty")
	sellerVAT := vatIDs(sellerParties)
	taxRepVAT := vatIDs(taxRep)
	buyerVAT := vatIDs(buyerParties)
	buyerLegal := false
	for _, p := range buyerParties {
		if len(p.all("cac:PartyLegalEntity", "cbc:CompanyID")) > 0 {
			buyerLegal = true
		}
	}

	for _, fam := range vatFamilies {
		x, pfx := fam.code, fam.prefix
		// -01
		switch x {
		case "S":
			n := cats(acCats, "S", false, true) + cats(v.classCat, "S", false, true)
			sub := cats(subCats, "S", false, true)
			fire(n > 0 && sub > 0 || n == 0 && sub == 0, pfx+"-01", "BG-23")
		case "L", "M":
			n := cats(acCats, x, true, true) + cats(v.classCat, x, true, true)
			subAny := cats(subCats, x, x == "M", false)
			sub := cats(subCats, x, true, true)
			fire(n > 0 && subAny > 0 || n == 0 && sub == 0, pfx+"-01", "BG-23")
		default:
			any := cats(v.allTaxCat, x, true, true) > 0 || cats(v.classCat, x, true, true) > 0
			fire(any && cats(subCats, x, true, true) == 1 || !any, pfx+"-01", "BG-23")
		}
		// -02, -03, -04
		lineCats := cats(v.classCat, x, true, true) > 0
		acF := cats(acFalseCats, x, true, true) > 0
		acT := cats(acTrueCats, x, true, true) > 0
		switch x {
		case "S", "Z", "E", "L", "M":
			seller := sellerAnyTax || taxRepVAT
			if x == "S" {
				fire(lineCats && seller || cats(v.classCat, "S", false, true) == 0, pfx+"-02", "BT-31")
			} else {
				fire(!lineCats || seller, pfx+"-02", "BT-31")
			}
			fire(!acF || seller, pfx+"-03", "BT-31")
			if x == "L" {
				// the official test's second branch compares cbc:ID
				// without normalize-space
				fire(acT && seller || cats(acTrueCats, "L", true, false) == 0, pfx+"-04", "BT-31")
			} else {
				fire(!acT || seller, pfx+"-04", "BT-31")
			}
		case "G":
			seller := sellerVAT || taxRepVAT
			fire(!lineCats || seller, pfx+"-02", "BT-31")
			fire(!acF || seller, pfx+"-03", "BT-31")
			fire(!acT || seller, pfx+"-04", "BT-31")
		case "AE":
			seller := sellerAnyTax || taxRepVAT
			buyer := buyerVAT || buyerLegal
			fire(!lineCats || seller && buyer, pfx+"-02", "BT-31")
			fire(!acF || seller && buyer, pfx+"-03", "BT-31")
			fire(!acT || seller && buyer, pfx+"-04", "BT-31")
		case "K":
			seller := sellerVAT || taxRepVAT
			fire(!lineCats || seller && buyerVAT, pfx+"-02", "BT-31")
			fire(!acF || seller && buyerVAT, pfx+"-03", "BT-31")
			fire(!acT || seller && buyerVAT, pfx+"-04", "BT-31")
		case "O":
			none := !sellerVAT && !taxRepVAT && !buyerVAT
			fire(!lineCats || none, pfx+"-02", "BT-31")
			fire(cats(docACFalse, "O", true, true) == 0 || none, pfx+"-03", "BT-31")
			fire(cats(docACTrue, "O", true, true) == 0 || none, pfx+"-04", "BT-31")
		}
	}
	// BR-IC-11, BR-IC-12
	hasK := cats(subCats, "K", true, true) > 0
	{
		ok := len([]rune(strval(root.at("cac:Delivery", "cbc:ActualDeliveryDate")))) > 1
		for _, ip := range root.childrenOf("cac:InvoicePeriod") {
			if len(ip.kids) > 0 {
				ok = true
			}
		}
		if dl := root.childrenOf("cac:Delivery"); len(dl) > 1 {
			c.xerr()
		}
		fire(!hasK || ok, "BR-IC-11", "BT-72")
		fire(!hasK || len([]rune(strval(root.at("cac:Delivery", "cac:DeliveryLocation", "cac:Address", "cac:Country", "cbc:IdentificationCode")))) > 1, "BR-IC-12", "BT-80")
	}
	// BR-O-11 … BR-O-14
	if cats(subCats, "O", true, true) > 0 {
		notO := func(ns []*node) int {
			k := 0
			for _, cat := range ns {
				if ublTaxVAT(cat) && normSpace(strval(cat.child("cbc:ID"))) != "O" {
					k++
				}
			}
			return k
		}
		fire(notO(subCats) == 0, "BR-O-11", "BG-23")
		fire(notO(v.classCat) == 0, "BR-O-12", "BT-151")
		fire(notO(acFalseCats) == 0, "BR-O-13", "BT-95")
		fire(notO(acTrueCats) == 0, "BR-O-14", "BT-102")
	}
	// BR-B-01, BR-B-02 (split payment, Italy)
	{
		anyB := false
		for _, cat := range append(append([]*node{}, v.allTaxCat...), v.classCat...) {
			for _, id := range cat.childrenOf("cbc:ID") {
				if strval(id) == "B" {
					anyB = true
				}
			}
		}
		notIT := false
		for _, ic := range descendants(root, "cbc:IdentificationCode") {
			if strval(ic) != "IT" {
				notIT = true
			}
		}
		fire(!anyB || !notIT, "BR-B-01", "BT-118")
		has := func(code string) bool {
			for _, cat := range subCats {
				for _, id := range cat.childrenOf("cbc:ID") {
					if strval(id) == code {
						return true
					}
				}
			}
			for _, ac := range v.docACs {
				for _, id := range ac.all("cac:TaxCategory", "cbc:ID") {
					if strval(id) == code {
						return true
					}
				}
			}
			for _, cat := range v.classCat {
				for _, id := range cat.childrenOf("cbc:ID") {
					if strval(id) == code {
						return true
					}
				}
			}
			return false
		}
		fire(!has("B") || !has("S"), "BR-B-02", "BT-118")
	}
}

// xsDate returns a comparable form of an xs:date (YYYY-MM-DD with an
// optional time zone, which the comparison ignores here); ok is false for
// a string that is not a date.
func xsDate(s string) (string, bool) {
	s = strings.TrimFunc(s, isXMLSpace)
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return "", false
	}
	for i, r := range s[:10] {
		if i != 4 && i != 7 && (r < '0' || r > '9') {
			return "", false
		}
	}
	return s[:10], true
}
