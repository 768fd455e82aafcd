package einvoice_test

import (
	"fmt"
	"log"
	"os"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/shopspring/decimal"
)

// Read an XRechnung and print its totals.
func ExampleRead() {
	f, err := os.Open("testdata/xrechnung-testsuite/src/test/business-cases/standard/01.01a-INVOICE_ubl.xml")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	inv, err := einvoice.Read(f, nil)
	if err != nil {
		log.Fatal(err)
	}
	t := inv.Totals
	f2 := einvoice.FormatDecimal
	fmt.Println("invoice", inv.Number, "of", inv.IssueDate, "profile", inv.Profile())
	fmt.Println("lines:", len(inv.Lines))
	fmt.Println("net:", f2(*t.WithoutVAT), inv.CurrencyCode)
	for _, vb := range inv.VATBreakdown {
		fmt.Printf("VAT %s %s%%: %s on %s\n", vb.Category.Code, f2(*vb.Category.Rate), f2(*vb.TaxAmount), f2(*vb.TaxableAmount))
	}
	fmt.Println("gross:", f2(*t.WithVAT))
	fmt.Println("due:", f2(*t.DuePayable))
	// Output:
	// invoice 123456XX of 2016-04-04 profile XRechnung 3.0
	// lines: 2
	// net: 314.86 EUR
	// VAT S 7%: 22.04 on 314.86
	// gross: 336.9
	// due: 336.9
}

