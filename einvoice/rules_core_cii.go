package einvoice

import (
	"strings"

	"github.com/shopspring/decimal"
)

// vatPrefixesCII is the list of country prefixes BR-CO-09 accepts in the
// CII binding (it differs from the UBL binding's: "AN" instead of "SS").
const vatPrefixesCII = " 1A AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BL BJ BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW "

// ciiView holds the node sets of a CII document the core rules use.
type ciiView struct {
	root, tx, hts, hta, htd *node
	lines                   []*node // tx/ram:IncludedSupplyChainTradeLineItem
	headerTax               []*node // //ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax
	lineTax                 []*node // //ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax
	catTax                  []*node // //ram:CategoryTradeTax
	sellerVA, sellerVAFC    bool    // seller VAT id (schemeID VA; VA or FC) under tx
	repVA                   bool    // tax representative VAT id under tx
	anySellerVA, anyRepVA   bool    // the same anywhere (//)
	anySellerVAFC           bool
	anyBuyerVA, buyerLegal  bool // //ram:BuyerTradeParty VAT id / legal organization id
}

// ciiTaxIDs reports whether party has ram:SpecifiedTaxRegistration/ram:ID
// with one of the scheme ids.
func ciiTaxIDs(parties []*node, schemes ...string) bool {
	for _, p := range parties {
		for _, id := range p.all("ram:SpecifiedTaxRegistration", "ram:ID") {
			s, ok := id.attr("schemeID")
			if !ok {
				continue
			}
			for _, want := range schemes {
				if s == want {
					return true
				}
			}
		}
	}
	return false
}

// ciiIndicator evaluates ram:ChargeIndicator/udt:Indicator = want() (a
// boolean comparison: the text is cast to xs:boolean).
func (c *vctx) ciiIndicator(ac *node, want bool) bool {
	for _, ind := range ac.all("ram:ChargeIndicator", "udt:Indicator") {
		v, ok := xbool(strval(ind))
		if !ok {
			c.xerrAt(ind)
			continue
		}
		if v == want {
			return true
		}
	}
	return false
}

// ciiIndicatorString evaluates ram:ChargeIndicator[udt:Indicator = 's'] (a
// string comparison).
func ciiIndicatorString(ci *node, s string) bool {
	for _, ind := range ci.childrenOf("udt:Indicator") {
		if strval(ind) == s {
			return true
		}
	}
	return false
}

// ciiVAT reports upper-case(ram:TypeCode) = 'VAT' for a trade tax.
func ciiVAT(t *node) bool {
	for _, tc := range t.childrenOf("ram:TypeCode") {
		if strings.ToUpper(strval(tc)) == "VAT" {
			return true
		}
	}
	return false
}

// ciiCode reports ram:CategoryCode = code for a trade tax (untrimmed).
func ciiCode(t *node, code string) bool {
	for _, cc := range t.childrenOf("ram:CategoryCode") {
		if strval(cc) == code {
			return true
		}
	}
	return false
}

func ciiCore(c *vctx) {
	root := c.doc
	v := &ciiView{root: root}
	v.tx = root.child("rsm:SupplyChainTradeTransaction")
	v.hts = v.tx.child("ram:ApplicableHeaderTradeSettlement")
	v.hta = v.tx.child("ram:ApplicableHeaderTradeAgreement")
	v.htd = v.tx.child("ram:ApplicableHeaderTradeDelivery")
	v.lines = v.tx.childrenOf("ram:IncludedSupplyChainTradeLineItem")
	for _, h := range descendants(root, "ram:ApplicableHeaderTradeSettlement") {
		v.headerTax = append(v.headerTax, h.childrenOf("ram:ApplicableTradeTax")...)
	}
	for _, s := range descendants(root, "ram:SpecifiedLineTradeSettlement") {
		v.lineTax = append(v.lineTax, s.childrenOf("ram:ApplicableTradeTax")...)
	}
	v.catTax = descendants(root, "ram:CategoryTradeTax")
	sellers := v.hta.childrenOf("ram:SellerTradeParty")
	reps := v.hta.childrenOf("ram:SellerTaxRepresentativeTradeParty")
	v.sellerVA = ciiTaxIDs(sellers, "VA")
	v.sellerVAFC = ciiTaxIDs(sellers, "VA", "FC")
	v.repVA = ciiTaxIDs(reps, "VA")
	v.anySellerVA = ciiTaxIDs(descendants(root, "ram:SellerTradeParty"), "VA")
	v.anySellerVAFC = ciiTaxIDs(descendants(root, "ram:SellerTradeParty"), "VA", "FC")
	v.anyRepVA = ciiTaxIDs(descendants(root, "ram:SellerTaxRepresentativeTradeParty"), "VA")
	buyers := descendants(root, "ram:BuyerTradeParty")
	v.anyBuyerVA = ciiTaxIDs(buyers, "VA")
	for _, b := range buyers {
		if len(b.all("ram:SpecifiedLegalOrganization", "ram:ID")) > 0 {
			v.buyerLegal = true
		}
	}
	root.walk(func(n *node) { ciiContext(c, v, n) })
	ciiRoot(c, v)
}

