package antrag

import (
	"crypto/rand"
	"fmt"
)

// The fields of FIT-Connect submission metadata (schema
// https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json)
// that an application supplies. Package messaging/fitconnect encrypts them
// together with the rest of the metadata.

// PublicServiceType is metadata publicServiceType: the service by LeiKa URN.
type PublicServiceType struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	// Identifier is the URN, urn:de:fim:leika:leistung:<14 digits>.
	Identifier string `json:"identifier"`
}

// SubmissionSchema is metadata contentStructure.data.submissionSchema: the
// schema of the form data.
type SubmissionSchema struct {
	SchemaURI string `json:"schemaUri"`
	// MimeType is application/json or application/xml.
	MimeType string `json:"mimeType"`
}

// PaymentInformation is metadata paymentInformation.
type PaymentInformation struct {
	TransactionURL       string `json:"transactionUrl,omitempty"`
	TransactionID        string `json:"transactionId"`
	TransactionReference string `json:"transactionReference"`
	TransactionTimestamp string `json:"transactionTimestamp,omitempty"`
	PaymentMethod        string `json:"paymentMethod"`
	PaymentMethodDetail  string `json:"paymentMethodDetail,omitempty"`
	Status               string `json:"status"`
	// GrossAmount is the JSON number with two decimals (e.g. 60.00),
	// written from the decimal fee without going through float.
	GrossAmount jsonDecimal `json:"grossAmount,omitempty"`
}

// AuthenticationInformation is one item of metadata
// authenticationInformation.
type AuthenticationInformation struct {
	Type    string `json:"type"` // identificationReport
	Version string `json:"version"`
	Content string `json:"content"`
}

// Hash is the hash object of metadata (type sha512, hex content).
type Hash struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

// AttachmentMetadata is one item of metadata contentStructure.attachments.
type AttachmentMetadata struct {
	Hash         Hash   `json:"hash"`
	Purpose      string `json:"purpose"`
	Filename     string `json:"filename,omitempty"`
	MimeType     string `json:"mimeType"`
	AttachmentID string `json:"attachmentId"`
}

// Metadata is what an application contributes to FIT-Connect metadata.
type Metadata struct {
	PublicServiceType         PublicServiceType           `json:"publicServiceType"`
	SubmissionSchema          SubmissionSchema            `json:"submissionSchema"`
	DataHash                  Hash                        `json:"dataHash"`
	Attachments               []AttachmentMetadata        `json:"attachments"`
	PaymentInformation        *PaymentInformation         `json:"paymentInformation,omitempty"`
	AuthenticationInformation []AuthenticationInformation `json:"authenticationInformation,omitempty"`
}

// Metadata returns the FIT-Connect metadata fields of the application:
// publicServiceType from the LeiKa key, submissionSchema from the form's
// JSON Schema URI, the data hash and attachment hashes (SHA-512),
// paymentInformation from the payment and authenticationInformation from
// the login's identification report.
func (a *Antrag) Metadata() Metadata {
	m := Metadata{
		PublicServiceType: PublicServiceType{Name: a.LeistungName, Identifier: a.Leistung.URN()},
		SubmissionSchema:  SubmissionSchema{SchemaURI: a.SchemaURI, MimeType: "application/json"},
		DataHash:          Hash{Type: "sha512", Content: a.DataSHA512()},
		Attachments:       make([]AttachmentMetadata, 0, len(a.Attachments)),
	}
	for _, at := range a.Attachments {
		m.Attachments = append(m.Attachments, AttachmentMetadata{
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
			pi.TransactionTimestamp = p.TransactionTimestamp.UTC().Format("2006-01-02T15:04:05Z07:00")
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
