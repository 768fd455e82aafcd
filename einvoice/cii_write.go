package einvoice

import (
	"errors"
	"fmt"
	"io"

	"github.com/ozg-baukasten/baukasten/internal/xmlw"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// WriteCII writes inv as a UN/CEFACT Cross Industry Invoice D16B
// (rsm:CrossIndustryInvoice) as EN 16931-3-3 binds it, with the prefixes
// rsm, ram, udt and qdt, elements in the order of the CII schema, dates in
// format 102 and decimals with the scale they hold. Amounts carry no
// currencyID except BT-110 and BT-111, which EN 16931 requires it for.
//
// Content CII cannot hold gives an error wrapping ErrNotRepresentable and
// nothing is written: sub-lines and third party payments of the XRechnung
// Extension (UBL only), more than one BG-3 (CII D16B has one), a price
// discount (BT-147) without gross price (BT-148) and net price (BT-146),
// payment instructions with differing BT-83 or BT-89 (CII holds each once),
// BT-7 or BT-8 without a VAT breakdown.
//
// CII holds the price discount (BT-147) inside the gross price, whose
// amount the schema requires: for a line with BT-147 but without BT-148,
// BT-148 is written as BT-146 + BT-147, the gross price EN 16931 implies
// (BT-146 = BT-148 - BT-147), as the CEN's own CII examples do.
func WriteCII(w io.Writer, inv *Invoice, opts *WriteOptions) error {
	const op = "einvoice.WriteCII"
	if inv == nil {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: errors.New("nil invoice")}
	}
	cw := &ciiWriter{ublWriter: ublWriter{inv: inv, cur: string(inv.CurrencyCode)}}
	if err := cw.check(); err != nil {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: err}
	}
	cw.x = xmlw.New(w, opts.indent())
	cw.invoice()
	if cw.err == nil {
		cw.err = cw.x.Flush()
	}
	if cw.err != nil {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: cw.err}
	}
	return nil
}

// ciiWriter writes one CII document; it shares leaf, dec and fail with the
// UBL writer.
type ciiWriter struct {
	ublWriter
	remit, mandate string // BT-83 and BT-89, once per document
}

// check finds what CII cannot hold and collects BT-83 and BT-89.
func (c *ciiWriter) check() error {
	inv := c.inv
	if len(inv.ThirdPartyPayments) > 0 {
		return fmt.Errorf("BG-DEX-09: %w: XRechnung has third party payments in UBL only", ErrNotRepresentable)
	}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		if len(l.SubLines) > 0 {
			return fmt.Errorf("BG-DEX-01: %w: XRechnung has sub invoice lines in UBL only (line %q)", ErrNotRepresentable, l.ID)
		}
		if p := l.Price; p.Discount != nil && p.Gross == nil && p.Net == nil {
			return fmt.Errorf("BT-147: %w: CII holds the price discount in the gross price, which needs BT-148 or BT-146 (line %q)", ErrNotRepresentable, l.ID)
		}
	}
	if len(inv.PrecedingInvoices) > 1 {
		return fmt.Errorf("BG-3: %w: CII D16B holds one preceding invoice reference, not %d", ErrNotRepresentable, len(inv.PrecedingInvoices))
	}
	if (!inv.TaxPointDate.IsZero() || inv.TaxPointDateCode != "") && len(inv.VATBreakdown) == 0 {
		return fmt.Errorf("BT-7/BT-8: %w: CII holds them in a VAT breakdown, and there is none", ErrNotRepresentable)
	}
	for _, p := range inv.PaymentInstructions {
		if p.RemittanceInformation != "" {
			if c.remit != "" && c.remit != p.RemittanceInformation {
				return fmt.Errorf("BT-83: %w: CII holds one remittance information per invoice", ErrNotRepresentable)
			}
			c.remit = p.RemittanceInformation
		}
		if p.DirectDebit != nil && p.DirectDebit.MandateReference != "" {
			if c.mandate != "" && c.mandate != p.DirectDebit.MandateReference {
				return fmt.Errorf("BT-89: %w: CII holds one mandate reference per invoice", ErrNotRepresentable)
			}
			c.mandate = p.DirectDebit.MandateReference
		}
	}
	return nil
}

// date writes <name><child format="102">YYYYMMDD</child></name> if d is
// set.
func (c *ciiWriter) date(name, child string, d Date) {
	if !d.IsZero() {
		c.x.Start(name)
		c.x.Leaf(child, d.Compact(), "format", "102")
		c.x.End()
	}
}