// ciiContext checks the rules whose context is element n, in the order of
// the official pattern (the first matching rule wins).
func ciiContext(c *vctx, v *ciiView, n *node) {
	p := n.parent
	pk, gpk := "", ""
	if p != nil {
		pk = p.key
		if p.parent != nil {
			gpk = p.parent.key
		}
	}
	fire := func(ok bool, id, bt string) {
		if !ok {
			c.fireAt(id, n, bt)
		}
	}
	exists := func(ns ...*node) bool {
		for _, x := range ns {
			if x != nil {
				return true
			}
		}
		return false
	}
	switch {
	case n.key == "ram:DesignatedProductClassification":
		cc := n.childrenOf("ram:ClassCode")
		ok := len(cc) == 0
		for _, x := range cc {
			if s, has := x.attr("listID"); has && normSpace(s) != "" {
				ok = true
			}
		}
		fire(ok, "BR-65", "BT-158-1")
	case n.key == "ram:AdditionalReferencedDocument":
		fire(filled(n.child("ram:IssuerAssignedID")), "BR-52", "BT-122")
	case n.key == "ram:ApplicableTradeSettlementFinancialCard":
		fire(len([]rune(nsv(n.child("ram:ID")))) <= 10, "BR-51", "BT-87")
	case n.key == "ram:PayeePartyCreditorFinancialAccount" && pk == "ram:SpecifiedTradeSettlementPaymentMeans" && (ciiCodeText(p, "ram:TypeCode", "30") || ciiCodeText(p, "ram:TypeCode", "58")):
		fire(filled(n.child("ram:IBANID")) || filled(n.child("ram:ProprietaryID")), "BR-50", "BT-84")
		fire(exists(n.child("ram:IBANID"), n.child("ram:ProprietaryID")), "BR-61", "BT-84")
	case n == v.htd:
		addr := n.at("ram:ShipToTradeParty", "ram:PostalTradeAddress")
		fire(addr == nil || filled(addr.child("ram:CountryID")), "BR-57", "BT-80")
	case n.key == "ram:ChargeIndicator" && pk == "ram:SpecifiedTradeAllowanceCharge" && gpk == "ram:ApplicableHeaderTradeSettlement" && ciiIndicatorString(n, "false"):
		ac := p
		fire(ac.child("ram:ActualAmount") != nil, "BR-31", "BT-92")
		fire(ciiVATCategory(ac.childrenOf("ram:CategoryTradeTax")), "BR-32", "BT-95")
		fire(exists(ac.child("ram:Reason"), ac.child("ram:ReasonCode")), "BR-33", "BT-97")
		fire(exists(ac.child("ram:Reason"), ac.child("ram:ReasonCode")), "BR-CO-21", "BG-20")
		fire(maxDecimals(ac.child("ram:ActualAmount")), "BR-DEC-01", "BT-92")
		fire(maxDecimals(ac.child("ram:BasisAmount")), "BR-DEC-02", "BT-93")
	case n.key == "ram:ChargeIndicator" && pk == "ram:SpecifiedTradeAllowanceCharge" && gpk == "ram:ApplicableHeaderTradeSettlement" && ciiIndicatorString(n, "true"):
		ac := p
		fire(ac.child("ram:ActualAmount") != nil, "BR-36", "BT-99")
		fire(ciiVATCategory(ac.childrenOf("ram:CategoryTradeTax")), "BR-37", "BT-102")
		fire(exists(ac.child("ram:Reason"), ac.child("ram:ReasonCode")), "BR-38", "BT-104")
		fire(exists(ac.child("ram:Reason"), ac.child("ram:ReasonCode")), "BR-CO-22", "BG-21")
		fire(maxDecimals(ac.child("ram:ActualAmount")), "BR-DEC-05", "BT-99")
		fire(maxDecimals(ac.child("ram:BasisAmount")), "BR-DEC-06", "BT-100")
	case n.key == "ram:SpecifiedTradeSettlementHeaderMonetarySummation":
		ciiTotals(c, v, n, fire)
	case n.key == "ram:IncludedSupplyChainTradeLineItem":
		fire(filled(n.at("ram:AssociatedDocumentLineDocument", "ram:LineID")), "BR-21", "BT-126")
		q := n.at("ram:SpecifiedLineTradeDelivery", "ram:BilledQuantity")
		fire(q != nil, "BR-22", "BT-129")
		unit := false
		for _, x := range n.all("ram:SpecifiedLineTradeDelivery", "ram:BilledQuantity") {
			if _, ok := x.attr("unitCode"); ok {
				unit = true
			}
		}
		fire(unit, "BR-23", "BT-130")
		fire(n.at("ram:SpecifiedLineTradeSettlement", "ram:SpecifiedTradeSettlementLineMonetarySummation", "ram:LineTotalAmount") != nil, "BR-24", "BT-131")
		fire(filled(n.at("ram:SpecifiedTradeProduct", "ram:Name")), "BR-25", "BT-153")
		net := n.all("ram:SpecifiedLineTradeAgreement", "ram:NetPriceProductTradePrice", "ram:ChargeAmount")
		fire(len(net) > 0, "BR-26", "BT-146")
		fire(c.cmpNum(net, ">=", 0), "BR-27", "BT-146")
		gross := n.all("ram:SpecifiedLineTradeAgreement", "ram:GrossPriceProductTradePrice", "ram:ChargeAmount")
		fire(len(gross) == 0 || c.cmpNum(gross, ">=", 0), "BR-28", "BT-148")
		gid := n.all("ram:SpecifiedTradeProduct", "ram:GlobalID")
		ok := len(gid) == 0
		if len(gid) > 0 {
			s, _ := gid[0].attr("schemeID")
			ok = normSpace(s) != ""
		}
		fire(ok, "BR-64", "BT-157-1")
		fire(ciiVATCategory(n.all("ram:SpecifiedLineTradeSettlement", "ram:ApplicableTradeTax")), "BR-CO-04", "BT-151")
		hdr := false
		for _, tx := range descendants(v.root, "rsm:SupplyChainTradeTransaction") {
			if len(tx.all("ram:ApplicableHeaderTradeSettlement", "ram:ApplicableTradeTax")) > 0 {
				hdr = true
			}
		}
		fire(hdr, "BR-CO-18", "BG-23")
		fire(maxDecimals(n.at("ram:SpecifiedLineTradeSettlement", "ram:SpecifiedTradeSettlementLineMonetarySummation", "ram:LineTotalAmount")), "BR-DEC-23", "BT-131")
	case n.key == "ram:ChargeIndicator" && pk == "ram:SpecifiedTradeAllowanceCharge" && gpk == "ram:SpecifiedLineTradeSettlement" && ciiIndicatorString(n, "false"):
		ac := p
		fire(ac.child("ram:ActualAmount") != nil, "BR-41", "BT-136")
		fire(exists(ac.child("ram:Reason"), ac.child("ram:ReasonCode")), "BR-42", "BT-139")
		fire(exists(ac.child("ram:Reason"), ac.child("ram:ReasonCode")), "BR-CO-23", "BG-27")
		fire(maxDecimals(ac.child("ram:ActualAmount")), "BR-DEC-24", "BT-136")
		fire(maxDecimals(ac.child("ram:BasisAmount")), "BR-DEC-25", "BT-137")
	case n.key == "ram:ChargeIndicator" && pk == "ram:SpecifiedTradeAllowanceCharge" && gpk == "ram:SpecifiedLineTradeSettlement" && ciiIndicatorString(n, "true"):
		ac := p
		fire(ac.child("ram:ActualAmount") != nil, "BR-43", "BT-141")
		fire(exists(ac.child("ram:Reason"), ac.child("ram:ReasonCode")), "BR-44", "BT-144")
		fire(exists(ac.child("ram:Reason"), ac.child("ram:ReasonCode")), "BR-CO-24", "BG-28")
		fire(maxDecimals(ac.child("ram:ActualAmount")), "BR-DEC-27", "BT-141")
		fire(maxDecimals(ac.child("ram:BasisAmount")), "BR-DEC-28", "BT-142")
	case n.key == "ram:BillingSpecifiedPeriod" && pk == "ram:SpecifiedLineTradeSettlement":
		fire(ciiPeriodOrder(n), "BR-30", "BG-26")
		fire(exists(n.child("ram:StartDateTime"), n.child("ram:EndDateTime")), "BR-CO-20", "BG-26")
	case n.key == "ram:BillingSpecifiedPeriod" && pk == "ram:ApplicableHeaderTradeSettlement":
		fire(ciiPeriodOrder(n), "BR-29", "BG-14")
		fire(exists(n.child("ram:StartDateTime"), n.child("ram:EndDateTime")), "BR-CO-19", "BG-14")
	case n.key == "ram:ApplicableProductCharacteristic":
		fire(n.child("ram:Description") != nil && n.child("ram:Value") != nil, "BR-54", "BG-32")
	case n.key == "ram:PayeeTradeParty":
		ok := n.child("ram:Name") != nil
		if ok && p != nil && p.parent != nil {
			seller := p.parent.at("ram:ApplicableHeaderTradeAgreement", "ram:SellerTradeParty")
			if anyEqual(n.childrenOf("ram:Name"), seller.childrenOf("ram:Name")) ||
				anyEqual(n.childrenOf("ram:ID"), seller.childrenOf("ram:ID")) ||
				anyEqual(n.all("ram:SpecifiedLegalOrganization", "ram:ID"), seller.all("ram:SpecifiedLegalOrganization", "ram:ID")) {
				ok = false
			}
		}
		fire(ok, "BR-17", "BT-59")
	case n.key == "ram:SpecifiedTradeSettlementPaymentMeans":
		fire(n.child("ram:TypeCode") != nil, "BR-49", "BT-81")
	case n.key == "ram:InvoiceReferencedDocument" && p == v.hts && v.hts != nil:
		fire(filled(n.child("ram:IssuerAssignedID")), "BR-55", "BT-25")
	case n.key == "ram:SellerTradeParty":
		fire(exists(n.child("ram:ID"), n.child("ram:GlobalID"), n.at("ram:SpecifiedLegalOrganization", "ram:ID")) || ciiTaxIDs([]*node{n}, "VA"), "BR-CO-26", "BG-4")
	case n.key == "ram:SellerTaxRepresentativeTradeParty":
		fire(filled(n.child("ram:Name")), "BR-18", "BT-62")
		fire(n.child("ram:PostalTradeAddress") != nil, "BR-19", "BG-12")
		fire(filled(n.at("ram:PostalTradeAddress", "ram:CountryID")), "BR-20", "BT-69")
		ok := false
		for _, id := range n.all("ram:SpecifiedTaxRegistration", "ram:ID") {
			if s, has := id.attr("schemeID"); has && s == "VA" && filled(id) {
				ok = true
			}
		}
		fire(ok, "BR-56", "BT-63")
	case n.key == "ram:TaxTotalAmount" && pk == "ram:SpecifiedTradeSettlementHeaderMonetarySummation" && ciiCurrencyIs(n, v, "ram:InvoiceCurrencyCode"):
		d, ok := c.dec(n)
		var calc []*node
		for _, t := range v.hts.childrenOf("ram:ApplicableTradeTax") {
			calc = append(calc, t.childrenOf("ram:CalculatedAmount")...)
		}
		fire(ok && d.Equal(round2(c.sumDec(calc))), "BR-CO-14", "BT-110")
	case n.key == "ram:ID" && pk == "ram:SpecifiedTaxRegistration" && attrIs(n, "schemeID", "VA"):
		s := strval(n)
		if r := []rune(s); len(r) > 2 {
			s = string(r[:2])
		}
		fire(strings.Contains(vatPrefixesCII, s), "BR-CO-09", "BT-31")
	// the VAT category rules
	case n.key == "ram:CategoryCode" && pk == "ram:ApplicableTradeTax" && gpk == "ram:ApplicableHeaderTradeSettlement" && p.parent.parent != nil && p.parent.parent.key == "rsm:SupplyChainTradeTransaction" &&
		(strval(n) == "AE" || strval(n) == "E" || strval(n) == "G" || strval(n) == "K") && ciiVAT(p):
		ciiHeaderFamily(c, v, n, p, strval(n), fire)
	case n.key == "ram:ApplicableTradeTax" && pk == "ram:ApplicableHeaderTradeSettlement" && gpk == "rsm:SupplyChainTradeTransaction" && ciiVAT(n) && (ciiCode(n, "L") || ciiCode(n, "M") || ciiCode(n, "O")):
		for _, code := range []string{"L", "M", "O"} {
			if ciiCode(n, code) {
				ciiHeaderFamily(c, v, n, n, code, fire)
				break
			}
		}
	case n.key == "ram:CategoryTradeTax" && pk == "ram:SpecifiedTradeAllowanceCharge" && ciiVAT(n) && ciiFamilyCode(n) != "" && (c.ciiIndicator(p, false) || c.ciiIndicator(p, true)):
		code := ciiFamilyCode(n)
		fam := ciiFamily(code)
		allowance := c.ciiIndicator(p, false)
		num, rate := "-04", "-07"
		if allowance {
			num, rate = "-03", "-06"
		}
		fire(ciiPartyRule(v, code), fam.prefix+num, "BT-31")
		fire(ciiRateRule(c, code, n.childrenOf("ram:RateApplicablePercent")), fam.prefix+rate, "BT-96")
	case n.key == "ram:ApplicableTradeTax" && pk == "ram:SpecifiedLineTradeSettlement" && gpk == "ram:IncludedSupplyChainTradeLineItem" && p.parent.parent != nil && p.parent.parent.key == "rsm:SupplyChainTradeTransaction" && ciiVAT(n) && ciiFamilyCode(n) != "":
		code := ciiFamilyCode(n)
		fam := ciiFamily(code)
		fire(ciiPartyRule(v, code), fam.prefix+"-02", "BT-31")
		fire(ciiRateRule(c, code, n.childrenOf("ram:RateApplicablePercent")), fam.prefix+"-05", "BT-152")
	case n.key == "ram:CategoryCode" && pk == "ram:ApplicableTradeTax" && gpk == "ram:ApplicableHeaderTradeSettlement" && (strval(n) == "S" || strval(n) == "Z"):
		ciiHeaderFamily(c, v, n, p, strval(n), fire)
	case n.key == "ram:ApplicableTradeTax" && pk == "ram:ApplicableHeaderTradeSettlement":
		fire(n.child("ram:BasisAmount") != nil, "BR-45", "BT-116")
		fire(n.child("ram:CalculatedAmount") != nil, "BR-46", "BT-117")
		vat := ciiVAT(n)
		fire(vat && n.child("ram:CategoryCode") != nil, "BR-47", "BT-118")
		fire(vat && (n.child("ram:RateApplicablePercent") != nil || ciiCode(n, "O")), "BR-48", "BT-119")
		fire(!(len(descendants(v.root, "ram:TaxPointDate")) > 0 && len(descendants(v.root, "ram:DueDateTypeCode")) > 0), "BR-CO-03", "BT-7")
		fire(ciiCO17(c, n), "BR-CO-17", "BT-117")
		fire(maxDecimals(n.child("ram:BasisAmount")), "BR-DEC-19", "BT-116")
		fire(maxDecimals(n.child("ram:CalculatedAmount")), "BR-DEC-20", "BT-117")
	}
}

