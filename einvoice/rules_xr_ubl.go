package einvoice

import (
	"github.com/shopspring/decimal"
)

// xrUBL is the UBL binding of the XRechnung Schematron
// (XRechnung-UBL-validation.sch): patterns ubl-pattern,
// ubl-extension-pattern, ubl-cvd-pattern and the merged Peppol patterns.
func xrUBL(c *xctx) {
	r := c.doc
	xrUBLRoot(c, r)
	xrUBLExtension(c, r)
	xrUBLCVD(c, r)
	xrUBLPeppol(c, r)
}

// ublPaymentMeansCode is normalize-space(cbc:PaymentMeansCode) in a rule
// context's predicate.
func ublPaymentMeansCode(pm *node) string { return ctxNSV(pm.childrenOf("cbc:PaymentMeansCode")) }

var xrVATCodes = []string{"S", "Z", "E", "AE", "K", "G", "L", "M"}

func xrUBLRoot(c *xctx, r *node) {
	c.xassert(r.child("cac:PaymentMeans") != nil, "BR-DE-1", r)
	c.xassert(anyFilled(r.childrenOf("cbc:BuyerReference")), "BR-DE-15", r)

	// BR-DE-16
	used := false
	for _, ac := range r.childrenOf("cac:AllowanceCharge") {
		ind := ac.childrenOf("cbc:ChargeIndicator")
		if anyEq(ind, "false") || anyEq(ind, "true") {
			if anyEq(ac.all("cac:TaxCategory", "cbc:ID"), xrVATCodes...) {
				used = true
			}
		}
	}
	for _, l := range append(r.childrenOf("cac:InvoiceLine"), r.childrenOf("cac:CreditNoteLine")...) {
		if anyEq(l.all("cac:Item", "cac:ClassifiedTaxCategory", "cbc:ID"), xrVATCodes...) {
			used = true
		}
	}
	c.xassert(!used || r.child("cac:TaxRepresentativeParty") != nil ||
		anyFilled(r.all("cac:AccountingSupplierParty", "cac:Party", "cac:PartyTaxScheme", "cbc:CompanyID")), "BR-DE-16", r)

	types := []string{"326", "380", "384", "389", "381", "875", "876", "877"}
	itc := c.nsv1(r.childrenOf("cbc:InvoiceTypeCode"))
	cntc := c.nsv1(r.childrenOf("cbc:CreditNoteTypeCode"))
	c.xassert(inList(itc, types...) || inList(cntc, types...), "BR-DE-17", r)

	var notes []*node
	for _, pt := range r.childrenOf("cac:PaymentTerms") {
		if n := pt.child("cbc:Note"); n != nil {
			notes = append(notes, n)
		}
	}
	c.xassert(c.skontoOK(notes), "BR-DE-18", r)
	c.xassert(anyEq(r.childrenOf("cbc:CustomizationID"), xrCIUSID, xrExtensionID, xrCVDID), "BR-DE-21", r)

	// BR-DE-22: a filename repeated in a later additional document reference
	dup := false
	var seen []string
	for _, adr := range r.childrenOf("cac:AdditionalDocumentReference") {
		var fns []string
		for _, b := range adr.all("cac:Attachment", "cbc:EmbeddedDocumentBinaryObject") {
			if fn, ok := b.attr("filename"); ok {
				fns = append(fns, fn)
			}
		}
		for _, fn := range fns {
			if inList(fn, seen...) {
				dup = true
			}
		}
		seen = append(seen, fns...)
	}
	c.xassert(!dup, "BR-DE-22", r)

	c.xassert(!(itc == "384" || cntc == "384") || r.at("cac:BillingReference", "cac:InvoiceDocumentReference") != nil, "BR-DE-26", r)

	mandate := len(r.all("cac:PaymentMeans", "cac:PaymentMandate")) > 0
	sepa := false
	for _, id := range append(r.all("cac:AccountingSupplierParty", "cac:Party", "cac:PartyIdentification", "cbc:ID"), r.all("cac:PayeeParty", "cac:PartyIdentification", "cbc:ID")...) {
		if v, ok := id.attr("schemeID"); ok && v == "SEPA" {
			sepa = true
		}
	}
	c.xassert(!mandate || sepa, "BR-DE-30", r)
	c.xassert(!mandate || len(r.all("cac:PaymentMeans", "cac:PaymentMandate", "cac:PayerFinancialAccount", "cbc:ID")) > 0, "BR-DE-31", r)

	every := true
	for _, l := range append(r.childrenOf("cac:InvoiceLine"), r.childrenOf("cac:CreditNoteLine")...) {
		if l.child("cac:InvoicePeriod") == nil {
			every = false
		}
	}
	c.xassert(r.at("cac:Delivery", "cbc:ActualDeliveryDate") != nil || r.child("cac:InvoicePeriod") != nil || every, "BR-DE-TMP-32", r)

	for _, er := range r.all("cac:AdditionalDocumentReference", "cac:Attachment", "cac:ExternalReference") {
		uris := er.childrenOf("cbc:URI")
		c.xassert(xrURLRE.MatchString(strval(c.one(uris))), "BR-TMP-2", er)
	}
	for _, sp := range r.childrenOf("cac:AccountingSupplierParty") {
		c.xassert(sp.at("cac:Party", "cac:Contact") != nil, "BR-DE-2", sp)
	}
	for _, pa := range r.all("cac:AccountingSupplierParty", "cac:Party", "cac:PostalAddress") {
		c.xassert(anyFilled(pa.childrenOf("cbc:CityName")), "BR-DE-3", pa)
		c.xassert(anyFilled(pa.childrenOf("cbc:PostalZone")), "BR-DE-4", pa)
	}
	for _, ct := range r.all("cac:AccountingSupplierParty", "cac:Party", "cac:Contact") {
		c.xassert(anyFilled(ct.childrenOf("cbc:Name")), "BR-DE-5", ct)
		c.xassert(anyFilled(ct.childrenOf("cbc:Telephone")), "BR-DE-6", ct)
		c.xassert(anyFilled(ct.childrenOf("cbc:ElectronicMail")), "BR-DE-7", ct)
		c.xassert(xrTelephoneRE.MatchString(c.nsv1(ct.childrenOf("cbc:Telephone"))), "BR-DE-27", ct)
		c.xassert(xrEmailRE.MatchString(c.nsv1(ct.childrenOf("cbc:ElectronicMail"))), "BR-DE-28", ct)
	}
	for _, pa := range r.all("cac:AccountingCustomerParty", "cac:Party", "cac:PostalAddress") {
		c.xassert(anyFilled(pa.childrenOf("cbc:CityName")), "BR-DE-8", pa)
		c.xassert(anyFilled(pa.childrenOf("cbc:PostalZone")), "BR-DE-9", pa)
	}
	for _, a := range r.all("cac:Delivery", "cac:DeliveryLocation", "cac:Address") {
		c.xassert(anyFilled(a.childrenOf("cbc:CityName")), "BR-DE-10", a)
		c.xassert(anyFilled(a.childrenOf("cbc:PostalZone")), "BR-DE-11", a)
	}
	for _, pm := range r.childrenOf("cac:PaymentMeans") {
		pfa := pm.child("cac:PayeeFinancialAccount") != nil
		card := pm.child("cac:CardAccount") != nil
		mand := pm.child("cac:PaymentMandate") != nil
		switch ublPaymentMeansCode(pm) {
		case "30", "58":
			c.xassert(ublPaymentMeansCode(pm) != "58" || c.ibanOK(pm.all("cac:PayeeFinancialAccount", "cbc:ID")), "BR-DE-19", pm)
			c.xassert(pfa, "BR-DE-23-a", pm)
			c.xassert(!card && !mand, "BR-DE-23-b", pm)
		case "48", "54", "55":
			c.xassert(card, "BR-DE-24-a", pm)
			c.xassert(!pfa && !mand, "BR-DE-24-b", pm)
		case "59":
			c.xassert(c.ibanOK(pm.all("cac:PaymentMandate", "cac:PayerFinancialAccount", "cbc:ID")), "BR-DE-20", pm)
			c.xassert(mand, "BR-DE-25-a", pm)
			c.xassert(!pfa && !card, "BR-DE-25-b", pm)
		}
	}
	for _, st := range r.all("cac:TaxTotal", "cac:TaxSubtotal") {
		c.xassert(anyFilled(st.all("cac:TaxCategory", "cbc:Percent")), "BR-DE-14", st)
	}
}

