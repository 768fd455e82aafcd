package einvoice

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// The namespaces of the CII D16B modules besides NamespaceCII.
const (
	NamespaceCIIRAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
	NamespaceCIIUDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
	NamespaceCIIQDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
)

var ciiPrefixes = map[string]string{
	NamespaceCII:    "rsm",
	NamespaceCIIRAM: "ram",
	NamespaceCIIUDT: "udt",
	NamespaceCIIQDT: "qdt",
}

// ReadCII reads a UN/CEFACT Cross Industry Invoice D16B
// (rsm:CrossIndustryInvoice) as EN 16931-3-3 binds it, with the XRechnung
// 3.0 terms. See the package documentation for the errors; a non-nil
// *Invoice may come with an error listing the values that could not be read.
func ReadCII(r io.Reader, opts *ReadOptions) (*Invoice, error) {
	const op = "einvoice.ReadCII"
	root, name, err := parseTree(op, r, ciiPrefixes, opts)
	if err != nil {
		return nil, err
	}
	if name.Local != "CrossIndustryInvoice" {
		return nil, rootError(op, ErrRoot, root, name, fmt.Sprintf("root element %q", name.Local))
	}
	if name.Space != NamespaceCII {
		return nil, rootError(op, ErrNamespace, root, name, fmt.Sprintf("%s in namespace %q, want %q", name.Local, name.Space, NamespaceCII))
	}
	return readCIITree(op, root)
}

// ciiReader holds the state of reading one CII document. It shares the
// generic helpers (fail, unknown, text, str, ident, dec, quantity, only,
// agg) with the UBL reader; dates, amounts and indicators are CII's own.
type ciiReader struct {
	ublReader

	ref, mandate string // BT-83 and BT-89, held once per document in CII
	taxPointDate Date   // BT-7 as read from the VAT breakdowns
	taxPointCode string // BT-8 as read (UNTDID 2475)
	taxPointIn   int    // VAT breakdowns that hold BT-7 or BT-8
}

func readCIITree(op string, root *node) (*Invoice, error) {
	r := &ciiReader{ublReader: ublReader{src: &Source{Syntax: CII, Root: "CrossIndustryInvoice"}}}
	inv := &Invoice{Source: r.src}
	r.invoice(root, inv)
	if len(r.errs) > 0 {
		return inv, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: errors.Join(r.errs...)}
	}
	return inv, nil
}

// date reads a date element holding a DateTimeString or DateString (child)
// in format 102.
func (r *ciiReader) date(dst *Date, n *node, bt, child string) {
	r.only(n, child, func(c *node) {
		t := strings.TrimSpace(r.text(c, "format"))
		if !dst.IsZero() {
			r.fail(c, bt, ErrRepeated)
			return
		}
		if f, _ := c.attr("format"); f != "102" {
			r.fail(c, bt, fmt.Errorf("%w: format %q, want 102", ErrDate, cut(f)))
			return
		}
		d, err := ParseDateCompact(t)
		if err != nil {
			r.fail(c, bt, fmt.Errorf("%w: %q", err, cut(t)))
			return
		}
		*dst = d
	})
}

// indicator reads a ram:ChargeIndicator with its udt:Indicator.
func (r *ciiReader) indicator(n *node, bt string) (charge bool) {
	r.only(n, "udt:Indicator", func(c *node) {
		switch t := strings.TrimSpace(r.text(c)); t {
		case "true", "1":
			charge = true
		case "false", "0":
		default:
			r.fail(c, bt, fmt.Errorf("%w: Indicator %q", ErrCode, cut(t)))
		}
	})
	return charge
}

// id reads a party's or location's ram:ID or ram:GlobalID into an
// identifier. EN 16931 gives the scheme on ram:GlobalID; the XRechnung
// Extension also on ram:ID, which SchemeOnID records.
func (r *ciiReader) id(dst *Identifier, n *node, bt string) {
	r.ident(dst, n, bt)
	dst.SchemeOnID = n.key == "ram:ID" && dst.Scheme != ""
}

// dueDateCodes maps the UNTDID 2475 codes CII uses for BT-8 to the UNTDID
// 2005 codes of the model (and UBL): invoice date, delivery date, payment
// date.
var dueDateCodes = map[string]string{"5": "3", "29": "35", "72": "432"}

