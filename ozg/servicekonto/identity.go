package servicekonto

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// The BundID attribute names (Schnittstellenbeschreibung BundID), matched
// against saml:Attribute/@Name only, never FriendlyName.
const (
	AttrGivenName           = "urn:oid:2.5.4.42"                             // givenName: Vornamen
	AttrSurname             = "urn:oid:2.5.4.4"                              // surname: Familienname
	AttrMail                = "urn:oid:0.9.2342.19200300.100.1.3"            // mail
	AttrPostalAddress       = "urn:oid:2.5.4.16"                             // postalAddress: Straße und Hausnummer
	AttrPostalCode          = "urn:oid:2.5.4.17"                             // postalCode
	AttrLocalityName        = "urn:oid:2.5.4.7"                              // localityName: Ort
	AttrCountry             = "urn:oid:1.2.40.0.10.2.1.1.225599"             // country
	AttrPersonalTitle       = "urn:oid:0.9.2342.19200300.100.1.40"           // personalTitle: Doktorgrad
	AttrGender              = "urn:oid:1.3.6.1.4.1.33592.1.3.5"              // gender
	AttrBirthdate           = "urn:oid:1.2.40.0.10.2.1.1.55"                 // birthdate
	AttrPlaceOfBirth        = "urn:oid:1.3.6.1.5.5.7.9.2"                    // placeOfBirth
	AttrBirthName           = "urn:oid:1.2.40.0.10.2.1.1.225566"             // birthName
	AttrNationality         = "urn:oid:1.2.40.0.10.2.1.1.225577"             // nationality
	AttrDocumentType        = "urn:oid:1.2.40.0.10.2.1.1.552255"             // documentType
	AttrDeMail              = "urn:oid:1.3.6.1.4.1.55605.70737875.1.1.1.7.1" // DeMail
	AttrTelephoneNumber     = "urn:oid:2.5.4.20"                             // telephoneNumber
	AttrEIDASIssuingCountry = "urn:oid:1.3.6.1.4.1.25484.494450.10.1"        // eIDAS-Issuing-Country
	AttrCommunityID         = "urn:oid:1.3.6.1.4.1.25484.494450.5"           // communityId: Gemeindeschlüssel
	AttrBPK2                = "urn:oid:1.3.6.1.4.1.25484.494450.3"           // bPK2
	AttrCitizenQAALevel     = "urn:oid:1.2.40.0.10.2.1.1.261.94"             // EID-CITIZEN-QAA-LEVEL
	AttrVersion             = "urn:oid:1.3.6.1.4.1.25484.494450.1"           // Version
	AttrAssertionProvedBy   = "urn:oid:1.3.6.1.4.1.25484.494450.2"           // AssertionProvedBy
	AttrPostboxHandle       = "urn:oid:2.5.4.18"                             // legacyPostfachHandle
	AttrApplicationID       = "urn:oid:1.3.6.1.4.1.25484.494450.4"           // applicationId
	AttrPseudonym           = "urn:oid:1.2.40.0.10.2.1.1.226699"             // pseudonym
)

// canonicalAttrName maps the documented copy-paste variants of the BundID
// attribute names — a space after "urn:oid:" (as printed for documentType
// and EID-CITIZEN-QAA-LEVEL) and a trailing space (communityId,
// applicationId, pseudonym) — onto the canonical name. Nothing else is
// normalised.
func canonicalAttrName(name string) string {
	name = strings.TrimRight(name, " ")
	if rest, ok := strings.CutPrefix(name, "urn:oid: "); ok {
		name = "urn:oid:" + rest
	}
	return name
}

// Identity is who logged in, as the verified assertion says: the person
// (or organisation), the trust level of the login and of each attribute,
// and BundID's technical attributes.
//
// It is personal data: String, GoString, Format and LogValue are redacted
// like those of ozg.Person.
type Identity struct {
	// Person holds the personal attributes; BPK2, PostboxHandle,
	// Vertrauensniveau and LoginMethod are filled as well.
	Person ozg.Person
	// Organisation is set when the assertion carries organisation
	// attributes named in Config.Organisation (business accounts); nil
	// otherwise, and always for BundID citizen accounts.
	Organisation *ozg.Organisation
	// Vertrauensniveau is the trust level of the login (the assertion's
	// AuthnContextClassRef).
	Vertrauensniveau ozg.Vertrauensniveau
	// AttributeLevels is the akdb:TrustLevel of each attribute (by canonical
	// name), never above the login's level; 0 if the IdP gave none or one
	// that is not a level.
	AttributeLevels map[string]ozg.Vertrauensniveau
	// AssertionProvedBy is the raw AssertionProvedBy value (how the person
	// identified, e.g. "eID"); Person.LoginMethod is its parsed form.
	AssertionProvedBy string
	// ApplicationID is BundID's applicationId attribute.
	ApplicationID string
	// CommunityID is the Gemeindeschlüssel (communityId) of the residence.
	CommunityID string
	// DocumentType is the type of the ID document used (documentType).
	DocumentType string
	// EIDASIssuingCountry is the issuing country of an eIDAS login.
	EIDASIssuingCountry string
	// Pseudonym is the eID pseudonym attribute.
	Pseudonym string
	// DeMail is the De-Mail address attribute.
	DeMail string
	// NameID is the assertion's Subject/NameID.
	NameID string
	// Attributes holds every attribute value by canonical name, including
	// those mapped above and any this package does not know.
	Attributes map[string][]string
}

