package einvoice

import (
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"github.com/ozg-baukasten/baukasten/einvoice/codelist"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/payment/sepa"
	"github.com/shopspring/decimal"
)

// RenderOptions change what RenderHTML shows; nil means the defaults
// (German, GiroCode shown, no findings).
type RenderOptions struct {
	// Language is "de" (the default, also "") or "en".
	Language string
	// Report, when not nil, is shown at the top of the page: the verdict
	// and every finding with its rule id, severity and location.
	Report *Report
	// NoGiroCode leaves out the GiroCode (EPC QR code) of a SEPA credit
	// transfer.
	NoGiroCode bool
}

//go:embed render.html.tmpl
var renderFS embed.FS

var renderTmpl = template.Must(template.New("render.html.tmpl").ParseFS(renderFS, "render.html.tmpl"))

// RenderHTML writes inv as a self-contained HTML page (inline CSS, images
// as data: URIs, no external assets) for people to read and print: the
// header with type, number and dates, seller, buyer, payee, tax
// representative and delivery, the references (Leitweg-ID among them),
// the lines with their allowances and charges (sub-lines indented), the
// document-level allowances and charges, the VAT breakdown, the totals,
// the payment instructions with IBAN and, for a SEPA credit transfer in
// euro, a GiroCode QR image, the notes, the payment terms and the list of
// attachments. With opts.Report the validation findings come first.
//
// The page is built with html/template, so every value of the invoice is
// escaped. An error writing to w is returned as an *ozg.Error (code
// Internal) wrapping the cause.
func RenderHTML(w io.Writer, inv *Invoice, opts *RenderOptions) error {
	if opts == nil {
		opts = &RenderOptions{}
	}
	if inv == nil {
		inv = &Invoice{}
	}
	v := newView(inv, opts)
	if err := renderTmpl.Execute(w, v); err != nil {
		return &ozg.Error{Code: ozg.Internal, Op: "einvoice.RenderHTML", Err: err}
	}
	return nil
}

// view is what the template shows: the invoice with its values formatted.
type view struct {
	Lang     string
	L        map[string]string // labels
	Inv      *Invoice
	Title    string
	Date     string
	TypeName string
	Credit   bool
	Report   *Report
	Leitweg  string // the Leitweg-ID when BT-10 is one
	Refs     []kv
	Seller   party
	Buyer    party
	Others   []party
	Lines    []lineView
	ACs      []acView
	VAT      []vatView
	Totals   []kv
	Payments []payView
	Terms    string
	Skonto   []string // the BR-DE-18 Skonto entries of BT-20 in words
	Notes    []kv
	Docs     []docView
	Third    []kv
}

type kv struct {
	K, V   string
	Strong bool
}

type party struct {
	Title string
	Name  string
	Lines []string // address lines
	Rows  []kv     // identifiers, contact
}

type lineView struct {
	Depth    int
	ID       string
	Name     string
	Details  []string
	Quantity string
	Unit     string
	Price    string
	PriceSub string
	VAT      string
	Net      string
	ACs      []acView
}

type acView struct {
	Kind, Reason, Base, Percent, VAT, Amount string
	Charge                                   bool
}

type vatView struct {
	Category, Rate, Taxable, Tax, Exemption string
}

type payView struct {
	Means    string
	Rows     []kv
	QR       template.URL
	QRTitle  string
	Warnings []string
}

type docView struct {
	ID, Description, Type, File, URL string
}

