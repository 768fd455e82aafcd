package einvoice

// TypeCode is BT-3 Invoice type code, a code of UNTDID 1001 (the subset
// EN 16931 and XRechnung allow; see package codelist for names).
type TypeCode string

// The most used invoice type codes.
const (
	TypeInvoice          TypeCode = "380" // commercial invoice
	TypeCreditNote       TypeCode = "381" // credit note
	TypeCorrected        TypeCode = "384" // corrected invoice
	TypeSelfBilled       TypeCode = "389" // self-billed invoice
	TypePartial          TypeCode = "326" // partial invoice
	TypePartialConstr    TypeCode = "875" // partial construction invoice
	TypePartialFinal     TypeCode = "876" // partial final construction invoice
	TypeFinalConstr      TypeCode = "877" // final construction invoice
	TypePrepayment       TypeCode = "386" // prepayment invoice
	TypeSelfBilledCredit TypeCode = "261" // self billed credit note
)

// IsCreditNote reports whether c is a credit-note type (UNTDID 1001 codes
// 81, 83, 261, 262, 296, 308, 381, 396, 420, 458, 532), which UBL writes as
// a CreditNote document.
func (c TypeCode) IsCreditNote() bool {
	switch c {
	case "81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532":
		return true
	}
	return false
}

// CurrencyCode is an ISO 4217 alphabetic currency code, e.g. "EUR" (BT-5,
// BT-6).
type CurrencyCode string

// EUR is the euro.
const EUR CurrencyCode = "EUR"

// CountryCode is an ISO 3166-1 alpha-2 country code, e.g. "DE" (BT-40,
// BT-55, BT-69, BT-80, BT-159).
type CountryCode string

// VATCategoryCode is a VAT category code of UNTDID 5305 as EN 16931 restricts
// it (BT-95, BT-102, BT-118, BT-151).
type VATCategoryCode string

// The VAT category codes of EN 16931.
const (
	VATStandard       VATCategoryCode = "S"  // standard rate
	VATZero           VATCategoryCode = "Z"  // zero rated goods
	VATExempt         VATCategoryCode = "E"  // exempt from tax
	VATReverseCharge  VATCategoryCode = "AE" // VAT reverse charge
	VATIntraCommunity VATCategoryCode = "K"  // intra-community supply (VAT exempt for EEA)
	VATExport         VATCategoryCode = "G"  // free export item, tax not charged
	VATNotSubject     VATCategoryCode = "O"  // services outside scope of tax
	VATCanaryIslands  VATCategoryCode = "L"  // Canary Islands general indirect tax (IGIC)
	VATCeutaMelilla   VATCategoryCode = "M"  // tax for production, services and importation in Ceuta and Melilla (IPSI)
	VATSplitPayment   VATCategoryCode = "B"  // transferred (VAT), Italian split payment
)

// UnitCode is a unit of measure of UN/ECE Recommendation 20 or 21, e.g.
// "C62" (one) or "HUR" (hour) (BT-130, BT-150).
type UnitCode string

// Frequently used unit codes.
const (
	UnitOne   UnitCode = "C62" // one (piece)
	UnitPiece UnitCode = "H87" // piece
	UnitHour  UnitCode = "HUR" // hour
	UnitDay   UnitCode = "DAY" // day
	UnitLump  UnitCode = "LS"  // lump sum
)

// PaymentMeansCode is BT-81 Payment means type code, a code of UNTDID 4461.
type PaymentMeansCode string

// Frequently used payment means codes.
const (
	PaymentCreditTransfer     PaymentMeansCode = "30" // credit transfer
	PaymentSEPACreditTransfer PaymentMeansCode = "58" // SEPA credit transfer
	PaymentSEPADirectDebit    PaymentMeansCode = "59" // SEPA direct debit
	PaymentBankCard           PaymentMeansCode = "48" // bank card
	PaymentNotDefined         PaymentMeansCode = "1"  // instrument not defined
)

// EASCode is an electronic address scheme identifier of the CEF EAS code
// list (BT-34-1, BT-49-1), e.g. "EM" (e-mail) or "0204" (Leitweg-ID).
type EASCode string

// Frequently used electronic address schemes.
const (
	EASEmail     EASCode = "EM"   // electronic mail
	EASLeitwegID EASCode = "0204" // German Leitweg-ID
)
