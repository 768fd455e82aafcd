package fitconnect

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"
)

// MetadataSchemaPrefix and MetadataSchemaSuffix frame the version in the
// $schema URL of submission metadata.
const (
	MetadataSchemaPrefix = "https://schema.fitko.de/fit-connect/metadata/"
	MetadataSchemaSuffix = "/metadata.schema.json"
)

// MetadataSchema100 is the $schema of metadata version 1.0.0, the version
// this package writes.
const MetadataSchema100 = MetadataSchemaPrefix + "1.0.0" + MetadataSchemaSuffix

//go:embed schemas/metadata/*/metadata.schema.json
var schemaFS embed.FS

// Metadata is the plaintext of a submission's encryptedMetadata, in the
// shape of metadata schema 1.0.0. Raw keeps the exact decrypted JSON, so
// members this struct does not model are not lost.
type Metadata struct {
	Schema                    string                      `json:"$schema"`
	ContentStructure          ContentStructure            `json:"contentStructure"`
	PublicServiceType         *PublicServiceType          `json:"publicServiceType,omitempty"`
	AuthenticationInformation []AuthenticationInformation `json:"authenticationInformation,omitempty"`
	PaymentInformation        *PaymentInformation         `json:"paymentInformation,omitempty"`
	ReplyChannel              json.RawMessage             `json:"replyChannel,omitempty"`
	AdditionalReferenceInfo   *AdditionalReferenceInfo    `json:"additionalReferenceInfo,omitempty"`

	Raw json.RawMessage `json:"-"`
}

// ContentStructure describes the data and attachments of a submission.
type ContentStructure struct {
	Data        *DataDescription `json:"data,omitempty"`
	Attachments []AttachmentInfo `json:"attachments"`
}

// DataDescription describes the structured data (Fachdaten).
type DataDescription struct {
	Hash             Hash             `json:"hash"`
	SubmissionSchema SubmissionSchema `json:"submissionSchema"`
	Signature        json.RawMessage  `json:"signature,omitempty"`
}

// Hash is a hash of unencrypted content: type "sha512" and 128 lowercase
// hex digits.
type Hash struct {
	Type    string `json:"type"`
	Content string `json:"content"`
}

// SHA512 returns the Hash form of a lowercase hex SHA-512.
func SHA512(hexSum string) Hash { return Hash{Type: "sha512", Content: hexSum} }

// SubmissionSchema names the schema of the structured data (Fachdatenschema).
type SubmissionSchema struct {
	SchemaURI string `json:"schemaUri"`
	MIMEType  string `json:"mimeType"` // application/json or application/xml
}

// AttachmentInfo describes one attachment.
type AttachmentInfo struct {
	Hash         Hash            `json:"hash"`
	Purpose      string          `json:"purpose"` // form, attachment or report
	Filename     string          `json:"filename,omitempty"`
	Description  string          `json:"description,omitempty"`
	MIMEType     string          `json:"mimeType"`
	AttachmentID string          `json:"attachmentId"`
	Signature    json.RawMessage `json:"signature,omitempty"`
}

// PublicServiceType names the public service (Verwaltungsleistung).
type PublicServiceType struct {
	Name        string `json:"name,omitempty"`
	Description string `json:"description,omitempty"`
	Identifier  string `json:"identifier"` // e.g. urn:de:fim:leika:leistung:99400048079000
}

// AuthenticationInformation is one proof of identification.
type AuthenticationInformation struct {
	Type    string `json:"type"`
	Version string `json:"version"`
	Content string `json:"content"`
}

// PaymentInformation is what the payment service reported.
type PaymentInformation struct {
	TransactionURL       string  `json:"transactionUrl,omitempty"`
	TransactionID        string  `json:"transactionId"`
	TransactionReference string  `json:"transactionReference"`
	TransactionTimestamp string  `json:"transactionTimestamp,omitempty"`
	PaymentMethod        string  `json:"paymentMethod"`
	PaymentMethodDetail  string  `json:"paymentMethodDetail,omitempty"`
	Status               string  `json:"status"`
	GrossAmount          *Amount `json:"grossAmount,omitempty"`
}

// Amount is a money amount in euros, encoded as a JSON number without
// ever passing through a float.
type Amount struct{ decimal.Decimal }

// MarshalJSON encodes the amount as a JSON number.
func (a Amount) MarshalJSON() ([]byte, error) { return []byte(a.Decimal.String()), nil }

// UnmarshalJSON decodes a JSON number exactly.
func (a *Amount) UnmarshalJSON(b []byte) error { return a.Decimal.UnmarshalJSON(b) }

// AdditionalReferenceInfo holds the sender's reference and the application date.
type AdditionalReferenceInfo struct {
	SenderReference string `json:"senderReference,omitempty"`
	ApplicationDate string `json:"applicationDate,omitempty"` // YYYY-MM-DD
}

// Violation is one finding of a schema validation.
type Violation struct {
	Path    string // JSON pointer into the metadata, e.g. /contentStructure/attachments/0/hash
	Rule    string // keyword location in the schema, e.g. /properties/contentStructure/required
	Message string
}

