package einvoice

import (
	"errors"

	"github.com/shopspring/decimal"
)

// Builder issues an invoice, such as a municipality's fee notice, without
// arithmetic of the caller's own: add parties, lines and payment details,
// and Build computes line net amounts, totals and the VAT breakdown by the
// rules of EN 16931 (see Invoice.Compute). Methods record the first error
// (e.g. an invalid Leitweg-ID), which Build returns. The zero Builder is not
// usable; use NewBuilder.
type Builder struct {
	inv  Invoice
	errs []error
}

// NewBuilder starts an invoice (BT-3 380) of the given profile with BT-1
// number and BT-2 issue date, in euro (BT-5), with BT-23 set to the Peppol
// billing process XRechnung recommends.
func NewBuilder(profile Profile, number string, issued Date) *Builder {
	b := &Builder{}
	b.inv = Invoice{
		Number:              number,
		IssueDate:           issued,
		TypeCode:            TypeInvoice,
		CurrencyCode:        EUR,
		Specification:       profile.Specification(),
		BusinessProcessType: BusinessProcessPeppol,
	}
	if profile == ProfileUnknown {
		b.errs = append(b.errs, errors.New("einvoice: builder needs a known profile"))
	}
	return b
}

// TypeCode sets BT-3, e.g. TypeCreditNote.
func (b *Builder) TypeCode(c TypeCode) *Builder { b.inv.TypeCode = c; return b }

// Currency sets BT-5.
func (b *Builder) Currency(c CurrencyCode) *Builder { b.inv.CurrencyCode = c; return b }

// Seller sets BG-4.
func (b *Builder) Seller(s Seller) *Builder { b.inv.Seller = s; return b }

// Buyer sets BG-7.
func (b *Builder) Buyer(s Buyer) *Builder { b.inv.Buyer = s; return b }

// BuyerReference sets BT-10, e.g. a Kassenzeichen for a citizen.
func (b *Builder) BuyerReference(ref string) *Builder { b.inv.BuyerReference = ref; return b }

// LeitwegID checks id with ParseLeitwegID and sets it as BT-10; a public
// buyer's invoice must carry it.
func (b *Builder) LeitwegID(id string) *Builder {
	l, err := ParseLeitwegID(id)
	if err != nil {
		b.errs = append(b.errs, err)
		return b
	}
	b.inv.BuyerReference = l.String()
	return b
}

// DueDate sets BT-9.
func (b *Builder) DueDate(d Date) *Builder { b.inv.DueDate = d; return b }

// Period sets BG-14 INVOICING PERIOD.
func (b *Builder) Period(start, end Date) *Builder {
	b.inv.InvoicingPeriod = &Period{Start: start, End: end}
	return b
}

// Note adds a BG-1 INVOICE NOTE with an optional BT-21 subject code.
func (b *Builder) Note(subjectCode, text string) *Builder {
	b.inv.Notes = append(b.inv.Notes, Note{SubjectCode: subjectCode, Text: text})
	return b
}

// PaymentTerms sets BT-20.
func (b *Builder) PaymentTerms(terms string) *Builder { b.inv.PaymentTerms = terms; return b }

// CreditTransfer adds BG-16 PAYMENT INSTRUCTIONS for a SEPA credit transfer
// (BT-81 58) to the account (BT-84 IBAN, BT-85 name, BT-86 BIC) with
// BT-83 remittance information (e.g. the Kassenzeichen).
func (b *Builder) CreditTransfer(iban, accountName, bic, remittance string) *Builder {
	b.inv.PaymentInstructions = append(b.inv.PaymentInstructions, PaymentInstructions{
		MeansCode:             PaymentSEPACreditTransfer,
		RemittanceInformation: remittance,
		CreditTransfers:       []CreditTransfer{{AccountID: iban, AccountName: accountName, ProviderID: bic}},
	})
	return b
}

// Line adds a BG-25 INVOICE LINE numbered 1, 2, … with BT-153 item name,
// BT-129 quantity in BT-130 unit, BT-146 net price and BG-30 VAT. Its net
// amount is computed by Build.
func (b *Builder) Line(name string, quantity decimal.Decimal, unit UnitCode, netPrice decimal.Decimal, vat VATCategory) *Builder {
	return b.AddLine(Line{
		Item:     Item{Name: name},
		Quantity: &quantity,
		UnitCode: unit,
		Price:    Price{Net: &netPrice},
		VAT:      vat,
	})
}

// AddLine adds a fully described BG-25 line; an empty BT-126 gets the
// line's number.
func (b *Builder) AddLine(l Line) *Builder {
	if l.ID == "" {
		l.ID = itoa(len(b.inv.Lines) + 1)
	}
	b.inv.Lines = append(b.inv.Lines, l)
	return b
}

// Allowance adds a BG-20 DOCUMENT LEVEL ALLOWANCE.
func (b *Builder) Allowance(amount decimal.Decimal, reason string, vat VATCategory) *Builder {
	b.inv.AllowanceCharges = append(b.inv.AllowanceCharges, AllowanceCharge{Amount: &amount, Reason: reason, VAT: &vat})
	return b
}

// Charge adds a BG-21 DOCUMENT LEVEL CHARGE.
func (b *Builder) Charge(amount decimal.Decimal, reason string, vat VATCategory) *Builder {
	b.inv.AllowanceCharges = append(b.inv.AllowanceCharges, AllowanceCharge{Charge: true, Amount: &amount, Reason: reason, VAT: &vat})
	return b
}

// Exemption gives the VAT exemption reason (BT-120 text, BT-121 VATEX code)
// of the VAT breakdown of a category, which EN 16931 requires for the
// categories E, AE, K, G and O.
func (b *Builder) Exemption(vat VATCategory, reason, code string) *Builder {
	b.inv.VATBreakdown = append(b.inv.VATBreakdown, VATBreakdown{Category: vat, ExemptionReason: reason, ExemptionReasonCode: code})
	return b
}

// DeliveryDate sets BT-72, the actual delivery date: for a fee, the day
// the service was rendered. XRechnung asks for it, an invoicing period
// (Period) or line periods (BR-DE-TMP-32).
func (b *Builder) DeliveryDate(d Date) *Builder {
	if b.inv.Delivery == nil {
		b.inv.Delivery = &Delivery{}
	}
	b.inv.Delivery.ActualDate = d
	return b
}

// Build computes the invoice (Invoice.Compute) and returns it. The Builder
// may be used on; later changes do not affect the returned invoice.
func (b *Builder) Build() (*Invoice, error) {
	if len(b.errs) > 0 {
		return nil, errors.Join(b.errs...)
	}
	inv := clone(&b.inv)
	if inv.Delivery != nil {
		d := *inv.Delivery
		inv.Delivery = &d
	}
	if err := inv.Compute(); err != nil {
		return nil, err
	}
	return inv, nil
}

// clone copies the slices a computation changes.
func clone(in *Invoice) *Invoice {
	inv := *in
	inv.Lines = append([]Line(nil), in.Lines...)
	for i := range inv.Lines {
		inv.Lines[i].AllowanceCharges = append([]AllowanceCharge(nil), inv.Lines[i].AllowanceCharges...)
	}
	inv.AllowanceCharges = append([]AllowanceCharge(nil), in.AllowanceCharges...)
	inv.VATBreakdown = append([]VATBreakdown(nil), in.VATBreakdown...)
	return &inv
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
