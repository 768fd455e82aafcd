package einvoice

import (
	"github.com/shopspring/decimal"
)

// xrCII is the CII binding of the XRechnung Schematron
// (XRechnung-CII-validation.sch): patterns cii-pattern,
// cii-extension-pattern, cii-cvd-pattern and the merged Peppol patterns.
func xrCII(c *xctx) {
	r := c.doc
	xrCIIRoot(c, r)
	xrCIIExtension(c, r)
	xrCIICVD(c, r)
	xrCIIPeppol(c, r)
}

// ciiGuideline returns the BT-24 nodes.
func ciiGuideline(r *node) []*node {
	return r.all("rsm:ExchangedDocumentContext", "ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID")
}

func xrCIIRoot(c *xctx, r *node) {
	stt := r.all("rsm:SupplyChainTradeTransaction")
	ahts := nodesAt(stt, "ram:ApplicableHeaderTradeSettlement")
	ahta := nodesAt(stt, "ram:ApplicableHeaderTradeAgreement")
	bt89 := nodesAt(nodesAt(ahts, "ram:SpecifiedTradePaymentTerms"), "ram:DirectDebitMandateID")
	bt90 := nodesAt(ahts, "ram:CreditorReferenceID")
	bt91 := nodesAt(nodesAt(nodesAt(ahts, "ram:SpecifiedTradeSettlementPaymentMeans"), "ram:PayerPartyDebtorFinancialAccount"), "ram:IBANID")
	has := func(ns []*node) bool { return len(ns) > 0 }
	none := !has(bt89) && !has(bt90) && !has(bt91)
	c.xassert((has(bt89) || has(bt91)) && has(bt90) || none, "BR-DE-30", r)
	c.xassert((has(bt89) || has(bt90)) && has(bt91) || none, "BR-DE-31", r)
	c.xassert(has(nodesAt(ahts, "ram:SpecifiedTradeSettlementPaymentMeans")), "BR-DE-1", r)
	c.xassert(anyFilled(nodesAt(ahta, "ram:BuyerReference")), "BR-DE-15", r)

	lineTax := nodesAt(nodesAt(nodesAt(stt, "ram:IncludedSupplyChainTradeLineItem"), "ram:SpecifiedLineTradeSettlement"), "ram:ApplicableTradeTax")
	ctt := nodesAt(nodesAt(ahts, "ram:SpecifiedTradeAllowanceCharge"), "ram:CategoryTradeTax")
	used := anyEq(nodesAt(lineTax, "ram:TypeCode"), "VAT") && anyEq(nodesAt(lineTax, "ram:CategoryCode"), xrVATCodes...) ||
		anyEq(ctt, "VAT") && anyEq(nodesAt(ctt, "ram:CategoryCode"), xrVATCodes...)
	reg := false
	for _, id := range nodesAt(nodesAt(nodesAt(ahta, "ram:SellerTradeParty"), "ram:SpecifiedTaxRegistration"), "ram:ID") {
		s, _ := id.attr("schemeID")
		if s = normSpace(s); (s == "VA" || s == "FC") && filled(id) {
			reg = true
		}
	}
	c.xassert(!used || reg || has(nodesAt(ahta, "ram:SellerTaxRepresentativeTradeParty")), "BR-DE-16", r)

	tc := c.nsv1(r.all("rsm:ExchangedDocument", "ram:TypeCode"))
	c.xassert(inList(tc, "326", "380", "384", "389", "381", "875", "876", "877"), "BR-DE-17", r)
	var notes []*node
	for _, pt := range nodesAt(ahts, "ram:SpecifiedTradePaymentTerms") {
		if n := pt.child("ram:Description"); n != nil {
			notes = append(notes, n)
		}
	}
	c.xassert(c.skontoOK(notes), "BR-DE-18", r)

	dup := false
	for _, ard := range descendants(r, "ram:AdditionalReferencedDocument") {
		var mine []string
		for _, b := range ard.childrenOf("ram:AttachmentBinaryObject") {
			if fn, ok := b.attr("filename"); ok {
				mine = append(mine, fn)
			}
		}
		if len(mine) == 0 || ard.parent == nil {
			continue
		}
		for _, sib := range ard.parent.kids {
			if sib == ard {
				break
			}
			if sib.key != "ram:AdditionalReferencedDocument" {
				continue
			}
			for _, b := range sib.childrenOf("ram:AttachmentBinaryObject") {
				if fn, ok := b.attr("filename"); ok && inList(fn, mine...) {
					dup = true
				}
			}
		}
	}
	c.xassert(!dup, "BR-DE-22", r)
	c.xassert(tc != "384" || has(nodesAt(ahts, "ram:InvoiceReferencedDocument")), "BR-DE-26", r)

	for _, edc := range r.childrenOf("rsm:ExchangedDocumentContext") {
		c.xassert(anyEq(edc.all("ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID"), xrCIUSID, xrExtensionID, xrCVDID), "BR-DE-21", edc)
	}
	for _, s := range nodesAt(ahta, "ram:SellerTradeParty") {
		c.xassert(s.child("ram:DefinedTradeContact") != nil, "BR-DE-2", s)
		for _, pa := range s.childrenOf("ram:PostalTradeAddress") {
			c.xassert(anyFilled(pa.childrenOf("ram:CityName")), "BR-DE-3", pa)
			c.xassert(anyFilled(pa.childrenOf("ram:PostcodeCode")), "BR-DE-4", pa)
		}
		for _, ct := range s.childrenOf("ram:DefinedTradeContact") {
			c.xassert(anyFilled(append(ct.childrenOf("ram:PersonName"), ct.childrenOf("ram:DepartmentName")...)), "BR-DE-5", ct)
			tel := ct.all("ram:TelephoneUniversalCommunication", "ram:CompleteNumber")
			mail := ct.all("ram:EmailURIUniversalCommunication", "ram:URIID")
			c.xassert(anyFilled(tel), "BR-DE-6", ct)
			c.xassert(anyFilled(mail), "BR-DE-7", ct)
			c.xassert(xrTelephoneRE.MatchString(c.nsv1(tel)), "BR-DE-27", ct)
			c.xassert(xrEmailRE.MatchString(c.nsv1(mail)), "BR-DE-28", ct)
		}
	}
	for _, pa := range nodesAt(nodesAt(ahta, "ram:BuyerTradeParty"), "ram:PostalTradeAddress") {
		c.xassert(anyFilled(pa.childrenOf("ram:CityName")), "BR-DE-8", pa)
		c.xassert(anyFilled(pa.childrenOf("ram:PostcodeCode")), "BR-DE-9", pa)
	}
	for _, ard := range nodesAt(ahta, "ram:AdditionalReferencedDocument") {
		if !anyEq(ard.childrenOf("ram:TypeCode"), "916") {
			continue
		}
		u := ard.childrenOf("ram:URIID")
		c.xassert(len(u) == 0 || xrURLRE.MatchString(strval(c.one(u))), "BR-TMP-2", ard)
	}
	for _, pa := range nodesAt(nodesAt(nodesAt(stt, "ram:ApplicableHeaderTradeDelivery"), "ram:ShipToTradeParty"), "ram:PostalTradeAddress") {
		c.xassert(anyFilled(pa.childrenOf("ram:CityName")), "BR-DE-10", pa)
		c.xassert(anyFilled(pa.childrenOf("ram:PostcodeCode")), "BR-DE-11", pa)
	}
	for _, pm := range nodesAt(ahts, "ram:SpecifiedTradeSettlementPaymentMeans") {
		code := ctxNSV(pm.childrenOf("ram:TypeCode"))
		cfa := pm.child("ram:PayeePartyCreditorFinancialAccount") != nil
		card := pm.child("ram:ApplicableTradeSettlementFinancialCard") != nil
		payerIBAN := pm.all("ram:PayerPartyDebtorFinancialAccount", "ram:IBANID")
		dd := has(bt89) || has(bt90) || has(payerIBAN)
		switch code {
		case "30", "58":
			c.xassert(code != "58" || c.ibanOK(pm.all("ram:PayeePartyCreditorFinancialAccount", "ram:IBANID")), "BR-DE-19", pm)
			c.xassert(cfa, "BR-DE-23-a", pm)
			c.xassert(!card && !dd, "BR-DE-23-b", pm)
		case "48", "54", "55":
			c.xassert(card, "BR-DE-24-a", pm)
			c.xassert(!cfa && !dd, "BR-DE-24-b", pm)
		case "59":
			c.xassert(c.ibanOK(payerIBAN), "BR-DE-20", pm)
			c.xassert(dd, "BR-DE-25-a", pm)
			c.xassert(!cfa && pm.child("ram:PayeeSpecifiedCreditorFinancialInstitution") == nil &&
				pm.child("ram:PayerSpecifiedDebtorFinancialInstitution") == nil && !card, "BR-DE-25-b", pm)
		}
	}
	for _, tt := range nodesAt(ahts, "ram:ApplicableTradeTax") {
		c.xassert(anyFilled(tt.childrenOf("ram:RateApplicablePercent")), "BR-DE-14", tt)
	}
	for _, t := range stt {
		every := true
		for _, l := range t.childrenOf("ram:IncludedSupplyChainTradeLineItem") {
			if l.at("ram:SpecifiedLineTradeSettlement", "ram:BillingSpecifiedPeriod") == nil {
				every = false
			}
		}
		c.xassert(t.at("ram:ApplicableHeaderTradeDelivery", "ram:ActualDeliverySupplyChainEvent", "ram:OccurrenceDateTime") != nil ||
			t.at("ram:ApplicableHeaderTradeSettlement", "ram:BillingSpecifiedPeriod") != nil || every, "BR-DE-TMP-32", t)
		for _, l := range t.childrenOf("ram:IncludedSupplyChainTradeLineItem") {
			g := l.all("ram:SpecifiedLineTradeAgreement", "ram:GrossPriceProductTradePrice", "ram:BasisQuantity")
			n := l.all("ram:SpecifiedLineTradeAgreement", "ram:NetPriceProductTradePrice", "ram:BasisQuantity")
			ok := len(g) == 0 || len(n) == 0
			if !ok {
				eq := false
				for _, a := range g {
					if anyEq(n, strval(a)) {
						eq = true
					}
				}
				gu, nu := attrsOf(g, "unitCode"), attrsOf(n, "unitCode")
				unit := len(gu) == 0 || len(nu) == 0
				for _, u := range gu {
					if inList(u, nu...) {
						unit = true
					}
				}
				ok = eq && unit
			}
			c.xassert(ok, "BR-TMP-3", l)
		}
	}
}