// labels holds the page texts in German and English.
var labels = map[string]map[string]string{
	"de": {
		"invoice": "Rechnung", "creditnote": "Gutschrift", "number": "Rechnungsnummer", "date": "Rechnungsdatum",
		"type": "Rechnungsart", "currency": "Währung", "spec": "Spezifikation", "process": "Geschäftsprozess",
		"seller": "Verkäufer", "buyer": "Käufer", "payee": "Zahlungsempfänger", "taxrep": "Steuervertreter des Verkäufers",
		"delivery": "Lieferung", "refs": "Referenzen", "lines": "Rechnungspositionen", "pos": "Pos.", "item": "Artikel",
		"qty": "Menge", "unit": "Einheit", "price": "Einzelpreis (netto)", "vat": "USt.", "net": "Betrag (netto)",
		"acs": "Nachlässe und Zuschläge auf Dokumentebene", "allowance": "Nachlass", "charge": "Zuschlag", "reason": "Grund",
		"base": "Basisbetrag", "percent": "Prozent", "amount": "Betrag", "vatbd": "Umsatzsteueraufschlüsselung",
		"category": "Kategorie", "rate": "Satz", "taxable": "Bemessungsgrundlage", "tax": "Steuerbetrag",
		"exemption": "Befreiungsgrund", "totals": "Summen", "payment": "Zahlungsinformationen", "terms": "Zahlungsbedingungen",
		"notes": "Bemerkungen", "docs": "Rechnungsbegründende Unterlagen", "id": "Kennung", "desc": "Beschreibung",
		"file": "Datei", "location": "Ort", "findings": "Prüfergebnis", "valid": "gültig", "invalid": "ungültig",
		"rule": "Regel", "severity": "Schwere", "where": "Stelle", "message": "Meldung", "third": "Zahlungen Dritter",
		"girocode": "GiroCode zum Scannen mit der Banking-App", "leitweg": "Leitweg-ID", "scenario": "Szenario",
		"nofindings": "Keine Befunde.", "sublineof": "Unterposition",
	},
	"en": {
		"invoice": "Invoice", "creditnote": "Credit note", "number": "Invoice number", "date": "Issue date",
		"type": "Invoice type", "currency": "Currency", "spec": "Specification", "process": "Business process",
		"seller": "Seller", "buyer": "Buyer", "payee": "Payee", "taxrep": "Seller tax representative",
		"delivery": "Delivery", "refs": "References", "lines": "Invoice lines", "pos": "No.", "item": "Item",
		"qty": "Quantity", "unit": "Unit", "price": "Net price", "vat": "VAT", "net": "Net amount",
		"acs": "Document level allowances and charges", "allowance": "Allowance", "charge": "Charge", "reason": "Reason",
		"base": "Base amount", "percent": "Percentage", "amount": "Amount", "vatbd": "VAT breakdown",
		"category": "Category", "rate": "Rate", "taxable": "Taxable amount", "tax": "Tax amount",
		"exemption": "Exemption reason", "totals": "Totals", "payment": "Payment instructions", "terms": "Payment terms",
		"notes": "Notes", "docs": "Supporting documents", "id": "Identifier", "desc": "Description",
		"file": "File", "location": "Location", "findings": "Validation", "valid": "valid", "invalid": "invalid",
		"rule": "Rule", "severity": "Severity", "where": "Location", "message": "Message", "third": "Third party payments",
		"girocode": "GiroCode to scan with a banking app", "leitweg": "Leitweg-ID", "scenario": "Scenario",
		"nofindings": "No findings.", "sublineof": "Sub-line",
	},
}

