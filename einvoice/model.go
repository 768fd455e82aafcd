package einvoice

import (
	"github.com/shopspring/decimal"
)

// Invoice is the syntax-neutral EN 16931 invoice (or credit note): the
// semantic model of EN 16931-1:2017 with the XRechnung 3.0 additions. Every
// field carries the number and official name of its business term (BT) or
// business group (BG).
//
// Conventions:
//   - Text fields hold the element's text exactly as read (no trimming); ""
//     means absent. An element that was present but empty is recorded in
//     Source.Empty, so validation can tell "empty" from "absent".
//   - Amounts, quantities, prices and percentages are *decimal.Decimal; nil
//     means absent. The decimal keeps the scale it was read with, and writers
//     print it with that scale, so "100.00" is written as "100.00" and "100"
//     as "100" (see FormatDecimal).
//   - Dates are civil dates without time zone; the zero Date means absent.
//   - Where EN 16931 allows one value but a syntax allows the element to
//     repeat, the reader reports the repetition as an error rather than
//     dropping values silently.
type Invoice struct {
	// BT-1 Invoice number.
	Number string
	// BT-2 Invoice issue date.
	IssueDate Date
	// BT-3 Invoice type code (UNTDID 1001), e.g. 380 commercial invoice,
	// 381 credit note.
	TypeCode TypeCode
	// BT-5 Invoice currency code (ISO 4217).
	CurrencyCode CurrencyCode
	// BT-6 VAT accounting currency code (ISO 4217).
	VATCurrencyCode CurrencyCode
	// BT-7 Value added tax point date.
	TaxPointDate Date
	// BT-8 Value added tax point date code (UNTDID 2005: 3, 35, 432).
	TaxPointDateCode string
	// BT-9 Payment due date.
	DueDate Date
	// BT-10 Buyer reference; for German public buyers the Leitweg-ID (see
	// ParseLeitwegID).
	BuyerReference string
	// BT-11 Project reference.
	ProjectReference string
	// BT-12 Contract reference.
	ContractReference string
	// BT-13 Purchase order reference.
	PurchaseOrderReference string
	// BT-14 Sales order reference.
	SalesOrderReference string
	// BT-15 Receiving advice reference.
	ReceivingAdviceReference string
	// BT-16 Despatch advice reference.
	DespatchAdviceReference string
	// BT-17 Tender or lot reference.
	TenderOrLotReference string
	// BT-18 Invoiced object identifier, with BT-18-1 the identifier's
	// scheme identifier (UNTDID 1153).
	InvoicedObject Identifier
	// BT-19 Buyer accounting reference.
	BuyerAccountingReference string
	// BT-20 Payment terms.
	PaymentTerms string

	// BG-1 INVOICE NOTE, in document order.
	Notes []Note

	// BG-2 PROCESS CONTROL: BT-23 Business process type.
	BusinessProcessType string
	// BG-2 PROCESS CONTROL: BT-24 Specification identifier. It decides the
	// Profile.
	Specification string

	// BG-3 PRECEDING INVOICE REFERENCE.
	PrecedingInvoices []PrecedingInvoice

	// BG-4 SELLER.
	Seller Seller
	// BG-7 BUYER.
	Buyer Buyer
	// BG-10 PAYEE; nil when the payee is the seller.
	Payee *Payee
	// BG-11 SELLER TAX REPRESENTATIVE PARTY.
	TaxRepresentative *TaxRepresentative
	// BG-13 DELIVERY INFORMATION.
	Delivery *Delivery
	// BG-14 INVOICING PERIOD. EN 16931 places it inside BG-13; both
	// syntaxes hold it apart from the delivery, and so does the model.
	InvoicingPeriod *Period

	// BG-16 PAYMENT INSTRUCTIONS. EN 16931 has one BG-16 with any number of
	// BG-17; both syntaxes repeat the payment-means element instead (UBL
	// cac:PaymentMeans, CII ram:SpecifiedTradeSettlementPaymentMeans), each
	// with at most one account, so the model keeps one entry per element.
	PaymentInstructions []PaymentInstructions
	// BT-90 Bank assigned creditor identifier (part of BG-19 DIRECT DEBIT).
	// Held here once because both syntaxes hold it outside the payment
	// means (UBL: a cac:PartyIdentification with schemeID "SEPA" of the
	// payee, or of the seller when there is no payee).
	CreditorReference string

	// BG-20 DOCUMENT LEVEL ALLOWANCES and BG-21 DOCUMENT LEVEL CHARGES in
	// document order; AllowanceCharge.Charge tells them apart. Use
	// Allowances and Charges for the two groups.
	AllowanceCharges []AllowanceCharge

	// BG-22 DOCUMENT TOTALS.
	Totals Totals

	// BG-23 VAT BREAKDOWN.
	VATBreakdown []VATBreakdown

	// BG-24 ADDITIONAL SUPPORTING DOCUMENTS.
	SupportingDocuments []SupportingDocument

	// BG-25 INVOICE LINE.
	Lines []Line

	// BG-DEX-09 THIRD PARTY PAYMENT (XRechnung Extension).
	ThirdPartyPayments []ThirdPartyPayment

	// Source describes the document the invoice was read from; nil for an
	// invoice built in code. It is not part of the business content.
	Source *Source
}

