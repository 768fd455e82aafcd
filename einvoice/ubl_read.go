package einvoice

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/shopspring/decimal"
)

// The UBL 2.1 namespaces.
const (
	NamespaceUBLInvoice    = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
	NamespaceUBLCreditNote = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
	NamespaceUBLCAC        = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
	NamespaceUBLCBC        = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
	NamespaceUBLExt        = "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2"
)

var ublPrefixes = map[string]string{
	NamespaceUBLInvoice:    "",
	NamespaceUBLCreditNote: "",
	NamespaceUBLCAC:        "cac",
	NamespaceUBLCBC:        "cbc",
	NamespaceUBLExt:        "ext",
}

// ReadUBL reads a UBL 2.1 Invoice or CreditNote. See the package
// documentation for the errors; a non-nil *Invoice may come with an error
// listing the values that could not be read.
func ReadUBL(r io.Reader, opts *ReadOptions) (*Invoice, error) {
	const op = "einvoice.ReadUBL"
	root, name, err := parseTree(op, r, ublPrefixes, opts)
	if err != nil {
		return nil, err
	}
	if name.Local != "Invoice" && name.Local != "CreditNote" {
		return nil, rootError(op, ErrRoot, root, name, fmt.Sprintf("root element %q", name.Local))
	}
	want := NamespaceUBLInvoice
	if name.Local == "CreditNote" {
		want = NamespaceUBLCreditNote
	}
	if name.Space != want {
		return nil, rootError(op, ErrNamespace, root, name, fmt.Sprintf("%s in namespace %q, want %q", name.Local, name.Space, want))
	}
	return readUBLTree(op, root)
}

// ublReader holds the state of reading one UBL document.
type ublReader struct {
	src    *Source
	errs   []error
	cur    CurrencyCode // BT-5 as read
	taxCur CurrencyCode // BT-6 as read
	credit bool         // CreditNote document

	sepaInSeller bool // BT-90 read from the seller party
}

func readUBLTree(op string, root *node) (*Invoice, error) {
	r := &ublReader{src: &Source{Syntax: UBL, Root: root.key}, credit: root.key == "CreditNote"}
	inv := &Invoice{Source: r.src}
	r.invoice(root, inv)
	r.src.CreditorInSeller = r.sepaInSeller && inv.Payee != nil
	if len(r.errs) > 0 {
		return inv, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: errors.Join(r.errs...)}
	}
	return inv, nil
}

// fail records a problem at n.
func (r *ublReader) fail(n *node, bt string, err error) {
	r.errs = append(r.errs, &FieldError{Path: n.path(), BT: bt, Line: int(n.line), Column: int(n.col), Offset: n.off, Err: err})
}

// unknown records an element the model does not cover.
func (r *ublReader) unknown(n *node) { r.src.Unknown = append(r.src.Unknown, n.loc()) }

// attrs reports every attribute of n not named in allowed.
func (r *ublReader) attrs(n *node, allowed ...string) {
outer:
	for _, a := range n.attrs {
		if a.Name.Space == "" {
			for _, name := range allowed {
				if a.Name.Local == name {
					continue outer
				}
			}
		}
		l := n.loc()
		l.Path += "/@" + a.Name.Local
		r.src.Unknown = append(r.src.Unknown, l)
	}
}

// text returns the text of leaf n, reporting children and unexpected
// attributes as unknown and an empty element in Source.Empty.
func (r *ublReader) text(n *node, allowed ...string) string {
	if len(n.attrs) > 0 {
		r.attrs(n, allowed...)
	}
	for _, k := range n.kids {
		r.unknown(k)
	}
	if len(n.kids) == 0 && strings.TrimSpace(n.text) == "" {
		r.src.Empty = append(r.src.Empty, n.loc())
	}
	return n.text
}

// str sets *dst to the text of n, reporting a repetition.
func (r *ublReader) str(dst *string, n *node, bt string, allowed ...string) {
	t := r.text(n, allowed...)
	if *dst != "" {
		r.fail(n, bt, ErrRepeated)
		return
	}
	*dst = t
}

// ident sets *dst to the identifier of n with its schemeID.
func (r *ublReader) ident(dst *Identifier, n *node, bt string) {
	if !dst.IsZero() {
		r.fail(n, bt, ErrRepeated)
		return
	}
	dst.ID = r.text(n, "schemeID")
	dst.Scheme, _ = n.attr("schemeID")
}

// dec parses the decimal of n into *dst.
func (r *ublReader) dec(dst **decimal.Decimal, n *node, bt string, allowed ...string) {
	t := strings.TrimSpace(r.text(n, allowed...))
	if *dst != nil {
		r.fail(n, bt, ErrRepeated)
		return
	}
	d, err := ParseDecimal(t)
	if err != nil {
		r.fail(n, bt, fmt.Errorf("%w: %q", err, cut(t)))
		return
	}
	*dst = &d
}

