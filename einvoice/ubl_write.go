package einvoice

import (
	"errors"
	"fmt"
	"io"

	"github.com/ozg-baukasten/baukasten/internal/xmlw"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// WriteOptions control a writer; nil means the defaults.
type WriteOptions struct {
	// Indent is the indentation of nested elements; "" means two spaces.
	// Use NoIndent for none.
	Indent string
}

// NoIndent as WriteOptions.Indent writes without line breaks.
const NoIndent = "\x00"

func (o *WriteOptions) indent() string {
	if o == nil || o.Indent == "" {
		return "  "
	}
	if o.Indent == NoIndent {
		return ""
	}
	return o.Indent
}

// ErrNotRepresentable is the cause of a writing error for content the
// syntax cannot hold (e.g. a UBL CreditNote has no place for the XRechnung
// Extension's third party payments).
var ErrNotRepresentable = errors.New("not representable in this syntax")

// WriteUBL writes inv as a UBL 2.1 document: a CreditNote if inv was read
// from one or, for an invoice not read from UBL, if BT-3 is a credit-note
// type code; an Invoice otherwise. Elements are written in the order of the
// UBL schema with the prefixes cac and cbc; amounts carry currencyID (BT-5,
// or BT-6 for BT-111) and decimals keep their scale.
func WriteUBL(w io.Writer, inv *Invoice, opts *WriteOptions) error {
	const op = "einvoice.WriteUBL"
	if inv == nil {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: errors.New("nil invoice")}
	}
	credit := inv.TypeCode.IsCreditNote()
	if inv.Source != nil && inv.Source.Syntax == UBL {
		credit = inv.Source.Root == "CreditNote"
	}
	uw := &ublWriter{x: xmlw.New(w, opts.indent()), inv: inv, credit: credit, cur: string(inv.CurrencyCode)}
	uw.invoice()
	if uw.err == nil {
		uw.err = uw.x.Flush()
	}
	if uw.err != nil {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: uw.err}
	}
	return nil
}

type ublWriter struct {
	x      *xmlw.Writer
	inv    *Invoice
	credit bool
	cur    string
	err    error
}

func (u *ublWriter) fail(bt string, err error) {
	if u.err == nil {
		u.err = fmt.Errorf("%s: %w", bt, err)
	}
}

// leaf writes a text element if text is not "".
func (u *ublWriter) leaf(name, text string, attrs ...string) {
	if text != "" {
		u.x.Leaf(name, text, attrs...)
	}
}

func (u *ublWriter) date(name string, d Date) {
	if !d.IsZero() {
		u.x.Leaf(name, d.String())
	}
}

func (u *ublWriter) amount(name string, d *decimal.Decimal) {
	if d != nil {
		u.x.Leaf(name, FormatDecimal(*d), "currencyID", u.cur)
	}
}

func (u *ublWriter) dec(name string, d *decimal.Decimal, attrs ...string) {
	if d != nil {
		u.x.Leaf(name, FormatDecimal(*d), attrs...)
	}
}

// ref writes <name><cbc:ID>id</cbc:ID></name> if id is not "".
func (u *ublWriter) ref(name, id string) {
	if id != "" {
		u.x.Start(name)
		u.x.Leaf("cbc:ID", id)
		u.x.End()
	}
}