// amount writes an amount without currencyID.
func (c *ciiWriter) amount(name string, d *decimal.Decimal) {
	if d != nil {
		c.x.Leaf(name, FormatDecimal(*d))
	}
}

// ref writes <name><child>id</child></name> if id is not "".
func (c *ciiWriter) ref(name, child, id string) {
	if id != "" {
		c.x.Start(name)
		c.x.Leaf(child, id)
		c.x.End()
	}
}

// id writes a party's or location's identifier as ram:ID (without scheme,
// or with SchemeOnID) or ram:GlobalID.
func (c *ciiWriter) id(id Identifier) {
	if id.IsZero() {
		return
	}
	if onID(id) {
		c.x.Leaf("ram:ID", id.ID, "schemeID", id.Scheme)
	} else {
		c.x.Leaf("ram:GlobalID", id.ID, "schemeID", id.Scheme)
	}
}

// onID reports whether id is written as ram:ID.
func onID(id Identifier) bool { return id.Scheme == "" || id.SchemeOnID }

func (c *ciiWriter) invoice() {
	inv, x := c.inv, c.x
	x.Start("rsm:CrossIndustryInvoice", "xmlns:rsm", NamespaceCII, "xmlns:ram", NamespaceCIIRAM,
		"xmlns:qdt", NamespaceCIIQDT, "xmlns:udt", NamespaceCIIUDT)
	x.Start("rsm:ExchangedDocumentContext")
	c.ref("ram:BusinessProcessSpecifiedDocumentContextParameter", "ram:ID", inv.BusinessProcessType)
	c.ref("ram:GuidelineSpecifiedDocumentContextParameter", "ram:ID", inv.Specification)
	x.End()
	x.Start("rsm:ExchangedDocument")
	x.Leaf("ram:ID", inv.Number)
	c.leaf("ram:TypeCode", string(inv.TypeCode))
	c.date("ram:IssueDateTime", "udt:DateTimeString", inv.IssueDate)
	for _, n := range inv.Notes {
		x.Start("ram:IncludedNote")
		c.leaf("ram:Content", n.Text)
		c.leaf("ram:SubjectCode", n.SubjectCode)
		x.End()
	}
	x.End()
	x.Start("rsm:SupplyChainTradeTransaction")
	for i := range inv.Lines {
		c.line(&inv.Lines[i])
	}
	c.agreement()
	c.delivery()
	c.settlement()
	x.End()
	x.End()
}