// amount parses an amount whose currencyID must be cur.
func (r *ublReader) amount(dst **decimal.Decimal, n *node, bt string, cur CurrencyCode) {
	r.dec(dst, n, bt, "currencyID")
	c, ok := n.attr("currencyID")
	if !ok || c != string(cur) {
		r.fail(n, bt, fmt.Errorf("%w: currencyID %q, want %q", ErrCurrency, cut(c), cur))
	}
}

// quantity parses a quantity with its unitCode.
func (r *ublReader) quantity(dst **decimal.Decimal, unit *UnitCode, n *node, bt string) {
	r.dec(dst, n, bt, "unitCode")
	u, _ := n.attr("unitCode")
	*unit = UnitCode(u)
}

// date parses the date of n into *dst.
func (r *ublReader) date(dst *Date, n *node, bt string) {
	t := strings.TrimSpace(r.text(n))
	if !dst.IsZero() {
		r.fail(n, bt, ErrRepeated)
		return
	}
	d, err := ParseDate(t)
	if err != nil {
		r.fail(n, bt, fmt.Errorf("%w: %q", err, cut(t)))
		return
	}
	*dst = d
}

// cut shortens a value quoted in an error message.
func cut(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// only walks the children of an aggregate that has exactly one meaningful
// child key; others are unknown.
func (r *ublReader) only(n *node, key string, f func(*node)) {
	r.attrs(n)
	if len(n.kids) == 0 {
		r.src.Empty = append(r.src.Empty, n.loc())
	}
	for _, k := range n.kids {
		if k.key == key {
			f(k)
		} else {
			r.unknown(k)
		}
	}
}

// agg starts reading an aggregate: it reports attributes and emptiness.
func (r *ublReader) agg(n *node) {
	if len(n.attrs) > 0 {
		r.attrs(n)
	}
	if len(n.kids) == 0 {
		r.src.Empty = append(r.src.Empty, n.loc())
	}
}

func (r *ublReader) invoice(root *node, inv *Invoice) {
	r.attrs(root)
	// the currencies come first: amounts are checked against them
	for _, k := range root.kids {
		switch k.key {
		case "cbc:DocumentCurrencyCode":
			r.cur = CurrencyCode(strings.TrimSpace(k.text))
		case "cbc:TaxCurrencyCode":
			r.taxCur = CurrencyCode(strings.TrimSpace(k.text))
		}
	}
	typeKey, lineKey := "cbc:InvoiceTypeCode", "cac:InvoiceLine"
	if r.credit {
		typeKey, lineKey = "cbc:CreditNoteTypeCode", "cac:CreditNoteLine"
	}
	var taxTotals int
	for _, k := range root.kids {
		switch k.key {
		case "cbc:CustomizationID":
			r.str(&inv.Specification, k, "BT-24")
		case "cbc:ProfileID":
			r.str(&inv.BusinessProcessType, k, "BT-23")
		case "cbc:ID":
			r.str(&inv.Number, k, "BT-1")
		case "cbc:IssueDate":
			r.date(&inv.IssueDate, k, "BT-2")
		case "cbc:DueDate":
			if r.credit {
				r.unknown(k)
				continue
			}
			r.date(&inv.DueDate, k, "BT-9")
		case typeKey:
			s := string(inv.TypeCode)
			r.str(&s, k, "BT-3")
			inv.TypeCode = TypeCode(s)
		case "cbc:Note":
			inv.Notes = append(inv.Notes, parseNote(r.text(k)))
		case "cbc:TaxPointDate":
			r.date(&inv.TaxPointDate, k, "BT-7")
		case "cbc:DocumentCurrencyCode":
			s := string(inv.CurrencyCode)
			r.str(&s, k, "BT-5")
			inv.CurrencyCode = CurrencyCode(s)
		case "cbc:TaxCurrencyCode":
			s := string(inv.VATCurrencyCode)
			r.str(&s, k, "BT-6")
			inv.VATCurrencyCode = CurrencyCode(s)
		case "cbc:AccountingCost":
			r.str(&inv.BuyerAccountingReference, k, "BT-19")
		case "cbc:BuyerReference":
			r.str(&inv.BuyerReference, k, "BT-10")
		case "cac:InvoicePeriod":
			if inv.InvoicingPeriod != nil {
				r.fail(k, "BG-14", ErrRepeated)
				continue
			}
			inv.InvoicingPeriod = r.period(k, "BG-14", &inv.TaxPointDateCode)
		case "cac:OrderReference":
			r.agg(k)
			for _, c := range k.kids {
				switch c.key {
				case "cbc:ID":
					r.str(&inv.PurchaseOrderReference, c, "BT-13")
				case "cbc:SalesOrderID":
					r.str(&inv.SalesOrderReference, c, "BT-14")
				default:
					r.unknown(c)
				}
			}
		case "cac:BillingReference":
			r.only(k, "cac:InvoiceDocumentReference", func(d *node) {
				var p PrecedingInvoice
				r.agg(d)
				for _, c := range d.kids {
					switch c.key {
					case "cbc:ID":
						r.str(&p.Number, c, "BT-25")
					case "cbc:IssueDate":
						r.date(&p.IssueDate, c, "BT-26")
					default:
						r.unknown(c)
					}
				}
				inv.PrecedingInvoices = append(inv.PrecedingInvoices, p)
			})
		case "cac:DespatchDocumentReference":
			r.only(k, "cbc:ID", func(c *node) { r.str(&inv.DespatchAdviceReference, c, "BT-16") })
		case "cac:ReceiptDocumentReference":
			r.only(k, "cbc:ID", func(c *node) { r.str(&inv.ReceivingAdviceReference, c, "BT-15") })
		case "cac:OriginatorDocumentReference":
			r.only(k, "cbc:ID", func(c *node) { r.str(&inv.TenderOrLotReference, c, "BT-17") })
		case "cac:ContractDocumentReference":
			r.only(k, "cbc:ID", func(c *node) { r.str(&inv.ContractReference, c, "BT-12") })
		case "cac:AdditionalDocumentReference":
			r.additionalDocument(k, inv)
		case "cac:ProjectReference":
			if r.credit {
				r.unknown(k)
				continue
			}
			r.only(k, "cbc:ID", func(c *node) { r.str(&inv.ProjectReference, c, "BT-11") })
		case "cac:AccountingSupplierParty":
			r.only(k, "cac:Party", func(p *node) { r.party(p, roleSeller, inv) })
		case "cac:AccountingCustomerParty":
			r.only(k, "cac:Party", func(p *node) { r.party(p, roleBuyer, inv) })
		case "cac:PayeeParty":
			if inv.Payee != nil {
				r.fail(k, "BG-10", ErrRepeated)
				continue
			}
			inv.Payee = &Payee{}
			r.party(k, rolePayee, inv)
		case "cac:TaxRepresentativeParty":
			if inv.TaxRepresentative != nil {
				r.fail(k, "BG-11", ErrRepeated)
				continue
			}
			inv.TaxRepresentative = &TaxRepresentative{}
			r.party(k, roleTaxRep, inv)
		case "cac:Delivery":
			if inv.Delivery != nil {
				r.fail(k, "BG-13", ErrRepeated)
				continue
			}
			inv.Delivery = r.delivery(k)
		case "cac:PaymentMeans":
			inv.PaymentInstructions = append(inv.PaymentInstructions, r.paymentMeans(k, inv))
		case "cac:PaymentTerms":
			r.only(k, "cbc:Note", func(c *node) { r.str(&inv.PaymentTerms, c, "BT-20") })
		case "cac:PrepaidPayment":
			if r.credit {
				r.unknown(k)
				continue
			}
			inv.ThirdPartyPayments = append(inv.ThirdPartyPayments, r.prepaid(k))
		case "cac:AllowanceCharge":
			inv.AllowanceCharges = append(inv.AllowanceCharges, r.allowanceCharge(k, true))
		case "cac:TaxTotal":
			taxTotals++
			r.taxTotal(k, inv)
		case "cac:LegalMonetaryTotal":
			r.totals(k, &inv.Totals)
		case lineKey:
			inv.Lines = append(inv.Lines, r.line(k, lineKey))
		default:
			r.unknown(k)
		}
	}
}

// parseNote splits the UBL note text "#AAI#text" into BT-21 and BT-22.
func parseNote(s string) Note {
	if len(s) >= 5 && s[0] == '#' && s[4] == '#' && isUpperAlpha(s[1:4]) {
		return Note{SubjectCode: s[1:4], Text: s[5:]}
	}
	return Note{Text: s}
}

func isUpperAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// period reads cac:InvoicePeriod; descCode receives BT-8 (document level
// only; nil at line level).
func (r *ublReader) period(n *node, bg string, descCode *string) *Period {
	p := &Period{}
	r.agg(n)
	startBT, endBT := "BT-73", "BT-74"
	if bg == "BG-26" {
		startBT, endBT = "BT-134", "BT-135"
	}
	for _, c := range n.kids {
		switch {
		case c.key == "cbc:StartDate":
			r.date(&p.Start, c, startBT)
		case c.key == "cbc:EndDate":
			r.date(&p.End, c, endBT)
		case c.key == "cbc:DescriptionCode" && descCode != nil:
			r.str(descCode, c, "BT-8")
		default:
			r.unknown(c)
		}
	}
	if p.Start.IsZero() && p.End.IsZero() {
		return nil // no dates: no period (BT-8 alone is kept in descCode)
	}
	return p
}

// additionalDocument reads cac:AdditionalDocumentReference: BT-18 (type
// code 130), BT-11 of a credit note (type code 50) or BG-24.
func (r *ublReader) additionalDocument(n *node, inv *Invoice) {
	r.agg(n)
	var typeCode string
	for _, c := range n.kids {
		if c.key == "cbc:DocumentTypeCode" {
			typeCode = strings.TrimSpace(c.text)
		}
	}
	switch {
	case typeCode == "130":
		for _, c := range n.kids {
			switch c.key {
			case "cbc:ID":
				r.ident(&inv.InvoicedObject, c, "BT-18")
			case "cbc:DocumentTypeCode":
				r.text(c)
			default:
				r.unknown(c)
			}
		}
		return
	case typeCode == "50" && r.credit:
		for _, c := range n.kids {
			switch c.key {
			case "cbc:ID":
				r.str(&inv.ProjectReference, c, "BT-11")
			case "cbc:DocumentTypeCode":
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
		case "cbc:ID":
			r.str(&d.ID, c, "BT-122")
		case "cbc:DocumentTypeCode":
			r.str(&d.TypeCode, c, "BG-24")
		case "cbc:DocumentDescription":
			r.str(&d.Description, c, "BT-123")
		case "cac:Attachment":
			r.agg(c)
			for _, a := range c.kids {
				switch a.key {
				case "cbc:EmbeddedDocumentBinaryObject":
					d.Attachment = r.attachment(a)
				case "cac:ExternalReference":
					r.only(a, "cbc:URI", func(u *node) { r.str(&d.ExternalLocation, u, "BT-124") })
				default:
					r.unknown(a)
				}
			}
		default:
			r.unknown(c)
		}
	}
	inv.SupportingDocuments = append(inv.SupportingDocuments, d)
}

// attachment reads BT-125 and checks its base64 without holding the
// decoded content.
func (r *ublReader) attachment(n *node) *Attachment {
	a := &Attachment{Base64: r.text(n, "mimeCode", "filename")}
	a.MimeCode, _ = n.attr("mimeCode")
	a.Filename, _ = n.attr("filename")
	if _, err := io.Copy(io.Discard, a.Open()); err != nil {
		r.fail(n, "BT-125", fmt.Errorf("%w: %v", ErrBase64, err))
	}
	return a
}

type role int

const (
	roleSeller role = iota
	roleBuyer
	rolePayee
	roleTaxRep
)

// partyBT names the business terms of each role: group, name, trading
// name, identifier, legal registration, VAT id, electronic address,
// address group, contact group.
var partyBT = [...][9]string{
	roleSeller: {"BG-4", "BT-27", "BT-28", "BT-29", "BT-30", "BT-31", "BT-34", "BG-5", "BG-6"},
	roleBuyer:  {"BG-7", "BT-44", "BT-45", "BT-46", "BT-47", "BT-48", "BT-49", "BG-8", "BG-9"},
	rolePayee:  {"BG-10", "BT-59", "", "BT-60", "BT-61", "", "", "", ""},
	roleTaxRep: {"BG-11", "BT-62", "", "", "", "BT-63", "", "BG-12", ""},
}

// party reads a cac:Party (or cac:PayeeParty, cac:TaxRepresentativeParty)
// into the role's structure.
func (r *ublReader) party(n *node, ro role, inv *Invoice) {
	bt := partyBT[ro]
	r.agg(n)
	var (
		name, trading, vat, endpoint  *string
		vatScheme                     *string
		endpointScheme                *EASCode
		ident, legal                  *Identifier
		idents                        *[]Identifier
		addr                          *Address
		contact                       **Contact
		taxReg, taxRegScheme, legInfo *string
	)
	switch ro {
	case roleSeller:
		s := &inv.Seller
		name, trading, vat, legal, idents = &s.Name, &s.TradingName, &s.VATIdentifier, &s.LegalRegistration, &s.Identifiers
		endpoint, endpointScheme = &s.ElectronicAddress.Address, &s.ElectronicAddress.Scheme
		addr, contact = &s.Address, &s.Contact
		taxReg, taxRegScheme, legInfo = &s.TaxRegistrationID, &s.TaxRegistrationScheme, &s.AdditionalLegalInformation
		vatScheme = &s.VATScheme
	case roleBuyer:
		b := &inv.Buyer
		name, trading, vat, legal, ident = &b.Name, &b.TradingName, &b.VATIdentifier, &b.LegalRegistration, &b.Identifier
		endpoint, endpointScheme = &b.ElectronicAddress.Address, &b.ElectronicAddress.Scheme
		addr, contact = &b.Address, &b.Contact
		vatScheme = &b.VATScheme
	case rolePayee:
		p := inv.Payee
		trading, ident, legal = &p.Name, &p.Identifier, &p.LegalRegistration
	case roleTaxRep:
		t := inv.TaxRepresentative
		trading, vat, addr, vatScheme = &t.Name, &t.VATIdentifier, &t.Address, &t.VATScheme
	}
	for _, c := range n.kids {
		switch {
		case c.key == "cbc:EndpointID" && endpoint != nil:
			r.str(endpoint, c, bt[6], "schemeID")
			s, _ := c.attr("schemeID")
			*endpointScheme = EASCode(s)
		case c.key == "cac:PartyIdentification" && (idents != nil || ident != nil):
			r.only(c, "cbc:ID", func(id *node) {
				if s, _ := id.attr("schemeID"); s == "SEPA" && (ro == roleSeller || ro == rolePayee) {
					r.str(&inv.CreditorReference, id, "BT-90", "schemeID")
					if ro == roleSeller {
						r.sepaInSeller = true
					}
					return
				}
				if idents != nil {
					var v Identifier
					r.ident(&v, id, bt[3])
					*idents = append(*idents, v)
					return
				}
				r.ident(ident, id, bt[3])
			})
		case c.key == "cac:PartyName" && trading != nil:
			r.only(c, "cbc:Name", func(nm *node) { r.str(trading, nm, bt[2]) })
		case c.key == "cac:PostalAddress" && addr != nil:
			r.address(c, addr, bt[7])
		case c.key == "cac:PartyTaxScheme" && vat != nil:
			r.agg(c)
			var id *node
			var scheme string
			for _, t := range c.kids {
				switch t.key {
				case "cbc:CompanyID":
					id = t
				case "cac:TaxScheme":
					r.only(t, "cbc:ID", func(s *node) { scheme = r.text(s) })
				default:
					r.unknown(t)
				}
			}
			if id == nil {
				// a tax scheme without an identifier is no business term
				r.unknown(c)
				continue
			}
			// The seller's BT-31 has the tax scheme VAT, any other scheme
			// is BT-32; buyer and tax representative have only a VAT id.
			if taxReg == nil && strings.TrimSpace(scheme) != "VAT" {
				// not BT-48 / BT-63: a tax registration EN 16931 does not
				// define for the buyer or tax representative
				r.unknown(c)
				continue
			}
			if strings.TrimSpace(scheme) == "VAT" {
				r.str(vat, id, bt[5])
				if scheme != "VAT" {
					*vatScheme = scheme
				}
			} else {
				r.str(taxReg, id, "BT-32")
				*taxRegScheme = scheme
			}
		case c.key == "cac:PartyLegalEntity" && legal != nil:
			r.agg(c)
			for _, l := range c.kids {
				switch {
				case l.key == "cbc:RegistrationName" && name != nil:
					r.str(name, l, bt[1])
				case l.key == "cbc:CompanyID":
					r.ident(legal, l, bt[4])
				case l.key == "cbc:CompanyLegalForm" && legInfo != nil:
					r.str(legInfo, l, "BT-33")
				default:
					r.unknown(l)
				}
			}
		case c.key == "cac:Contact" && contact != nil:
			if *contact != nil {
				r.fail(c, bt[8], ErrRepeated)
				continue
			}
			ct := &Contact{}
			*contact = ct
			r.agg(c)
			ctBT := [3]string{"BT-41", "BT-42", "BT-43"}
			if ro == roleBuyer {
				ctBT = [3]string{"BT-56", "BT-57", "BT-58"}
			}
			for _, x := range c.kids {
				switch x.key {
				case "cbc:Name":
					r.str(&ct.Name, x, ctBT[0])
				case "cbc:Telephone":
					r.str(&ct.Telephone, x, ctBT[1])
				case "cbc:ElectronicMail":
					r.str(&ct.Email, x, ctBT[2])
				default:
					r.unknown(x)
				}
			}
		default:
			r.unknown(c)
		}
	}
}

// address reads a postal address (cac:PostalAddress or cac:Address).
func (r *ublReader) address(n *node, a *Address, bg string) {
	bts := addressBT[bg]
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "cbc:StreetName":
			r.str(&a.Line1, c, bts[0])
		case "cbc:AdditionalStreetName":
			r.str(&a.Line2, c, bts[1])
		case "cac:AddressLine":
			r.only(c, "cbc:Line", func(l *node) { r.str(&a.Line3, l, bts[2]) })
		case "cbc:CityName":
			r.str(&a.City, c, bts[3])
		case "cbc:PostalZone":
			r.str(&a.PostCode, c, bts[4])
		case "cbc:CountrySubentity":
			r.str(&a.CountrySubdivision, c, bts[5])
		case "cac:Country":
			r.only(c, "cbc:IdentificationCode", func(l *node) {
				s := string(a.CountryCode)
				r.str(&s, l, bts[6])
				a.CountryCode = CountryCode(s)
			})
		default:
			r.unknown(c)
		}
	}
}