func (r *ciiReader) invoice(root *node, inv *Invoice) {
	r.attrs(root)
	// the currencies come first: BT-110 and BT-111 are told apart by them
	for _, t := range root.kids {
		if t.key != "rsm:SupplyChainTradeTransaction" {
			continue
		}
		for _, k := range t.kids {
			if k.key != "ram:ApplicableHeaderTradeSettlement" {
				continue
			}
			for _, c := range k.kids {
				switch c.key {
				case "ram:InvoiceCurrencyCode":
					r.cur = CurrencyCode(strings.TrimSpace(c.text))
				case "ram:TaxCurrencyCode":
					r.taxCur = CurrencyCode(strings.TrimSpace(c.text))
				}
			}
		}
	}
	for _, k := range root.kids {
		switch k.key {
		case "rsm:ExchangedDocumentContext":
			r.agg(k)
			for _, c := range k.kids {
				switch c.key {
				case "ram:BusinessProcessSpecifiedDocumentContextParameter":
					r.only(c, "ram:ID", func(x *node) { r.str(&inv.BusinessProcessType, x, "BT-23") })
				case "ram:GuidelineSpecifiedDocumentContextParameter":
					r.only(c, "ram:ID", func(x *node) { r.str(&inv.Specification, x, "BT-24") })
				default:
					r.unknown(c)
				}
			}
		case "rsm:ExchangedDocument":
			r.agg(k)
			for _, c := range k.kids {
				switch c.key {
				case "ram:ID":
					r.str(&inv.Number, c, "BT-1")
				case "ram:TypeCode":
					s := string(inv.TypeCode)
					r.str(&s, c, "BT-3")
					inv.TypeCode = TypeCode(s)
				case "ram:IssueDateTime":
					r.date(&inv.IssueDate, c, "BT-2", "udt:DateTimeString")
				case "ram:IncludedNote":
					var n Note
					r.agg(c)
					for _, x := range c.kids {
						switch x.key {
						case "ram:Content":
							r.str(&n.Text, x, "BT-22")
						case "ram:SubjectCode":
							r.str(&n.SubjectCode, x, "BT-21")
						default:
							r.unknown(x)
						}
					}
					inv.Notes = append(inv.Notes, n)
				default:
					r.unknown(c)
				}
			}
		case "rsm:SupplyChainTradeTransaction":
			r.agg(k)
			for _, c := range k.kids {
				switch c.key {
				case "ram:IncludedSupplyChainTradeLineItem":
					inv.Lines = append(inv.Lines, r.line(c))
				case "ram:ApplicableHeaderTradeAgreement":
					r.agreement(c, inv)
				case "ram:ApplicableHeaderTradeDelivery":
					r.delivery(c, inv)
				case "ram:ApplicableHeaderTradeSettlement":
					r.settlement(c, inv)
				default:
					r.unknown(c)
				}
			}
		default:
			r.unknown(k)
		}
	}
}

func (r *ciiReader) agreement(n *node, inv *Invoice) {
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "ram:BuyerReference":
			r.str(&inv.BuyerReference, c, "BT-10")
		case "ram:SellerTradeParty":
			r.party(c, roleSeller, inv)
		case "ram:BuyerTradeParty":
			r.party(c, roleBuyer, inv)
		case "ram:SellerTaxRepresentativeTradeParty":
			if inv.TaxRepresentative != nil {
				r.fail(c, "BG-11", ErrRepeated)
				continue
			}
			inv.TaxRepresentative = &TaxRepresentative{}
			r.party(c, roleTaxRep, inv)
		case "ram:SellerOrderReferencedDocument":
			r.only(c, "ram:IssuerAssignedID", func(x *node) { r.str(&inv.SalesOrderReference, x, "BT-14") })
		case "ram:BuyerOrderReferencedDocument":
			r.only(c, "ram:IssuerAssignedID", func(x *node) { r.str(&inv.PurchaseOrderReference, x, "BT-13") })
		case "ram:ContractReferencedDocument":
			r.only(c, "ram:IssuerAssignedID", func(x *node) { r.str(&inv.ContractReference, x, "BT-12") })
		case "ram:AdditionalReferencedDocument":
			r.additionalDocument(c, inv)
		case "ram:SpecifiedProcuringProject":
			r.agg(c)
			for _, x := range c.kids {
				switch {
				case x.key == "ram:ID":
					r.str(&inv.ProjectReference, x, "BT-11")
				case x.key == "ram:Name" && x.text == projectName:
					// the name the schema requires; the writer repeats it
					r.text(x)
				default:
					r.unknown(x)
				}
			}
		default:
			r.unknown(c)
		}
	}
}

// projectName is the ram:Name the CII schema requires beside BT-11 and
// which EN 16931 fixes as "Project reference".
const projectName = "Project reference"