// Note is BG-1 INVOICE NOTE.
type Note struct {
	// BT-21 Invoice note subject code (UNTDID 4451). In UBL it is written
	// as a "#CODE#" prefix of the note text.
	SubjectCode string
	// BT-22 Invoice note.
	Text string
}

// PrecedingInvoice is BG-3 PRECEDING INVOICE REFERENCE.
type PrecedingInvoice struct {
	// BT-25 Preceding Invoice reference.
	Number string
	// BT-26 Preceding Invoice issue date.
	IssueDate Date
}

// Identifier is an identifier with an optional scheme identifier, e.g.
// BT-29 Seller identifier with BT-29-1 Seller identifier scheme identifier.
type Identifier struct {
	// ID is the identifier.
	ID string
	// Scheme is the scheme identifier (ISO 6523 ICD for party identifiers,
	// UNTDID 1153 for BT-18 and BT-128, UNTDID 7143 / ICD for items).
	Scheme string
	// SchemeOnID records that a CII document gave a party or location
	// identifier with its scheme as ram:ID/@schemeID (as the XRechnung
	// Extension's DiGA examples do) rather than ram:GlobalID/@schemeID, so a
	// written CII document repeats it. CII only; not a business term.
	SchemeOnID bool
}

// IsZero reports whether neither the identifier nor its scheme is set.
func (id Identifier) IsZero() bool { return id.ID == "" && id.Scheme == "" }

// ElectronicAddress is an electronic address with its scheme (EAS code
// list), e.g. BT-34 Seller electronic address with BT-34-1.
type ElectronicAddress struct {
	// Address is the electronic address.
	Address string
	// Scheme is the electronic address scheme identifier (EAS), e.g.
	// "EM" for e-mail or "0204" for a Leitweg-ID.
	Scheme EASCode
}

// IsZero reports whether neither the address nor its scheme is set.
func (a ElectronicAddress) IsZero() bool { return a.Address == "" && a.Scheme == "" }

// Address is a postal address: BG-5 SELLER POSTAL ADDRESS, BG-8 BUYER
// POSTAL ADDRESS, BG-12 SELLER TAX REPRESENTATIVE POSTAL ADDRESS or BG-15
// DELIVER TO ADDRESS. The field comments give the terms of BG-5; the other
// groups map the fields in the same order:
//
//	BG-8:  BT-50 Buyer address line 1, BT-51 Buyer address line 2,
//	       BT-163 Buyer address line 3, BT-52 Buyer city, BT-53 Buyer post
//	       code, BT-54 Buyer country subdivision, BT-55 Buyer country code
//	BG-12: BT-64 Tax representative address line 1, BT-65 Tax
//	       representative address line 2, BT-164 Tax representative address
//	       line 3, BT-66 Tax representative city, BT-67 Tax representative
//	       post code, BT-68 Tax representative country subdivision, BT-69 Tax
//	       representative country code
//	BG-15: BT-75 Deliver to address line 1, BT-76 Deliver to address line
//	       2, BT-165 Deliver to address line 3, BT-77 Deliver to city, BT-78
//	       Deliver to post code, BT-79 Deliver to country subdivision, BT-80
//	       Deliver to country code
type Address struct {
	// BT-35 Seller address line 1.
	Line1 string
	// BT-36 Seller address line 2.
	Line2 string
	// BT-162 Seller address line 3.
	Line3 string
	// BT-37 Seller city.
	City string
	// BT-38 Seller post code.
	PostCode string
	// BT-39 Seller country subdivision.
	CountrySubdivision string
	// BT-40 Seller country code (ISO 3166-1 alpha-2).
	CountryCode CountryCode
}