// attrsOf returns the values of the attribute name of the nodes that have it.
func attrsOf(ns []*node, name string) []string {
	var out []string
	for _, n := range ns {
		if v, ok := n.attr(name); ok {
			out = append(out, v)
		}
	}
	return out
}

func xrCIIExtension(c *xctx, r *node) {
	isExt := false
	for _, id := range ciiGuideline(r) {
		if len(id.kids) == 0 && id.text == xrExtensionID {
			isExt = true
		}
	}
	if !isExt {
		return
	}
	parentLine := len(descendants(r, "ram:ParentLineID")) > 0
	for _, adl := range r.all("rsm:SupplyChainTradeTransaction", "ram:IncludedSupplyChainTradeLineItem", "ram:AssociatedDocumentLineDocument") {
		c.xassert(!parentLine, "BR-DEX-15", adl)
	}
	r.walk(func(n *node) {
		if n.key == "ram:AttachmentBinaryObject" {
			mc, _ := n.attr("mimeCode")
			c.xassert(inList(mc, "application/pdf", "image/png", "image/jpeg", "text/csv",
				"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
				"application/vnd.oasis.opendocument.spreadsheet", "application/xml"), "BR-DEX-01", n)
			return
		}
		if _, ok := n.attr("schemeID"); !ok || n.parent == nil {
			return
		}
		switch n.key {
		case "ram:GlobalID":
			if !hasAncestor(n, "ram:SpecifiedTradeProduct") && !hasAncestor(n, "ram:ShipToTradeParty") {
				c.xassert(codeListed(n, "schemeID", xrISO6523Ext), "BR-DEX-04", n)
			}
			if n.parent.key == "ram:SpecifiedTradeProduct" {
				c.xassert(codeListed(n, "schemeID", xrISO6523Ext), "BR-DEX-06", n)
			}
			if n.parent.key == "ram:ShipToTradeParty" && n.parent.parent != nil && n.parent.parent.key == "ram:ApplicableHeaderTradeDelivery" {
				c.xassert(codeListed(n, "schemeID", xrISO6523Ext), "BR-DEX-08", n)
			}
		case "ram:ID":
			if !hasAncestor(n, "ram:SpecifiedTaxRegistration") {
				c.xassert(codeListed(n, "schemeID", xrISO6523Ext), "BR-DEX-05", n)
			}
		case "ram:URIID":
			if n.parent.key == "ram:URIUniversalCommunication" {
				c.xassert(codeListed(n, "schemeID", xrCEFEASExt), "BR-DEX-07", n)
			}
		}
	})
}