// additionalDocument reads a header ram:AdditionalReferencedDocument: BT-17
// (type code 50), BT-18 (type code 130) or BG-24 (916 or none).
func (r *ciiReader) additionalDocument(n *node, inv *Invoice) {
	r.agg(n)
	var typeCode string
	for _, c := range n.kids {
		if c.key == "ram:TypeCode" {
			typeCode = strings.TrimSpace(c.text)
		}
	}
	switch typeCode {
	case "50":
		for _, c := range n.kids {
			switch c.key {
			case "ram:IssuerAssignedID":
				r.str(&inv.TenderOrLotReference, c, "BT-17")
			case "ram:TypeCode":
				r.text(c)
			default:
				r.unknown(c)
			}
		}
		return
	case "130":
		for _, c := range n.kids {
			switch c.key {
			case "ram:IssuerAssignedID":
				r.str(&inv.InvoicedObject.ID, c, "BT-18")
			case "ram:ReferenceTypeCode":
				r.str(&inv.InvoicedObject.Scheme, c, "BT-18-1")
			case "ram:TypeCode":
				r.text(c)
			default:
				r.unknown(c)
			}
		}
		return
	}
	var d SupportingDocument
	for _, c := range n.kids {
		switch c.key {
		case "ram:IssuerAssignedID":
			r.str(&d.ID, c, "BT-122")
		case "ram:URIID":
			r.str(&d.ExternalLocation, c, "BT-124")
		case "ram:TypeCode":
			r.str(&d.TypeCode, c, "BG-24")
		case "ram:Name":
			r.str(&d.Description, c, "BT-123")
		case "ram:AttachmentBinaryObject":
			if d.Attachment != nil {
				r.fail(c, "BT-125", ErrRepeated)
				continue
			}
			d.Attachment = r.attachment(c)
		default:
			r.unknown(c)
		}
	}
	inv.SupportingDocuments = append(inv.SupportingDocuments, d)
}

// party reads a trade party into the role's structure.
func (r *ciiReader) party(n *node, ro role, inv *Invoice) {
	bt := partyBT[ro]
	r.agg(n)
	var (
		name, trading, vat, legInfo, taxReg *string
		ident, legal                        *Identifier
		idents                              *[]Identifier
		addr                                *Address
		contact                             **Contact
		endpoint                            *ElectronicAddress
	)
	switch ro {
	case roleSeller:
		s := &inv.Seller
		name, trading, vat, legInfo, taxReg = &s.Name, &s.TradingName, &s.VATIdentifier, &s.AdditionalLegalInformation, &s.TaxRegistrationID
		idents, legal, addr, contact, endpoint = &s.Identifiers, &s.LegalRegistration, &s.Address, &s.Contact, &s.ElectronicAddress
	case roleBuyer:
		b := &inv.Buyer
		name, trading, vat = &b.Name, &b.TradingName, &b.VATIdentifier
		ident, legal, addr, contact, endpoint = &b.Identifier, &b.LegalRegistration, &b.Address, &b.Contact, &b.ElectronicAddress
	case rolePayee:
		p := inv.Payee
		name, ident, legal = &p.Name, &p.Identifier, &p.LegalRegistration
	case roleTaxRep:
		t := inv.TaxRepresentative
		name, vat, addr = &t.Name, &t.VATIdentifier, &t.Address
	}
	for _, c := range n.kids {
		switch {
		case (c.key == "ram:ID" || c.key == "ram:GlobalID") && idents != nil:
			var v Identifier
			r.id(&v, c, bt[3])
			*idents = append(*idents, v)
		case (c.key == "ram:ID" || c.key == "ram:GlobalID") && ident != nil:
			r.id(ident, c, bt[3])
		case c.key == "ram:Name":
			r.str(name, c, bt[1])
		case c.key == "ram:Description" && legInfo != nil:
			r.str(legInfo, c, "BT-33")
		case c.key == "ram:SpecifiedLegalOrganization" && legal != nil:
			r.agg(c)
			for _, x := range c.kids {
				switch {
				case x.key == "ram:ID":
					r.ident(legal, x, bt[4])
				case x.key == "ram:TradingBusinessName" && trading != nil:
					r.str(trading, x, bt[2])
				default:
					r.unknown(x)
				}
			}
		case c.key == "ram:DefinedTradeContact" && contact != nil:
			if *contact != nil {
				r.fail(c, bt[8], ErrRepeated)
				continue
			}
			*contact = r.contact(c, ro)
		case c.key == "ram:PostalTradeAddress" && addr != nil:
			r.address(c, addr, bt[7])
		case c.key == "ram:URIUniversalCommunication" && endpoint != nil:
			r.only(c, "ram:URIID", func(x *node) {
				if !endpoint.IsZero() {
					r.fail(x, bt[6], ErrRepeated)
					return
				}
				endpoint.Address = r.text(x, "schemeID")
				s, _ := x.attr("schemeID")
				endpoint.Scheme = EASCode(s)
			})
		case c.key == "ram:SpecifiedTaxRegistration" && vat != nil:
			r.only(c, "ram:ID", func(x *node) {
				switch s, _ := x.attr("schemeID"); {
				case s == "VA":
					r.str(vat, x, bt[5], "schemeID")
				case s == "FC" && taxReg != nil:
					r.str(taxReg, x, "BT-32", "schemeID")
				default:
					// a tax registration EN 16931 does not define here
					r.unknown(c)
				}
			})
		default:
			r.unknown(c)
		}
	}
}