// ciiCodeText reports child key of n with text s (untrimmed).
func ciiCodeText(n *node, key, s string) bool {
	for _, k := range n.childrenOf(key) {
		if strval(k) == s {
			return true
		}
	}
	return false
}

// attrIs reports an attribute with exactly the value.
func attrIs(n *node, name, value string) bool {
	s, ok := n.attr(name)
	return ok && s == value
}

// ciiCurrencyIs reports @currencyID = HTS/<key> for an amount.
func ciiCurrencyIs(n *node, v *ciiView, key string) bool {
	cur, ok := n.attr("currencyID")
	if !ok || v.hts == nil {
		return false
	}
	for _, k := range v.hts.childrenOf(key) {
		if strval(k) == cur {
			return true
		}
	}
	return false
}

// ciiVATCategory is exists(X[upper-case(ram:TypeCode) = 'VAT']/ram:CategoryCode).
func ciiVATCategory(ts []*node) bool {
	for _, t := range ts {
		if ciiVAT(t) && t.child("ram:CategoryCode") != nil {
			return true
		}
	}
	return false
}

// ciiPeriodOrder is BR-29/BR-30: the end date string not before the start
// date string (format 102), when both elements exist.
func ciiPeriodOrder(n *node) bool {
	s, e := n.child("ram:StartDateTime"), n.child("ram:EndDateTime")
	if s == nil || e == nil {
		return true
	}
	for _, ed := range e.childrenOf("udt:DateTimeString") {
		if !attrIs(ed, "format", "102") {
			continue
		}
		for _, sd := range s.childrenOf("udt:DateTimeString") {
			if attrIs(sd, "format", "102") && strval(ed) >= strval(sd) {
				return true
			}
		}
	}
	return false
}