// Contact is BG-6 SELLER CONTACT or BG-9 BUYER CONTACT. The field comments
// give the terms of BG-6; BG-9 has BT-56 Buyer contact point, BT-57 Buyer
// contact telephone number and BT-58 Buyer contact email address.
type Contact struct {
	// BT-41 Seller contact point.
	Name string
	// BT-42 Seller contact telephone number.
	Telephone string
	// BT-43 Seller contact email address.
	Email string
	// Department records that a CII document gave BT-41 (BT-56) as
	// ram:DepartmentName instead of ram:PersonName, so a written CII
	// document repeats it. CII only; not a business term.
	Department bool
}

// Seller is BG-4 SELLER.
type Seller struct {
	// BT-27 Seller name.
	Name string
	// BT-28 Seller trading name.
	TradingName string
	// BT-29 Seller identifier with BT-29-1 Seller identifier scheme
	// identifier; any number.
	Identifiers []Identifier
	// BT-30 Seller legal registration identifier with BT-30-1 its scheme
	// identifier.
	LegalRegistration Identifier
	// BT-31 Seller VAT identifier.
	VATIdentifier string
	// VATScheme is the tax scheme of BT-31 (UBL cac:TaxScheme/cbc:ID) when
	// it is not exactly "VAT" (e.g. " VAT"); "" means "VAT". Not a business
	// term, kept so a written invoice repeats it.
	VATScheme string
	// BT-32 Seller tax registration identifier.
	TaxRegistrationID string
	// TaxRegistrationScheme is the tax scheme of BT-32 (UBL
	// cac:TaxScheme/cbc:ID, e.g. "FC"); not a business term, kept so a
	// written invoice repeats it.
	TaxRegistrationScheme string
	// BT-33 Seller additional legal information.
	AdditionalLegalInformation string
	// BT-34 Seller electronic address with BT-34-1 its scheme identifier.
	ElectronicAddress ElectronicAddress
	// BG-5 SELLER POSTAL ADDRESS.
	Address Address
	// BG-6 SELLER CONTACT.
	Contact *Contact
}

// Buyer is BG-7 BUYER.
type Buyer struct {
	// BT-44 Buyer name.
	Name string
	// BT-45 Buyer trading name.
	TradingName string
	// BT-46 Buyer identifier with BT-46-1 its scheme identifier.
	Identifier Identifier
	// BT-47 Buyer legal registration identifier with BT-47-1 its scheme
	// identifier.
	LegalRegistration Identifier
	// BT-48 Buyer VAT identifier.
	VATIdentifier string
	// VATScheme is the tax scheme of BT-48 (UBL cac:TaxScheme/cbc:ID) when
	// it is not exactly "VAT"; "" means "VAT". Not a business term.
	VATScheme string
	// BT-49 Buyer electronic address with BT-49-1 its scheme identifier.
	ElectronicAddress ElectronicAddress
	// BG-8 BUYER POSTAL ADDRESS.
	Address Address
	// BG-9 BUYER CONTACT.
	Contact *Contact
}

// Payee is BG-10 PAYEE.
type Payee struct {
	// BT-59 Payee name.
	Name string
	// BT-60 Payee identifier with BT-60-1 its scheme identifier.
	Identifier Identifier
	// BT-61 Payee legal registration identifier with BT-61-1 its scheme
	// identifier.
	LegalRegistration Identifier
}

// TaxRepresentative is BG-11 SELLER TAX REPRESENTATIVE PARTY.
type TaxRepresentative struct {
	// BT-62 Seller tax representative name.
	Name string
	// BT-63 Seller tax representative VAT identifier.
	VATIdentifier string
	// VATScheme is the tax scheme of BT-63 (UBL cac:TaxScheme/cbc:ID) when
	// it is not exactly "VAT"; "" means "VAT". Not a business term.
	VATScheme string
	// BG-12 SELLER TAX REPRESENTATIVE POSTAL ADDRESS.
	Address Address
}

// Delivery is BG-13 DELIVERY INFORMATION (without BG-14, see
// Invoice.InvoicingPeriod).
type Delivery struct {
	// BT-70 Deliver to party name.
	PartyName string
	// BT-71 Deliver to location identifier with BT-71-1 its scheme
	// identifier.
	LocationID Identifier
	// BT-72 Actual delivery date.
	ActualDate Date
	// BG-15 DELIVER TO ADDRESS.
	Address *Address
}