func (u *ublWriter) invoice() {
	inv, x := u.inv, u.x
	root, ns, typeKey, lineKey := "Invoice", NamespaceUBLInvoice, "cbc:InvoiceTypeCode", "cac:InvoiceLine"
	if u.credit {
		root, ns, typeKey, lineKey = "CreditNote", NamespaceUBLCreditNote, "cbc:CreditNoteTypeCode", "cac:CreditNoteLine"
	}
	x.Start(root, "xmlns", ns, "xmlns:cac", NamespaceUBLCAC, "xmlns:cbc", NamespaceUBLCBC)
	u.leaf("cbc:CustomizationID", inv.Specification)
	u.leaf("cbc:ProfileID", inv.BusinessProcessType)
	u.leaf("cbc:ID", inv.Number)
	u.date("cbc:IssueDate", inv.IssueDate)
	if !u.credit {
		u.date("cbc:DueDate", inv.DueDate)
	} else {
		u.date("cbc:TaxPointDate", inv.TaxPointDate)
	}
	u.leaf(typeKey, string(inv.TypeCode))
	for _, n := range inv.Notes {
		if n.SubjectCode != "" {
			x.Leaf("cbc:Note", "#"+n.SubjectCode+"#"+n.Text)
		} else {
			x.Leaf("cbc:Note", n.Text)
		}
	}
	if !u.credit {
		u.date("cbc:TaxPointDate", inv.TaxPointDate)
	}
	u.leaf("cbc:DocumentCurrencyCode", string(inv.CurrencyCode))
	u.leaf("cbc:TaxCurrencyCode", string(inv.VATCurrencyCode))
	u.leaf("cbc:AccountingCost", inv.BuyerAccountingReference)
	u.leaf("cbc:BuyerReference", inv.BuyerReference)
	if p := inv.InvoicingPeriod; p != nil || inv.TaxPointDateCode != "" {
		x.Start("cac:InvoicePeriod")
		if p != nil {
			u.date("cbc:StartDate", p.Start)
			u.date("cbc:EndDate", p.End)
		}
		u.leaf("cbc:DescriptionCode", inv.TaxPointDateCode)
		x.End()
	}
	if inv.PurchaseOrderReference != "" || inv.SalesOrderReference != "" {
		x.Start("cac:OrderReference")
		id := inv.PurchaseOrderReference
		if id == "" {
			id = "NA" // cbc:ID is mandatory in UBL; EN 16931 says to use "NA"
		}
		x.Leaf("cbc:ID", id)
		u.leaf("cbc:SalesOrderID", inv.SalesOrderReference)
		x.End()
	}
	for _, p := range inv.PrecedingInvoices {
		x.Start("cac:BillingReference")
		x.Start("cac:InvoiceDocumentReference")
		x.Leaf("cbc:ID", p.Number)
		u.date("cbc:IssueDate", p.IssueDate)
		x.End()
		x.End()
	}
	u.ref("cac:DespatchDocumentReference", inv.DespatchAdviceReference)
	u.ref("cac:ReceiptDocumentReference", inv.ReceivingAdviceReference)
	if !u.credit {
		u.ref("cac:OriginatorDocumentReference", inv.TenderOrLotReference)
	}
	u.ref("cac:ContractDocumentReference", inv.ContractReference)
	if !inv.InvoicedObject.IsZero() {
		x.Start("cac:AdditionalDocumentReference")
		x.Leaf("cbc:ID", inv.InvoicedObject.ID, "schemeID", inv.InvoicedObject.Scheme)
		x.Leaf("cbc:DocumentTypeCode", "130")
		x.End()
	}
	for _, d := range inv.SupportingDocuments {
		u.supportingDocument(d)
	}
	if u.credit {
		if inv.ProjectReference != "" {
			x.Start("cac:AdditionalDocumentReference")
			x.Leaf("cbc:ID", inv.ProjectReference)
			x.Leaf("cbc:DocumentTypeCode", "50")
			x.End()
		}
		u.ref("cac:OriginatorDocumentReference", inv.TenderOrLotReference)
	} else {
		u.ref("cac:ProjectReference", inv.ProjectReference)
	}
	x.Start("cac:AccountingSupplierParty")
	u.seller()
	x.End()
	x.Start("cac:AccountingCustomerParty")
	u.buyer()
	x.End()
	if p := inv.Payee; p != nil {
		x.Start("cac:PayeeParty")
		if !p.Identifier.IsZero() {
			x.Start("cac:PartyIdentification")
			x.Leaf("cbc:ID", p.Identifier.ID, "schemeID", p.Identifier.Scheme)
			x.End()
		}
		if inv.Source == nil || !inv.Source.CreditorInSeller {
			u.sepa()
		}
		if p.Name != "" {
			x.Start("cac:PartyName")
			x.Leaf("cbc:Name", p.Name)
			x.End()
		}
		if !p.LegalRegistration.IsZero() {
			x.Start("cac:PartyLegalEntity")
			x.Leaf("cbc:CompanyID", p.LegalRegistration.ID, "schemeID", p.LegalRegistration.Scheme)
			x.End()
		}
		x.End()
	}
	if t := inv.TaxRepresentative; t != nil {
		x.Start("cac:TaxRepresentativeParty")
		if t.Name != "" {
			x.Start("cac:PartyName")
			x.Leaf("cbc:Name", t.Name)
			x.End()
		}
		u.address("cac:PostalAddress", &t.Address)
		u.partyTax(t.VATIdentifier, orVAT(t.VATScheme))
		x.End()
	}
	if d := inv.Delivery; d != nil {
		x.Start("cac:Delivery")
		u.date("cbc:ActualDeliveryDate", d.ActualDate)
		if !d.LocationID.IsZero() || d.Address != nil {
			x.Start("cac:DeliveryLocation")
			if !d.LocationID.IsZero() {
				x.Leaf("cbc:ID", d.LocationID.ID, "schemeID", d.LocationID.Scheme)
			}
			if d.Address != nil {
				u.address("cac:Address", d.Address)
			}
			x.End()
		}
		if d.PartyName != "" {
			x.Start("cac:DeliveryParty")
			x.Start("cac:PartyName")
			x.Leaf("cbc:Name", d.PartyName)
			x.End()
			x.End()
		}
		x.End()
	}
	dueWritten := !u.credit
	for _, p := range inv.PaymentInstructions {
		n := len(p.CreditTransfers)
		if n == 0 {
			n = 1
		}
		for i := 0; i < n; i++ {
			x.Start("cac:PaymentMeans")
			x.Leaf("cbc:PaymentMeansCode", string(p.MeansCode), "name", p.MeansText)
			if !dueWritten {
				u.date("cbc:PaymentDueDate", inv.DueDate)
				dueWritten = true
			}
			u.leaf("cbc:PaymentID", p.RemittanceInformation)
			if c := p.Card; c != nil && i == 0 {
				x.Start("cac:CardAccount")
				x.Leaf("cbc:PrimaryAccountNumberID", c.PrimaryAccountNumber)
				network := c.NetworkID
				if network == "" {
					network = "NA" // mandatory in UBL, not a business term
				}
				x.Leaf("cbc:NetworkID", network)
				u.leaf("cbc:HolderName", c.HolderName)
				x.End()
			}
			if i < len(p.CreditTransfers) {
				ct := p.CreditTransfers[i]
				x.Start("cac:PayeeFinancialAccount")
				u.leaf("cbc:ID", ct.AccountID)
				u.leaf("cbc:Name", ct.AccountName)
				if ct.ProviderID != "" {
					x.Start("cac:FinancialInstitutionBranch")
					x.Leaf("cbc:ID", ct.ProviderID)
					x.End()
				}
				x.End()
			}
			if dd := p.DirectDebit; dd != nil && i == 0 {
				x.Start("cac:PaymentMandate")
				u.leaf("cbc:ID", dd.MandateReference)
				if dd.DebitedAccountID != "" {
					x.Start("cac:PayerFinancialAccount")
					x.Leaf("cbc:ID", dd.DebitedAccountID)
					x.End()
				}
				x.End()
			}
			x.End()
		}
	}
	if !dueWritten && !inv.DueDate.IsZero() {
		u.fail("BT-9", fmt.Errorf("%w: a UBL CreditNote holds the due date in a payment means, and there is none", ErrNotRepresentable))
	}
	if inv.PaymentTerms != "" {
		x.Start("cac:PaymentTerms")
		x.Leaf("cbc:Note", inv.PaymentTerms)
		x.End()
	}
	if !u.credit {
		u.thirdParty()
	} else if len(inv.ThirdPartyPayments) > 0 {
		u.fail("BG-DEX-09", fmt.Errorf("%w: a UBL CreditNote has no cac:PrepaidPayment", ErrNotRepresentable))
	}
	for _, ac := range inv.AllowanceCharges {
		u.allowanceCharge(ac)
	}
	if inv.Totals.VAT != nil || len(inv.VATBreakdown) > 0 {
		x.Start("cac:TaxTotal")
		u.amount("cbc:TaxAmount", inv.Totals.VAT)
		for _, vb := range inv.VATBreakdown {
			x.Start("cac:TaxSubtotal")
			u.amount("cbc:TaxableAmount", vb.TaxableAmount)
			u.amount("cbc:TaxAmount", vb.TaxAmount)
			u.taxCategory("cac:TaxCategory", &vb.Category, &vb)
			x.End()
		}
		x.End()
	}
	if inv.Totals.VATAccounting != nil {
		x.Start("cac:TaxTotal")
		cur := string(inv.VATCurrencyCode)
		if cur == "" {
			cur = u.cur
		}
		x.Leaf("cbc:TaxAmount", FormatDecimal(*inv.Totals.VATAccounting), "currencyID", cur)
		x.End()
	}
	t := &inv.Totals
	x.Start("cac:LegalMonetaryTotal")
	u.amount("cbc:LineExtensionAmount", t.LineNet)
	u.amount("cbc:TaxExclusiveAmount", t.WithoutVAT)
	u.amount("cbc:TaxInclusiveAmount", t.WithVAT)
	u.amount("cbc:AllowanceTotalAmount", t.Allowances)
	u.amount("cbc:ChargeTotalAmount", t.Charges)
	u.amount("cbc:PrepaidAmount", t.Paid)
	u.amount("cbc:PayableRoundingAmount", t.Rounding)
	u.amount("cbc:PayableAmount", t.DuePayable)
	x.End()
	for i := range inv.Lines {
		u.line(lineKey, &inv.Lines[i])
	}
	x.End()
}