// ciiFamilyCode returns the CategoryCode of a trade tax if it names a VAT
// category family ("" otherwise).
func ciiFamilyCode(t *node) string {
	for _, fam := range vatFamilies {
		if ciiCode(t, fam.code) {
			return fam.code
		}
	}
	return ""
}

// ciiFamily returns the family of a category code.
func ciiFamily(code string) vatFamily {
	for _, fam := range vatFamilies {
		if fam.code == code {
			return fam
		}
	}
	return vatFamily{}
}

// ciiPartyRule is rule -02/-03/-04 of a VAT category family in the CII
// binding: which tax identifiers the parties must (or must not) have.
func ciiPartyRule(v *ciiView, code string) bool {
	switch code {
	case "S", "Z", "E", "L", "M":
		return v.sellerVAFC || v.repVA
	case "AE":
		return (v.anySellerVAFC || v.anyRepVA) && (v.anyBuyerVA || v.buyerLegal)
	case "G":
		return v.anySellerVA || v.anyRepVA
	case "K":
		return (v.anySellerVA || v.anyRepVA) && v.anyBuyerVA
	case "O":
		buyerVA := v.anyBuyerVA
		return !v.sellerVA && !v.repVA && !buyerVA
	}
	return true
}

// ciiRateRule is rule -05/-06/-07 of a VAT category family in the CII
// binding.
func ciiRateRule(c *vctx, code string, pct []*node) bool {
	switch code {
	case "S", "L":
		return c.cmpNum(pct, ">", 0)
	case "M":
		return c.cmpNum(pct, ">=", 0)
	case "O":
		return len(pct) == 0
	}
	return c.cmpNum(pct, "=", 0)
}