// fieldLabels are the labels of the references, totals and party rows.
var fieldLabels = map[string][2]string{
	"BT-10":     {"Käuferreferenz", "Buyer reference"},
	"BT-11":     {"Projektreferenz", "Project reference"},
	"BT-12":     {"Vertragsnummer", "Contract reference"},
	"BT-13":     {"Bestellnummer", "Purchase order reference"},
	"BT-14":     {"Auftragsnummer", "Sales order reference"},
	"BT-15":     {"Wareneingangsmeldung", "Receiving advice reference"},
	"BT-16":     {"Versandanzeige", "Despatch advice reference"},
	"BT-17":     {"Vergabe-/Losnummer", "Tender or lot reference"},
	"BT-18":     {"Objektkennung", "Invoiced object identifier"},
	"BT-19":     {"Buchungsreferenz des Käufers", "Buyer accounting reference"},
	"BG-3":      {"Vorausgegangene Rechnung", "Preceding invoice"},
	"BG-14":     {"Abrechnungszeitraum", "Invoicing period"},
	"BT-7":      {"Steuerdatum", "VAT point date"},
	"BT-9":      {"Fälligkeitsdatum", "Payment due date"},
	"BT-6":      {"Steuerwährung", "VAT accounting currency"},
	"BT-106":    {"Summe der Positionen (netto)", "Sum of line net amounts"},
	"BT-107":    {"Summe der Nachlässe", "Sum of allowances"},
	"BT-108":    {"Summe der Zuschläge", "Sum of charges"},
	"BT-109":    {"Gesamtbetrag ohne USt.", "Total without VAT"},
	"BT-110":    {"Umsatzsteuer", "Total VAT"},
	"BT-111":    {"Umsatzsteuer in Steuerwährung", "Total VAT in accounting currency"},
	"BT-112":    {"Gesamtbetrag mit USt.", "Total with VAT"},
	"BT-113":    {"Bereits gezahlt", "Paid amount"},
	"BT-114":    {"Rundungsbetrag", "Rounding amount"},
	"BT-115":    {"Zahlbetrag", "Amount due for payment"},
	"vat":       {"USt-IdNr.", "VAT identifier"},
	"taxreg":    {"Steuernummer", "Tax registration"},
	"legal":     {"Registernummer", "Legal registration"},
	"ident":     {"Kennung", "Identifier"},
	"eaddr":     {"Elektronische Adresse", "Electronic address"},
	"contact":   {"Kontakt", "Contact"},
	"phone":     {"Telefon", "Telephone"},
	"email":     {"E-Mail", "Email"},
	"trading":   {"Handelsname", "Trading name"},
	"legalinfo": {"Weitere rechtliche Informationen", "Additional legal information"},
	"loc":       {"Lieferort", "Delivery location"},
	"actual":    {"Lieferdatum", "Actual delivery date"},
	"remit":     {"Verwendungszweck", "Remittance information"},
	"iban":      {"IBAN", "IBAN"},
	"accname":   {"Kontoinhaber", "Account name"},
	"bic":       {"BIC", "BIC"},
	"account":   {"Kontonummer", "Account"},
	"card":      {"Karte", "Card"},
	"holder":    {"Karteninhaber", "Card holder"},
	"mandate":   {"Mandatsreferenz", "Mandate reference"},
	"debited":   {"Belastetes Konto", "Debited account"},
	"creditor":  {"Gläubiger-ID", "Creditor identifier"},
	"due":       {"Fällig am", "Due date"},
	"amount":    {"Betrag", "Amount"},
}

// Names of the codes shown in German (the code lists give English names).
var (
	typeNamesDE = map[TypeCode]string{
		"380": "Rechnung", "381": "Gutschrift (Rechnungskorrektur)", "384": "Rechnungskorrektur",
		"389": "Selbst ausgestellte Rechnung (Gutschrift)", "326": "Teilrechnung", "875": "Teilrechnung (Bau)",
		"876": "Teilschlussrechnung (Bau)", "877": "Schlussrechnung (Bau)", "386": "Vorauszahlungsrechnung",
		"261": "Selbst ausgestellte Gutschrift",
	}
	meansNamesDE = map[string]string{
		"1": "Nicht definiert", "10": "Barzahlung", "20": "Scheck", "30": "Überweisung", "31": "Überweisung",
		"42": "Zahlung auf ein Bankkonto", "48": "Kartenzahlung", "49": "Lastschrift", "54": "Kreditkarte",
		"55": "Debitkarte", "57": "Dauerauftrag", "58": "SEPA-Überweisung", "59": "SEPA-Lastschrift",
		"97": "Verrechnung", "ZZZ": "Sonstige",
	}
	vatNamesDE = map[VATCategoryCode]string{
		"S": "Regelsatz", "Z": "Nullsatz", "E": "Steuerbefreit", "AE": "Umkehrung der Steuerschuldnerschaft",
		"K": "Innergemeinschaftliche Lieferung", "G": "Ausfuhr", "O": "Nicht steuerbar",
		"L": "IGIC (Kanarische Inseln)", "M": "IPSI (Ceuta und Melilla)", "B": "Split Payment",
	}
	unitNamesDE = map[UnitCode]string{
		"C62": "Stück", "H87": "Stück", "XPP": "Stück", "EA": "Stück", "HUR": "Std.", "DAY": "Tag(e)", "MON": "Monat(e)",
		"ANN": "Jahr(e)", "WEE": "Woche(n)", "MIN": "Min.", "LS": "pauschal", "KGM": "kg", "GRM": "g", "TNE": "t",
		"MTR": "m", "KMT": "km", "MTK": "m²", "MTQ": "m³", "LTR": "l", "KWH": "kWh", "SET": "Satz", "P1": "%",
	}
)

