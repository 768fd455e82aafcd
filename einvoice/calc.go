package einvoice

import (
	"errors"
	"fmt"
	"sort"

	"github.com/shopspring/decimal"
)

// ErrCalc is the cause of a calculation error: a value the calculation
// needs is missing.
var ErrCalc = errors.New("cannot calculate")

// amountPlaces is the number of decimals EN 16931 allows for amounts
// (BR-DEC-*): all amounts are rounded to two decimals, commercially (half
// away from zero).
const amountPlaces = 2

var hundred = decimal.NewFromInt(100)

// roundAmount rounds an amount to two decimals, half away from zero.
func roundAmount(d decimal.Decimal) decimal.Decimal { return d.Round(amountPlaces) }

func calcErr(bt, what string) error { return fmt.Errorf("%w: %s: %s", ErrCalc, bt, what) }

// ComputeAmount sets ac.Amount from ac.BaseAmount and ac.Percentage when
// the amount is not set: amount = base × percentage / 100, rounded to two
// decimals (BR-CO / the definition of BT-92, BT-99, BT-136, BT-141).
func (ac *AllowanceCharge) ComputeAmount() error {
	if ac.Amount != nil {
		return nil
	}
	if ac.BaseAmount == nil || ac.Percentage == nil {
		return calcErr("BT-92", "allowance or charge has neither an amount nor base amount and percentage")
	}
	ac.Amount = ptr(roundAmount(ac.BaseAmount.Mul(*ac.Percentage).Div(hundred)))
	return nil
}

// ComputeNet sets the line's BT-131 Invoice line net amount as EN 16931
// defines it:
//
//	BT-146 net price = BT-148 gross price − BT-147 discount (if not set)
//	BT-131 = BT-129 quantity × BT-146 net price ÷ BT-149 base quantity
//	         + Σ BT-141 line charges − Σ BT-136 line allowances
//
// rounded to two decimals. A missing base quantity counts as 1. Allowances
// and charges given by base amount and percentage get their amounts first.
func (l *Line) ComputeNet() error {
	p := &l.Price
	if p.Net == nil {
		if p.Gross == nil {
			return calcErr("BT-146", "line "+l.ID+" has no net price and no gross price")
		}
		net := *p.Gross
		if p.Discount != nil {
			net = net.Sub(*p.Discount)
		}
		p.Net = &net
	}
	if l.Quantity == nil {
		return calcErr("BT-129", "line "+l.ID+" has no quantity")
	}
	amount := l.Quantity.Mul(*p.Net)
	if p.BaseQuantity != nil {
		if p.BaseQuantity.IsZero() {
			return calcErr("BT-149", "line "+l.ID+" has base quantity 0")
		}
		amount = amount.DivRound(*p.BaseQuantity, 16)
	}
	for i := range l.AllowanceCharges {
		ac := &l.AllowanceCharges[i]
		if err := ac.ComputeAmount(); err != nil {
			return err
		}
		if ac.Charge {
			amount = amount.Add(*ac.Amount)
		} else {
			amount = amount.Sub(*ac.Amount)
		}
	}
	l.NetAmount = ptr(roundAmount(amount))
	return nil
}

// Compute computes every derived amount of the invoice: the line net
// amounts (ComputeNet), the amounts of allowances and charges given by
// percentage, and then ComputeTotals.
func (inv *Invoice) Compute() error {
	for i := range inv.Lines {
		if err := inv.Lines[i].ComputeNet(); err != nil {
			return err
		}
	}
	for i := range inv.AllowanceCharges {
		if err := inv.AllowanceCharges[i].ComputeAmount(); err != nil {
			return err
		}
	}
	return inv.ComputeTotals()
}

// vatKey identifies a VAT breakdown: category code and rate.
type vatKey struct {
	code VATCategoryCode
	rate string // normalized rate; "" if none or zero
}

func keyOf(v *VATCategory) vatKey {
	k := vatKey{code: v.Code}
	if v.Rate != nil && !v.Rate.IsZero() {
		k.rate = v.Rate.String()
	}
	return k
}