// addressBT names the terms of each address group: line 1, 2, 3, city,
// post code, subdivision, country.
var addressBT = map[string][7]string{
	"BG-5":  {"BT-35", "BT-36", "BT-162", "BT-37", "BT-38", "BT-39", "BT-40"},
	"BG-8":  {"BT-50", "BT-51", "BT-163", "BT-52", "BT-53", "BT-54", "BT-55"},
	"BG-12": {"BT-64", "BT-65", "BT-164", "BT-66", "BT-67", "BT-68", "BT-69"},
	"BG-15": {"BT-75", "BT-76", "BT-165", "BT-77", "BT-78", "BT-79", "BT-80"},
}

func (r *ublReader) delivery(n *node) *Delivery {
	d := &Delivery{}
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "cbc:ActualDeliveryDate":
			r.date(&d.ActualDate, c, "BT-72")
		case "cac:DeliveryLocation":
			r.agg(c)
			for _, l := range c.kids {
				switch l.key {
				case "cbc:ID":
					r.ident(&d.LocationID, l, "BT-71")
				case "cac:Address":
					if d.Address != nil {
						r.fail(l, "BG-15", ErrRepeated)
						continue
					}
					d.Address = &Address{}
					r.address(l, d.Address, "BG-15")
				default:
					r.unknown(l)
				}
			}
		case "cac:DeliveryParty":
			r.only(c, "cac:PartyName", func(p *node) {
				r.only(p, "cbc:Name", func(nm *node) { r.str(&d.PartyName, nm, "BT-70") })
			})
		default:
			r.unknown(c)
		}
	}
	return d
}

