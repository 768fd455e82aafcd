package main

import (
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

// A business registers its dog (a security company's guard dog, a dog
// school's) with Mein Unternehmenskonto, the service account for
// organisations: a SAML identity provider of its own, next to BundID. Its
// assertion carries the organisation — name, ELSTER account, legal form,
// registered address — besides the acting person. The fee invoice then
// goes to the business: an XRechnung whose buyer is the organisation with
// its address, delivered to the organisation's postbox.

// unternehmenAttribute are the attribute names under which the fake Mein
// Unternehmenskonto releases the organisation's data. The real names are
// not part of the BundID interface description; an operator takes them
// from the account's documentation (servicekonto.Config.Organisation).
var unternehmenAttribute = servicekonto.OrganisationAttributes{
	Name:            "urn:baukasten:example:unternehmenskonto:organisation:name",
	ElsterAccountID: "urn:baukasten:example:unternehmenskonto:organisation:elsterAccountId",
	LegalForm:       "urn:baukasten:example:unternehmenskonto:organisation:legalForm",
	Street:          "urn:baukasten:example:unternehmenskonto:organisation:street",
	HouseNumber:     "urn:baukasten:example:unternehmenskonto:organisation:houseNumber",
	PostalCode:      "urn:baukasten:example:unternehmenskonto:organisation:postalCode",
	City:            "urn:baukasten:example:unternehmenskonto:organisation:city",
	Country:         "urn:baukasten:example:unternehmenskonto:organisation:country",
}

// unternehmenPostfach is the postbox handle of the fictitious business's
// account: the authority's answers go there, not to a citizen's postbox.
const unternehmenPostfach = "5e2a9c41-7d3b-4f6a-8b2c-1d0e9f8a7b6c"

// unternehmen is the identity the fake Mein Unternehmenskonto reports: a
// fictitious company in the municipality (postcode and town), with the
// acting employee as the person.
func unternehmen(plz, ort string) []servicekontotest.Attribute {
	attrs := servicekontotest.DefaultAttributes()
	for i, a := range attrs {
		switch a.Name {
		case servicekonto.AttrPostboxHandle:
			attrs[i].Values = []string{unternehmenPostfach}
		case servicekonto.AttrPostalAddress:
			attrs[i].Values = []string{"Gewerbestraße 5"}
		case servicekonto.AttrPostalCode:
			attrs[i].Values = []string{plz}
		case servicekonto.AttrLocalityName:
			attrs[i].Values = []string{ort}
		case servicekonto.AttrMail:
			attrs[i].Values = []string{"buchhaltung@wachschutz-muster.example"}
		}
	}
	org := func(name, friendly, value string) servicekontotest.Attribute {
		return servicekontotest.Attribute{Name: name, FriendlyName: friendly, Values: []string{value}, TrustLevel: "SUBSTANZIELL"}
	}
	n := unternehmenAttribute
	return append(attrs,
		org(n.Name, "organisationName", "Wachschutz Muster GmbH"),
		org(n.ElsterAccountID, "elsterAccountId", "1000000815"),
		org(n.LegalForm, "legalForm", "GmbH"),
		org(n.Street, "organisationStreet", "Gewerbestraße"),
		org(n.HouseNumber, "organisationHouseNumber", "5"),
		org(n.PostalCode, "organisationPostalCode", plz),
		org(n.City, "organisationCity", ort),
		org(n.Country, "organisationCountry", "DE"),
	)
}

// organisationReport is the organisation part of the identification
// report: the business the application is made for, as the Mein
// Unternehmenskonto assertion reported it.
type organisationReport struct {
	Name            string `json:"name"`
	ElsterAccountID string `json:"elsterAccountId,omitempty"`
	LegalForm       string `json:"legalForm,omitempty"`
	Street          string `json:"street,omitempty"`
	PostalCode      string `json:"postalCode,omitempty"`
	City            string `json:"city,omitempty"`
	Country         string `json:"country,omitempty"`
}

func newOrganisationReport(o *ozg.Organisation) *organisationReport {
	if o == nil {
		return nil
	}
	street := o.Address.Street
	if o.Address.HouseNumber != "" {
		street += " " + o.Address.HouseNumber
	}
	return &organisationReport{Name: o.Name, ElsterAccountID: o.ElsterAccountID, LegalForm: o.LegalForm,
		Street: street, PostalCode: o.Address.PostalCode, City: o.Address.City, Country: o.Address.Country}
}