// MetadataError reports why metadata was refused: an unknown schema
// version, or the violations of its schema. It wraps ErrMetadataInvalid.
type MetadataError struct {
	Schema     string
	Violations []Violation
	Err        error // set for failures before validation (JSON syntax, unknown version)
}

// Error names the schema and the first violation.
func (e *MetadataError) Error() string {
	var b strings.Builder
	b.WriteString("fitconnect: metadata invalid")
	if e.Err != nil {
		b.WriteString(": " + e.Err.Error())
	}
	if len(e.Violations) > 0 {
		v := e.Violations[0]
		fmt.Fprintf(&b, ": %s: %s", cmpOr(v.Path, "/"), v.Message)
		if len(e.Violations) > 1 {
			fmt.Fprintf(&b, " (and %d more)", len(e.Violations)-1)
		}
	}
	return b.String()
}

func cmpOr(a, b string) string {
	if a == "" {
		return b
	}
	return a
}

// Unwrap returns ErrMetadataInvalid and the cause.
func (e *MetadataError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrMetadataInvalid, e.Err}
	}
	return []error{ErrMetadataInvalid}
}

type schemaSet struct {
	byID     map[string]*jsonschema.Schema
	versions []string
}

var loadSchemas = sync.OnceValues(func() (*schemaSet, error) {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	files, err := fs.Glob(schemaFS, "schemas/metadata/*/metadata.schema.json")
	if err != nil {
		return nil, err
	}
	set := &schemaSet{byID: map[string]*jsonschema.Schema{}}
	for _, f := range files {
		b, err := schemaFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		version := path.Base(path.Dir(f))
		id := MetadataSchemaPrefix + version + MetadataSchemaSuffix
		if err := c.AddResource(id, doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		sch, err := c.Compile(id)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		set.byID[id] = sch
		set.versions = append(set.versions, version)
	}
	sort.Strings(set.versions)
	return set, nil
})

// MetadataVersions returns the metadata schema versions this package can
// validate, e.g. ["1.0.0"].
func MetadataVersions() []string {
	set, err := loadSchemas()
	if err != nil {
		return nil
	}
	return append([]string(nil), set.versions...)
}

// ValidateMetadata validates metadata JSON against the schema its $schema
// member names. It returns nil or a *MetadataError.
func ValidateMetadata(raw []byte) error {
	var head struct {
		Schema *string `json:"$schema"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return &MetadataError{Err: fmt.Errorf("not a JSON object: %v", err)}
	}
	if head.Schema == nil {
		return &MetadataError{Violations: []Violation{{Path: "/$schema", Rule: "$schema", Message: "missing; it selects the metadata version"}}}
	}
	set, err := loadSchemas()
	if err != nil {
		return &MetadataError{Schema: *head.Schema, Err: err}
	}
	sch, ok := set.byID[*head.Schema]
	if !ok {
		return &MetadataError{Schema: *head.Schema, Err: fmt.Errorf("unknown metadata schema %q (known versions %s)", *head.Schema, strings.Join(set.versions, ", "))}
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return &MetadataError{Schema: *head.Schema, Err: err}
	}
	err = sch.Validate(inst)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return &MetadataError{Schema: *head.Schema, Err: err}
	}
	me := &MetadataError{Schema: *head.Schema}
	for _, u := range ve.BasicOutput().Errors {
		if u.Error == nil {
			continue
		}
		me.Violations = append(me.Violations, Violation{Path: u.InstanceLocation, Rule: u.KeywordLocation, Message: u.Error.String()})
	}
	if len(me.Violations) == 0 {
		me.Violations = []Violation{{Message: ve.Error()}}
	}
	return me
}

// ParseMetadata validates decrypted metadata against its schema and decodes
// it. Every hash must be a lowercase hex SHA-512. Member names are matched
// exactly, as the schema matches them: metadata with duplicate members or
// with a member of the metadata spelt in another case is refused.
func ParseMetadata(raw []byte) (*Metadata, error) {
	if err := ValidateMetadata(raw); err != nil {
		return nil, err
	}
	if v := checkMembers(raw); v != nil {
		return nil, &MetadataError{Schema: schemaOf(raw), Violations: []Violation{*v}}
	}
	var m Metadata
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, &MetadataError{Schema: m.Schema, Err: err}
	}
	m.Raw = append(json.RawMessage(nil), raw...)
	return &m, nil
}

// Marshal encodes the metadata and validates the result against its
// schema, so nothing invalid is ever encrypted and sent.
func (m *Metadata) Marshal() ([]byte, error) {
	c := *m
	if c.Schema == "" {
		c.Schema = MetadataSchema100
	}
	if c.ContentStructure.Attachments == nil {
		c.ContentStructure.Attachments = []AttachmentInfo{}
	}
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, &MetadataError{Schema: c.Schema, Err: err}
	}
	if err := ValidateMetadata(b); err != nil {
		return nil, err
	}
	return b, nil
}

// schemaOf returns the $schema of metadata JSON, or "".
func schemaOf(raw []byte) string {
	var head struct {
		Schema string `json:"$schema"`
	}
	_ = json.Unmarshal(raw, &head)
	return head.Schema
}