func (r *ublReader) paymentMeans(n *node, inv *Invoice) PaymentInstructions {
	var p PaymentInstructions
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "cbc:PaymentMeansCode":
			s := string(p.MeansCode)
			r.str(&s, c, "BT-81", "name")
			p.MeansCode = PaymentMeansCode(s)
			p.MeansText, _ = c.attr("name")
		case "cbc:PaymentDueDate":
			if !r.credit {
				r.unknown(c)
				continue
			}
			r.date(&inv.DueDate, c, "BT-9")
		case "cbc:PaymentID":
			r.str(&p.RemittanceInformation, c, "BT-83")
		case "cac:CardAccount":
			if p.Card != nil {
				r.fail(c, "BG-18", ErrRepeated)
				continue
			}
			p.Card = &PaymentCard{}
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "cbc:PrimaryAccountNumberID":
					r.str(&p.Card.PrimaryAccountNumber, x, "BT-87")
				case "cbc:NetworkID":
					r.str(&p.Card.NetworkID, x, "BG-18")
				case "cbc:HolderName":
					r.str(&p.Card.HolderName, x, "BT-88")
				default:
					r.unknown(x)
				}
			}
		case "cac:PayeeFinancialAccount":
			var ct CreditTransfer
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "cbc:ID":
					r.str(&ct.AccountID, x, "BT-84")
				case "cbc:Name":
					r.str(&ct.AccountName, x, "BT-85")
				case "cac:FinancialInstitutionBranch":
					r.only(x, "cbc:ID", func(b *node) { r.str(&ct.ProviderID, b, "BT-86") })
				default:
					r.unknown(x)
				}
			}
			p.CreditTransfers = append(p.CreditTransfers, ct)
		case "cac:PaymentMandate":
			if p.DirectDebit != nil {
				r.fail(c, "BG-19", ErrRepeated)
				continue
			}
			p.DirectDebit = &DirectDebit{}
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "cbc:ID":
					r.str(&p.DirectDebit.MandateReference, x, "BT-89")
				case "cac:PayerFinancialAccount":
					r.only(x, "cbc:ID", func(b *node) { r.str(&p.DirectDebit.DebitedAccountID, b, "BT-91") })
				default:
					r.unknown(x)
				}
			}
		default:
			r.unknown(c)
		}
	}
	return p
}