func xrUBLExtension(c *xctx, r *node) {
	isExt := false
	for _, id := range r.childrenOf("cbc:CustomizationID") {
		if len(id.kids) == 0 && id.text == xrExtensionID {
			isExt = true
		}
	}
	if !isExt {
		return
	}
	for _, b := range descendantsOrSelf(r, "cbc:EmbeddedDocumentBinaryObject") {
		mc, _ := b.attr("mimeCode")
		c.xassert(inList(mc, "application/pdf", "image/png", "image/jpeg", "text/csv",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"application/vnd.oasis.opendocument.spreadsheet", "application/xml"), "BR-DEX-01", b)
	}
	if r.key == "Invoice" {
		// BR-DEX-02
		ok := true
		// xs:decimal(cbc:LineExtensionAmount) of a line and of each of its
		// sub lines casts exactly one amount; sum() adds the sub lines'.
		eqSub := func(l *node) bool {
			own := c.one(l.childrenOf("cbc:LineExtensionAmount"))
			var s decimal.Decimal
			for _, sl := range l.childrenOf("cac:SubInvoiceLine") {
				if x := c.one(sl.childrenOf("cbc:LineExtensionAmount")); x != nil {
					s = s.Add(c.decOf(x))
				}
			}
			return own != nil && c.decOf(own).Equal(s)
		}
		for _, l := range r.childrenOf("cac:InvoiceLine") {
			if l.child("cac:SubInvoiceLine") != nil && !eqSub(l) {
				ok = false
			}
		}
		for _, sl := range descendants(r, "cac:SubInvoiceLine") {
			if sl.child("cac:SubInvoiceLine") != nil && !eqSub(sl) {
				ok = false
			}
		}
		c.xassert(ok, "BR-DEX-02", r)
		bad := false
		for _, sl := range descendants(r, "cac:SubInvoiceLine") {
			for _, it := range sl.childrenOf("cac:Item") {
				if len(it.childrenOf("cac:ClassifiedTaxCategory")) != 1 {
					bad = true
				}
			}
		}
		c.xassert(!bad, "BR-DEX-03", r)
	}
	for _, lmt := range descendantsOrSelf(r, "cac:LegalMonetaryTotal") {
		pre := c.decOr(lmt.childrenOf("cbc:PrepaidAmount"), decimal.Zero)
		rnd := c.decOr(lmt.childrenOf("cbc:PayableRoundingAmount"), decimal.Zero)
		var third decimal.Decimal
		pps := lmt.parent.childrenOf("cac:PrepaidPayment")
		if anyFilled(nodesAt(pps, "cbc:PaidAmount")) {
			for _, pa := range nodesAt(pps, "cbc:PaidAmount") {
				third = third.Add(c.decOf(pa))
			}
		}
		pay := lmt.childrenOf("cbc:PayableAmount")
		inc := lmt.childrenOf("cbc:TaxInclusiveAmount")
		ok := false
		if p, t := c.one(pay), c.one(inc); p != nil && t != nil {
			ok = round2(c.decOf(p).Sub(rnd)).Equal(round2(c.decOf(t).Sub(pre).Add(third)))
		}
		c.xassert(ok, "BR-DEX-09", lmt)
	}
	r.walk(func(n *node) {
		if _, ok := n.attr("schemeID"); !ok || n.parent == nil {
			return
		}
		switch {
		case n.key == "cbc:ID" && n.parent.key == "cac:PartyIdentification":
			c.xassert(codeListed(n, "schemeID", xrISO6523Ext) ||
				codeListed(n, "schemeID", " SEPA ") && (hasAncestor(n, "cac:AccountingSupplierParty") || hasAncestor(n, "cac:PayeeParty")), "BR-DEX-04", n)
		case n.key == "cbc:CompanyID" && n.parent.key == "cac:PartyLegalEntity":
			c.xassert(codeListed(n, "schemeID", xrISO6523Ext), "BR-DEX-05", n)
		case n.key == "cbc:ID" && n.parent.key == "cac:StandardItemIdentification":
			c.xassert(codeListed(n, "schemeID", xrISO6523Ext), "BR-DEX-06", n)
		case n.key == "cbc:EndpointID":
			c.xassert(codeListed(n, "schemeID", xrCEFEASExt), "BR-DEX-07", n)
		case n.key == "cbc:ID" && n.parent.key == "cac:DeliveryLocation":
			c.xassert(codeListed(n, "schemeID", xrISO6523Ext), "BR-DEX-08", n)
		}
	})
	if r.key == "Invoice" {
		for _, pp := range r.childrenOf("cac:PrepaidPayment") {
			pa := pp.childrenOf("cbc:PaidAmount")
			c.xassert(anyFilled(pp.childrenOf("cbc:ID")), "BR-DEX-10", pp)
			c.xassert(anyFilled(pa), "BR-DEX-11", pp)
			c.xassert(anyFilled(pp.childrenOf("cbc:InstructionID")), "BR-DEX-12", pp)
			c.xassert(decimals(strval(c.one(pa))) <= 2, "BR-DEX-13", pp)
			cur := false
			for _, a := range pa {
				if v, ok := a.attr("currencyID"); ok && anyEq(r.childrenOf("cbc:DocumentCurrencyCode"), v) {
					cur = true
				}
			}
			c.xassert(cur, "BR-DEX-14", pp)
		}
	}
}