// ciiACSum is round2(Σ ActualAmount[1] of the header allowances (charge =
// false) or charges with category code and, if rate is set, that rate).
func (c *vctx) ciiACSum(v *ciiView, code string, charge bool, rate *decimal.Decimal) decimal.Decimal {
	var amts []*node
	for _, ac := range v.hts.childrenOf("ram:SpecifiedTradeAllowanceCharge") {
		if !c.ciiIndicator(ac, charge) {
			continue
		}
		cats := ac.childrenOf("ram:CategoryTradeTax")
		if !ciiAnyCode(cats, code) || rate != nil && !c.ciiAnyRate(cats, *rate) {
			continue
		}
		if a := ac.child("ram:ActualAmount"); a != nil {
			amts = append(amts, a)
		}
	}
	return round2(c.sumDec(amts))
}

// ciiLineSum is round2(Σ line net amounts of the lines whose settlement
// has a trade tax with code and, if rate is set, one with that rate).
func (c *vctx) ciiLineSum(v *ciiView, code string, rate *decimal.Decimal) decimal.Decimal {
	var amts []*node
	for _, l := range v.lines {
		for _, s := range l.childrenOf("ram:SpecifiedLineTradeSettlement") {
			taxes := s.childrenOf("ram:ApplicableTradeTax")
			if !ciiAnyCode(taxes, code) || rate != nil && !c.ciiAnyRate(taxes, *rate) {
				continue
			}
			amts = append(amts, s.all("ram:SpecifiedTradeSettlementLineMonetarySummation", "ram:LineTotalAmount")...)
		}
	}
	return round2(c.sumDec(amts))
}

func ciiAnyCode(ts []*node, code string) bool {
	for _, t := range ts {
		if ciiCode(t, code) {
			return true
		}
	}
	return false
}

func (c *vctx) ciiAnyRate(ts []*node, rate decimal.Decimal) bool {
	for _, t := range ts {
		for _, p := range t.childrenOf("ram:RateApplicablePercent") {
			if d, ok := c.dec(p); ok && d.Equal(rate) {
				return true
			}
		}
	}
	return false
}