func (r *ublReader) prepaid(n *node) ThirdPartyPayment {
	var t ThirdPartyPayment
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "cbc:ID":
			r.str(&t.Type, c, "BT-DEX-001")
		case "cbc:PaidAmount":
			r.amount(&t.Amount, c, "BT-DEX-002", r.cur)
		case "cbc:InstructionID":
			r.str(&t.Description, c, "BT-DEX-003")
		default:
			r.unknown(c)
		}
	}
	return t
}

// acBT names the terms of allowances and charges: amount, base, percentage,
// VAT category, VAT rate, reason, reason code; per document level
// allowance, document level charge, line allowance, line charge.
var acBT = [4][7]string{
	{"BT-92", "BT-93", "BT-94", "BT-95", "BT-96", "BT-97", "BT-98"},
	{"BT-99", "BT-100", "BT-101", "BT-102", "BT-103", "BT-104", "BT-105"},
	{"BT-136", "BT-137", "BT-138", "", "", "BT-139", "BT-140"},
	{"BT-141", "BT-142", "BT-143", "", "", "BT-144", "BT-145"},
}

func (r *ublReader) allowanceCharge(n *node, doc bool) AllowanceCharge {
	var ac AllowanceCharge
	r.agg(n)
	for _, c := range n.kids {
		if c.key == "cbc:ChargeIndicator" {
			switch strings.TrimSpace(c.text) {
			case "true", "1":
				ac.Charge = true
			case "false", "0":
			default:
				r.fail(c, "BG-20", fmt.Errorf("%w: ChargeIndicator %q", ErrCode, cut(c.text)))
			}
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
		case c.key == "cbc:ChargeIndicator":
			r.text(c)
		case c.key == "cbc:AllowanceChargeReasonCode":
			r.str(&ac.ReasonCode, c, bt[6])
		case c.key == "cbc:AllowanceChargeReason":
			r.str(&ac.Reason, c, bt[5])
		case c.key == "cbc:MultiplierFactorNumeric":
			r.dec(&ac.Percentage, c, bt[2])
		case c.key == "cbc:Amount":
			r.amount(&ac.Amount, c, bt[0], r.cur)
		case c.key == "cbc:BaseAmount":
			r.amount(&ac.BaseAmount, c, bt[1], r.cur)
		case c.key == "cac:TaxCategory" && doc:
			if ac.VAT != nil {
				r.fail(c, bt[3], ErrRepeated)
				continue
			}
			ac.VAT = &VATCategory{}
			r.taxCategory(c, ac.VAT, bt[3], bt[4], nil)
		default:
			r.unknown(c)
		}
	}
	return ac
}

