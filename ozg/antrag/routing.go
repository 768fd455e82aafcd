package antrag

import (
	"context"
	"slices"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Router finds where an application must go: for a public service (LeiKa
// key) in an area (ARS), the responsible authorities and their delivery
// destinations. The FIT-Connect routing adapter (package
// ozg/antrag/fitconnectrouter) implements it over the FIT-Connect Routing
// API, verifying each destination's signatures before returning it;
// antragtest has an in-memory fake and the conformance suite both must
// pass.
type Router interface {
	// Route returns the responsibilities for the service in the area, most
	// specific area first. It returns an error with code NotFound when no
	// authority is responsible, InvalidArgument for a zero key or area,
	// and Unavailable when the routing service cannot be reached.
	Route(ctx context.Context, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) ([]Zustaendigkeit, error)
}

// Zustaendigkeit (responsibility) says that an organisational unit is
// responsible for a public service in an area, and where to send
// applications.
type Zustaendigkeit struct {
	Leistung             Leistung             `json:"leistung"`             // the service
	Organisationseinheit Organisationseinheit `json:"organisationseinheit"` // the responsible authority
	Gebiet               Gebiet               `json:"gebiet"`               // the area it is responsible for
	// Onlinedienst is the online service offered for it, if any.
	Onlinedienst *Onlinedienst `json:"onlinedienst,omitempty"`
	// Destination is the delivery destination; nil if the authority takes
	// no electronic submissions.
	Destination *Destination `json:"destination,omitempty"`
}

// Leistung is a public service of the Leistungskatalog (LeiKa).
type Leistung struct {
	Schluessel ozg.Leistungsschluessel `json:"schluessel"`     // LeiKa key
	Name       string                  `json:"name,omitempty"` // name of the service
}

// Organisationseinheit is an authority or one of its units, with contact
// details.
type Organisationseinheit struct {
	// ID is the unit's identifier in the PVOG/routing directory.
	ID      string      `json:"id"`
	Name    string      `json:"name"`              // official name
	Address ozg.Address `json:"address,omitzero"`  // postal address
	Email   string      `json:"email,omitempty"`   // contact e-mail
	Phone   string      `json:"phone,omitempty"`   // contact telephone
	Website string      `json:"website,omitempty"` // web site URL
}

// Gebiet is an area by regional key.
type Gebiet struct {
	ARS  ozg.ARS `json:"ars"`            // regional key
	Name string  `json:"name,omitempty"` // name of the area
}

// Onlinedienst is an online service through which citizens apply.
type Onlinedienst struct {
	Name string `json:"name"` // name of the online service
	URL  string `json:"url"`  // where to apply
}

// Destination is a FIT-Connect delivery destination as the Routing API
// reports it (route.destinationId, destinationSignature,
// destinationParameters).
type Destination struct {
	// ID is the destinationId (UUID).
	ID string `json:"destinationId"`
	// Name is destinationName.
	Name string `json:"destinationName,omitempty"`
	// Signature is destinationSignature: the compact JWS by which the
	// routing directory vouches for the destination. An adapter must have
	// verified it before returning the Destination.
	Signature string `json:"destinationSignature,omitempty"`
	// ParametersSignature is destinationParametersSignature.
	ParametersSignature string `json:"destinationParametersSignature,omitempty"`
	// SubmissionURL is the base URL of the delivery service.
	SubmissionURL string `json:"submissionUrl,omitempty"`
	// EncryptionKID is the key ID of the destination's encryption key.
	EncryptionKID string `json:"encryptionKid,omitempty"`
	// MetadataVersions are the metadata schema versions it accepts.
	MetadataVersions []string `json:"metadataVersions,omitempty"`
	// SubmissionSchemas are the data schemas it accepts.
	SubmissionSchemas []SubmissionSchema `json:"submissionSchemas,omitempty"`
}

func (d Destination) clone() Destination {
	d.MetadataVersions = slices.Clone(d.MetadataVersions)
	d.SubmissionSchemas = slices.Clone(d.SubmissionSchemas)
	return d
}

// Accepts reports whether the destination accepts data of the given
// schema URI (any media type) — or lists no schemas at all.
func (d Destination) Accepts(schemaURI string) bool {
	if len(d.SubmissionSchemas) == 0 {
		return true
	}
	for _, s := range d.SubmissionSchemas {
		if s.SchemaURI == schemaURI {
			return true
		}
	}
	return false
}
