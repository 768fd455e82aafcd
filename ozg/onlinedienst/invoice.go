package onlinedienst

import (
	"io"
	"strings"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/shopspring/decimal"
)

// Rechnungssteller is the authority as issuer of fee invoices; required
// when the definition names an e-invoice profile.
type Rechnungssteller struct {
	Anschrift    ozg.Address `json:"anschrift"`     // postal address (BG-5)
	IBAN         string      `json:"iban"`          // account for the credit transfer (BT-84)
	BIC          string      `json:"bic,omitempty"` // BT-86
	Kontoinhaber string      `json:"kontoinhaber"`  // account name (BT-85)
	// Kontakt is the seller contact XRechnung requires (BG-6: BR-DE-2,
	// BR-DE-5, BR-DE-6, BR-DE-7).
	Kontakt Kontakt `json:"kontakt"`
}

// Kontakt is the contact point on the authority's invoices.
type Kontakt struct {
	Name    string `json:"name"`    // contact point, e.g. "Steueramt" (BT-41)
	Telefon string `json:"telefon"` // telephone, at least three digits (BT-42)
	Email   string `json:"email"`   // e-mail (BT-43)
}

// Invoice issues the e-invoice for the application's fee in the
// definition's profile: the authority is the seller (BT-27 its name, BT-34
// its Leitweg-ID with scheme 0204, BT-29 the AGS (or ARS) of its area,
// BG-5 its address), BT-72 the issue date, buyer is the
// applicant, BT-10 the Kassenzeichen, one line for the service, VAT
// category O (sovereign fees are outside the scope of VAT, VATEX-EU-O), a
// SEPA credit transfer to the authority's account with the Kassenzeichen as
// remittance information; when the fee was already paid online, a note
// and BT-113 paid amount (BT-115 amount due then 0).
// It fails with FailedPrecondition when the definition has no e-invoice
// profile or no fee applies.
func (s *Dienst) Invoice(a *antrag.Antrag, buyer einvoice.Buyer, number string, issued einvoice.Date) (*einvoice.Invoice, error) {
	const op = "onlinedienst.Invoice"
	e := s.Definition.ERechnung
	switch {
	case e == nil:
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "the definition issues no e-invoices")
	case !a.FeeApplies():
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "no fee applies")
	}
	p := s.Parameters
	r := p.Rechnung
	kz := s.Booking(a.ID).Kassenzeichen
	if kz == "" {
		kz = a.ID
	}
	street := strings.TrimSpace(r.Anschrift.Street + " " + r.Anschrift.HouseNumber)
	// BT-29 seller identifier (BR-CO-26 wants one of BT-29, BT-30, BT-31;
	// sovereign fees carry no VAT identifier): the AGS of the authority's
	// area, or its ARS for a Gemeindeverband, which has no AGS.
	sellerID := p.ARS.String()
	if ags, ok := p.ARS.AGS(); ok {
		sellerID = ags.String()
	}
	seller := einvoice.Seller{
		Name:              p.Behoerde,
		ElectronicAddress: einvoice.ElectronicAddress{Address: p.LeitwegID, Scheme: einvoice.EASLeitwegID},
		Identifiers:       []einvoice.Identifier{{ID: sellerID}},
		Address:           einvoice.Address{Line1: street, City: r.Anschrift.City, PostCode: r.Anschrift.PostalCode, CountryCode: "DE"},
	}
	seller.Contact = &einvoice.Contact{Name: r.Kontakt.Name, Telephone: r.Kontakt.Telefon, Email: r.Kontakt.Email}
	vat := einvoice.VATCategory{Code: einvoice.VATNotSubject}
	b := einvoice.NewBuilder(einvoice.ProfileOf(e.Profil), number, issued).
		Seller(seller).Buyer(buyer).BuyerReference(kz).DeliveryDate(issued).
		Line(s.Definition.Leistung.Name, decimal.NewFromInt(1), einvoice.UnitOne, a.Gebuehr, vat).
		Exemption(vat, "Nicht steuerbare hoheitliche Tätigkeit", "VATEX-EU-O").
		CreditTransfer(r.IBAN, r.Kontoinhaber, r.BIC, kz)
	if pm := a.Payment; pm != nil {
		b.Note("AAI", "Bereits online bezahlt, Transaktion "+pm.TransactionID+".")
	}
	inv, err := b.Build()
	if err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: err}
	}
	if pm := a.Payment; pm != nil && inv.Totals.WithVAT != nil {
		// Paid online: BT-113 paid amount, BT-115 = BT-112 − BT-113.
		paid := pm.GrossAmount
		due := inv.Totals.WithVAT.Sub(paid)
		inv.Totals.Paid, inv.Totals.DuePayable = &paid, &due
	}
	return inv, nil
}

// WriteInvoice writes the invoice in the syntax the definition names (UBL
// or CII).
func (s *Dienst) WriteInvoice(w io.Writer, inv *einvoice.Invoice) error {
	if e := s.Definition.ERechnung; e != nil && e.Syntax == "CII" {
		return einvoice.WriteCII(w, inv, nil)
	}
	return einvoice.WriteUBL(w, inv, nil)
}