// taxCategory reads a cac:TaxCategory or cac:ClassifiedTaxCategory; vb
// receives the exemption reason of a VAT breakdown (nil elsewhere).
func (r *ublReader) taxCategory(n *node, v *VATCategory, codeBT, rateBT string, vb *VATBreakdown) {
	r.agg(n)
	for _, c := range n.kids {
		switch {
		case c.key == "cbc:ID":
			s := string(v.Code)
			r.str(&s, c, codeBT)
			v.Code = VATCategoryCode(s)
		case c.key == "cbc:Percent":
			r.dec(&v.Rate, c, rateBT)
		case c.key == "cbc:TaxExemptionReasonCode" && vb != nil:
			r.str(&vb.ExemptionReasonCode, c, "BT-121")
		case c.key == "cbc:TaxExemptionReason" && vb != nil:
			r.str(&vb.ExemptionReason, c, "BT-120")
		case c.key == "cac:TaxScheme":
			r.only(c, "cbc:ID", func(s *node) {
				if t := r.text(s); t != "VAT" {
					v.TaxScheme = t
				}
			})
		default:
			r.unknown(c)
		}
	}
}

func (r *ublReader) taxTotal(n *node, inv *Invoice) {
	r.agg(n)
	var amt *node
	for _, c := range n.kids {
		if c.key == "cbc:TaxAmount" {
			amt = c
		}
	}
	cur := ""
	if amt != nil {
		cur, _ = amt.attr("currencyID")
	}
	// BT-111: the TaxTotal in the VAT accounting currency, without
	// breakdown, when that currency differs from the invoice currency or
	// BT-110 is read already.
	accounting := r.taxCur != "" && cur == string(r.taxCur) && (r.taxCur != r.cur || inv.Totals.VAT != nil) && !hasKey(n, "cac:TaxSubtotal")
	for _, c := range n.kids {
		switch c.key {
		case "cbc:TaxAmount":
			if accounting {
				r.amount(&inv.Totals.VATAccounting, c, "BT-111", r.taxCur)
			} else {
				r.amount(&inv.Totals.VAT, c, "BT-110", r.cur)
			}
		case "cac:TaxSubtotal":
			var vb VATBreakdown
			r.agg(c)
			for _, s := range c.kids {
				switch s.key {
				case "cbc:TaxableAmount":
					r.amount(&vb.TaxableAmount, s, "BT-116", r.cur)
				case "cbc:TaxAmount":
					r.amount(&vb.TaxAmount, s, "BT-117", r.cur)
				case "cac:TaxCategory":
					r.taxCategory(s, &vb.Category, "BT-118", "BT-119", &vb)
				default:
					r.unknown(s)
				}
			}
			inv.VATBreakdown = append(inv.VATBreakdown, vb)
		default:
			r.unknown(c)
		}
	}
}