// ComputeTotals computes BG-22 DOCUMENT TOTALS and BG-23 VAT BREAKDOWN from
// the line net amounts and the document level allowances and charges, as
// EN 16931 defines them:
//
//	BT-106 = Σ BT-131                      (BR-CO-10)
//	BT-107 = Σ BT-92, BT-108 = Σ BT-99     (BR-CO-11, BR-CO-12)
//	BT-109 = BT-106 − BT-107 + BT-108      (BR-CO-13)
//	BT-116 = Σ BT-131 − Σ BT-92 + Σ BT-99  per VAT category code and rate
//	BT-117 = BT-116 × BT-119 ÷ 100, rounded to two decimals (BR-CO-17);
//	         0 for the categories without VAT (E, AE, K, G, O, Z)
//	BT-110 = Σ BT-117                      (BR-CO-14)
//	BT-112 = BT-109 + BT-110               (BR-CO-15)
//	BT-115 = BT-112 − BT-113 + BT-114      (BR-CO-16)
//	         + Σ BT-DEX-002                (XRechnung Extension, BR-DEX-09:
//	                                        third party payments are due too)
//
// BT-107 and BT-108 are set only when there are allowances or charges. The
// breakdown is ordered by category code and rate; exemption reasons
// (BT-120, BT-121) of breakdown entries already present for a category and
// rate are kept. BT-111 is left as it is (it needs an exchange rate). For
// the XRechnung profiles a breakdown whose category has no rate gets BT-119
// = 0 (BR-DE-14 requires it in every breakdown).
func (inv *Invoice) ComputeTotals() error {
	zero := decimal.Zero
	lineNet := zero
	taxable := map[vatKey]decimal.Decimal{}
	cats := map[vatKey]VATCategory{}
	for i := range inv.Lines {
		l := &inv.Lines[i]
		if l.NetAmount == nil {
			return calcErr("BT-131", "line "+l.ID+" has no net amount")
		}
		lineNet = lineNet.Add(*l.NetAmount)
		k := keyOf(&l.VAT)
		taxable[k] = taxable[k].Add(*l.NetAmount)
		cats[k] = l.VAT
	}
	allowances, charges := zero, zero
	var nAllow, nCharge int
	for i := range inv.AllowanceCharges {
		ac := &inv.AllowanceCharges[i]
		if ac.Amount == nil {
			return calcErr("BT-92", "document level allowance or charge has no amount")
		}
		if ac.VAT == nil {
			return calcErr("BT-95", "document level allowance or charge has no VAT category")
		}
		k := keyOf(ac.VAT)
		if ac.Charge {
			charges = charges.Add(*ac.Amount)
			taxable[k] = taxable[k].Add(*ac.Amount)
			nCharge++
		} else {
			allowances = allowances.Add(*ac.Amount)
			taxable[k] = taxable[k].Sub(*ac.Amount)
			nAllow++
		}
		if _, ok := cats[k]; !ok {
			cats[k] = *ac.VAT
		}
	}
	old := map[vatKey]VATBreakdown{}
	for _, vb := range inv.VATBreakdown {
		old[keyOf(&vb.Category)] = vb
	}
	keys := make([]vatKey, 0, len(taxable))
	for k := range taxable {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].code != keys[j].code {
			return keys[i].code < keys[j].code
		}
		return keys[i].rate < keys[j].rate
	})
	vatTotal := zero
	xr := inv.Profile().IsXRechnung()
	breakdown := make([]VATBreakdown, 0, len(keys))
	for _, k := range keys {
		cat := cats[k]
		base := roundAmount(taxable[k])
		tax := roundAmount(zero)
		if cat.Rate != nil && chargesVAT(cat.Code) {
			tax = roundAmount(base.Mul(*cat.Rate).Div(hundred))
		}
		vatTotal = vatTotal.Add(tax)
		if cat.Rate == nil && xr {
			// XRechnung requires BT-119 in every breakdown (BR-DE-14); a
			// category without a rate, such as "Not subject to VAT" (O),
			// gets 0, as the official XRechnung test suite writes it.
			cat.Rate = ptr(decimal.Zero)
		}
		vb := VATBreakdown{TaxableAmount: ptr(base), TaxAmount: ptr(tax), Category: cat}
		if o, ok := old[k]; ok {
			vb.ExemptionReason, vb.ExemptionReasonCode = o.ExemptionReason, o.ExemptionReasonCode
		}
		breakdown = append(breakdown, vb)
	}
	inv.VATBreakdown = breakdown
	t := &inv.Totals
	t.LineNet = ptr(roundAmount(lineNet))
	t.Allowances, t.Charges = nil, nil
	if nAllow > 0 {
		t.Allowances = ptr(roundAmount(allowances))
	}
	if nCharge > 0 {
		t.Charges = ptr(roundAmount(charges))
	}
	withoutVAT := roundAmount(lineNet.Sub(allowances).Add(charges))
	t.WithoutVAT = &withoutVAT
	t.VAT = ptr(roundAmount(vatTotal))
	withVAT := withoutVAT.Add(*t.VAT)
	t.WithVAT = &withVAT
	due := withVAT
	if t.Paid != nil {
		due = due.Sub(*t.Paid)
	}
	if t.Rounding != nil {
		due = due.Add(*t.Rounding)
	}
	for _, tp := range inv.ThirdPartyPayments {
		if tp.Amount != nil {
			due = due.Add(*tp.Amount)
		}
	}
	t.DuePayable = ptr(roundAmount(due))
	return nil
}

// chargesVAT reports whether VAT is charged in a category: S (standard),
// L (IGIC), M (IPSI) and B (Italian split payment) do; E, AE, K, G, O and Z have a tax amount of 0.
func chargesVAT(c VATCategoryCode) bool {
	switch c {
	case VATStandard, VATCanaryIslands, VATCeutaMelilla, VATSplitPayment:
		return true
	}
	return false
}