// Period is BG-14 INVOICING PERIOD (BT-73, BT-74) or BG-26 INVOICE LINE
// PERIOD (BT-134, BT-135).
type Period struct {
	// BT-73 Invoicing period start date / BT-134 Invoice line period start
	// date.
	Start Date
	// BT-74 Invoicing period end date / BT-135 Invoice line period end date.
	End Date
}

// PaymentInstructions is BG-16 PAYMENT INSTRUCTIONS.
type PaymentInstructions struct {
	// BT-81 Payment means type code (UNTDID 4461).
	MeansCode PaymentMeansCode
	// BT-82 Payment means text.
	MeansText string
	// BT-83 Remittance information.
	RemittanceInformation string
	// BG-17 CREDIT TRANSFER.
	CreditTransfers []CreditTransfer
	// BG-18 PAYMENT CARD INFORMATION.
	Card *PaymentCard
	// BG-19 DIRECT DEBIT (BT-90 is Invoice.CreditorReference).
	DirectDebit *DirectDebit
}

// CreditTransfer is BG-17 CREDIT TRANSFER.
type CreditTransfer struct {
	// BT-84 Payment account identifier, e.g. an IBAN.
	AccountID string
	// BT-85 Payment account name.
	AccountName string
	// BT-86 Payment service provider identifier, e.g. a BIC.
	ProviderID string
	// Proprietary records that a CII document gave BT-84 as
	// ram:ProprietaryID (an account that is not an IBAN) instead of
	// ram:IBANID, so a written CII document repeats it. CII only; not a
	// business term.
	Proprietary bool
}

// PaymentCard is BG-18 PAYMENT CARD INFORMATION.
type PaymentCard struct {
	// BT-87 Payment card primary account number (at most the last 4 to 6
	// digits, by rule BR-51).
	PrimaryAccountNumber string
	// BT-88 Payment card holder name.
	HolderName string
	// NetworkID is the card network (UBL cbc:NetworkID, required by the
	// UBL schema; not a business term).
	NetworkID string
}

// DirectDebit is BG-19 DIRECT DEBIT.
type DirectDebit struct {
	// BT-89 Mandate reference identifier.
	MandateReference string
	// BT-91 Debited account identifier.
	DebitedAccountID string
}

// AllowanceCharge is BG-20 DOCUMENT LEVEL ALLOWANCES, BG-21 DOCUMENT LEVEL
// CHARGES, BG-27 INVOICE LINE ALLOWANCES or BG-28 INVOICE LINE CHARGES. The
// field comments give the terms of BG-20; the other groups map the fields
// in the same order:
//
//	BG-21: BT-99 Document level charge amount, BT-100 Document level charge
//	       base amount, BT-101 Document level charge percentage, BT-102
//	       Document level charge VAT category code, BT-103 Document level
//	       charge VAT rate, BT-104 Document level charge reason, BT-105
//	       Document level charge reason code
//	BG-27: BT-136 Invoice line allowance amount, BT-137 Invoice line
//	       allowance base amount, BT-138 Invoice line allowance percentage,
//	       BT-139 Invoice line allowance reason, BT-140 Invoice line
//	       allowance reason code
//	BG-28: BT-141 Invoice line charge amount, BT-142 Invoice line charge
//	       base amount, BT-143 Invoice line charge percentage, BT-144 Invoice
//	       line charge reason, BT-145 Invoice line charge reason code
type AllowanceCharge struct {
	// Charge is true for a charge (BG-21, BG-28), false for an allowance
	// (BG-20, BG-27).
	Charge bool
	// BT-92 Document level allowance amount.
	Amount *decimal.Decimal
	// BT-93 Document level allowance base amount.
	BaseAmount *decimal.Decimal
	// BT-94 Document level allowance percentage.
	Percentage *decimal.Decimal
	// BT-95 Document level allowance VAT category code and BT-96 Document
	// level allowance VAT rate; document level only.
	VAT *VATCategory
	// BT-97 Document level allowance reason.
	Reason string
	// BT-98 Document level allowance reason code (UNTDID 5189 for
	// allowances, UNTDID 7161 for charges).
	ReasonCode string
}

// VATCategory is a VAT category code with its rate: BT-95/BT-96,
// BT-102/BT-103 and BT-151/BT-152.
type VATCategory struct {
	// Code is the VAT category code (UNTDID 5305 subset), e.g. "S".
	Code VATCategoryCode
	// Rate is the VAT rate in percent.
	Rate *decimal.Decimal
	// TaxScheme is the tax scheme; "" means "VAT", the only scheme of EN
	// 16931 (UBL cac:TaxScheme/cbc:ID). Another value is kept as read.
	TaxScheme string
}