func (c *ciiWriter) agreement() {
	inv, x := c.inv, c.x
	x.Start("ram:ApplicableHeaderTradeAgreement")
	c.leaf("ram:BuyerReference", inv.BuyerReference)
	s := &inv.Seller
	x.Start("ram:SellerTradeParty")
	for _, id := range s.Identifiers {
		if onID(id) {
			// even empty: the list keeps its length
			x.Leaf("ram:ID", id.ID, "schemeID", id.Scheme)
		}
	}
	for _, id := range s.Identifiers {
		if !onID(id) {
			c.id(id)
		}
	}
	c.leaf("ram:Name", s.Name)
	c.leaf("ram:Description", s.AdditionalLegalInformation)
	c.legal(s.LegalRegistration, s.TradingName)
	c.contact(s.Contact)
	c.address(&s.Address)
	c.endpoint(s.ElectronicAddress)
	c.taxRegistration("VA", s.VATIdentifier)
	c.taxRegistration("FC", s.TaxRegistrationID)
	x.End()
	b := &inv.Buyer
	x.Start("ram:BuyerTradeParty")
	c.id(b.Identifier)
	c.leaf("ram:Name", b.Name)
	c.legal(b.LegalRegistration, b.TradingName)
	c.contact(b.Contact)
	c.address(&b.Address)
	c.endpoint(b.ElectronicAddress)
	c.taxRegistration("VA", b.VATIdentifier)
	x.End()
	if t := inv.TaxRepresentative; t != nil {
		x.Start("ram:SellerTaxRepresentativeTradeParty")
		c.leaf("ram:Name", t.Name)
		c.address(&t.Address)
		c.taxRegistration("VA", t.VATIdentifier)
		x.End()
	}
	c.ref("ram:SellerOrderReferencedDocument", "ram:IssuerAssignedID", inv.SalesOrderReference)
	c.ref("ram:BuyerOrderReferencedDocument", "ram:IssuerAssignedID", inv.PurchaseOrderReference)
	c.ref("ram:ContractReferencedDocument", "ram:IssuerAssignedID", inv.ContractReference)
	fromCII := inv.Source != nil && inv.Source.Syntax == CII
	for _, d := range inv.SupportingDocuments {
		x.Start("ram:AdditionalReferencedDocument")
		x.Leaf("ram:IssuerAssignedID", d.ID)
		c.leaf("ram:URIID", d.ExternalLocation)
		typeCode := d.TypeCode
		if typeCode == "" && !fromCII {
			typeCode = "916" // the type code EN 16931 gives BG-24 in CII
		}
		c.leaf("ram:TypeCode", typeCode)
		c.leaf("ram:Name", d.Description)
		if a := d.Attachment; a != nil {
			x.Leaf("ram:AttachmentBinaryObject", a.Base64, "mimeCode", a.MimeCode, "filename", a.Filename)
		}
		x.End()
	}
	if inv.TenderOrLotReference != "" {
		x.Start("ram:AdditionalReferencedDocument")
		x.Leaf("ram:IssuerAssignedID", inv.TenderOrLotReference)
		x.Leaf("ram:TypeCode", "50")
		x.End()
	}
	if o := inv.InvoicedObject; !o.IsZero() {
		x.Start("ram:AdditionalReferencedDocument")
		x.Leaf("ram:IssuerAssignedID", o.ID)
		x.Leaf("ram:TypeCode", "130")
		c.leaf("ram:ReferenceTypeCode", o.Scheme)
		x.End()
	}
	if inv.ProjectReference != "" {
		x.Start("ram:SpecifiedProcuringProject")
		x.Leaf("ram:ID", inv.ProjectReference)
		x.Leaf("ram:Name", projectName)
		x.End()
	}
	x.End()
}

func (c *ciiWriter) legal(id Identifier, trading string) {
	if id.IsZero() && trading == "" {
		return
	}
	c.x.Start("ram:SpecifiedLegalOrganization")
	if !id.IsZero() {
		c.x.Leaf("ram:ID", id.ID, "schemeID", id.Scheme)
	}
	c.leaf("ram:TradingBusinessName", trading)
	c.x.End()
}

func (c *ciiWriter) contact(ct *Contact) {
	if ct == nil {
		return
	}
	x := c.x
	x.Start("ram:DefinedTradeContact")
	if ct.Department {
		x.Leaf("ram:DepartmentName", ct.Name)
	} else {
		c.leaf("ram:PersonName", ct.Name)
	}
	c.ref("ram:TelephoneUniversalCommunication", "ram:CompleteNumber", ct.Telephone)
	c.ref("ram:EmailURIUniversalCommunication", "ram:URIID", ct.Email)
	x.End()
}

func (c *ciiWriter) address(a *Address) {
	x := c.x
	x.Start("ram:PostalTradeAddress")
	c.leaf("ram:PostcodeCode", a.PostCode)
	c.leaf("ram:LineOne", a.Line1)
	c.leaf("ram:LineTwo", a.Line2)
	c.leaf("ram:LineThree", a.Line3)
	c.leaf("ram:CityName", a.City)
	c.leaf("ram:CountryID", string(a.CountryCode))
	c.leaf("ram:CountrySubDivisionName", a.CountrySubdivision)
	x.End()
}

func (c *ciiWriter) endpoint(a ElectronicAddress) {
	if !a.IsZero() {
		c.x.Start("ram:URIUniversalCommunication")
		c.x.Leaf("ram:URIID", a.Address, "schemeID", string(a.Scheme))
		c.x.End()
	}
}

func (c *ciiWriter) taxRegistration(scheme, id string) {
	if id != "" {
		c.x.Start("ram:SpecifiedTaxRegistration")
		c.x.Leaf("ram:ID", id, "schemeID", scheme)
		c.x.End()
	}
}

