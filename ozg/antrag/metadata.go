package antrag

import (
	"crypto/rand"
	"fmt"
	"time"
)

// The fields of FIT-Connect submission metadata (schema
// https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json)
// that an application supplies. Package messaging/fitconnect encrypts them
// together with the rest of the metadata.

// PublicServiceType is metadata publicServiceType: the service by LeiKa URN.
type PublicServiceType struct {
	Name        string `json:"name,omitempty"`        // name of the service
	Description string `json:"description,omitempty"` // short description
	// Identifier is the URN, urn:de:fim:leika:leistung:<14 digits>.
	Identifier string `json:"identifier"`
}

// SubmissionSchema is metadata contentStructure.data.submissionSchema: the
// schema of the form data.
type SubmissionSchema struct {
	SchemaURI string `json:"schemaUri"` // URI of the data schema
	// MimeType is application/json or application/xml.
	MimeType string `json:"mimeType"`
}

// PaymentInformation is metadata paymentInformation.
type PaymentInformation struct {
	TransactionURL       string `json:"transactionUrl,omitempty"`       // REST URL of the transaction
	TransactionID        string `json:"transactionId"`                  // the payment provider's transaction ID
	TransactionReference string `json:"transactionReference"`           // e.g. the Kassenzeichen
	TransactionTimestamp string `json:"transactionTimestamp,omitempty"` // RFC 3339 time of the payment
	PaymentMethod        string `json:"paymentMethod"`                  // GIROPAY PAYDIRECT CREDITCARD PAYPAL INVOICE OTHER
	PaymentMethodDetail  string `json:"paymentMethodDetail,omitempty"`  // e.g. the card brand
	Status               string `json:"status"`                         // INITIAL BOOKED FAILED CANCELED
	// GrossAmount is the JSON number with two decimals (e.g. 60.00),
	// written from the decimal fee without going through float.
	GrossAmount jsonDecimal `json:"grossAmount,omitempty"`
}

// AuthenticationInformation is one item of metadata
// authenticationInformation.
type AuthenticationInformation struct {
	Type    string `json:"type"`    // identificationReport
	Version string `json:"version"` // semver of the report type
	Content string `json:"content"` // base64url-encoded report
}

// Hash is the hash object of metadata (type sha512, hex content).
type Hash struct {
	Type    string `json:"type"`    // always sha512
	Content string `json:"content"` // 128 lower-case hex digits
}

// AttachmentMetadata is one item of metadata contentStructure.attachments.
type AttachmentMetadata struct {
	Hash         Hash   `json:"hash"`               // SHA-512 of the unencrypted attachment
	Purpose      string `json:"purpose"`            // form, attachment or report
	Filename     string `json:"filename,omitempty"` // original file name
	MimeType     string `json:"mimeType"`           // media type
	AttachmentID string `json:"attachmentId"`       // UUID of the attachment
}

// MetadataSchema100 is the $schema URI of FIT-Connect metadata 1.0.0, the
// shape Metadata produces.
const MetadataSchema100 = "https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json"

// Metadata is the part of FIT-Connect submission metadata (version 1.0.0)
// that an application supplies, in the schema's exact shape: a document
// valid against metadata.schema.json 1.0.0. Package messaging/fitconnect
// may add replyChannel or signatures before encrypting it.
type Metadata struct {
	Schema                    string                      `json:"$schema"`                             // MetadataSchema100
	ContentStructure          ContentStructure            `json:"contentStructure"`                    // data and attachments
	PublicServiceType         *PublicServiceType          `json:"publicServiceType,omitempty"`         // the service
	PaymentInformation        *PaymentInformation         `json:"paymentInformation,omitempty"`        // set when paid
	AuthenticationInformation []AuthenticationInformation `json:"authenticationInformation,omitempty"` // identification reports
	AdditionalReferenceInfo   *AdditionalReferenceInfo    `json:"additionalReferenceInfo,omitempty"`   // sender reference and date
}