func (u *ublWriter) thirdParty() {
	for _, t := range u.inv.ThirdPartyPayments {
		u.x.Start("cac:PrepaidPayment")
		u.leaf("cbc:ID", t.Type)
		u.amount("cbc:PaidAmount", t.Amount)
		u.leaf("cbc:InstructionID", t.Description)
		u.x.End()
	}
}

func (u *ublWriter) supportingDocument(d SupportingDocument) {
	x := u.x
	x.Start("cac:AdditionalDocumentReference")
	x.Leaf("cbc:ID", d.ID)
	u.leaf("cbc:DocumentTypeCode", d.TypeCode)
	u.leaf("cbc:DocumentDescription", d.Description)
	if d.Attachment != nil || d.ExternalLocation != "" {
		x.Start("cac:Attachment")
		if a := d.Attachment; a != nil {
			x.Leaf("cbc:EmbeddedDocumentBinaryObject", a.Base64, "mimeCode", a.MimeCode, "filename", a.Filename)
		}
		if d.ExternalLocation != "" {
			x.Start("cac:ExternalReference")
			x.Leaf("cbc:URI", d.ExternalLocation)
			x.End()
		}
		x.End()
	}
	x.End()
}

// sepa writes BT-90 as a party identifier of the payee, or of the seller
// when there is no payee.
func (u *ublWriter) sepa() {
	if u.inv.CreditorReference != "" {
		u.x.Start("cac:PartyIdentification")
		u.x.Leaf("cbc:ID", u.inv.CreditorReference, "schemeID", "SEPA")
		u.x.End()
	}
}