func xrCIICVD(c *xctx, r *node) {
	isCVD := false
	for _, id := range ciiGuideline(r) {
		if len(id.kids) == 0 && id.text == xrCVDID {
			isCVD = true
		}
	}
	if !isCVD {
		return
	}
	for _, stt := range r.childrenOf("rsm:SupplyChainTradeTransaction") {
		xrCVDItems(c, stt, stt.all("ram:IncludedSupplyChainTradeLineItem", "ram:SpecifiedTradeProduct"), ciiCVDPaths)
		for _, a := range stt.childrenOf("ram:ApplicableHeaderTradeAgreement") {
			c.xassert(anyFilled(a.all("ram:ContractReferencedDocument", "ram:IssuerAssignedID")), "BR-DE-CVD-01", a)
			ok := false
			for _, d := range a.childrenOf("ram:AdditionalReferencedDocument") {
				if c.nsv1(d.childrenOf("ram:TypeCode")) == "50" && c.nsv1(d.childrenOf("ram:IssuerAssignedID")) != "" {
					ok = true
				}
			}
			c.xassert(ok, "BR-DE-CVD-02", a)
		}
	}
}

func xrCIIPeppol(c *xctx, r *node) {
	// peppol-cii-pattern-0-a
	r.walk(func(n *node) {
		if n.key != "ram:ApplicableHeaderTradeDelivery" && len(n.kids) == 0 && blank(n.text) {
			c.xfire("PEPPOL-EN16931-R008", n)
		}
	})
	docCur := r.all("rsm:SupplyChainTradeTransaction", "ram:ApplicableHeaderTradeSettlement", "ram:InvoiceCurrencyCode")
	taxCur := r.all("rsm:SupplyChainTradeTransaction", "ram:ApplicableHeaderTradeSettlement", "ram:TaxCurrencyCode")
	slack := slackValue(docCur)
	curIn := func(ns []*node, cur []*node) []*node {
		var out []*node
		for _, n := range ns {
			if v, ok := n.attr("currencyID"); ok && anyEq(cur, v) {
				out = append(out, n)
			}
		}
		return out
	}
	r.walk(func(n *node) {
		switch n.key {
		case "rsm:ExchangedDocumentContext":
			c.xassert(n.at("ram:BusinessProcessSpecifiedDocumentContextParameter", "ram:ID") != nil, "PEPPOL-EN16931-R001", n)
		case "ram:ApplicableHeaderTradeSettlement":
			tcc := n.childrenOf("ram:TaxCurrencyCode")
			if len(tcc) > 0 {
				c.xassert(c.nsv1(tcc) != c.nsv1(n.childrenOf("ram:InvoiceCurrencyCode")), "PEPPOL-EN16931-R005", n)
			}
			tta := n.all("ram:SpecifiedTradeSettlementHeaderMonetarySummation", "ram:TaxTotalAmount")
			c.xassert(len(curIn(tta, docCur)) <= 1, "PEPPOL-EN16931-R053", n)
			other := 0
			for _, t := range tta {
				if v, ok := t.attr("currencyID"); ok {
					for _, d := range docCur {
						if strval(d) != v {
							other++
							break
						}
					}
				}
			}
			want := 0
			if len(tcc) > 0 {
				want = 1
			}
			c.xassert(other == want, "PEPPOL-EN16931-R054", n)
			inDoc, inTax := curIn(tta, docCur), curIn(tta, taxCur)
			c.xassert(!(len(taxCur) > 0 && len(inDoc) > 0) ||
				c.cmpDouble(inTax, "<", 0) && c.cmpDouble(inDoc, "<", 0) ||
				c.cmpDouble(inTax, ">=", 0) && c.cmpDouble(inDoc, ">=", 0), "PEPPOL-EN16931-R055", n)
		case "ram:BuyerTradeParty":
			c.xassert(n.at("ram:URIUniversalCommunication", "ram:URIID") != nil, "PEPPOL-EN16931-R010", n)
		case "ram:SellerTradeParty":
			c.xassert(n.at("ram:URIUniversalCommunication", "ram:URIID") != nil, "PEPPOL-EN16931-R020", n)
		case "ram:SpecifiedTradeAllowanceCharge":
			pct := n.child("ram:CalculationPercent") != nil
			base := n.child("ram:BasisAmount") != nil
			switch {
			case pct && !base:
				c.xfire("PEPPOL-EN16931-R041", n)
			case !pct && base:
				c.xfire("PEPPOL-EN16931-R042", n)
			default:
				if pct && base {
					a := c.decOr(n.childrenOf("ram:ActualAmount"), decimal.Zero)
					b := c.decOr(n.childrenOf("ram:BasisAmount"), decimal.Zero)
					p := c.decOr(n.childrenOf("ram:CalculationPercent"), decimal.Zero)
					c.xassert(xslack(a, xdiv(b.Mul(p), decHundred), slack), "PEPPOL-EN16931-R040", n)
				}
				c.xassert(c.ciiIndicatorOK(n), "PEPPOL-EN16931-R043-1", n)
			}
		case "ram:AppliedTradeAllowanceCharge":
			c.xassert(c.ciiIndicatorOK(n), "PEPPOL-EN16931-R043-2", n)
		case "ram:SpecifiedTradeSettlementPaymentMeans":
			if inList(ctxNSV(n.childrenOf("ram:TypeCode")), "49", "59") && n.parent != nil {
				c.xassert(n.parent.at("ram:SpecifiedTradePaymentTerms", "ram:DirectDebitMandateID") != nil, "PEPPOL-EN16931-R061", n)
			}
		case "ram:IncludedSupplyChainTradeLineItem":
			xrCIILine(c, n, slack)
		case "ram:NetPriceProductTradePrice", "ram:GrossPriceProductTradePrice":
			bq := n.childrenOf("ram:BasisQuantity")
			ok := true
			if q := c.one(bq); q != nil {
				ok = c.decOf(q).IsPositive()
			}
			c.xassert(ok, "PEPPOL-EN16931-R121", n)
			for _, q := range bq {
				uc, has := q.attr("unitCode")
				if !has {
					continue
				}
				var line *node
				if n.parent != nil {
					line = n.parent.parent
				}
				same := false
				for _, b := range line.all("ram:SpecifiedLineTradeDelivery", "ram:BilledQuantity") {
					if v, ok := b.attr("unitCode"); ok && v == uc {
						same = true
					}
				}
				c.xassert(same, "PEPPOL-EN16931-R130", q)
			}
		}
	})
	for _, stt := range r.childrenOf("rsm:SupplyChainTradeTransaction") {
		for _, pair := range [][2]string{{"ram:StartDateTime", "PEPPOL-EN16931-R110"}, {"ram:EndDateTime", "PEPPOL-EN16931-R111"}} {
			hdrEl := stt.all("ram:ApplicableHeaderTradeSettlement", "ram:BillingSpecifiedPeriod", pair[0])
			if len(hdrEl) == 0 {
				continue
			}
			hdr := nodesAt(hdrEl, "udt:DateTimeString")
			for _, d := range stt.all("ram:IncludedSupplyChainTradeLineItem", "ram:SpecifiedLineTradeSettlement", "ram:BillingSpecifiedPeriod", pair[0]) {
				ok := false
				for _, a := range d.childrenOf("udt:DateTimeString") {
					for _, h := range hdr {
						if pair[0] == "ram:StartDateTime" && strval(a) >= strval(h) || pair[0] == "ram:EndDateTime" && strval(a) <= strval(h) {
							ok = true
						}
					}
				}
				c.xassert(ok, pair[1], d)
			}
		}
		// peppol-cii-pattern-0-b
		for _, g := range stt.all("ram:IncludedSupplyChainTradeLineItem", "ram:SpecifiedLineTradeAgreement", "ram:GrossPriceProductTradePrice") {
			atac := g.childrenOf("ram:AppliedTradeAllowanceCharge")
			c.xassert(len(nodesAt(atac, "ram:ActualAmount")) == 0 || anyEq(nodesAt(nodesAt(atac, "ram:ChargeIndicator"), "udt:Indicator"), "false"), "PEPPOL-EN16931-R044", g)
			if g.child("ram:ChargeAmount") == nil {
				continue
			}
			net := c.one(g.parent.all("ram:NetPriceProductTradePrice", "ram:ChargeAmount"))
			gv := c.decOf(c.one(g.childrenOf("ram:ChargeAmount")))
			var first []*node
			for _, a := range atac {
				if x := a.child("ram:ActualAmount"); x != nil {
					first = append(first, x)
				}
			}
			av := c.decOr(first, decimal.Zero)
			c.xassert(net != nil && c.decOf(net).Equal(gv.Sub(av)), "PEPPOL-EN16931-R046", g)
		}
	}
}