// contact reads a ram:DefinedTradeContact (BG-6, BG-9).
func (r *ciiReader) contact(n *node, ro role) *Contact {
	ct := &Contact{}
	r.agg(n)
	ctBT := [3]string{"BT-41", "BT-42", "BT-43"}
	if ro == roleBuyer {
		ctBT = [3]string{"BT-56", "BT-57", "BT-58"}
	}
	person := hasKey(n, "ram:PersonName")
	for _, x := range n.kids {
		switch {
		case x.key == "ram:PersonName":
			r.str(&ct.Name, x, ctBT[0])
		case x.key == "ram:DepartmentName" && !person:
			r.str(&ct.Name, x, ctBT[0])
			ct.Department = true
		case x.key == "ram:TelephoneUniversalCommunication":
			r.only(x, "ram:CompleteNumber", func(t *node) { r.str(&ct.Telephone, t, ctBT[1]) })
		case x.key == "ram:EmailURIUniversalCommunication":
			r.only(x, "ram:URIID", func(t *node) { r.str(&ct.Email, t, ctBT[2]) })
		default:
			r.unknown(x)
		}
	}
	return ct
}

// address reads a ram:PostalTradeAddress.
func (r *ciiReader) address(n *node, a *Address, bg string) {
	bts := addressBT[bg]
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "ram:LineOne":
			r.str(&a.Line1, c, bts[0])
		case "ram:LineTwo":
			r.str(&a.Line2, c, bts[1])
		case "ram:LineThree":
			r.str(&a.Line3, c, bts[2])
		case "ram:CityName":
			r.str(&a.City, c, bts[3])
		case "ram:PostcodeCode":
			r.str(&a.PostCode, c, bts[4])
		case "ram:CountrySubDivisionName":
			r.str(&a.CountrySubdivision, c, bts[5])
		case "ram:CountryID":
			s := string(a.CountryCode)
			r.str(&s, c, bts[6])
			a.CountryCode = CountryCode(s)
		default:
			r.unknown(c)
		}
	}
}

func (r *ciiReader) delivery(n *node, inv *Invoice) {
	r.agg(n)
	getD := func() *Delivery {
		if inv.Delivery == nil {
			inv.Delivery = &Delivery{}
		}
		return inv.Delivery
	}
	for _, c := range n.kids {
		switch c.key {
		case "ram:ShipToTradeParty":
			d := getD()
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:ID", "ram:GlobalID":
					r.id(&d.LocationID, x, "BT-71")
				case "ram:Name":
					r.str(&d.PartyName, x, "BT-70")
				case "ram:PostalTradeAddress":
					if d.Address != nil {
						r.fail(x, "BG-15", ErrRepeated)
						continue
					}
					d.Address = &Address{}
					r.address(x, d.Address, "BG-15")
				default:
					r.unknown(x)
				}
			}
		case "ram:ActualDeliverySupplyChainEvent":
			d := getD()
			r.only(c, "ram:OccurrenceDateTime", func(x *node) { r.date(&d.ActualDate, x, "BT-72", "udt:DateTimeString") })
		case "ram:DespatchAdviceReferencedDocument":
			r.only(c, "ram:IssuerAssignedID", func(x *node) { r.str(&inv.DespatchAdviceReference, x, "BT-16") })
		case "ram:ReceivingAdviceReferencedDocument":
			r.only(c, "ram:IssuerAssignedID", func(x *node) { r.str(&inv.ReceivingAdviceReference, x, "BT-15") })
		default:
			r.unknown(c)
		}
	}
}