func newView(inv *Invoice, opts *RenderOptions) *view {
	lang := "de"
	if opts.Language == "en" {
		lang = "en"
	}
	f := &fmtr{en: lang == "en", cur: string(inv.CurrencyCode)}
	v := &view{Lang: lang, L: labels[lang], Inv: inv, Report: opts.Report, Credit: inv.TypeCode.IsCreditNote()}
	v.Title = v.L["invoice"]
	if v.Credit {
		v.Title = v.L["creditnote"]
	}
	v.Date = f.date(inv.IssueDate)
	v.TypeName = string(inv.TypeCode)
	if n := f.typeName(inv.TypeCode); n != "" {
		v.TypeName += " – " + n
	}
	if _, err := ParseLeitwegID(strings.TrimSpace(inv.BuyerReference)); err == nil {
		v.Leitweg = strings.TrimSpace(inv.BuyerReference)
	}
	add := func(list *[]kv, key, val string) {
		if strings.TrimSpace(val) != "" {
			*list = append(*list, kv{K: f.label(key), V: val})
		}
	}
	if v.Leitweg == "" {
		add(&v.Refs, "BT-10", inv.BuyerReference)
	}
	add(&v.Refs, "BT-13", inv.PurchaseOrderReference)
	add(&v.Refs, "BT-12", inv.ContractReference)
	add(&v.Refs, "BT-11", inv.ProjectReference)
	add(&v.Refs, "BT-14", inv.SalesOrderReference)
	add(&v.Refs, "BT-15", inv.ReceivingAdviceReference)
	add(&v.Refs, "BT-16", inv.DespatchAdviceReference)
	add(&v.Refs, "BT-17", inv.TenderOrLotReference)
	add(&v.Refs, "BT-18", f.ident(inv.InvoicedObject))
	add(&v.Refs, "BT-19", inv.BuyerAccountingReference)
	for _, p := range inv.PrecedingInvoices {
		s := p.Number
		if !p.IssueDate.IsZero() {
			s += " (" + f.date(p.IssueDate) + ")"
		}
		add(&v.Refs, "BG-3", s)
	}
	if inv.InvoicingPeriod != nil {
		add(&v.Refs, "BG-14", f.period(inv.InvoicingPeriod))
	}
	if !inv.TaxPointDate.IsZero() {
		add(&v.Refs, "BT-7", f.date(inv.TaxPointDate))
	}
	if !inv.DueDate.IsZero() {
		add(&v.Refs, "BT-9", f.date(inv.DueDate))
	}
	add(&v.Refs, "BT-6", string(inv.VATCurrencyCode))

	v.Seller = f.seller(&inv.Seller)
	v.Buyer = f.buyer(&inv.Buyer)
	if p := inv.Payee; p != nil {
		pt := party{Title: v.L["payee"], Name: p.Name}
		f.row(&pt.Rows, "ident", f.ident(p.Identifier))
		f.row(&pt.Rows, "legal", f.ident(p.LegalRegistration))
		v.Others = append(v.Others, pt)
	}
	if t := inv.TaxRepresentative; t != nil {
		pt := party{Title: v.L["taxrep"], Name: t.Name, Lines: f.address(&t.Address)}
		f.row(&pt.Rows, "vat", t.VATIdentifier)
		v.Others = append(v.Others, pt)
	}
	if d := inv.Delivery; d != nil {
		pt := party{Title: v.L["delivery"], Name: d.PartyName}
		if d.Address != nil {
			pt.Lines = f.address(d.Address)
		}
		f.row(&pt.Rows, "loc", f.ident(d.LocationID))
		if !d.ActualDate.IsZero() {
			f.row(&pt.Rows, "actual", f.date(d.ActualDate))
		}
		v.Others = append(v.Others, pt)
	}
	for i := range inv.Lines {
		v.Lines = f.lines(v.Lines, &inv.Lines[i], 0)
	}
	for i := range inv.AllowanceCharges {
		v.ACs = append(v.ACs, f.ac(&inv.AllowanceCharges[i]))
	}
	for _, b := range inv.VATBreakdown {
		vb := vatView{Category: f.vatCat(b.Category.Code), Rate: f.pct(b.Category.Rate), Taxable: f.amt(b.TaxableAmount), Tax: f.amt(b.TaxAmount), Exemption: b.ExemptionReason}
		if b.ExemptionReasonCode != "" {
			vb.Exemption = strings.TrimSpace(b.ExemptionReasonCode + " " + b.ExemptionReason)
		}
		v.VAT = append(v.VAT, vb)
	}
	t := &inv.Totals
	for _, x := range []struct {
		key    string
		d      *decimal.Decimal
		strong bool
	}{{"BT-106", t.LineNet, false}, {"BT-107", t.Allowances, false}, {"BT-108", t.Charges, false},
		{"BT-109", t.WithoutVAT, false}, {"BT-110", t.VAT, false}, {"BT-112", t.WithVAT, true},
		{"BT-113", t.Paid, false}, {"BT-114", t.Rounding, false}, {"BT-115", t.DuePayable, true}} {
		if x.d != nil {
			v.Totals = append(v.Totals, kv{K: f.label(x.key), V: f.money(x.d), Strong: x.strong})
		}
	}
	if t.VATAccounting != nil {
		v.Totals = append(v.Totals, kv{K: f.label("BT-111"), V: f.num(t.VATAccounting) + " " + string(inv.VATCurrencyCode)})
	}
	for i := range inv.PaymentInstructions {
		v.Payments = append(v.Payments, f.payment(inv, &inv.PaymentInstructions[i], opts))
	}
	v.Terms = inv.PaymentTerms
	v.Skonto = f.skonto(inv.PaymentTerms)
	for _, n := range inv.Notes {
		v.Notes = append(v.Notes, kv{K: n.SubjectCode, V: n.Text})
	}
	for _, d := range inv.SupportingDocuments {
		dv := docView{ID: d.ID, Description: d.Description, Type: d.TypeCode, URL: d.ExternalLocation}
		if a := d.Attachment; a != nil {
			n := base64.StdEncoding.DecodedLen(len(strings.Join(strings.Fields(a.Base64), "")))
			dv.File = strings.TrimSpace(fmt.Sprintf("%s (%s, ca. %s)", a.Filename, a.MimeCode, f.size(n)))
		}
		v.Docs = append(v.Docs, dv)
	}
	for _, p := range inv.ThirdPartyPayments {
		v.Third = append(v.Third, kv{K: strings.TrimSpace(p.Type + " " + p.Description), V: f.money(p.Amount)})
	}
	return v
}