func (u *ublWriter) endpoint(a ElectronicAddress) {
	if !a.IsZero() {
		u.x.Leaf("cbc:EndpointID", a.Address, "schemeID", string(a.Scheme))
	}
}

func (u *ublWriter) partyTax(id, scheme string) {
	if id == "" {
		return
	}
	u.x.Start("cac:PartyTaxScheme")
	u.x.Leaf("cbc:CompanyID", id)
	u.x.Start("cac:TaxScheme")
	u.x.Leaf("cbc:ID", scheme)
	u.x.End()
	u.x.End()
}

func (u *ublWriter) seller() {
	s, x := &u.inv.Seller, u.x
	x.Start("cac:Party")
	u.endpoint(s.ElectronicAddress)
	for _, id := range s.Identifiers {
		x.Start("cac:PartyIdentification")
		x.Leaf("cbc:ID", id.ID, "schemeID", id.Scheme)
		x.End()
	}
	if u.inv.Payee == nil || u.inv.Source != nil && u.inv.Source.CreditorInSeller {
		u.sepa()
	}
	if s.TradingName != "" {
		x.Start("cac:PartyName")
		x.Leaf("cbc:Name", s.TradingName)
		x.End()
	}
	u.address("cac:PostalAddress", &s.Address)
	u.partyTax(s.VATIdentifier, orVAT(s.VATScheme))
	scheme := s.TaxRegistrationScheme
	if scheme == "" {
		scheme = "FC"
	}
	u.partyTax(s.TaxRegistrationID, scheme)
	if s.Name != "" || !s.LegalRegistration.IsZero() || s.AdditionalLegalInformation != "" {
		x.Start("cac:PartyLegalEntity")
		u.leaf("cbc:RegistrationName", s.Name)
		if !s.LegalRegistration.IsZero() {
			x.Leaf("cbc:CompanyID", s.LegalRegistration.ID, "schemeID", s.LegalRegistration.Scheme)
		}
		u.leaf("cbc:CompanyLegalForm", s.AdditionalLegalInformation)
		x.End()
	}
	u.contact(s.Contact)
	x.End()
}