func (r *ciiReader) settlement(n *node, inv *Invoice) {
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "ram:CreditorReferenceID":
			r.str(&inv.CreditorReference, c, "BT-90")
		case "ram:PaymentReference":
			r.str(&r.ref, c, "BT-83")
		case "ram:TaxCurrencyCode":
			s := string(inv.VATCurrencyCode)
			r.str(&s, c, "BT-6")
			inv.VATCurrencyCode = CurrencyCode(s)
		case "ram:InvoiceCurrencyCode":
			s := string(inv.CurrencyCode)
			r.str(&s, c, "BT-5")
			inv.CurrencyCode = CurrencyCode(s)
		case "ram:PayeeTradeParty":
			if inv.Payee != nil {
				r.fail(c, "BG-10", ErrRepeated)
				continue
			}
			inv.Payee = &Payee{}
			r.party(c, rolePayee, inv)
		case "ram:SpecifiedTradeSettlementPaymentMeans":
			inv.PaymentInstructions = append(inv.PaymentInstructions, r.paymentMeans(c))
		case "ram:ApplicableTradeTax":
			inv.VATBreakdown = append(inv.VATBreakdown, r.breakdown(c))
		case "ram:BillingSpecifiedPeriod":
			if inv.InvoicingPeriod != nil {
				r.fail(c, "BG-14", ErrRepeated)
				continue
			}
			inv.InvoicingPeriod = r.period(c, "BG-14")
		case "ram:SpecifiedTradeAllowanceCharge":
			inv.AllowanceCharges = append(inv.AllowanceCharges, r.allowanceCharge(c, true))
		case "ram:SpecifiedTradePaymentTerms":
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:Description":
					r.str(&inv.PaymentTerms, x, "BT-20")
				case "ram:DueDateDateTime":
					r.date(&inv.DueDate, x, "BT-9", "udt:DateTimeString")
				case "ram:DirectDebitMandateID":
					r.str(&r.mandate, x, "BT-89")
				default:
					r.unknown(x)
				}
			}
		case "ram:SpecifiedTradeSettlementHeaderMonetarySummation":
			r.totals(c, &inv.Totals)
		case "ram:InvoiceReferencedDocument":
			var p PrecedingInvoice
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:IssuerAssignedID":
					r.str(&p.Number, x, "BT-25")
				case "ram:FormattedIssueDateTime":
					r.date(&p.IssueDate, x, "BT-26", "qdt:DateTimeString")
				default:
					r.unknown(x)
				}
			}
			inv.PrecedingInvoices = append(inv.PrecedingInvoices, p)
		case "ram:ReceivableSpecifiedTradeAccountingAccount":
			r.only(c, "ram:ID", func(x *node) { r.str(&inv.BuyerAccountingReference, x, "BT-19") })
		default:
			r.unknown(c)
		}
	}
	inv.TaxPointDate = r.taxPointDate
	inv.TaxPointDateCode = r.taxPointCode
	r.src.TaxPointInAll = len(inv.VATBreakdown) > 1 && r.taxPointIn == len(inv.VATBreakdown)
	r.spreadPayment(inv)
}

// spreadPayment places BT-83 and BT-89, which CII holds once per document,
// in the model's payment instructions: BT-83 in every one, BT-89 in those
// with a direct debit (else the first direct-debit means, else the first).
// Without payment means, one instruction holds them.
func (r *ciiReader) spreadPayment(inv *Invoice) {
	pis := inv.PaymentInstructions
	if (r.ref != "" || r.mandate != "") && len(pis) == 0 {
		inv.PaymentInstructions = append(inv.PaymentInstructions, PaymentInstructions{})
		pis = inv.PaymentInstructions
	}
	if r.ref != "" {
		for i := range pis {
			pis[i].RemittanceInformation = r.ref
		}
	}
	if r.mandate == "" {
		return
	}
	var targets []int
	for i := range pis {
		if pis[i].DirectDebit != nil {
			targets = append(targets, i)
		}
	}
	if len(targets) == 0 {
		targets = []int{0}
		for i := range pis {
			if pis[i].MeansCode == PaymentSEPADirectDebit || pis[i].MeansCode == "49" {
				targets = []int{i}
				break
			}
		}
	}
	for _, i := range targets {
		if pis[i].DirectDebit == nil {
			pis[i].DirectDebit = &DirectDebit{}
		}
		pis[i].DirectDebit.MandateReference = r.mandate
	}
}

func (r *ciiReader) period(n *node, bg string) *Period {
	p := &Period{}
	r.agg(n)
	startBT, endBT := "BT-73", "BT-74"
	if bg == "BG-26" {
		startBT, endBT = "BT-134", "BT-135"
	}
	for _, c := range n.kids {
		switch c.key {
		case "ram:StartDateTime":
			r.date(&p.Start, c, startBT, "udt:DateTimeString")
		case "ram:EndDateTime":
			r.date(&p.End, c, endBT, "udt:DateTimeString")
		default:
			r.unknown(c)
		}
	}
	if p.Start.IsZero() && p.End.IsZero() {
		return nil // no dates: no period, as in UBL
	}
	return p
}