// ContentStructure is metadata contentStructure: the data's hash and schema
// and the attachments.
type ContentStructure struct {
	Data        *DataStructure       `json:"data,omitempty"` // the form data's hash and schema
	Attachments []AttachmentMetadata `json:"attachments"`    // always present, possibly empty
}

// DataStructure is metadata contentStructure.data.
type DataStructure struct {
	Hash             Hash             `json:"hash"`             // SHA-512 of the unencrypted data
	SubmissionSchema SubmissionSchema `json:"submissionSchema"` // the data's schema
}

// AdditionalReferenceInfo is metadata additionalReferenceInfo.
type AdditionalReferenceInfo struct {
	// SenderReference is the application ID in the sending system.
	SenderReference string `json:"senderReference,omitempty"`
	// ApplicationDate is the date of submission (YYYY-MM-DD).
	ApplicationDate string `json:"applicationDate,omitempty"`
}

// Metadata returns the FIT-Connect metadata of the application:
// publicServiceType from the LeiKa key, contentStructure.data with the
// SHA-512 of the form data and the form's JSON Schema URI as
// submissionSchema, the attachments with their SHA-512 hashes,
// paymentInformation from the payment, authenticationInformation from the
// login's identification report, and additionalReferenceInfo (application
// ID, date of submission).
func (a *Antrag) Metadata() Metadata {
	m := Metadata{
		Schema:            MetadataSchema100,
		PublicServiceType: &PublicServiceType{Name: a.LeistungName, Identifier: a.Leistung.URN()},
		ContentStructure: ContentStructure{
			Attachments: make([]AttachmentMetadata, 0, len(a.Attachments)),
		},
		AdditionalReferenceInfo: &AdditionalReferenceInfo{SenderReference: a.ID},
	}
	if a.Data != nil {
		m.ContentStructure.Data = &DataStructure{
			Hash:             Hash{Type: "sha512", Content: a.DataSHA512()},
			SubmissionSchema: SubmissionSchema{SchemaURI: a.SchemaURI, MimeType: "application/json"},
		}
	}
	for _, h := range a.History {
		if h.To == Submitted {
			m.AdditionalReferenceInfo.ApplicationDate = h.At.Format("2006-01-02")
		}
	}
	for _, at := range a.Attachments {
		m.ContentStructure.Attachments = append(m.ContentStructure.Attachments, AttachmentMetadata{
			Hash: Hash{Type: "sha512", Content: at.SHA512}, Purpose: at.Purpose,
			Filename: at.Filename, MimeType: at.MimeType, AttachmentID: at.ID,
		})
	}
	if p := a.Payment; p != nil {
		pi := &PaymentInformation{
			TransactionURL: p.TransactionURL, TransactionID: p.TransactionID, TransactionReference: p.TransactionReference,
			PaymentMethod: p.PaymentMethod, PaymentMethodDetail: p.PaymentMethodDetail, Status: p.Status,
			GrossAmount: jsonDecimal(p.GrossAmount.StringFixed(2)),
		}
		if !p.TransactionTimestamp.IsZero() {
			pi.TransactionTimestamp = p.TransactionTimestamp.UTC().Format(time.RFC3339)
		}
		m.PaymentInformation = pi
	}
	if l := a.Login; l != nil && l.IdentificationReport != "" {
		m.AuthenticationInformation = []AuthenticationInformation{{Type: "identificationReport", Version: l.IdentificationReportVersion, Content: l.IdentificationReport}}
	}
	return m
}

// jsonDecimal is a decimal written as a bare JSON number.
type jsonDecimal string

// MarshalJSON writes the number without quotes.
func (d jsonDecimal) MarshalJSON() ([]byte, error) {
	if d == "" {
		return []byte("null"), nil
	}
	return []byte(d), nil
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("antrag: crypto/rand failed: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