// nodesAt returns the children with key of every node of ns.
func nodesAt(ns []*node, key string) []*node {
	var out []*node
	for _, n := range ns {
		out = append(out, n.childrenOf(key)...)
	}
	return out
}

func xrUBLCVD(c *xctx, r *node) {
	isCVD := false
	for _, id := range r.childrenOf("cbc:CustomizationID") {
		if len(id.kids) == 0 && id.text == xrCVDID {
			isCVD = true
		}
	}
	if !isCVD {
		return
	}
	c.xassert(anyFilled(r.all("cac:OriginatorDocumentReference", "cbc:ID")), "BR-DE-CVD-02", r)
	c.xassert(anyFilled(r.all("cac:ContractDocumentReference", "cbc:ID")), "BR-DE-CVD-01", r)
	items := append(r.all("cac:InvoiceLine", "cac:Item"), r.all("cac:CreditNoteLine", "cac:Item")...)
	xrCVDItems(c, r, items, ublCVDPaths)
}

func xrUBLPeppol(c *xctx, r *node) {
	// peppol-ubl-pattern-1
	r.walk(func(n *node) {
		if len(n.kids) == 0 && blank(n.text) {
			c.xfire("PEPPOL-EN16931-R008", n)
		}
	})
	// peppol-ubl-pattern-2
	c.xassert(r.child("cbc:ProfileID") != nil, "PEPPOL-EN16931-R001", r)
	withSub, without := 0, 0
	for _, tt := range r.childrenOf("cac:TaxTotal") {
		if tt.child("cac:TaxSubtotal") != nil {
			withSub++
		} else {
			without++
		}
	}
	c.xassert(withSub == 1, "PEPPOL-EN16931-R053", r)
	want := 0
	if r.child("cbc:TaxCurrencyCode") != nil {
		want = 1
	}
	c.xassert(without == want, "PEPPOL-EN16931-R054", r)
	if r.child("cbc:TaxCurrencyCode") != nil {
		taxCur := c.nsv1(r.childrenOf("cbc:TaxCurrencyCode"))
		docCur := c.nsv1(r.childrenOf("cbc:DocumentCurrencyCode"))
		var inTax, inDoc []*node
		for _, ta := range r.all("cac:TaxTotal", "cbc:TaxAmount") {
			v, _ := ta.attr("currencyID")
			if v == taxCur {
				inTax = append(inTax, ta)
			}
			if v == docCur {
				inDoc = append(inDoc, ta)
			}
		}
		c.xassert(c.cmpDouble(inTax, "<=", 0) && c.cmpDouble(inDoc, "<=", 0) || c.cmpDouble(inTax, ">=", 0) && c.cmpDouble(inDoc, ">=", 0), "PEPPOL-EN16931-R055", r)
	}
	slack := slackValue(r.childrenOf("cbc:DocumentCurrencyCode"))
	isInvoice := r.key == "Invoice"
	r.walk(func(n *node) {
		switch n.key {
		case "cbc:TaxCurrencyCode":
			var dcc string
			if n.parent != nil {
				for _, d := range n.parent.childrenOf("cbc:DocumentCurrencyCode") {
					dcc = normSpace(d.text)
					break
				}
			}
			c.xassert(normSpace(n.text) != dcc, "PEPPOL-EN16931-R005", n)
		case "cac:Party":
			switch n.parent.key {
			case "cac:AccountingCustomerParty":
				c.xassert(n.child("cbc:EndpointID") != nil, "PEPPOL-EN16931-R010", n)
			case "cac:AccountingSupplierParty":
				c.xassert(n.child("cbc:EndpointID") != nil, "PEPPOL-EN16931-R020", n)
			}
		case "cac:PaymentMeans":
			if inList(ublPaymentMeansCode(n), "49", "59") {
				c.xassert(n.at("cac:PaymentMandate", "cbc:ID") != nil, "PEPPOL-EN16931-R061", n)
			}
		case "cac:InvoiceLine", "cac:CreditNoteLine":
			xrUBLLine(c, n, isInvoice, slack)
		case "cac:AllowanceCharge":
			if n.parent.key == "cac:Price" {
				c.xassert(c.nsv1(n.childrenOf("cbc:ChargeIndicator")) == "false", "PEPPOL-EN16931-R044", n)
				ok := true
				if n.child("cbc:BaseAmount") != nil {
					p, b, a := c.one(n.parent.childrenOf("cbc:PriceAmount")), c.one(n.childrenOf("cbc:BaseAmount")), c.one(n.childrenOf("cbc:Amount"))
					ok = p != nil && a != nil && c.decOf(p).Equal(c.decOf(b).Sub(c.decOf(a)))
				}
				c.xassert(ok, "PEPPOL-EN16931-R046", n)
				return
			}
			if !(n.parent == r || n.parent.parent == r && (n.parent.key == "cac:InvoiceLine" && isInvoice || n.parent.key == "cac:CreditNoteLine" && !isInvoice)) {
				return
			}
			mfn := n.child("cbc:MultiplierFactorNumeric") != nil
			base := n.child("cbc:BaseAmount") != nil
			switch {
			case mfn && !base:
				c.xfire("PEPPOL-EN16931-R041", n)
			case !mfn && base:
				c.xfire("PEPPOL-EN16931-R042", n)
			default:
				if mfn && base {
					a := c.decOr(n.childrenOf("cbc:Amount"), decimal.Zero)
					b := c.decOr(n.childrenOf("cbc:BaseAmount"), decimal.Zero)
					m := c.decOr(n.childrenOf("cbc:MultiplierFactorNumeric"), decimal.Zero)
					c.xassert(xslack(a, xdiv(b.Mul(m), decHundred), slack), "PEPPOL-EN16931-R040", n)
				}
				ci := c.nsv1(n.childrenOf("cbc:ChargeIndicator"))
				c.xassert(ci == "true" || ci == "false", "PEPPOL-EN16931-R043", n)
			}
		case "cbc:BaseQuantity":
			if n.parent.key != "cac:Price" {
				return
			}
			uc, ok := n.attr("unitCode")
			if !ok {
				return
			}
			line := n.parent.parent
			if line == nil {
				return
			}
			has := line.child("cbc:InvoicedQuantity") != nil || line.child("cbc:CreditedQuantity") != nil
			qk := "cbc:CreditedQuantity"
			if isInvoice {
				qk = "cbc:InvoicedQuantity"
			}
			same := false
			for _, q := range line.childrenOf(qk) {
				if v, ok := q.attr("unitCode"); ok && v == uc {
					same = true
				}
			}
			c.xassert(!has || same, "PEPPOL-EN16931-R130", n)
		}
	})
	// R110/R111: line periods within the invoice period
	lk := "cac:CreditNoteLine"
	if isInvoice {
		lk = "cac:InvoiceLine"
	}
	for _, pair := range [][2]string{{"cbc:StartDate", "PEPPOL-EN16931-R110"}, {"cbc:EndDate", "PEPPOL-EN16931-R111"}} {
		hdr := r.all("cac:InvoicePeriod", pair[0])
		if len(hdr) == 0 {
			continue
		}
		for _, d := range r.all(lk, "cac:InvoicePeriod", pair[0]) {
			v, ok1 := xdate(d.text)
			h, ok2 := xdate(strval(c.one(hdr)))
			if !ok1 || !ok2 {
				c.abortOn(d)
				continue
			}
			if pair[0] == "cbc:StartDate" {
				c.xassert(v >= h, pair[1], d)
			} else {
				c.xassert(v <= h, pair[1], d)
			}
		}
	}
}