func (c *ciiWriter) delivery() {
	inv, x := c.inv, c.x
	x.Start("ram:ApplicableHeaderTradeDelivery")
	if d := inv.Delivery; d != nil {
		// a delivery without any term is kept as an empty ship-to party
		if d.PartyName != "" || !d.LocationID.IsZero() || d.Address != nil || d.ActualDate.IsZero() {
			x.Start("ram:ShipToTradeParty")
			c.id(d.LocationID)
			c.leaf("ram:Name", d.PartyName)
			if d.Address != nil {
				c.address(d.Address)
			}
			x.End()
		}
		if !d.ActualDate.IsZero() {
			x.Start("ram:ActualDeliverySupplyChainEvent")
			c.date("ram:OccurrenceDateTime", "udt:DateTimeString", d.ActualDate)
			x.End()
		}
	}
	c.ref("ram:DespatchAdviceReferencedDocument", "ram:IssuerAssignedID", inv.DespatchAdviceReference)
	c.ref("ram:ReceivingAdviceReferencedDocument", "ram:IssuerAssignedID", inv.ReceivingAdviceReference)
	x.End()
}

// dueDateCodesCII maps the UNTDID 2005 codes of BT-8 to UNTDID 2475.
var dueDateCodesCII = map[string]string{"3": "5", "35": "29", "432": "72"}

func (c *ciiWriter) settlement() {
	inv, x := c.inv, c.x
	x.Start("ram:ApplicableHeaderTradeSettlement")
	c.leaf("ram:CreditorReferenceID", inv.CreditorReference)
	c.leaf("ram:PaymentReference", c.remit)
	c.leaf("ram:TaxCurrencyCode", string(inv.VATCurrencyCode))
	c.leaf("ram:InvoiceCurrencyCode", string(inv.CurrencyCode))
	if p := inv.Payee; p != nil {
		x.Start("ram:PayeeTradeParty")
		c.id(p.Identifier)
		c.leaf("ram:Name", p.Name)
		c.legal(p.LegalRegistration, "")
		x.End()
	}
	for i := range inv.PaymentInstructions {
		p := &inv.PaymentInstructions[i]
		if len(inv.PaymentInstructions) == 1 && onlyDocumentLevel(p) {
			// BT-83 or BT-89 without payment means: the reader gives
			// them one payment instruction of their own
			continue
		}
		c.paymentMeans(p)
	}
	for i, vb := range inv.VATBreakdown {
		x.Start("ram:ApplicableTradeTax")
		c.amount("ram:CalculatedAmount", vb.TaxAmount)
		x.Leaf("ram:TypeCode", orVAT(vb.Category.TaxScheme))
		c.leaf("ram:ExemptionReason", vb.ExemptionReason)
		c.amount("ram:BasisAmount", vb.TaxableAmount)
		c.leaf("ram:CategoryCode", string(vb.Category.Code))
		c.leaf("ram:ExemptionReasonCode", vb.ExemptionReasonCode)
		if i == 0 || inv.Source != nil && inv.Source.TaxPointInAll {
			// CII holds BT-7 and BT-8 per VAT breakdown; the model once
			c.date("ram:TaxPointDate", "udt:DateString", inv.TaxPointDate)
			code := inv.TaxPointDateCode
			if m, ok := dueDateCodesCII[code]; ok {
				code = m
			}
			c.leaf("ram:DueDateTypeCode", code)
		}
		c.dec("ram:RateApplicablePercent", vb.Category.Rate)
		x.End()
	}
	if p := inv.InvoicingPeriod; p != nil {
		c.period(p)
	}
	for _, ac := range inv.AllowanceCharges {
		c.allowanceCharge(ac)
	}
	if inv.PaymentTerms != "" || !inv.DueDate.IsZero() || c.mandate != "" {
		x.Start("ram:SpecifiedTradePaymentTerms")
		c.leaf("ram:Description", inv.PaymentTerms)
		c.date("ram:DueDateDateTime", "udt:DateTimeString", inv.DueDate)
		c.leaf("ram:DirectDebitMandateID", c.mandate)
		x.End()
	}
	t := &inv.Totals
	x.Start("ram:SpecifiedTradeSettlementHeaderMonetarySummation")
	c.amount("ram:LineTotalAmount", t.LineNet)
	c.amount("ram:ChargeTotalAmount", t.Charges)
	c.amount("ram:AllowanceTotalAmount", t.Allowances)
	c.amount("ram:TaxBasisTotalAmount", t.WithoutVAT)
	c.dec("ram:TaxTotalAmount", t.VAT, "currencyID", c.cur)
	if t.VATAccounting != nil {
		cur := string(inv.VATCurrencyCode)
		if cur == "" {
			cur = c.cur
		}
		x.Leaf("ram:TaxTotalAmount", FormatDecimal(*t.VATAccounting), "currencyID", cur)
	}
	c.amount("ram:RoundingAmount", t.Rounding)
	c.amount("ram:GrandTotalAmount", t.WithVAT)
	c.amount("ram:TotalPrepaidAmount", t.Paid)
	c.amount("ram:DuePayableAmount", t.DuePayable)
	x.End()
	for _, p := range inv.PrecedingInvoices {
		x.Start("ram:InvoiceReferencedDocument")
		x.Leaf("ram:IssuerAssignedID", p.Number)
		c.date("ram:FormattedIssueDateTime", "qdt:DateTimeString", p.IssueDate)
		x.End()
	}
	c.ref("ram:ReceivableSpecifiedTradeAccountingAccount", "ram:ID", inv.BuyerAccountingReference)
	x.End()
}

