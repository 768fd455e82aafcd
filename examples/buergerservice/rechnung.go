package main

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/shopspring/decimal"
)

// invoiceTmpl shows an invoice as HTML. Package einvoice has no HTML view
// on this branch's base (RenderHTML is not merged yet), so the example
// renders the main business terms itself; each cell names its BT.
var invoiceTmpl = template.Must(template.New("rechnung").Funcs(template.FuncMap{
	"qty": func(d *decimal.Decimal) string {
		if d == nil {
			return "–"
		}
		return strings.Replace(einvoice.FormatDecimal(*d), ".", ",", 1)
	},
	"datum": func(d einvoice.Date) string {
		if d.IsZero() {
			return "–"
		}
		return fmt.Sprintf("%02d.%02d.%d", d.Day, int(d.Month), d.Year)
	},
	"amt": func(d *decimal.Decimal) string {
		if d == nil {
			return "–"
		}
		return euro(*d)
	},
}).Parse(`<article class="rechnung" id="rechnung-ansicht">
<h3>Rechnung {{.Number}} <small>(BT-1)</small></h3>
<dl class="kv">
<dt>Rechnungsdatum (BT-2)</dt><dd>{{datum .IssueDate}}</dd>
<dt>Fällig am (BT-9)</dt><dd>{{datum .DueDate}}</dd>
<dt>Käuferreferenz (BT-10)</dt><dd>{{.BuyerReference}}</dd>
<dt>Spezifikation (BT-24)</dt><dd><code>{{.Specification}}</code></dd>
</dl>
<div class="parteien">
<section><h4>Rechnungssteller (BG-4)</h4><p>{{.Seller.Name}}<br>{{.Seller.Address.Line1}}<br>{{.Seller.Address.PostCode}} {{.Seller.Address.City}}</p>
{{with .Seller.Contact}}<p>{{.Name}}<br>{{.Telephone}}<br>{{.Email}}</p>{{end}}</section>
<section><h4>Rechnungsempfänger (BG-7)</h4><p>{{.Buyer.Name}}<br>{{.Buyer.Address.Line1}}<br>{{.Buyer.Address.PostCode}} {{.Buyer.Address.City}}</p></section>
</div>
<table>
<thead><tr><th>Pos. (BT-126)</th><th>Bezeichnung (BT-153)</th><th>Menge (BT-129)</th><th>Preis (BT-146)</th><th>Betrag (BT-131)</th></tr></thead>
<tbody>{{range .Lines}}<tr><td>{{.ID}}</td><td>{{.Item.Name}}</td><td>{{qty .Quantity}}</td><td>{{amt .Price.Net}} EUR</td><td>{{amt .NetAmount}} EUR</td></tr>{{end}}</tbody>
</table>
<dl class="kv summen">
<dt>Summe netto (BT-109)</dt><dd>{{amt .Totals.WithoutVAT}} EUR</dd>
{{range .VATBreakdown}}<dt>Umsatzsteuer Kategorie {{.Category.Code}} (BG-23)</dt><dd>{{amt .TaxAmount}} EUR – {{.ExemptionReason}}</dd>{{end}}
<dt>Gesamtbetrag (BT-112)</dt><dd>{{amt .Totals.WithVAT}} EUR</dd>
<dt>Bereits bezahlt (BT-113)</dt><dd id="rechnung-bezahlt">{{amt .Totals.Paid}} EUR</dd>
<dt>Zu zahlen (BT-115)</dt><dd id="rechnung-faellig">{{amt .Totals.DuePayable}} EUR</dd>
</dl>
<p>{{.PaymentTerms}}</p>
{{range .PaymentInstructions}}{{range .CreditTransfers}}<p>Bankverbindung (BG-17): {{.AccountName}}, IBAN {{.AccountID}}, BIC {{.ProviderID}}</p>{{end}}{{end}}
</article>`))

// renderInvoice renders inv with invoiceTmpl.
func renderInvoice(inv *einvoice.Invoice) (template.HTML, error) {
	var b bytes.Buffer
	if err := invoiceTmpl.Execute(&b, inv); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil //nolint:gosec // produced by html/template
}