func (r *ciiReader) paymentMeans(n *node) PaymentInstructions {
	var p PaymentInstructions
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "ram:TypeCode":
			s := string(p.MeansCode)
			r.str(&s, c, "BT-81")
			p.MeansCode = PaymentMeansCode(s)
		case "ram:Information":
			r.str(&p.MeansText, c, "BT-82")
		case "ram:ApplicableTradeSettlementFinancialCard":
			p.Card = &PaymentCard{}
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:ID":
					r.str(&p.Card.PrimaryAccountNumber, x, "BT-87")
				case "ram:CardholderName":
					r.str(&p.Card.HolderName, x, "BT-88")
				default:
					r.unknown(x)
				}
			}
		case "ram:PayerPartyDebtorFinancialAccount":
			// a direct debit is recognised by its debited account (the
			// mandate, BT-89, is in the payment terms)
			r.only(c, "ram:IBANID", func(x *node) {
				if p.DirectDebit == nil {
					p.DirectDebit = &DirectDebit{}
				}
				r.str(&p.DirectDebit.DebitedAccountID, x, "BT-91")
			})
			if p.DirectDebit != nil && p.DirectDebit.DebitedAccountID == "" {
				p.DirectDebit = nil
			}
		case "ram:PayeePartyCreditorFinancialAccount":
			ct := oneTransfer(&p)
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:IBANID":
					r.str(&ct.AccountID, x, "BT-84")
				case "ram:ProprietaryID":
					ct.Proprietary = ct.AccountID == "" && x.text != ""
					r.str(&ct.AccountID, x, "BT-84")
				case "ram:AccountName":
					r.str(&ct.AccountName, x, "BT-85")
				default:
					r.unknown(x)
				}
			}
		case "ram:PayeeSpecifiedCreditorFinancialInstitution":
			ct := oneTransfer(&p)
			r.only(c, "ram:BICID", func(x *node) { r.str(&ct.ProviderID, x, "BT-86") })
		default:
			r.unknown(c)
		}
	}
	return p
}

// oneTransfer returns the one BG-17 of a CII payment means.
func oneTransfer(p *PaymentInstructions) *CreditTransfer {
	if len(p.CreditTransfers) == 0 {
		p.CreditTransfers = append(p.CreditTransfers, CreditTransfer{})
	}
	return &p.CreditTransfers[0]
}

// vatCategory reads TypeCode, CategoryCode and RateApplicablePercent of a
// ram:ApplicableTradeTax or ram:CategoryTradeTax; it returns false for
// other children.
func (r *ciiReader) vatCategory(c *node, v *VATCategory, codeBT, rateBT string) bool {
	switch c.key {
	case "ram:TypeCode":
		if t := r.text(c); t != "VAT" {
			v.TaxScheme = t
		}
	case "ram:CategoryCode":
		s := string(v.Code)
		r.str(&s, c, codeBT)
		v.Code = VATCategoryCode(s)
	case "ram:RateApplicablePercent":
		r.dec(&v.Rate, c, rateBT)
	default:
		return false
	}
	return true
}

// breakdown reads a header ram:ApplicableTradeTax (BG-23 with BT-7, BT-8).
func (r *ciiReader) breakdown(n *node) VATBreakdown {
	var vb VATBreakdown
	r.agg(n)
	if hasKey(n, "ram:TaxPointDate") || hasKey(n, "ram:DueDateTypeCode") {
		r.taxPointIn++
	}
	for _, c := range n.kids {
		if r.vatCategory(c, &vb.Category, "BT-118", "BT-119") {
			continue
		}
		switch c.key {
		case "ram:CalculatedAmount":
			r.dec(&vb.TaxAmount, c, "BT-117")
		case "ram:BasisAmount":
			r.dec(&vb.TaxableAmount, c, "BT-116")
		case "ram:ExemptionReason":
			r.str(&vb.ExemptionReason, c, "BT-120")
		case "ram:ExemptionReasonCode":
			r.str(&vb.ExemptionReasonCode, c, "BT-121")
		case "ram:TaxPointDate":
			var d Date
			r.date(&d, c, "BT-7", "udt:DateString")
			switch {
			case d.IsZero():
			case r.taxPointDate.IsZero():
				r.taxPointDate = d
			case r.taxPointDate != d:
				r.fail(c, "BT-7", ErrRepeated)
			}
		case "ram:DueDateTypeCode":
			t := r.text(c)
			code, ok := dueDateCodes[strings.TrimSpace(t)]
			if !ok {
				r.fail(c, "BT-8", fmt.Errorf("%w: DueDateTypeCode %q, want 5, 29 or 72", ErrCode, cut(t)))
				code = t
			}
			switch {
			case r.taxPointCode == "":
				r.taxPointCode = code
			case r.taxPointCode != code:
				r.fail(c, "BT-8", ErrRepeated)
			}
		default:
			r.unknown(c)
		}
	}
	return vb
}

