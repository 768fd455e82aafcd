package einvoice_test

import (
	"bytes"
	"fmt"
	"log"
	"os"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/shopspring/decimal"
)

// Build a municipality's fee notice for a citizen and write it as CII
// (UN/CEFACT Cross Industry Invoice D16B).
func ExampleWriteCII() {
	vat := einvoice.VATCategory{Code: einvoice.VATNotSubject} // sovereign fees are outside the scope of VAT
	inv, err := einvoice.NewBuilder(einvoice.ProfileXRechnung, "GEB-2026-000124", einvoice.Date{Year: 2026, Month: 11, Day: 2}).
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
		BuyerReference("KZ-4711-0816").
		DueDate(einvoice.Date{Year: 2026, Month: 12, Day: 2}).
		DeliveryDate(einvoice.Date{Year: 2026, Month: 10, Day: 28}).
		Line("Genehmigung einer Sondernutzung (Baugerüst)", decimal.NewFromInt(14), einvoice.UnitDay, decimal.RequireFromString("2.50"), vat).
		Exemption(vat, "Nicht steuerbare hoheitliche Tätigkeit", "VATEX-EU-O").
		CreditTransfer("DE02120300000000202051", "Stadtkasse Musterstadt", "BYLADEM1001", "KZ-4711-0816").
		Build()
	if err != nil {
		log.Fatal(err)
	}
	var out bytes.Buffer
	if err := einvoice.WriteCII(&out, inv, nil); err != nil {
		log.Fatal(err)
	}
	os.Stdout.Write(out.Bytes())
	// Reading the CII back gives the same business content.
	back, err := einvoice.Read(&out, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(back.Source.Syntax, back.Number, einvoice.FormatDecimal(*back.Totals.DuePayable), back.CurrencyCode)
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:qdt="urn:un:unece:uncefact:data:standard:QualifiedDataType:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
	//   <rsm:ExchangedDocumentContext>
	//     <ram:BusinessProcessSpecifiedDocumentContextParameter>
	//       <ram:ID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</ram:ID>
	//     </ram:BusinessProcessSpecifiedDocumentContextParameter>
	//     <ram:GuidelineSpecifiedDocumentContextParameter>
	//       <ram:ID>urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0</ram:ID>
	//     </ram:GuidelineSpecifiedDocumentContextParameter>
	//   </rsm:ExchangedDocumentContext>
	//   <rsm:ExchangedDocument>
	//     <ram:ID>GEB-2026-000124</ram:ID>
	//     <ram:TypeCode>380</ram:TypeCode>
	//     <ram:IssueDateTime>
	//       <udt:DateTimeString format="102">20261102</udt:DateTimeString>
	//     </ram:IssueDateTime>
	//   </rsm:ExchangedDocument>
	//   <rsm:SupplyChainTradeTransaction>
	//     <ram:IncludedSupplyChainTradeLineItem>
	//       <ram:AssociatedDocumentLineDocument>
	//         <ram:LineID>1</ram:LineID>
	//       </ram:AssociatedDocumentLineDocument>
	//       <ram:SpecifiedTradeProduct>
	//         <ram:Name>Genehmigung einer Sondernutzung (Baugerüst)</ram:Name>
	//       </ram:SpecifiedTradeProduct>
	//       <ram:SpecifiedLineTradeAgreement>
	//         <ram:NetPriceProductTradePrice>
	//           <ram:ChargeAmount>2.50</ram:ChargeAmount>
	//         </ram:NetPriceProductTradePrice>
	//       </ram:SpecifiedLineTradeAgreement>
	//       <ram:SpecifiedLineTradeDelivery>
	//         <ram:BilledQuantity unitCode="DAY">14</ram:BilledQuantity>
	//       </ram:SpecifiedLineTradeDelivery>
	//       <ram:SpecifiedLineTradeSettlement>
	//         <ram:ApplicableTradeTax>
	//           <ram:TypeCode>VAT</ram:TypeCode>
	//           <ram:CategoryCode>O</ram:CategoryCode>
	//         </ram:ApplicableTradeTax>
	//         <ram:SpecifiedTradeSettlementLineMonetarySummation>
	//           <ram:LineTotalAmount>35.00</ram:LineTotalAmount>
	//         </ram:SpecifiedTradeSettlementLineMonetarySummation>
	//       </ram:SpecifiedLineTradeSettlement>
	//     </ram:IncludedSupplyChainTradeLineItem>
	//     <ram:ApplicableHeaderTradeAgreement>
	//       <ram:BuyerReference>KZ-4711-0816</ram:BuyerReference>
	//       <ram:SellerTradeParty>
	//         <ram:ID>07315000</ram:ID>
	//         <ram:Name>Stadt Musterstadt</ram:Name>
	//         <ram:DefinedTradeContact>
	//           <ram:PersonName>Bürgerbüro</ram:PersonName>
	//           <ram:TelephoneUniversalCommunication>
	//             <ram:CompleteNumber>+49 123 4567-0</ram:CompleteNumber>
	//           </ram:TelephoneUniversalCommunication>
	//           <ram:EmailURIUniversalCommunication>
	//             <ram:URIID>buergerbuero@musterstadt.example</ram:URIID>
	//           </ram:EmailURIUniversalCommunication>
	//         </ram:DefinedTradeContact>
	//         <ram:PostalTradeAddress>
	//           <ram:PostcodeCode>12345</ram:PostcodeCode>
	//           <ram:LineOne>Rathausplatz 1</ram:LineOne>
	//           <ram:CityName>Musterstadt</ram:CityName>
	//           <ram:CountryID>DE</ram:CountryID>
	//         </ram:PostalTradeAddress>
	//         <ram:URIUniversalCommunication>
	//           <ram:URIID schemeID="EM">rechnung@musterstadt.example</ram:URIID>
	//         </ram:URIUniversalCommunication>
	//         <ram:SpecifiedTaxRegistration>
	//           <ram:ID schemeID="FC">201/123/45678</ram:ID>
	//         </ram:SpecifiedTaxRegistration>
	//       </ram:SellerTradeParty>
	//       <ram:BuyerTradeParty>
	//         <ram:Name>Erika Mustermann</ram:Name>
	//         <ram:PostalTradeAddress>
	//           <ram:PostcodeCode>12345</ram:PostcodeCode>
	//           <ram:LineOne>Heidestraße 17</ram:LineOne>
	//           <ram:CityName>Musterstadt</ram:CityName>
	//           <ram:CountryID>DE</ram:CountryID>
	//         </ram:PostalTradeAddress>
	//         <ram:URIUniversalCommunication>
	//           <ram:URIID schemeID="EM">erika@example.org</ram:URIID>
	//         </ram:URIUniversalCommunication>
	//       </ram:BuyerTradeParty>
	//     </ram:ApplicableHeaderTradeAgreement>
	//     <ram:ApplicableHeaderTradeDelivery>
	//       <ram:ActualDeliverySupplyChainEvent>
	//         <ram:OccurrenceDateTime>
	//           <udt:DateTimeString format="102">20261028</udt:DateTimeString>
	//         </ram:OccurrenceDateTime>
	//       </ram:ActualDeliverySupplyChainEvent>
	//     </ram:ApplicableHeaderTradeDelivery>
	//     <ram:ApplicableHeaderTradeSettlement>
	//       <ram:PaymentReference>KZ-4711-0816</ram:PaymentReference>
	//       <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
	//       <ram:SpecifiedTradeSettlementPaymentMeans>
	//         <ram:TypeCode>58</ram:TypeCode>
	//         <ram:PayeePartyCreditorFinancialAccount>
	//           <ram:IBANID>DE02120300000000202051</ram:IBANID>
	//           <ram:AccountName>Stadtkasse Musterstadt</ram:AccountName>
	//         </ram:PayeePartyCreditorFinancialAccount>
	//         <ram:PayeeSpecifiedCreditorFinancialInstitution>
	//           <ram:BICID>BYLADEM1001</ram:BICID>
	//         </ram:PayeeSpecifiedCreditorFinancialInstitution>
	//       </ram:SpecifiedTradeSettlementPaymentMeans>
	//       <ram:ApplicableTradeTax>
	//         <ram:CalculatedAmount>0.00</ram:CalculatedAmount>
	//         <ram:TypeCode>VAT</ram:TypeCode>
	//         <ram:ExemptionReason>Nicht steuerbare hoheitliche Tätigkeit</ram:ExemptionReason>
	//         <ram:BasisAmount>35.00</ram:BasisAmount>
	//         <ram:CategoryCode>O</ram:CategoryCode>
	//         <ram:ExemptionReasonCode>VATEX-EU-O</ram:ExemptionReasonCode>
	//         <ram:RateApplicablePercent>0</ram:RateApplicablePercent>
	//       </ram:ApplicableTradeTax>
	//       <ram:SpecifiedTradePaymentTerms>
	//         <ram:DueDateDateTime>
	//           <udt:DateTimeString format="102">20261202</udt:DateTimeString>
	//         </ram:DueDateDateTime>
	//       </ram:SpecifiedTradePaymentTerms>
	//       <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
	//         <ram:LineTotalAmount>35.00</ram:LineTotalAmount>
	//         <ram:TaxBasisTotalAmount>35.00</ram:TaxBasisTotalAmount>
	//         <ram:TaxTotalAmount currencyID="EUR">0.00</ram:TaxTotalAmount>
	//         <ram:GrandTotalAmount>35.00</ram:GrandTotalAmount>
	//         <ram:DuePayableAmount>35.00</ram:DuePayableAmount>
	//       </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
	//     </ram:ApplicableHeaderTradeSettlement>
	//   </rsm:SupplyChainTradeTransaction>
	// </rsm:CrossIndustryInvoice>
	// CII GEB-2026-000124 35.00 EUR
}