// ciiIndicatorOK is normalize-space(ram:ChargeIndicator/udt:Indicator/text())
// = 'true' or 'false'.
func (c *xctx) ciiIndicatorOK(n *node) bool {
	v := c.nsv1(n.all("ram:ChargeIndicator", "udt:Indicator"))
	return v == "true" || v == "false"
}

// xrCIILine checks the Peppol line rules R120 and R101.
func xrCIILine(c *xctx, l *node, slack decimal.Decimal) {
	var allow, charge []*node
	for _, ac := range l.all("ram:SpecifiedLineTradeSettlement", "ram:SpecifiedTradeAllowanceCharge") {
		switch c.nsv1(ac.all("ram:ChargeIndicator", "udt:Indicator")) {
		case "false":
			allow = append(allow, ac.childrenOf("ram:ActualAmount")...)
		case "true":
			charge = append(charge, ac.childrenOf("ram:ActualAmount")...)
		}
	}
	bq := l.all("ram:SpecifiedLineTradeAgreement", "ram:NetPriceProductTradePrice", "ram:BasisQuantity")
	if len(bq) == 0 {
		bq = l.all("ram:SpecifiedLineTradeAgreement", "ram:GrossPriceProductTradePrice", "ram:BasisQuantity")
	} else if c.decOf(c.one(bq)).IsZero() {
		bq = l.all("ram:SpecifiedLineTradeAgreement", "ram:GrossPriceProductTradePrice", "ram:BasisQuantity")
	}
	c.xassert(c.lineNetOK(l.all("ram:SpecifiedLineTradeSettlement", "ram:SpecifiedTradeSettlementLineMonetarySummation", "ram:LineTotalAmount"),
		l.all("ram:SpecifiedLineTradeDelivery", "ram:BilledQuantity"),
		l.all("ram:SpecifiedLineTradeAgreement", "ram:NetPriceProductTradePrice", "ram:ChargeAmount"),
		bq, allow, charge, slack), "PEPPOL-EN16931-R120", l)
	ards := l.all("ram:SpecifiedLineTradeSettlement", "ram:AdditionalReferencedDocument")
	c.xassert(len(ards) == 0 || anyEq(nodesAt(ards, "ram:TypeCode"), "130"), "PEPPOL-EN16931-R101", l)
}