// Build a municipality's fee notice for a citizen and write it as UBL.
func ExampleBuilder() {
	vat := einvoice.VATCategory{Code: einvoice.VATNotSubject} // sovereign fees are outside the scope of VAT
	inv, err := einvoice.NewBuilder(einvoice.ProfileXRechnung, "GEB-2026-000123", einvoice.Date{Year: 2026, Month: 11, Day: 2}).
		Seller(einvoice.Seller{
			Name:              "Stadt Musterstadt",
			ElectronicAddress: einvoice.ElectronicAddress{Address: "rechnung@musterstadt.example", Scheme: einvoice.EASEmail},
			Identifiers:       []einvoice.Identifier{{ID: "07315000"}}, // BT-29 seller identifier, here the AGS (no scheme)
			TaxRegistrationID: "201/123/45678",
			Address:           einvoice.Address{Line1: "Rathausplatz 1", City: "Musterstadt", PostCode: "12345", CountryCode: "DE"},
			Contact:           &einvoice.Contact{Name: "Bürgerbüro", Telephone: "+49 123 4567-0", Email: "buergerbuero@musterstadt.example"},
		}).
		Buyer(einvoice.Buyer{
			Name:              "Erika Mustermann",
			ElectronicAddress: einvoice.ElectronicAddress{Address: "erika@example.org", Scheme: einvoice.EASEmail},
			Address:           einvoice.Address{Line1: "Heidestraße 17", City: "Musterstadt", PostCode: "12345", CountryCode: "DE"},
		}).
		BuyerReference("KZ-4711-0815").
		DueDate(einvoice.Date{Year: 2026, Month: 12, Day: 2}).
		DeliveryDate(einvoice.Date{Year: 2026, Month: 10, Day: 28}).
		Line("Ausstellung eines Reisepasses", decimal.NewFromInt(1), einvoice.UnitOne, decimal.RequireFromString("70.00"), vat).
		Line("Beglaubigte Kopie", decimal.NewFromInt(3), einvoice.UnitOne, decimal.RequireFromString("4.50"), vat).
		Exemption(vat, "Nicht steuerbare hoheitliche Tätigkeit", "VATEX-EU-O").
		CreditTransfer("DE02120300000000202051", "Stadtkasse Musterstadt", "BYLADEM1001", "KZ-4711-0815").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	if err := einvoice.WriteUBL(os.Stdout, inv, nil); err != nil {
		log.Fatal(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
	//   <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</cbc:CustomizationID>
	//   <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
	//   <cbc:ID>GEB-2026-000123</cbc:ID>
	//   <cbc:IssueDate>2026-11-02</cbc:IssueDate>
	//   <cbc:DueDate>2026-12-02</cbc:DueDate>
	//   <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
	//   <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
	//   <cbc:BuyerReference>KZ-4711-0815</cbc:BuyerReference>
	//   <cac:AccountingSupplierParty>
	//     <cac:Party>
	//       <cbc:EndpointID schemeID="EM">rechnung@musterstadt.example</cbc:EndpointID>
	//       <cac:PartyIdentification>
	//         <cbc:ID>07315000</cbc:ID>
	//       </cac:PartyIdentification>
	//       <cac:PostalAddress>
	//         <cbc:StreetName>Rathausplatz 1</cbc:StreetName>
	//         <cbc:CityName>Musterstadt</cbc:CityName>
	//         <cbc:PostalZone>12345</cbc:PostalZone>
	//         <cac:Country>
	//           <cbc:IdentificationCode>DE</cbc:IdentificationCode>
	//         </cac:Country>
	//       </cac:PostalAddress>
	//       <cac:PartyTaxScheme>
	//         <cbc:CompanyID>201/123/45678</cbc:CompanyID>
	//         <cac:TaxScheme>
	//           <cbc:ID>FC</cbc:ID>
	//         </cac:TaxScheme>
	//       </cac:PartyTaxScheme>
	//       <cac:PartyLegalEntity>
	//         <cbc:RegistrationName>Stadt Musterstadt</cbc:RegistrationName>
	//       </cac:PartyLegalEntity>
	//       <cac:Contact>
	//         <cbc:Name>Bürgerbüro</cbc:Name>
	//         <cbc:Telephone>+49 123 4567-0</cbc:Telephone>
	//         <cbc:ElectronicMail>buergerbuero@musterstadt.example</cbc:ElectronicMail>
	//       </cac:Contact>
	//     </cac:Party>
	//   </cac:AccountingSupplierParty>
	//   <cac:AccountingCustomerParty>
	//     <cac:Party>
	//       <cbc:EndpointID schemeID="EM">erika@example.org</cbc:EndpointID>
	//       <cac:PostalAddress>
	//         <cbc:StreetName>Heidestraße 17</cbc:StreetName>
	//         <cbc:CityName>Musterstadt</cbc:CityName>
	//         <cbc:PostalZone>12345</cbc:PostalZone>
	//         <cac:Country>
	//           <cbc:IdentificationCode>DE</cbc:IdentificationCode>
	//         </cac:Country>
	//       </cac:PostalAddress>
	//       <cac:PartyLegalEntity>
	//         <cbc:RegistrationName>Erika Mustermann</cbc:RegistrationName>
	//       </cac:PartyLegalEntity>
	//     </cac:Party>
	//   </cac:AccountingCustomerParty>
	//   <cac:Delivery>
	//     <cbc:ActualDeliveryDate>2026-10-28</cbc:ActualDeliveryDate>
	//   </cac:Delivery>
	//   <cac:PaymentMeans>
	//     <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
	//     <cbc:PaymentID>KZ-4711-0815</cbc:PaymentID>
	//     <cac:PayeeFinancialAccount>
	//       <cbc:ID>DE02120300000000202051</cbc:ID>
	//       <cbc:Name>Stadtkasse Musterstadt</cbc:Name>
	//       <cac:FinancialInstitutionBranch>
	//         <cbc:ID>BYLADEM1001</cbc:ID>
	//       </cac:FinancialInstitutionBranch>
	//     </cac:PayeeFinancialAccount>
	//   </cac:PaymentMeans>
	//   <cac:TaxTotal>
	//     <cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>
	//     <cac:TaxSubtotal>
	//       <cbc:TaxableAmount currencyID="EUR">83.50</cbc:TaxableAmount>
	//       <cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>
	//       <cac:TaxCategory>
	//         <cbc:ID>O</cbc:ID>
	//         <cbc:Percent>0</cbc:Percent>
	//         <cbc:TaxExemptionReasonCode>VATEX-EU-O</cbc:TaxExemptionReasonCode>
	//         <cbc:TaxExemptionReason>Nicht steuerbare hoheitliche Tätigkeit</cbc:TaxExemptionReason>
	//         <cac:TaxScheme>
	//           <cbc:ID>VAT</cbc:ID>
	//         </cac:TaxScheme>
	//       </cac:TaxCategory>
	//     </cac:TaxSubtotal>
	//   </cac:TaxTotal>
	//   <cac:LegalMonetaryTotal>
	//     <cbc:LineExtensionAmount currencyID="EUR">83.50</cbc:LineExtensionAmount>
	//     <cbc:TaxExclusiveAmount currencyID="EUR">83.50</cbc:TaxExclusiveAmount>
	//     <cbc:TaxInclusiveAmount currencyID="EUR">83.50</cbc:TaxInclusiveAmount>
	//     <cbc:PayableAmount currencyID="EUR">83.50</cbc:PayableAmount>
	//   </cac:LegalMonetaryTotal>
	//   <cac:InvoiceLine>
	//     <cbc:ID>1</cbc:ID>
	//     <cbc:InvoicedQuantity unitCode="C62">1</cbc:InvoicedQuantity>
	//     <cbc:LineExtensionAmount currencyID="EUR">70.00</cbc:LineExtensionAmount>
	//     <cac:Item>
	//       <cbc:Name>Ausstellung eines Reisepasses</cbc:Name>
	//       <cac:ClassifiedTaxCategory>
	//         <cbc:ID>O</cbc:ID>
	//         <cac:TaxScheme>
	//           <cbc:ID>VAT</cbc:ID>
	//         </cac:TaxScheme>
	//       </cac:ClassifiedTaxCategory>
	//     </cac:Item>
	//     <cac:Price>
	//       <cbc:PriceAmount currencyID="EUR">70.00</cbc:PriceAmount>
	//     </cac:Price>
	//   </cac:InvoiceLine>
	//   <cac:InvoiceLine>
	//     <cbc:ID>2</cbc:ID>
	//     <cbc:InvoicedQuantity unitCode="C62">3</cbc:InvoicedQuantity>
	//     <cbc:LineExtensionAmount currencyID="EUR">13.50</cbc:LineExtensionAmount>
	//     <cac:Item>
	//       <cbc:Name>Beglaubigte Kopie</cbc:Name>
	//       <cac:ClassifiedTaxCategory>
	//         <cbc:ID>O</cbc:ID>
	//         <cac:TaxScheme>
	//           <cbc:ID>VAT</cbc:ID>
	//         </cac:TaxScheme>
	//       </cac:ClassifiedTaxCategory>
	//     </cac:Item>
	//     <cac:Price>
	//       <cbc:PriceAmount currencyID="EUR">4.50</cbc:PriceAmount>
	//     </cac:Price>
	//   </cac:InvoiceLine>
	// </Invoice>
}

// Check a Leitweg-ID, the routing identifier of a German public buyer.
func ExampleParseLeitwegID() {
	id, err := einvoice.ParseLeitwegID("04011000-1234512345-06")
	fmt.Println(id.Grob, id.Fein, id.Check, err)

	_, err = einvoice.ParseLeitwegID("04011000-1234512345-07")
	fmt.Println(err)

	id, _ = einvoice.NewLeitwegID("991", "33333TEST")
	fmt.Println(id)
	// Output:
	// 04011000 1234512345 06 <nil>
	// einvoice.ParseLeitwegID: Leitweg-ID "04011000-1234512345-0…": character 21 check digits 07 do not match (ISO 7064 MOD 97-10 gives 06)
	// 991-33333TEST-33
}

// Compute a line's net amount and the invoice totals by the rules of
// EN 16931.
func ExampleInvoice_Compute() {
	s19 := einvoice.VATCategory{Code: einvoice.VATStandard, Rate: einvoice.Dec("19")}
	inv := &einvoice.Invoice{
		CurrencyCode: einvoice.EUR,
		Lines: []einvoice.Line{{
			ID:       "1",
			Quantity: einvoice.Dec("250"),
			UnitCode: "MTR",
			Price:    einvoice.Price{Net: einvoice.Dec("0.75"), BaseQuantity: einvoice.Dec("1")},
			VAT:      s19,
			AllowanceCharges: []einvoice.AllowanceCharge{
				{Reason: "Rabatt", BaseAmount: einvoice.Dec("187.50"), Percentage: einvoice.Dec("10")},
			},
		}},
	}
	if err := inv.Compute(); err != nil {
		log.Fatal(err)
	}
	f := einvoice.FormatDecimal
	fmt.Println("line net:", f(*inv.Lines[0].NetAmount))
	fmt.Println("VAT:", f(*inv.Totals.VAT))
	fmt.Println("due:", f(*inv.Totals.DuePayable))
	// Output:
	// line net: 168.75
	// VAT: 32.06
	// due: 200.81
}