func (u *ublWriter) buyer() {
	b, x := &u.inv.Buyer, u.x
	x.Start("cac:Party")
	u.endpoint(b.ElectronicAddress)
	if !b.Identifier.IsZero() {
		x.Start("cac:PartyIdentification")
		x.Leaf("cbc:ID", b.Identifier.ID, "schemeID", b.Identifier.Scheme)
		x.End()
	}
	if b.TradingName != "" {
		x.Start("cac:PartyName")
		x.Leaf("cbc:Name", b.TradingName)
		x.End()
	}
	u.address("cac:PostalAddress", &b.Address)
	u.partyTax(b.VATIdentifier, orVAT(b.VATScheme))
	if b.Name != "" || !b.LegalRegistration.IsZero() {
		x.Start("cac:PartyLegalEntity")
		u.leaf("cbc:RegistrationName", b.Name)
		if !b.LegalRegistration.IsZero() {
			x.Leaf("cbc:CompanyID", b.LegalRegistration.ID, "schemeID", b.LegalRegistration.Scheme)
		}
		x.End()
	}
	u.contact(b.Contact)
	x.End()
}

func (u *ublWriter) contact(c *Contact) {
	if c == nil {
		return
	}
	u.x.Start("cac:Contact")
	u.leaf("cbc:Name", c.Name)
	u.leaf("cbc:Telephone", c.Telephone)
	u.leaf("cbc:ElectronicMail", c.Email)
	u.x.End()
}

func (u *ublWriter) address(name string, a *Address) {
	x := u.x
	x.Start(name)
	u.leaf("cbc:StreetName", a.Line1)
	u.leaf("cbc:AdditionalStreetName", a.Line2)
	u.leaf("cbc:CityName", a.City)
	u.leaf("cbc:PostalZone", a.PostCode)
	u.leaf("cbc:CountrySubentity", a.CountrySubdivision)
	if a.Line3 != "" {
		x.Start("cac:AddressLine")
		x.Leaf("cbc:Line", a.Line3)
		x.End()
	}
	if a.CountryCode != "" {
		x.Start("cac:Country")
		x.Leaf("cbc:IdentificationCode", string(a.CountryCode))
		x.End()
	}
	x.End()
}

func (u *ublWriter) allowanceCharge(ac AllowanceCharge) {
	x := u.x
	x.Start("cac:AllowanceCharge")
	if ac.Charge {
		x.Leaf("cbc:ChargeIndicator", "true")
	} else {
		x.Leaf("cbc:ChargeIndicator", "false")
	}
	u.leaf("cbc:AllowanceChargeReasonCode", ac.ReasonCode)
	u.leaf("cbc:AllowanceChargeReason", ac.Reason)
	u.dec("cbc:MultiplierFactorNumeric", ac.Percentage)
	u.amount("cbc:Amount", ac.Amount)
	u.amount("cbc:BaseAmount", ac.BaseAmount)
	if ac.VAT != nil {
		u.taxCategory("cac:TaxCategory", ac.VAT, nil)
	}
	x.End()
}

func (u *ublWriter) taxCategory(name string, v *VATCategory, vb *VATBreakdown) {
	x := u.x
	x.Start(name)
	u.leaf("cbc:ID", string(v.Code))
	u.dec("cbc:Percent", v.Rate)
	if vb != nil {
		u.leaf("cbc:TaxExemptionReasonCode", vb.ExemptionReasonCode)
		u.leaf("cbc:TaxExemptionReason", vb.ExemptionReason)
	}
	x.Start("cac:TaxScheme")
	scheme := v.TaxScheme
	if scheme == "" {
		scheme = "VAT"
	}
	x.Leaf("cbc:ID", scheme)
	x.End()
	x.End()
}