// ciiHeaderFamily checks rules -08, -09, -10 (and BR-IC-11/12, BR-O-11…14)
// of a VAT breakdown's category in the CII binding. ctx is the context node
// (the CategoryCode for S, Z, E, AE, G, K; the trade tax for L, M, O), tax
// the ram:ApplicableTradeTax.
func ciiHeaderFamily(c *vctx, v *ciiView, ctx, tax *node, code string, fire func(bool, string, string)) {
	fam := ciiFamily(code)
	basis := tax.child("ram:BasisAmount")
	calc := tax.child("ram:CalculatedAmount")
	// ctx is the CategoryCode, so ../ram:X is tax/ram:X; for L and M the
	// official rules use ../ram:RateApplicablePercent from the trade tax
	// itself, which selects nothing, so -08 always holds for them.
	switch code {
	case "S":
		ok := true
		for _, p := range tax.childrenOf("ram:RateApplicablePercent") {
			rate, good := c.dec(p)
			if !good {
				continue
			}
			want := c.ciiLineSum(v, code, &rate).Add(c.ciiACSum(v, code, true, &rate)).Sub(c.ciiACSum(v, code, false, &rate))
			b, bOK := c.dec(basis)
			if !bOK || !b.Equal(want) {
				ok = false
			}
		}
		fire(ok, "BR-S-08", "BT-116")
		// BR-S-09: round(abs(BT-116) × rate) div 100, within ±1
		ok = false
		t, tOK := c.dec(calc)
		b, bOK := c.dec(basis)
		pcts := tax.childrenOf("ram:RateApplicablePercent")
		if len(pcts) > 1 {
			c.xerr()
		} else if len(pcts) == 1 && tOK && bOK {
			if p, pOK := xsDouble(strval(pcts[0])); pOK {
				pd := decimal.NewFromFloat(p)
				want := xround(b.Abs().Mul(pd)).Div(decHundred)
				at := t.Abs()
				ok = at.Sub(decOne).LessThan(want) && at.Add(decOne).GreaterThan(want)
			} else {
				c.xerr()
			}
		}
		fire(ok, "BR-S-09", "BT-117")
		fire(tax.child("ram:ExemptionReason") == nil && tax.child("ram:ExemptionReasonCode") == nil, "BR-S-10", "BT-120")
	case "L", "M":
		fire(true, fam.prefix+"-08", "BT-116")
		fire(true, fam.prefix+"-09", "BT-117")
		fire(tax.child("ram:ExemptionReason") == nil && tax.child("ram:ExemptionReasonCode") == nil, fam.prefix+"-10", "BT-120")
	case "O":
		want := c.ciiLineSum(v, code, nil).Add(c.ciiACSum(v, code, true, nil)).Sub(c.ciiACSum(v, code, false, nil))
		b, bOK := c.dec(basis)
		fire(bOK && b.Equal(want), "BR-O-08", "BT-116")
		fire(c.cmpNum(tax.childrenOf("ram:CalculatedAmount"), "=", 0), "BR-O-09", "BT-117")
		fire(tax.child("ram:ExemptionReason") != nil || tax.child("ram:ExemptionReasonCode") != nil, "BR-O-10", "BT-120")
		notO := func(ns []*node) bool {
			for _, t := range ns {
				for _, cc := range t.childrenOf("ram:CategoryCode") {
					if strval(cc) != "O" {
						return true
					}
				}
			}
			return false
		}
		att := descendants(v.root, "ram:ApplicableTradeTax")
		fire(!notO(att), "BR-O-11", "BG-23")
		fire(!notO(att), "BR-O-12", "BT-151")
		fire(!notO(v.catTax), "BR-O-13", "BT-95")
		fire(!notO(v.catTax), "BR-O-14", "BT-102")
	default: // Z, E, AE, G, K
		want := c.ciiLineSum(v, code, nil).Add(c.ciiACSum(v, code, true, nil)).Sub(c.ciiACSum(v, code, false, nil))
		ok := false
		if bs := tax.childrenOf("ram:BasisAmount"); len(bs) > 0 {
			for _, bn := range bs {
				if b, good := c.dec(bn); good && b.Sub(decOne).LessThan(want) && b.Add(decOne).GreaterThan(want) {
					ok = true
				}
			}
		}
		fire(ok, fam.prefix+"-08", "BT-116")
		fire(c.cmpNum(tax.childrenOf("ram:CalculatedAmount"), "=", 0), fam.prefix+"-09", "BT-117")
		has := tax.child("ram:ExemptionReason") != nil || tax.child("ram:ExemptionReasonCode") != nil
		fire(has == fam.reason, fam.prefix+"-10", "BT-120")
		if code == "K" {
			ok := v.htd.at("ram:ActualDeliverySupplyChainEvent", "ram:OccurrenceDateTime", "udt:DateTimeString") != nil ||
				tax.parent.at("ram:BillingSpecifiedPeriod", "ram:StartDateTime") != nil ||
				tax.parent.at("ram:BillingSpecifiedPeriod", "ram:EndDateTime") != nil
			fire(ok, "BR-IC-11", "BT-72")
			fire(v.htd.at("ram:ShipToTradeParty", "ram:PostalTradeAddress", "ram:CountryID") != nil, "BR-IC-12", "BT-80")
		}
	}
}

// ciiCO17 is BR-CO-17 in the CII binding (±1 inclusive).
func ciiCO17(c *vctx, n *node) bool {
	vat := normSpace(strings.ToUpper(strval(n.child("ram:TypeCode")))) == "VAT"
	var pcts []*node
	if vat {
		pcts = n.childrenOf("ram:RateApplicablePercent")
	}
	if len(pcts) > 1 {
		c.xerr()
		return true
	}
	t, tOK := c.dec(n.child("ram:CalculatedAmount"))
	if len(pcts) == 0 {
		return tOK && xround(t).IsZero()
	}
	p, pOK := c.dec(pcts[0])
	if !pOK {
		return true
	}
	if xround(p).IsZero() {
		return tOK && xround(t).IsZero()
	}
	b, bOK := c.dec(n.child("ram:BasisAmount"))
	if !tOK || !bOK {
		return false
	}
	want := round2(b.Abs().Mul(p.Div(decHundred)))
	at := t.Abs()
	return at.Sub(decOne).LessThanOrEqual(want) && at.Add(decOne).GreaterThanOrEqual(want)
}