// Totals is BG-22 DOCUMENT TOTALS.
type Totals struct {
	// BT-106 Sum of Invoice line net amount.
	LineNet *decimal.Decimal
	// BT-107 Sum of allowances on document level.
	Allowances *decimal.Decimal
	// BT-108 Sum of charges on document level.
	Charges *decimal.Decimal
	// BT-109 Invoice total amount without VAT.
	WithoutVAT *decimal.Decimal
	// BT-110 Invoice total VAT amount.
	VAT *decimal.Decimal
	// BT-111 Invoice total VAT amount in accounting currency (BT-6).
	VATAccounting *decimal.Decimal
	// BT-112 Invoice total amount with VAT.
	WithVAT *decimal.Decimal
	// BT-113 Paid amount.
	Paid *decimal.Decimal
	// BT-114 Rounding amount.
	Rounding *decimal.Decimal
	// BT-115 Amount due for payment.
	DuePayable *decimal.Decimal
}

// VATBreakdown is BG-23 VAT BREAKDOWN.
type VATBreakdown struct {
	// BT-116 VAT category taxable amount.
	TaxableAmount *decimal.Decimal
	// BT-117 VAT category tax amount.
	TaxAmount *decimal.Decimal
	// BT-118 VAT category code and BT-119 VAT category rate.
	Category VATCategory
	// BT-120 VAT exemption reason text.
	ExemptionReason string
	// BT-121 VAT exemption reason code (VATEX).
	ExemptionReasonCode string
}

// SupportingDocument is BG-24 ADDITIONAL SUPPORTING DOCUMENTS.
type SupportingDocument struct {
	// BT-122 Supporting document reference.
	ID string
	// TypeCode is the document type code (UBL cbc:DocumentTypeCode, e.g.
	// "916"); not a business term, kept as read.
	TypeCode string
	// BT-123 Supporting document description.
	Description string
	// BT-124 External document location (a URL).
	ExternalLocation string
	// BT-125 Attached document with BT-125-1 its MIME code and BT-125-2 its
	// filename.
	Attachment *Attachment
}

// Line is BG-25 INVOICE LINE, and with the XRechnung Extension also BG-DEX-01
// SUB INVOICE LINE: a sub-line has the structure of a line, its groups
// (e.g. BG-DEX-06 SUB INVOICE LINE VAT INFORMATION) mirror those of BG-25,
// and by BR-DEX-02 its parent's BT-131 should be the sum of its sub-lines'.
type Line struct {
	// BT-126 Invoice line identifier.
	ID string
	// BT-127 Invoice line note.
	Note string
	// BT-128 Invoice line object identifier with BT-128-1 its scheme
	// identifier.
	ObjectIdentifier Identifier
	// BT-129 Invoiced quantity.
	Quantity *decimal.Decimal
	// BT-130 Invoiced quantity unit of measure code (UN/ECE Rec 20/21).
	UnitCode UnitCode
	// BT-131 Invoice line net amount.
	NetAmount *decimal.Decimal
	// BT-132 Referenced purchase order line reference.
	OrderLineReference string
	// BT-133 Invoice line Buyer accounting reference.
	AccountingReference string
	// BG-26 INVOICE LINE PERIOD.
	Period *Period
	// BG-27 INVOICE LINE ALLOWANCES and BG-28 INVOICE LINE CHARGES in
	// document order (VAT is always nil at line level).
	AllowanceCharges []AllowanceCharge
	// BG-29 PRICE DETAILS.
	Price Price
	// BG-30 LINE VAT INFORMATION: BT-151 Invoiced item VAT category code
	// and BT-152 Invoiced item VAT rate.
	VAT VATCategory
	// BG-31 ITEM INFORMATION.
	Item Item
	// BG-DEX-01 SUB INVOICE LINE (XRechnung Extension), nested to any
	// depth.
	SubLines []Line
}

// Price is BG-29 PRICE DETAILS.
type Price struct {
	// BT-146 Item net price.
	Net *decimal.Decimal
	// BT-147 Item price discount.
	Discount *decimal.Decimal
	// BT-148 Item gross price.
	Gross *decimal.Decimal
	// BT-149 Item price base quantity.
	BaseQuantity *decimal.Decimal
	// BT-150 Item price base quantity unit of measure code.
	BaseQuantityUnit UnitCode
	// BaseQuantityAt records where a CII document gave BT-149 and BT-150:
	// "" at the net price (ram:NetPriceProductTradePrice/ram:BasisQuantity),
	// "gross" at the gross price only, "both" at both, so a written CII
	// document repeats it. CII only; not a business term.
	BaseQuantityAt string
}