// fmtr formats values for one language.
type fmtr struct {
	en  bool
	cur string
}

func (f *fmtr) label(key string) string {
	l, ok := fieldLabels[key]
	if !ok {
		return key
	}
	if f.en {
		return l[1]
	}
	return l[0]
}

func (f *fmtr) row(rows *[]kv, key, val string) {
	if strings.TrimSpace(val) != "" {
		*rows = append(*rows, kv{K: f.label(key), V: val})
	}
}

func (f *fmtr) typeName(c TypeCode) string {
	if !f.en {
		if n, ok := typeNamesDE[c]; ok {
			return n
		}
	}
	if n := codelist.InvoiceType.Name(string(c)); n != "" {
		return n
	}
	return codelist.CreditNoteType.Name(string(c))
}

func (f *fmtr) vatCat(c VATCategoryCode) string {
	n := codelist.VATCategory.Name(string(c))
	if !f.en {
		if d, ok := vatNamesDE[c]; ok {
			n = d
		}
	}
	if n == "" {
		return string(c)
	}
	return string(c) + " – " + n
}

func (f *fmtr) unit(c UnitCode) string {
	if !f.en {
		if d, ok := unitNamesDE[c]; ok {
			return d
		}
	}
	if n := codelist.Unit.Name(string(c)); n != "" {
		return n
	}
	return string(c)
}

func (f *fmtr) means(c PaymentMeansCode, text string) string {
	n := codelist.PaymentMeans.Name(string(c))
	if !f.en {
		if d, ok := meansNamesDE[string(c)]; ok {
			n = d
		}
	}
	s := string(c)
	if n != "" {
		s += " – " + n
	}
	if text != "" && text != n {
		s += " (" + text + ")"
	}
	return s
}