// xrUBLLine checks the Peppol line rules R120, R121 and R101.
func xrUBLLine(c *xctx, l *node, isInvoice bool, slack decimal.Decimal) {
	qk := "cbc:CreditedQuantity"
	if isInvoice {
		qk = "cbc:InvoicedQuantity"
	}
	var allow, charge []*node
	for _, ac := range l.childrenOf("cac:AllowanceCharge") {
		switch c.nsv1(ac.childrenOf("cbc:ChargeIndicator")) {
		case "false":
			allow = append(allow, ac.childrenOf("cbc:Amount")...)
		case "true":
			charge = append(charge, ac.childrenOf("cbc:Amount")...)
		}
	}
	c.xassert(c.lineNetOK(l.childrenOf("cbc:LineExtensionAmount"), l.childrenOf(qk), l.all("cac:Price", "cbc:PriceAmount"),
		l.all("cac:Price", "cbc:BaseQuantity"), allow, charge, slack), "PEPPOL-EN16931-R120", l)
	ok := true
	if bq := c.one(l.all("cac:Price", "cbc:BaseQuantity")); bq != nil {
		ok = c.decOf(bq).IsPositive()
	}
	c.xassert(ok, "PEPPOL-EN16931-R121", l)
	drs := l.childrenOf("cac:DocumentReference")
	c.xassert(len(drs) == 0 || anyEq(nodesAt(drs, "cbc:DocumentTypeCode"), "130"), "PEPPOL-EN16931-R101", l)
}