func (r *ciiReader) allowanceCharge(n *node, doc bool) AllowanceCharge {
	var ac AllowanceCharge
	r.agg(n)
	for _, c := range n.kids {
		if c.key == "ram:ChargeIndicator" {
			ac.Charge = r.indicator(c, "BG-20")
		}
	}
	i := 0
	if ac.Charge {
		i = 1
	}
	if !doc {
		i += 2
	}
	bt := acBT[i]
	for _, c := range n.kids {
		switch {
		case c.key == "ram:ChargeIndicator":
		case c.key == "ram:CalculationPercent":
			r.dec(&ac.Percentage, c, bt[2])
		case c.key == "ram:BasisAmount":
			r.dec(&ac.BaseAmount, c, bt[1])
		case c.key == "ram:ActualAmount":
			r.dec(&ac.Amount, c, bt[0])
		case c.key == "ram:ReasonCode":
			r.str(&ac.ReasonCode, c, bt[6])
		case c.key == "ram:Reason":
			r.str(&ac.Reason, c, bt[5])
		case c.key == "ram:CategoryTradeTax" && doc:
			if ac.VAT != nil {
				r.fail(c, bt[3], ErrRepeated)
				continue
			}
			ac.VAT = &VATCategory{}
			r.agg(c)
			for _, x := range c.kids {
				if !r.vatCategory(x, ac.VAT, bt[3], bt[4]) {
					r.unknown(x)
				}
			}
		default:
			r.unknown(c)
		}
	}
	return ac
}

func (r *ciiReader) totals(n *node, t *Totals) {
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "ram:LineTotalAmount":
			r.dec(&t.LineNet, c, "BT-106")
		case "ram:ChargeTotalAmount":
			r.dec(&t.Charges, c, "BT-108")
		case "ram:AllowanceTotalAmount":
			r.dec(&t.Allowances, c, "BT-107")
		case "ram:TaxBasisTotalAmount":
			r.dec(&t.WithoutVAT, c, "BT-109")
		case "ram:TaxTotalAmount":
			// BT-110 in the invoice currency, BT-111 in the VAT accounting
			// currency (a second TaxTotalAmount when both are the same)
			cur, _ := c.attr("currencyID")
			if r.taxCur != "" && cur == string(r.taxCur) && (r.taxCur != r.cur || t.VAT != nil) {
				r.dec(&t.VATAccounting, c, "BT-111", "currencyID")
				continue
			}
			r.dec(&t.VAT, c, "BT-110", "currencyID")
			if cur != string(r.cur) {
				r.fail(c, "BT-110", fmt.Errorf("%w: currencyID %q, want %q", ErrCurrency, cut(cur), r.cur))
			}
		case "ram:RoundingAmount":
			r.dec(&t.Rounding, c, "BT-114")
		case "ram:GrandTotalAmount":
			r.dec(&t.WithVAT, c, "BT-112")
		case "ram:TotalPrepaidAmount":
			r.dec(&t.Paid, c, "BT-113")
		case "ram:DuePayableAmount":
			r.dec(&t.DuePayable, c, "BT-115")
		default:
			r.unknown(c)
		}
	}
}

// line reads a ram:IncludedSupplyChainTradeLineItem (BG-25).
func (r *ciiReader) line(n *node) Line {
	var l Line
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "ram:AssociatedDocumentLineDocument":
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:LineID":
					r.str(&l.ID, x, "BT-126")
				case "ram:IncludedNote":
					r.only(x, "ram:Content", func(t *node) { r.str(&l.Note, t, "BT-127") })
				default:
					// ram:ParentLineID: XRechnung supports sub-lines in UBL only
					r.unknown(x)
				}
			}
		case "ram:SpecifiedTradeProduct":
			r.product(c, &l.Item)
		case "ram:SpecifiedLineTradeAgreement":
			r.lineAgreement(c, &l)
		case "ram:SpecifiedLineTradeDelivery":
			r.only(c, "ram:BilledQuantity", func(x *node) { r.quantity(&l.Quantity, &l.UnitCode, x, "BT-129") })
		case "ram:SpecifiedLineTradeSettlement":
			r.lineSettlement(c, &l)
		default:
			r.unknown(c)
		}
	}
	return l
}

func (r *ciiReader) product(n *node, it *Item) {
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "ram:GlobalID":
			r.ident(&it.StandardID, c, "BT-157")
		case "ram:SellerAssignedID":
			r.str(&it.SellerID, c, "BT-155")
		case "ram:BuyerAssignedID":
			r.str(&it.BuyerID, c, "BT-156")
		case "ram:Name":
			r.str(&it.Name, c, "BT-153")
		case "ram:Description":
			r.str(&it.Description, c, "BT-154")
		case "ram:ApplicableProductCharacteristic":
			var a ItemAttribute
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:Description":
					r.str(&a.Name, x, "BT-160")
				case "ram:Value":
					r.str(&a.Value, x, "BT-161")
				default:
					r.unknown(x)
				}
			}
			it.Attributes = append(it.Attributes, a)
		case "ram:DesignatedProductClassification":
			r.only(c, "ram:ClassCode", func(x *node) {
				cl := Classification{Code: r.text(x, "listID", "listVersionID")}
				cl.ListID, _ = x.attr("listID")
				cl.ListVersionID, _ = x.attr("listVersionID")
				it.Classifications = append(it.Classifications, cl)
			})
		case "ram:OriginTradeCountry":
			r.only(c, "ram:ID", func(x *node) {
				s := string(it.OriginCountry)
				r.str(&s, x, "BT-159")
				it.OriginCountry = CountryCode(s)
			})
		default:
			r.unknown(c)
		}
	}
}