// ciiTotals checks the rules on the header monetary summation.
func ciiTotals(c *vctx, v *ciiView, n *node, fire func(bool, string, string)) {
	get := func(k string) *node { return n.child(k) }
	lineTotal, basis, grand, due := get("ram:LineTotalAmount"), get("ram:TaxBasisTotalAmount"), get("ram:GrandTotalAmount"), get("ram:DuePayableAmount")
	allow, charge, prepaid, rounding := get("ram:AllowanceTotalAmount"), get("ram:ChargeTotalAmount"), get("ram:TotalPrepaidAmount"), get("ram:RoundingAmount")
	fire(lineTotal != nil, "BR-12", "BT-106")
	fire(basis != nil, "BR-13", "BT-109")
	fire(grand != nil, "BR-14", "BT-112")
	fire(due != nil, "BR-15", "BT-115")
	hts := v.hts
	// BR-53
	{
		tcc := hts.childrenOf("ram:TaxCurrencyCode")
		ok := len(tcc) == 0
		if !ok {
			match := false
			for _, tt := range n.childrenOf("ram:TaxTotalAmount") {
				cur, has := tt.attr("currencyID")
				for _, t := range tcc {
					if has && cur == strval(t) {
						match = true
					}
				}
			}
			ok = match && !anyEqual(tcc, hts.childrenOf("ram:InvoiceCurrencyCode"))
		}
		fire(ok, "BR-53", "BT-111")
	}
	// BR-CO-10
	if p := n.parent; p != nil && p.parent != nil {
		var amts []*node
		for _, l := range p.parent.childrenOf("ram:IncludedSupplyChainTradeLineItem") {
			amts = append(amts, l.all("ram:SpecifiedLineTradeSettlement", "ram:SpecifiedTradeSettlementLineMonetarySummation", "ram:LineTotalAmount")...)
		}
		d, ok := c.dec(lineTotal)
		fire(ok && d.Equal(round2(c.sumDec(amts))), "BR-CO-10", "BT-106")
	}
	// BR-CO-11, BR-CO-12
	for _, x := range []struct {
		total  *node
		charge bool
		id, bt string
	}{{allow, false, "BR-CO-11", "BT-107"}, {charge, true, "BR-CO-12", "BT-108"}} {
		var acs []*node
		for _, ac := range hts.childrenOf("ram:SpecifiedTradeAllowanceCharge") {
			if c.ciiIndicator(ac, x.charge) {
				acs = append(acs, ac)
			}
		}
		var amts []*node
		for _, ac := range acs {
			if a := ac.child("ram:ActualAmount"); a != nil {
				amts = append(amts, a)
			}
		}
		ok := len(acs) == 0 && x.total == nil
		if x.total != nil {
			if d, good := c.dec(x.total); good && d.Equal(round2(c.sumDec(amts))) {
				ok = true
			}
		}
		fire(ok, x.id, x.bt)
	}
	// BR-CO-13
	{
		b, bOK := c.dec(basis)
		l, lOK := c.dec(lineTotal)
		a, aOK := c.dec(allow)
		ch, cOK := c.dec(charge)
		ok := false
		if bOK && lOK {
			switch {
			case aOK && cOK:
				ok = b.Equal(round2(l.Sub(a).Add(ch)))
			case aOK && charge == nil:
				ok = b.Equal(round2(l.Sub(a)))
			case cOK && allow == nil:
				ok = b.Equal(round2(l.Add(ch)))
			case allow == nil && charge == nil:
				ok = b.Equal(round2(l))
			}
		}
		fire(ok, "BR-CO-13", "BT-109")
	}
	// BR-CO-16 (no rounding in the CII binding)
	{
		d, dOK := c.dec(due)
		g, gOK := c.dec(grand)
		pp, pOK := c.dec(prepaid)
		r, rOK := c.dec(rounding)
		ok := false
		if dOK && gOK {
			switch {
			case pOK && rOK:
				ok = d.Equal(g.Sub(pp).Add(r))
			}
			if !ok && rOK && prepaid == nil {
				ok = d.Equal(g.Add(r))
			}
			if !ok && pOK && rounding == nil {
				ok = d.Equal(g.Sub(pp))
			}
			if !ok && prepaid == nil && rounding == nil {
				ok = d.Equal(g)
			}
		}
		fire(ok, "BR-CO-16", "BT-115")
	}
	fire(maxDecimals(lineTotal), "BR-DEC-09", "BT-106")
	fire(maxDecimals(allow), "BR-DEC-10", "BT-107")
	fire(maxDecimals(charge), "BR-DEC-11", "BT-108")
	fire(maxDecimals(basis), "BR-DEC-12", "BT-109")
	fire(maxDecimals(grand), "BR-DEC-14", "BT-112")
	// BR-DEC-13, BR-DEC-15: a total VAT amount in the currency has at most
	// two decimals numerically (. = round(. * 100) div 100)
	twoDec := func(t *node) bool {
		d, ok := c.dec(t)
		return ok && d.Equal(round2(d))
	}
	{
		tts := n.childrenOf("ram:TaxTotalAmount")
		ok := len(tts) == 0
		for _, t := range tts {
			if !ciiCurrencyIs(t, v, "ram:InvoiceCurrencyCode") || twoDec(t) {
				ok = true
			}
		}
		fire(ok, "BR-DEC-13", "BT-110")
		ok = len(tts) == 0 || len(hts.childrenOf("ram:TaxCurrencyCode")) == 0
		for _, t := range tts {
			if ciiCurrencyIs(t, v, "ram:TaxCurrencyCode") && twoDec(t) {
				ok = true
			}
		}
		fire(ok, "BR-DEC-15", "BT-111")
	}
	fire(maxDecimals(prepaid), "BR-DEC-16", "BT-113")
	fire(maxDecimals(rounding), "BR-DEC-17", "BT-114")
	fire(maxDecimals(due), "BR-DEC-18", "BT-115")
}

