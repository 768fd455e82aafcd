package einvoice

import "strings"

// Profile is the specification an invoice claims to follow, decided by
// BT-24 Specification identifier.
type Profile int

// The profiles. ProfileUnknown is a BT-24 this package does not know.
const (
	ProfileUnknown            Profile = iota // unknown specification identifier
	ProfileEN16931                           // EN 16931 core: urn:cen.eu:en16931:2017
	ProfileXRechnung                         // XRechnung 3.0 CIUS
	ProfileXRechnungExtension                // XRechnung 3.0 Extension
	ProfileXRechnungCVD                      // XRechnung 3.0 CVD (clean vehicles directive)
	ProfilePeppol                            // Peppol BIS Billing 3.0
)

// The specification identifiers (BT-24) of the profiles.
const (
	SpecEN16931            = "urn:cen.eu:en16931:2017"
	SpecXRechnung          = SpecEN16931 + "#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
	SpecXRechnungExtension = SpecXRechnung + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0"
	SpecXRechnungCVD       = SpecXRechnung + "#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9"
	SpecPeppol             = SpecEN16931 + "#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
)

// BusinessProcessPeppol is the BT-23 Business process type of Peppol BIS
// Billing 3.0, which XRechnung recommends as well.
const BusinessProcessPeppol = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

var profileNames = [...]string{"unknown", "EN 16931", "XRechnung 3.0", "XRechnung 3.0 Extension", "XRechnung 3.0 CVD", "Peppol BIS Billing 3.0"}

// String returns the profile's name, e.g. "XRechnung 3.0".
func (p Profile) String() string {
	if p < 0 || int(p) >= len(profileNames) {
		return "unknown"
	}
	return profileNames[p]
}

// Specification returns the BT-24 value of the profile ("" for
// ProfileUnknown).
func (p Profile) Specification() string {
	switch p {
	case ProfileEN16931:
		return SpecEN16931
	case ProfileXRechnung:
		return SpecXRechnung
	case ProfileXRechnungExtension:
		return SpecXRechnungExtension
	case ProfileXRechnungCVD:
		return SpecXRechnungCVD
	case ProfilePeppol:
		return SpecPeppol
	}
	return ""
}

// IsXRechnung reports whether p is one of the XRechnung profiles.
func (p Profile) IsXRechnung() bool {
	return p == ProfileXRechnung || p == ProfileXRechnungExtension || p == ProfileXRechnungCVD
}

// ProfileOf returns the profile of a BT-24 specification identifier. Any
// XRechnung 3.0.x version matches; surrounding white space is ignored.
func ProfileOf(spec string) Profile {
	s := strings.TrimSpace(spec)
	switch s {
	case SpecEN16931:
		return ProfileEN16931
	case SpecXRechnung:
		return ProfileXRechnung
	case SpecXRechnungExtension:
		return ProfileXRechnungExtension
	case SpecXRechnungCVD:
		return ProfileXRechnungCVD
	case SpecPeppol:
		return ProfilePeppol
	}
	return ProfileUnknown
}

// Profile returns the profile BT-24 names.
func (inv *Invoice) Profile() Profile { return ProfileOf(inv.Specification) }

// CVDCategoryList is the BT-158-1 scheme identifier under which XRechnung
// CVD gives a vehicle's category (e.g. "M1", "N2").
const CVDCategoryList = "CVD"

// CVDAttribute is the BT-160 name under which XRechnung CVD gives a
// vehicle's clean-vehicle attribute (BT-161, e.g. "clean",
// "zero-emission").
const CVDAttribute = "cva"

// CVD returns the clean vehicles directive terms of an XRechnung CVD line:
// the vehicle category (BT-158 with scheme "CVD") and the clean-vehicle
// attribute (BT-161 of the BT-160 named "cva"). ok is false when the line
// has neither.
func (l *Line) CVD() (category, attribute string, ok bool) {
	for _, c := range l.Item.Classifications {
		if c.ListID == CVDCategoryList {
			category, ok = c.Code, true
			break
		}
	}
	for _, a := range l.Item.Attributes {
		if a.Name == CVDAttribute {
			attribute, ok = a.Value, true
			break
		}
	}
	return category, attribute, ok
}