func (r *ciiReader) lineAgreement(n *node, l *Line) {
	r.agg(n)
	p := &l.Price
	var gross, net *decimal.Decimal
	var grossUnit, netUnit UnitCode
	var grossNode *node
	for _, c := range n.kids {
		switch c.key {
		case "ram:BuyerOrderReferencedDocument":
			r.only(c, "ram:LineID", func(x *node) { r.str(&l.OrderLineReference, x, "BT-132") })
		case "ram:GrossPriceProductTradePrice":
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:ChargeAmount":
					r.dec(&p.Gross, x, "BT-148")
				case "ram:BasisQuantity":
					r.quantity(&gross, &grossUnit, x, "BT-149")
					grossNode = x
				case "ram:AppliedTradeAllowanceCharge":
					r.agg(x)
					for _, a := range x.kids {
						switch a.key {
						case "ram:ChargeIndicator":
							if r.indicator(a, "BT-147") {
								r.fail(a, "BT-147", fmt.Errorf("%w: ChargeIndicator true, want false (a price discount)", ErrCode))
							}
						case "ram:ActualAmount":
							r.dec(&p.Discount, a, "BT-147")
						default:
							r.unknown(a)
						}
					}
				default:
					r.unknown(x)
				}
			}
		case "ram:NetPriceProductTradePrice":
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:ChargeAmount":
					r.dec(&p.Net, x, "BT-146")
				case "ram:BasisQuantity":
					r.quantity(&net, &netUnit, x, "BT-149")
				default:
					r.unknown(x)
				}
			}
		default:
			r.unknown(c)
		}
	}
	// BT-149 is the net price's base quantity; the gross price's is the
	// same term when it is the only one or equal to the net price's, and
	// not covered by EN 16931 when it differs.
	switch {
	case net != nil && gross != nil:
		p.BaseQuantity, p.BaseQuantityUnit = net, netUnit
		if FormatDecimal(*net) == FormatDecimal(*gross) && netUnit == grossUnit {
			p.BaseQuantityAt = "both"
		} else {
			r.unknown(grossNode)
		}
	case net != nil:
		p.BaseQuantity, p.BaseQuantityUnit = net, netUnit
	case gross != nil:
		p.BaseQuantity, p.BaseQuantityUnit, p.BaseQuantityAt = gross, grossUnit, "gross"
	}
}

func (r *ciiReader) lineSettlement(n *node, l *Line) {
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "ram:ApplicableTradeTax":
			if l.VAT.Code != "" {
				r.fail(c, "BG-30", ErrRepeated)
				continue
			}
			r.agg(c)
			for _, x := range c.kids {
				if !r.vatCategory(x, &l.VAT, "BT-151", "BT-152") {
					r.unknown(x)
				}
			}
		case "ram:BillingSpecifiedPeriod":
			if l.Period != nil {
				r.fail(c, "BG-26", ErrRepeated)
				continue
			}
			l.Period = r.period(c, "BG-26")
		case "ram:SpecifiedTradeAllowanceCharge":
			l.AllowanceCharges = append(l.AllowanceCharges, r.allowanceCharge(c, false))
		case "ram:SpecifiedTradeSettlementLineMonetarySummation":
			r.only(c, "ram:LineTotalAmount", func(x *node) { r.dec(&l.NetAmount, x, "BT-131") })
		case "ram:AdditionalReferencedDocument":
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "ram:IssuerAssignedID":
					r.str(&l.ObjectIdentifier.ID, x, "BT-128")
				case "ram:ReferenceTypeCode":
					r.str(&l.ObjectIdentifier.Scheme, x, "BT-128-1")
				case "ram:TypeCode":
					if t := strings.TrimSpace(r.text(x)); t != "130" {
						r.fail(x, "BT-128", fmt.Errorf("%w: TypeCode %q, want 130", ErrCode, cut(t)))
					}
				default:
					r.unknown(x)
				}
			}
		case "ram:ReceivableSpecifiedTradeAccountingAccount":
			r.only(c, "ram:ID", func(x *node) { r.str(&l.AccountingReference, x, "BT-133") })
		default:
			r.unknown(c)
		}
	}
}