func (u *ublWriter) line(key string, l *Line) {
	x := u.x
	qtyKey, subKey := "cbc:InvoicedQuantity", "cac:SubInvoiceLine"
	if u.credit {
		qtyKey, subKey = "cbc:CreditedQuantity", "cac:SubCreditNoteLine"
	}
	x.Start(key)
	x.Leaf("cbc:ID", l.ID)
	u.leaf("cbc:Note", l.Note)
	u.dec(qtyKey, l.Quantity, "unitCode", string(l.UnitCode))
	u.amount("cbc:LineExtensionAmount", l.NetAmount)
	u.leaf("cbc:AccountingCost", l.AccountingReference)
	if p := l.Period; p != nil {
		x.Start("cac:InvoicePeriod")
		u.date("cbc:StartDate", p.Start)
		u.date("cbc:EndDate", p.End)
		x.End()
	}
	if l.OrderLineReference != "" {
		x.Start("cac:OrderLineReference")
		x.Leaf("cbc:LineID", l.OrderLineReference)
		x.End()
	}
	if !l.ObjectIdentifier.IsZero() {
		x.Start("cac:DocumentReference")
		x.Leaf("cbc:ID", l.ObjectIdentifier.ID, "schemeID", l.ObjectIdentifier.Scheme)
		x.Leaf("cbc:DocumentTypeCode", "130")
		x.End()
	}
	for _, ac := range l.AllowanceCharges {
		u.allowanceCharge(ac)
	}
	it := &l.Item
	x.Start("cac:Item")
	u.leaf("cbc:Description", it.Description)
	u.leaf("cbc:Name", it.Name)
	if it.BuyerID != "" {
		x.Start("cac:BuyersItemIdentification")
		x.Leaf("cbc:ID", it.BuyerID)
		x.End()
	}
	if it.SellerID != "" {
		x.Start("cac:SellersItemIdentification")
		x.Leaf("cbc:ID", it.SellerID)
		x.End()
	}
	if !it.StandardID.IsZero() {
		x.Start("cac:StandardItemIdentification")
		x.Leaf("cbc:ID", it.StandardID.ID, "schemeID", it.StandardID.Scheme)
		x.End()
	}
	if it.OriginCountry != "" {
		x.Start("cac:OriginCountry")
		x.Leaf("cbc:IdentificationCode", string(it.OriginCountry))
		x.End()
	}
	for _, c := range it.Classifications {
		x.Start("cac:CommodityClassification")
		x.Leaf("cbc:ItemClassificationCode", c.Code, "listID", c.ListID, "listVersionID", c.ListVersionID)
		x.End()
	}
	if l.VAT.Code != "" || l.VAT.Rate != nil {
		u.taxCategory("cac:ClassifiedTaxCategory", &l.VAT, nil)
	}
	for _, a := range it.Attributes {
		x.Start("cac:AdditionalItemProperty")
		x.Leaf("cbc:Name", a.Name)
		x.Leaf("cbc:Value", a.Value)
		x.End()
	}
	x.End()
	p := &l.Price
	if p.Net != nil || p.BaseQuantity != nil || p.Discount != nil || p.Gross != nil {
		x.Start("cac:Price")
		u.amount("cbc:PriceAmount", p.Net)
		u.dec("cbc:BaseQuantity", p.BaseQuantity, "unitCode", string(p.BaseQuantityUnit))
		if p.Discount != nil || p.Gross != nil {
			x.Start("cac:AllowanceCharge")
			x.Leaf("cbc:ChargeIndicator", "false")
			u.amount("cbc:Amount", p.Discount)
			u.amount("cbc:BaseAmount", p.Gross)
			x.End()
		}
		x.End()
	}
	for i := range l.SubLines {
		u.line(subKey, &l.SubLines[i])
	}
	x.End()
}

func orVAT(scheme string) string {
	if scheme == "" {
		return "VAT"
	}
	return scheme
}