func (f *fmtr) date(d Date) string {
	if d.IsZero() {
		return ""
	}
	if f.en {
		return d.String()
	}
	return fmt.Sprintf("%02d.%02d.%04d", d.Day, int(d.Month), d.Year)
}

func (f *fmtr) period(p *Period) string {
	switch {
	case p.Start.IsZero():
		return "– " + f.date(p.End)
	case p.End.IsZero():
		return f.date(p.Start) + " –"
	}
	return f.date(p.Start) + " – " + f.date(p.End)
}

// num formats a decimal with at least two decimals, German or English
// separators, keeping the decimals the invoice gives.
func (f *fmtr) num(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	places := int32(2)
	if e := -d.Exponent(); e > places {
		places = e
	}
	s := d.StringFixed(places)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	ip, fp, _ := strings.Cut(s, ".")
	th, dec := ".", ","
	if f.en {
		th, dec = ",", "."
	}
	var b strings.Builder
	for i, r := range ip {
		if i > 0 && (len(ip)-i)%3 == 0 {
			b.WriteString(th)
		}
		b.WriteRune(r)
	}
	out := b.String() + dec + fp
	if neg {
		out = "−" + out
	}
	return out
}

// qty formats a quantity without padding decimals.
func (f *fmtr) qty(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	s := d.String()
	if !f.en {
		s = strings.Replace(s, ".", ",", 1)
	}
	return strings.Replace(s, "-", "−", 1)
}

func (f *fmtr) amt(d *decimal.Decimal) string { return f.num(d) }

func (f *fmtr) money(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return f.num(d) + " " + f.cur
}

func (f *fmtr) pct(d *decimal.Decimal) string {
	if d == nil {
		return ""
	}
	return f.qty(d) + " %"
}

