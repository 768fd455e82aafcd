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
	Anschrift    ozg.Address `json:"anschrift"`       // postal address (BG-5)
	IBAN         string      `json:"iban"`            // account for the credit transfer (BT-84)
	BIC          string      `json:"bic,omitempty"`   // BT-86
	Kontoinhaber string      `json:"kontoinhaber"`    // account name (BT-85)
	Email        string      `json:"email,omitempty"` // contact e-mail (BT-43)
}

// Invoice issues the e-invoice for the application's fee in the
// definition's profile: the authority is the seller (BT-27 its name, BT-34
// its Leitweg-ID with scheme 0204, BG-5 its address), buyer is the
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
	seller := einvoice.Seller{
		Name:              p.Behoerde,
		ElectronicAddress: einvoice.ElectronicAddress{Address: p.LeitwegID, Scheme: einvoice.EASLeitwegID},
		Address:           einvoice.Address{Line1: street, City: r.Anschrift.City, PostCode: r.Anschrift.PostalCode, CountryCode: "DE"},
	}
	if r.Email != "" {
		seller.Contact = &einvoice.Contact{Email: r.Email}
	}
	vat := einvoice.VATCategory{Code: einvoice.VATNotSubject}
	b := einvoice.NewBuilder(einvoice.ProfileOf(e.Profil), number, issued).
		Seller(seller).Buyer(buyer).BuyerReference(kz).
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
	if pm := a.Payment; pm != nil {
		// Paid online: BT-113 paid amount, BT-115 amount due 0.
		paid := pm.GrossAmount
		inv.Totals.Paid = &paid
		if err := inv.ComputeTotals(); err != nil {
			return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: err}
		}
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