// Item is BG-31 ITEM INFORMATION.
type Item struct {
	// BT-153 Item name.
	Name string
	// BT-154 Item description.
	Description string
	// BT-155 Item Seller's identifier.
	SellerID string
	// BT-156 Item Buyer's identifier.
	BuyerID string
	// BT-157 Item standard identifier with BT-157-1 its scheme identifier
	// (ISO 6523 ICD).
	StandardID Identifier
	// BT-158 Item classification identifier with BT-158-1 its scheme
	// identifier and BT-158-2 its scheme version identifier.
	Classifications []Classification
	// BT-159 Item country of origin.
	OriginCountry CountryCode
	// BG-32 ITEM ATTRIBUTES.
	Attributes []ItemAttribute
}

// Classification is BT-158 Item classification identifier with its scheme.
type Classification struct {
	// BT-158 Item classification identifier.
	Code string
	// BT-158-1 Scheme identifier (UNTDID 7143), e.g. "STI"; "CVD" for the
	// vehicle category of XRechnung CVD.
	ListID string
	// BT-158-2 Scheme version identifier.
	ListVersionID string
}

// ItemAttribute is BG-32 ITEM ATTRIBUTES.
type ItemAttribute struct {
	// BT-160 Item attribute name.
	Name string
	// BT-161 Item attribute value.
	Value string
}

// ThirdPartyPayment is BG-DEX-09 THIRD PARTY PAYMENT of the XRechnung
// Extension (UBL cac:PrepaidPayment).
type ThirdPartyPayment struct {
	// BT-DEX-001 Third party payment type.
	Type string
	// BT-DEX-002 Third party payment amount.
	Amount *decimal.Decimal
	// BT-DEX-003 Third party payment description.
	Description string
}

// Allowances returns BG-20 DOCUMENT LEVEL ALLOWANCES.
func (inv *Invoice) Allowances() []AllowanceCharge { return filterAC(inv.AllowanceCharges, false) }

// Charges returns BG-21 DOCUMENT LEVEL CHARGES.
func (inv *Invoice) Charges() []AllowanceCharge { return filterAC(inv.AllowanceCharges, true) }

// Allowances returns BG-27 INVOICE LINE ALLOWANCES.
func (l *Line) Allowances() []AllowanceCharge { return filterAC(l.AllowanceCharges, false) }

// Charges returns BG-28 INVOICE LINE CHARGES.
func (l *Line) Charges() []AllowanceCharge { return filterAC(l.AllowanceCharges, true) }

func filterAC(acs []AllowanceCharge, charge bool) []AllowanceCharge {
	var out []AllowanceCharge
	for _, ac := range acs {
		if ac.Charge == charge {
			out = append(out, ac)
		}
	}
	return out
}

// Source describes the document an Invoice was read from.
type Source struct {
	// Syntax is the syntax of the document.
	Syntax Syntax
	// Root is the local name of the root element, e.g. "Invoice" or
	// "CreditNote"; writers use it to keep a UBL credit note a CreditNote.
	Root string
	// Unknown lists the elements and attributes the model does not cover
	// (not defined by EN 16931 or the XRechnung additions), in document
	// order. They are not written back.
	Unknown []Location
	// Empty lists the elements that were present without any content.
	Empty []Location
	// CreditorInSeller records that a UBL document held BT-90 in the
	// seller party although it has a payee party; writers of UBL repeat
	// that. It carries no business meaning.
	CreditorInSeller bool
	// TaxPointInAll records that a CII document gave BT-7 and BT-8 in
	// every VAT breakdown (ram:ApplicableTradeTax), not only in the first;
	// writers of CII repeat that. It carries no business meaning.
	TaxPointInAll bool
}

// Location names a place in a document: its element path (with the
// standard prefixes, e.g. "/Invoice/cac:AccountingSupplierParty/cac:Party")
// and its 1-based line and column.
type Location struct {
	Path   string // element path; an attribute ends in "/@name"
	Line   int    // 1-based line
	Column int    // 1-based column (in bytes)
}

// Syntax is an e-invoice syntax.
type Syntax string

// The syntaxes of EN 16931-1.
const (
	UBL Syntax = "UBL" // OASIS UBL 2.1 Invoice / CreditNote
	CII Syntax = "CII" // UN/CEFACT Cross Industry Invoice D16B
)