// ciiRoot checks the rules whose context is the root element.
func ciiRoot(c *vctx, v *ciiView) {
	root := v.root
	fire := func(ok bool, id, bt string) {
		if !ok {
			c.fireAt(id, root, bt)
		}
	}
	hta, hts := v.hta, v.hts
	fire(filled(root.at("rsm:ExchangedDocumentContext", "ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID")), "BR-01", "BT-24")
	fire(filled(root.at("rsm:ExchangedDocument", "ram:ID")), "BR-02", "BT-1")
	{
		ok := false
		for _, d := range root.all("rsm:ExchangedDocument", "ram:IssueDateTime", "udt:DateTimeString") {
			if attrIs(d, "format", "102") && filled(d) {
				ok = true
			}
		}
		fire(ok, "BR-03", "BT-2")
	}
	fire(filled(root.at("rsm:ExchangedDocument", "ram:TypeCode")), "BR-04", "BT-3")
	fire(filled(hts.child("ram:InvoiceCurrencyCode")), "BR-05", "BT-5")
	fire(filled(hta.at("ram:SellerTradeParty", "ram:Name")), "BR-06", "BT-27")
	fire(filled(hta.at("ram:BuyerTradeParty", "ram:Name")), "BR-07", "BT-44")
	fire(hta.at("ram:SellerTradeParty", "ram:PostalTradeAddress") != nil, "BR-08", "BG-5")
	fire(filled(hta.at("ram:SellerTradeParty", "ram:PostalTradeAddress", "ram:CountryID")), "BR-09", "BT-40")
	fire(hta.at("ram:BuyerTradeParty", "ram:PostalTradeAddress") != nil, "BR-10", "BG-8")
	fire(filled(hta.at("ram:BuyerTradeParty", "ram:PostalTradeAddress", "ram:CountryID")), "BR-11", "BT-55")
	fire(len(descendants(root, "ram:IncludedSupplyChainTradeLineItem")) > 0, "BR-16", "BG-25")
	for _, x := range []struct{ party, id, bt string }{{"ram:SellerTradeParty", "BR-62", "BT-34-1"}, {"ram:BuyerTradeParty", "BR-63", "BT-49-1"}} {
		comm := hta.at(x.party, "ram:URIUniversalCommunication")
		ok := comm == nil
		if comm != nil {
			if id := comm.child("ram:URIID"); id != nil {
				s, _ := id.attr("schemeID")
				ok = normSpace(s) != ""
			}
		}
		fire(ok, x.id, x.bt)
	}
	// BR-CO-15
	{
		ok := true
		sum := hts.child("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
		for _, cur := range hts.childrenOf("ram:InvoiceCurrencyCode") {
			var tts []*node
			for _, s := range hts.childrenOf("ram:SpecifiedTradeSettlementHeaderMonetarySummation") {
				for _, t := range s.childrenOf("ram:TaxTotalAmount") {
					if attrIs(t, "currencyID", strval(cur)) {
						tts = append(tts, t)
					}
				}
			}
			g, gOK := c.dec(sum.child("ram:GrandTotalAmount"))
			b, bOK := c.dec(sum.child("ram:TaxBasisTotalAmount"))
			good := false
			if len(tts) == 1 && gOK && bOK {
				if t, tOK := c.dec(tts[0]); tOK && g.Equal(xround(b.Add(t).Mul(decHundred)).Div(decHundred)) {
					good = true
				}
			}
			if !good && gOK && bOK && g.Equal(b) {
				good = true
			}
			if !good {
				ok = false
			}
		}
		fire(ok, "BR-CO-15", "BT-112")
	}
	// -01 of the VAT category families
	count := func(ns []*node, code string) int {
		k := 0
		for _, t := range ns {
			if ciiCode(t, code) {
				k++
			}
		}
		return k
	}
	for _, fam := range vatFamilies {
		x := fam.code
		h, l, ct := count(v.headerTax, x), count(v.lineTax, x), count(v.catTax, x)
		switch x {
		case "S", "L", "M":
			fire((l+h >= 2 || l == 0) && (ct+h >= 2 || ct == 0), fam.prefix+"-01", "BG-23")
		case "O":
			fire(h == 0 || h == 1 && (l > 0 || ct > 0), fam.prefix+"-01", "BG-23")
		default:
			fire(h == 0 && l == 0 && ct == 0 || h == 1 && (l > 0 || ct > 0), fam.prefix+"-01", "BG-23")
		}
	}
	// BR-B-01, BR-B-02
	{
		codes := descendants(root, "ram:CategoryCode")
		anyIs := func(s string) bool {
			for _, cc := range codes {
				if strval(cc) == s {
					return true
				}
			}
			return false
		}
		notIT := false
		for _, cc := range descendants(root, "ram:CountryID") {
			if strval(cc) != "IT" {
				notIT = true
			}
		}
		b := anyIs("B")
		fire(!b || !notIT, "BR-B-01", "BT-118")
		fire(!b || !anyIs("S"), "BR-B-02", "BT-118")
	}
}