// cvdPaths names, per syntax, where an item's classification codes and its
// properties (name and value) stand, for the CVD rules on items.
type cvdPaths struct {
	class       [2]string // classification element and its code child
	prop        string    // property element
	name, value string    // the property's name and value children
}

var (
	ublCVDPaths = cvdPaths{
		class: [2]string{"cac:CommodityClassification", "cbc:ItemClassificationCode"},
		prop:  "cac:AdditionalItemProperty", name: "cbc:Name", value: "cbc:Value",
	}
	ciiCVDPaths = cvdPaths{
		class: [2]string{"ram:DesignatedProductClassification", "ram:ClassCode"},
		prop:  "ram:ApplicableProductCharacteristic", name: "ram:Description", value: "ram:Value",
	}
)

// xrCVDItems checks the CVD rules on the items of one invoice (UBL) or one
// trade transaction (CII): BR-DE-CVD-03 at at, and BR-DE-CVD-04/05/06-a/06-b
// and BR-TMP-CVD-01 per item, as both bindings of the XRechnung Schematron
// state them with their own paths.
func xrCVDItems(c *xctx, at *node, items []*node, p cvdPaths) {
	cvdCode := func(n *node) bool { v, ok := n.attr("listID"); return ok && v == "CVD" }
	has := false
	for _, it := range items {
		cvd := false
		for _, cc := range it.all(p.class[0], p.class[1]) {
			if cvdCode(cc) {
				cvd = true
			}
		}
		if cvd && anyEq(it.all(p.prop, p.name), "cva") {
			has = true
		}
	}
	c.xassert(has, "BR-DE-CVD-03", at)
	for _, it := range items {
		nCVD, nCVA := 0, 0
		for _, cc := range it.all(p.class[0], p.class[1]) {
			if cvdCode(cc) {
				nCVD++
			}
		}
		var cvas []*node
		for _, pr := range it.childrenOf(p.prop) {
			if anyEq(pr.childrenOf(p.name), "cva") {
				nCVA++
				cvas = append(cvas, pr)
			}
		}
		c.xassert(nCVD == 0 || nCVA == 1, "BR-DE-CVD-06-a", it)
		c.xassert(nCVA == 0 || nCVD == 1, "BR-DE-CVD-06-b", it)
		for _, cc := range it.all(p.class[0], p.class[1]) {
			c.xassert(codeListed(cc, "listID", xrUNTDID7143C), "BR-TMP-CVD-01", cc)
			l, _ := cc.attr("listID")
			c.xassert(normSpace(l) != "CVD" || inList(nsv(cc), "M1", "M2", "M3", "N1", "N2", "N3"), "BR-DE-CVD-04", cc)
		}
		for _, pr := range cvas {
			c.xassert(inList(c.nsv1(pr.childrenOf(p.value)), "clean", "zero-emission", "other"), "BR-DE-CVD-05", pr)
		}
	}
}