func (f *fmtr) size(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d kB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

func (f *fmtr) ident(id Identifier) string {
	if id.ID == "" {
		return ""
	}
	if id.Scheme != "" {
		return id.ID + " (" + id.Scheme + ")"
	}
	return id.ID
}

func (f *fmtr) address(a *Address) []string {
	var out []string
	for _, l := range []string{a.Line1, a.Line2, a.Line3} {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	if c := strings.TrimSpace(a.PostCode + " " + a.City); c != "" {
		out = append(out, c)
	}
	var tail []string
	for _, s := range []string{a.CountrySubdivision, string(a.CountryCode)} {
		if s != "" {
			tail = append(tail, s)
		}
	}
	if len(tail) > 0 {
		out = append(out, strings.Join(tail, ", "))
	}
	return out
}

func (f *fmtr) contact(rows *[]kv, c *Contact) {
	if c == nil {
		return
	}
	f.row(rows, "contact", c.Name)
	f.row(rows, "phone", c.Telephone)
	f.row(rows, "email", c.Email)
}

func (f *fmtr) eaddr(e ElectronicAddress) string {
	if e.Address == "" {
		return ""
	}
	if e.Scheme != "" {
		return e.Address + " (" + string(e.Scheme) + ")"
	}
	return e.Address
}

func (f *fmtr) seller(s *Seller) party {
	p := party{Title: labels[f.lang()]["seller"], Name: s.Name, Lines: f.address(&s.Address)}
	f.row(&p.Rows, "trading", s.TradingName)
	f.row(&p.Rows, "vat", s.VATIdentifier)
	f.row(&p.Rows, "taxreg", s.TaxRegistrationID)
	f.row(&p.Rows, "legal", f.ident(s.LegalRegistration))
	for _, id := range s.Identifiers {
		f.row(&p.Rows, "ident", f.ident(id))
	}
	f.row(&p.Rows, "eaddr", f.eaddr(s.ElectronicAddress))
	f.contact(&p.Rows, s.Contact)
	f.row(&p.Rows, "legalinfo", s.AdditionalLegalInformation)
	return p
}

func (f *fmtr) buyer(b *Buyer) party {
	p := party{Title: labels[f.lang()]["buyer"], Name: b.Name, Lines: f.address(&b.Address)}
	f.row(&p.Rows, "trading", b.TradingName)
	f.row(&p.Rows, "ident", f.ident(b.Identifier))
	f.row(&p.Rows, "vat", b.VATIdentifier)
	f.row(&p.Rows, "legal", f.ident(b.LegalRegistration))
	f.row(&p.Rows, "eaddr", f.eaddr(b.ElectronicAddress))
	f.contact(&p.Rows, b.Contact)
	return p
}

func (f *fmtr) lang() string {
	if f.en {
		return "en"
	}
	return "de"
}

func (f *fmtr) ac(a *AllowanceCharge) acView {
	L := labels[f.lang()]
	v := acView{Kind: L["allowance"], Charge: a.Charge, Base: f.num(a.BaseAmount), Percent: f.pct(a.Percentage), Amount: f.num(a.Amount)}
	if a.Charge {
		v.Kind = L["charge"]
	}
	v.Reason = strings.TrimSpace(a.Reason)
	if a.ReasonCode != "" {
		v.Reason = strings.TrimSpace("[" + a.ReasonCode + "] " + v.Reason)
	}
	if a.VAT != nil {
		v.VAT = strings.TrimSpace(string(a.VAT.Code) + " " + f.pct(a.VAT.Rate))
	}
	if !a.Charge && v.Amount != "" {
		v.Amount = "−" + v.Amount
	}
	return v
}

func (f *fmtr) lines(out []lineView, l *Line, depth int) []lineView {
	lv := lineView{Depth: depth, ID: l.ID, Name: l.Item.Name, Quantity: f.qty(l.Quantity), Unit: f.unit(l.UnitCode),
		Price: f.num(l.Price.Net), Net: f.num(l.NetAmount), VAT: strings.TrimSpace(string(l.VAT.Code) + " " + f.pct(l.VAT.Rate))}
	if l.Price.BaseQuantity != nil && !l.Price.BaseQuantity.Equal(decOne) {
		lv.PriceSub = "/ " + f.qty(l.Price.BaseQuantity) + " " + f.unit(l.Price.BaseQuantityUnit)
	}
	if l.Price.Gross != nil {
		g := "Brutto " + f.num(l.Price.Gross)
		if f.en {
			g = "gross " + f.num(l.Price.Gross)
		}
		if l.Price.Discount != nil {
			g += " − " + f.num(l.Price.Discount)
		}
		lv.PriceSub = strings.TrimSpace(g + " " + lv.PriceSub)
	}
	it := &l.Item
	if it.Description != "" {
		lv.Details = append(lv.Details, it.Description)
	}
	var ids []string
	if it.SellerID != "" {
		ids = append(ids, map[bool]string{false: "Art.-Nr. ", true: "Seller ID "}[f.en]+it.SellerID)
	}
	if it.BuyerID != "" {
		ids = append(ids, map[bool]string{false: "Käufer-Art.-Nr. ", true: "Buyer ID "}[f.en]+it.BuyerID)
	}
	if it.StandardID.ID != "" {
		ids = append(ids, f.ident(it.StandardID))
	}
	if len(ids) > 0 {
		lv.Details = append(lv.Details, strings.Join(ids, " · "))
	}
	for _, a := range it.Attributes {
		lv.Details = append(lv.Details, a.Name+": "+a.Value)
	}
	for _, c := range it.Classifications {
		lv.Details = append(lv.Details, strings.TrimSpace(c.ListID+" "+c.Code))
	}
	if l.Period != nil {
		lv.Details = append(lv.Details, f.label("BG-14")+": "+f.period(l.Period))
	}
	if l.OrderLineReference != "" {
		lv.Details = append(lv.Details, f.label("BT-13")+": "+l.OrderLineReference)
	}
	if l.Note != "" {
		lv.Details = append(lv.Details, l.Note)
	}
	for i := range l.AllowanceCharges {
		lv.ACs = append(lv.ACs, f.ac(&l.AllowanceCharges[i]))
	}
	out = append(out, lv)
	for i := range l.SubLines {
		out = f.lines(out, &l.SubLines[i], depth+1)
	}
	return out
}

var skontoLineRE = regexp.MustCompile(`^#SKONTO#TAGE=([0-9]+)#PROZENT=([0-9]+\.[0-9]{2})#(?:BASISBETRAG=(-?[0-9]+\.[0-9]{2})#)?$`)

// skonto returns the Skonto entries of the payment terms (the XRechnung
// format "#SKONTO#TAGE=n#PROZENT=n.nn#[BASISBETRAG=n.nn#]") in words.
func (f *fmtr) skonto(terms string) []string {
	var out []string
	for _, l := range strings.Split(terms, "\n") {
		m := skontoLineRE.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil {
			continue
		}
		pct, _ := decimal.NewFromString(m[2])
		var s string
		if f.en {
			s = fmt.Sprintf("%s %% discount for payment within %s days", f.num(&pct), m[1])
		} else {
			s = fmt.Sprintf("%s %% Skonto bei Zahlung innerhalb von %s Tagen", f.num(&pct), m[1])
		}
		if m[3] != "" {
			base, _ := decimal.NewFromString(m[3])
			if f.en {
				s += " on " + f.money(&base)
			} else {
				s += " auf " + f.money(&base)
			}
		}
		out = append(out, s)
	}
	return out
}

// groupIBAN writes an IBAN in groups of four.
func groupIBAN(s string) string {
	s = strings.Join(strings.Fields(s), "")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (f *fmtr) payment(inv *Invoice, p *PaymentInstructions, opts *RenderOptions) payView {
	v := payView{Means: f.means(p.MeansCode, p.MeansText)}
	f.row(&v.Rows, "remit", p.RemittanceInformation)
	if !inv.DueDate.IsZero() {
		f.row(&v.Rows, "due", f.date(inv.DueDate))
	}
	f.row(&v.Rows, "amount", f.money(inv.Totals.DuePayable))
	for _, ct := range p.CreditTransfers {
		if ct.Proprietary {
			f.row(&v.Rows, "account", ct.AccountID)
		} else {
			f.row(&v.Rows, "iban", groupIBAN(ct.AccountID))
		}
		f.row(&v.Rows, "accname", ct.AccountName)
		f.row(&v.Rows, "bic", ct.ProviderID)
	}
	if c := p.Card; c != nil {
		f.row(&v.Rows, "card", c.PrimaryAccountNumber)
		f.row(&v.Rows, "holder", c.HolderName)
	}
	if d := p.DirectDebit; d != nil {
		f.row(&v.Rows, "mandate", d.MandateReference)
		f.row(&v.Rows, "debited", d.DebitedAccountID)
		f.row(&v.Rows, "creditor", inv.CreditorReference)
	}
	if !opts.NoGiroCode && (p.MeansCode == "58" || p.MeansCode == "30") && inv.CurrencyCode == EUR && len(p.CreditTransfers) > 0 && !p.CreditTransfers[0].Proprietary {
		if qr, ok := giroCode(inv, p); ok {
			v.QR = qr
			v.QRTitle = labels[f.lang()]["girocode"]
		}
	}
	return v
}

// giroCode returns the EPC QR code of a SEPA credit transfer as a data: URI;
// ok is false where nothing is due (BT-115 zero or negative) or the
// invoice's values do not fit an EPC code (the page then shows no code
// rather than a wrong one).
func giroCode(inv *Invoice, p *PaymentInstructions) (template.URL, bool) {
	ct := p.CreditTransfers[0]
	name := ct.AccountName
	if name == "" && inv.Payee != nil {
		name = inv.Payee.Name
	}
	if name == "" {
		name = inv.Seller.Name
	}
	if len([]rune(name)) > 70 {
		name = string([]rune(name)[:70])
	}
	e := &sepa.EPC{BIC: ct.ProviderID, Name: name, IBAN: strings.Join(strings.Fields(ct.AccountID), "")}
	if d := inv.Totals.DuePayable; d != nil {
		if !d.IsPositive() {
			return "", false // nothing left to pay (paid in advance, or a credit)
		}
		e.Amount = *d
	}
	text := p.RemittanceInformation
	if text == "" {
		text = inv.Number
	}
	if len([]rune(text)) > 140 {
		text = string([]rune(text)[:140])
	}
	e.Text = text
	png, err := e.PNG(4)
	if err != nil {
		e.BIC = ""
		if png, err = e.PNG(4); err != nil {
			return "", false
		}
	}
	// a data: URI of a PNG the package produced itself: safe to mark as URL
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), true
}