func hasKey(n *node, key string) bool {
	for _, c := range n.kids {
		if c.key == key {
			return true
		}
	}
	return false
}

func (r *ublReader) totals(n *node, t *Totals) {
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "cbc:LineExtensionAmount":
			r.amount(&t.LineNet, c, "BT-106", r.cur)
		case "cbc:TaxExclusiveAmount":
			r.amount(&t.WithoutVAT, c, "BT-109", r.cur)
		case "cbc:TaxInclusiveAmount":
			r.amount(&t.WithVAT, c, "BT-112", r.cur)
		case "cbc:AllowanceTotalAmount":
			r.amount(&t.Allowances, c, "BT-107", r.cur)
		case "cbc:ChargeTotalAmount":
			r.amount(&t.Charges, c, "BT-108", r.cur)
		case "cbc:PrepaidAmount":
			r.amount(&t.Paid, c, "BT-113", r.cur)
		case "cbc:PayableRoundingAmount":
			r.amount(&t.Rounding, c, "BT-114", r.cur)
		case "cbc:PayableAmount":
			r.amount(&t.DuePayable, c, "BT-115", r.cur)
		default:
			r.unknown(c)
		}
	}
}

// line reads cac:InvoiceLine / cac:CreditNoteLine and, recursively, the
// sub-lines of the XRechnung Extension.
func (r *ublReader) line(n *node, key string) Line {
	var l Line
	r.agg(n)
	qtyKey, subKey := "cbc:InvoicedQuantity", "cac:SubInvoiceLine"
	if r.credit {
		qtyKey, subKey = "cbc:CreditedQuantity", "cac:SubCreditNoteLine"
	}
	for _, c := range n.kids {
		switch c.key {
		case "cbc:ID":
			r.str(&l.ID, c, "BT-126")
		case "cbc:Note":
			r.str(&l.Note, c, "BT-127")
		case qtyKey:
			r.quantity(&l.Quantity, &l.UnitCode, c, "BT-129")
		case "cbc:LineExtensionAmount":
			r.amount(&l.NetAmount, c, "BT-131", r.cur)
		case "cbc:AccountingCost":
			r.str(&l.AccountingReference, c, "BT-133")
		case "cac:InvoicePeriod":
			if l.Period != nil {
				r.fail(c, "BG-26", ErrRepeated)
				continue
			}
			l.Period = r.period(c, "BG-26", nil)
		case "cac:OrderLineReference":
			r.only(c, "cbc:LineID", func(x *node) { r.str(&l.OrderLineReference, x, "BT-132") })
		case "cac:DocumentReference":
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "cbc:ID":
					r.ident(&l.ObjectIdentifier, x, "BT-128")
				case "cbc:DocumentTypeCode":
					if t := strings.TrimSpace(r.text(x)); t != "130" {
						r.fail(x, "BT-128", fmt.Errorf("%w: DocumentTypeCode %q, want 130", ErrCode, cut(t)))
					}
				default:
					r.unknown(x)
				}
			}
		case "cac:AllowanceCharge":
			l.AllowanceCharges = append(l.AllowanceCharges, r.allowanceCharge(c, false))
		case "cac:Item":
			r.item(c, &l)
		case "cac:Price":
			r.price(c, &l.Price)
		case subKey:
			l.SubLines = append(l.SubLines, r.line(c, subKey))
		default:
			r.unknown(c)
		}
	}
	return l
}