// String returns a redacted description (see ozg.Person.String).
func (id Identity) String() string { return "servicekonto.Identity{" + id.Person.String() + "}" }

// GoString returns the redacted description of String.
func (id Identity) GoString() string { return id.String() }

// Format implements fmt.Formatter with the redacted description.
func (id Identity) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, id.String()) }

// LogValue implements slog.LogValuer with the redacted person.
func (id Identity) LogValue() slog.Value { return id.Person.LogValue() }

// attribute is one saml:Attribute read from the verified assertion.
type attribute struct {
	name   string
	values []string
	level  string // akdb:TrustLevel, raw
}

// mapIdentity fills an Identity from the verified attributes.
func mapIdentity(attrs []attribute, login ozg.Vertrauensniveau, nameID string, orgNames OrganisationAttributes) Identity {
	id := Identity{
		Vertrauensniveau: login,
		AttributeLevels:  map[string]ozg.Vertrauensniveau{},
		Attributes:       map[string][]string{},
		NameID:           nameID,
	}
	p := &id.Person
	p.Vertrauensniveau = login
	for _, a := range attrs {
		id.Attributes[a.name] = append(id.Attributes[a.name], a.values...)
		if a.level != "" {
			lv, err := ozg.ParseVertrauensniveau(strings.TrimSpace(a.level))
			if err != nil {
				lv = 0
			}
			if lv > login {
				lv = login // an attribute is never trusted above the login
			}
			id.AttributeLevels[a.name] = lv
		}
		if len(a.values) == 0 {
			continue
		}
		v := a.values[0]
		switch a.name {
		case AttrGivenName:
			p.GivenNames = v
		case AttrSurname:
			p.FamilyName = v
		case AttrMail:
			p.Email = v
		case AttrPostalAddress:
			p.Address.Street, p.Address.HouseNumber = splitStreet(v)
		case AttrPostalCode:
			p.Address.PostalCode = v
		case AttrLocalityName:
			p.Address.City = v
		case AttrCountry:
			p.Address.Country = v
		case AttrPersonalTitle:
			p.AcademicTitle = v
		case AttrGender:
			if g, err := ozg.ParseGender(v); err == nil {
				p.Gender = g
			}
		case AttrBirthdate:
			if d, err := ozg.ParseDate(v); err == nil {
				p.BirthDate = d
			}
		case AttrPlaceOfBirth:
			p.BirthPlace = v
		case AttrBirthName:
			p.BirthName = v
		case AttrNationality:
			p.Nationality = v
		case AttrTelephoneNumber:
			p.Phone = v
		case AttrBPK2:
			p.BPK2 = v
		case AttrPostboxHandle:
			p.PostboxHandle = v
		case AttrAssertionProvedBy:
			id.AssertionProvedBy = v
			if m, err := ozg.ParseLoginMethod(v); err == nil {
				p.LoginMethod = m
			}
		case AttrApplicationID:
			id.ApplicationID = v
		case AttrCommunityID:
			id.CommunityID = v
		case AttrDocumentType:
			id.DocumentType = v
		case AttrEIDASIssuingCountry:
			id.EIDASIssuingCountry = v
		case AttrPseudonym:
			id.Pseudonym = v
		case AttrDeMail:
			id.DeMail = v
		}
	}
	id.Organisation = mapOrganisation(id.Attributes, orgNames)
	return id
}

// mapOrganisation fills an ozg.Organisation from the configured attribute
// names; nil if none of them occurs.
func mapOrganisation(attrs map[string][]string, n OrganisationAttributes) *ozg.Organisation {
	var o ozg.Organisation
	found := false
	get := func(name string, dst *string) {
		if name == "" {
			return
		}
		if v := attrs[canonicalAttrName(name)]; len(v) > 0 {
			*dst, found = v[0], true
		}
	}
	get(n.Name, &o.Name)
	get(n.ElsterAccountID, &o.ElsterAccountID)
	get(n.LegalForm, &o.LegalForm)
	get(n.Street, &o.Address.Street)
	get(n.HouseNumber, &o.Address.HouseNumber)
	get(n.PostalCode, &o.Address.PostalCode)
	get(n.City, &o.Address.City)
	get(n.Country, &o.Address.Country)
	if !found {
		return nil
	}
	return &o
}

// splitStreet splits "Musterstraße 12a" into street and house number when
// the last word starts with a digit; otherwise the whole value is the street.
func splitStreet(s string) (street, number string) {
	s = strings.TrimSpace(s)
	i := strings.LastIndexByte(s, ' ')
	if i > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
		return strings.TrimSpace(s[:i]), s[i+1:]
	}
	return s, ""
}