// onlyDocumentLevel reports whether p holds nothing but the terms CII
// keeps at document level (BT-83, BT-89), so it has no payment means
// element of its own.
func onlyDocumentLevel(p *PaymentInstructions) bool {
	return p.MeansCode == "" && p.MeansText == "" && len(p.CreditTransfers) == 0 && p.Card == nil &&
		(p.DirectDebit == nil || p.DirectDebit.DebitedAccountID == "")
}

func (c *ciiWriter) paymentMeans(p *PaymentInstructions) {
	x := c.x
	n := len(p.CreditTransfers)
	if n == 0 {
		n = 1
	}
	for i := 0; i < n; i++ {
		x.Start("ram:SpecifiedTradeSettlementPaymentMeans")
		c.leaf("ram:TypeCode", string(p.MeansCode))
		c.leaf("ram:Information", p.MeansText)
		if cd := p.Card; cd != nil && i == 0 {
			x.Start("ram:ApplicableTradeSettlementFinancialCard")
			c.leaf("ram:ID", cd.PrimaryAccountNumber)
			c.leaf("ram:CardholderName", cd.HolderName)
			x.End()
		}
		if dd := p.DirectDebit; dd != nil && dd.DebitedAccountID != "" && i == 0 {
			c.ref("ram:PayerPartyDebtorFinancialAccount", "ram:IBANID", dd.DebitedAccountID)
		}
		if i < len(p.CreditTransfers) {
			ct := &p.CreditTransfers[i]
			// an empty account element stands for a BG-17 without any
			// term, so reading gives it back
			if ct.AccountID != "" || ct.AccountName != "" || ct.ProviderID == "" {
				x.Start("ram:PayeePartyCreditorFinancialAccount")
				if !ct.Proprietary {
					c.leaf("ram:IBANID", ct.AccountID)
				}
				c.leaf("ram:AccountName", ct.AccountName)
				if ct.Proprietary {
					c.leaf("ram:ProprietaryID", ct.AccountID)
				}
				x.End()
			}
			c.ref("ram:PayeeSpecifiedCreditorFinancialInstitution", "ram:BICID", ct.ProviderID)
		}
		x.End()
	}
}

func (c *ciiWriter) period(p *Period) {
	c.x.Start("ram:BillingSpecifiedPeriod")
	c.date("ram:StartDateTime", "udt:DateTimeString", p.Start)
	c.date("ram:EndDateTime", "udt:DateTimeString", p.End)
	c.x.End()
}

// vatCategory writes TypeCode, CategoryCode and RateApplicablePercent.
func (c *ciiWriter) vatCategory(v *VATCategory) {
	c.x.Leaf("ram:TypeCode", orVAT(v.TaxScheme))
	c.leaf("ram:CategoryCode", string(v.Code))
	c.dec("ram:RateApplicablePercent", v.Rate)
}

func (c *ciiWriter) indicator(charge bool) {
	c.x.Start("ram:ChargeIndicator")
	if charge {
		c.x.Leaf("udt:Indicator", "true")
	} else {
		c.x.Leaf("udt:Indicator", "false")
	}
	c.x.End()
}

func (c *ciiWriter) allowanceCharge(ac AllowanceCharge) {
	x := c.x
	x.Start("ram:SpecifiedTradeAllowanceCharge")
	c.indicator(ac.Charge)
	c.dec("ram:CalculationPercent", ac.Percentage)
	c.amount("ram:BasisAmount", ac.BaseAmount)
	c.amount("ram:ActualAmount", ac.Amount)
	c.leaf("ram:ReasonCode", ac.ReasonCode)
	c.leaf("ram:Reason", ac.Reason)
	if ac.VAT != nil {
		x.Start("ram:CategoryTradeTax")
		c.vatCategory(ac.VAT)
		x.End()
	}
	x.End()
}