func (r *ublReader) item(n *node, l *Line) {
	it := &l.Item
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "cbc:Description":
			r.str(&it.Description, c, "BT-154")
		case "cbc:Name":
			r.str(&it.Name, c, "BT-153")
		case "cac:BuyersItemIdentification":
			r.only(c, "cbc:ID", func(x *node) { r.str(&it.BuyerID, x, "BT-156") })
		case "cac:SellersItemIdentification":
			r.only(c, "cbc:ID", func(x *node) { r.str(&it.SellerID, x, "BT-155") })
		case "cac:StandardItemIdentification":
			r.only(c, "cbc:ID", func(x *node) { r.ident(&it.StandardID, x, "BT-157") })
		case "cac:OriginCountry":
			r.only(c, "cbc:IdentificationCode", func(x *node) {
				s := string(it.OriginCountry)
				r.str(&s, x, "BT-159")
				it.OriginCountry = CountryCode(s)
			})
		case "cac:CommodityClassification":
			r.only(c, "cbc:ItemClassificationCode", func(x *node) {
				cl := Classification{Code: r.text(x, "listID", "listVersionID")}
				cl.ListID, _ = x.attr("listID")
				cl.ListVersionID, _ = x.attr("listVersionID")
				it.Classifications = append(it.Classifications, cl)
			})
		case "cac:ClassifiedTaxCategory":
			if l.VAT.Code != "" {
				r.fail(c, "BG-30", ErrRepeated)
				continue
			}
			r.taxCategory(c, &l.VAT, "BT-151", "BT-152", nil)
		case "cac:AdditionalItemProperty":
			var a ItemAttribute
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "cbc:Name":
					r.str(&a.Name, x, "BT-160")
				case "cbc:Value":
					r.str(&a.Value, x, "BT-161")
				default:
					r.unknown(x)
				}
			}
			it.Attributes = append(it.Attributes, a)
		default:
			r.unknown(c)
		}
	}
}

func (r *ublReader) price(n *node, p *Price) {
	r.agg(n)
	for _, c := range n.kids {
		switch c.key {
		case "cbc:PriceAmount":
			r.amount(&p.Net, c, "BT-146", r.cur)
		case "cbc:BaseQuantity":
			r.quantity(&p.BaseQuantity, &p.BaseQuantityUnit, c, "BT-149")
		case "cac:AllowanceCharge":
			r.agg(c)
			for _, x := range c.kids {
				switch x.key {
				case "cbc:ChargeIndicator":
					if t := strings.TrimSpace(r.text(x)); t != "false" && t != "0" {
						r.fail(x, "BT-147", fmt.Errorf("%w: ChargeIndicator %q, want false (a price discount)", ErrCode, cut(t)))
					}
				case "cbc:Amount":
					r.amount(&p.Discount, x, "BT-147", r.cur)
				case "cbc:BaseAmount":
					r.amount(&p.Gross, x, "BT-148", r.cur)
				default:
					r.unknown(x)
				}
			}
		default:
			r.unknown(c)
		}
	}
}