func (c *ciiWriter) line(l *Line) {
	x := c.x
	x.Start("ram:IncludedSupplyChainTradeLineItem")
	x.Start("ram:AssociatedDocumentLineDocument")
	x.Leaf("ram:LineID", l.ID)
	if l.Note != "" {
		x.Start("ram:IncludedNote")
		x.Leaf("ram:Content", l.Note)
		x.End()
	}
	x.End()
	it := &l.Item
	x.Start("ram:SpecifiedTradeProduct")
	if !it.StandardID.IsZero() {
		x.Leaf("ram:GlobalID", it.StandardID.ID, "schemeID", it.StandardID.Scheme)
	}
	c.leaf("ram:SellerAssignedID", it.SellerID)
	c.leaf("ram:BuyerAssignedID", it.BuyerID)
	c.leaf("ram:Name", it.Name)
	c.leaf("ram:Description", it.Description)
	for _, a := range it.Attributes {
		x.Start("ram:ApplicableProductCharacteristic")
		x.Leaf("ram:Description", a.Name)
		x.Leaf("ram:Value", a.Value)
		x.End()
	}
	for _, cl := range it.Classifications {
		x.Start("ram:DesignatedProductClassification")
		x.Leaf("ram:ClassCode", cl.Code, "listID", cl.ListID, "listVersionID", cl.ListVersionID)
		x.End()
	}
	c.ref("ram:OriginTradeCountry", "ram:ID", string(it.OriginCountry))
	x.End()
	p := &l.Price
	x.Start("ram:SpecifiedLineTradeAgreement")
	c.ref("ram:BuyerOrderReferencedDocument", "ram:LineID", l.OrderLineReference)
	atGross := p.BaseQuantityAt == "gross" || p.BaseQuantityAt == "both"
	if p.Gross != nil || p.Discount != nil || atGross && p.BaseQuantity != nil {
		x.Start("ram:GrossPriceProductTradePrice")
		gross := p.Gross
		if gross == nil && p.Discount != nil && p.Net != nil {
			gross = ptr(p.Net.Add(*p.Discount)) // see WriteCII
		}
		c.amount("ram:ChargeAmount", gross)
		if atGross {
			c.dec("ram:BasisQuantity", p.BaseQuantity, "unitCode", string(p.BaseQuantityUnit))
		}
		if p.Discount != nil {
			x.Start("ram:AppliedTradeAllowanceCharge")
			c.indicator(false)
			c.amount("ram:ActualAmount", p.Discount)
			x.End()
		}
		x.End()
	}
	x.Start("ram:NetPriceProductTradePrice")
	c.amount("ram:ChargeAmount", p.Net)
	if p.BaseQuantityAt != "gross" {
		c.dec("ram:BasisQuantity", p.BaseQuantity, "unitCode", string(p.BaseQuantityUnit))
	}
	x.End()
	x.End()
	x.Start("ram:SpecifiedLineTradeDelivery")
	c.dec("ram:BilledQuantity", l.Quantity, "unitCode", string(l.UnitCode))
	x.End()
	x.Start("ram:SpecifiedLineTradeSettlement")
	if l.VAT.Code != "" || l.VAT.Rate != nil || l.VAT.TaxScheme != "" {
		x.Start("ram:ApplicableTradeTax")
		c.vatCategory(&l.VAT)
		x.End()
	}
	if l.Period != nil {
		c.period(l.Period)
	}
	for _, ac := range l.AllowanceCharges {
		c.allowanceCharge(ac)
	}
	x.Start("ram:SpecifiedTradeSettlementLineMonetarySummation")
	c.amount("ram:LineTotalAmount", l.NetAmount)
	x.End()
	if o := l.ObjectIdentifier; !o.IsZero() {
		x.Start("ram:AdditionalReferencedDocument")
		x.Leaf("ram:IssuerAssignedID", o.ID)
		x.Leaf("ram:TypeCode", "130")
		c.leaf("ram:ReferenceTypeCode", o.Scheme)
		x.End()
	}
	c.ref("ram:ReceivableSpecifiedTradeAccountingAccount", "ram:ID", l.AccountingReference)
	x.End()
	x.End()
}
