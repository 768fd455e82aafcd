package fitconnect_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
)

func TestMetadataVersions(t *testing.T) {
	if got := fitconnect.MetadataVersions(); !slices.Contains(got, "1.0.0") {
		t.Fatalf("MetadataVersions: got %v, want 1.0.0 among them", got)
	}
}

func TestBuildMetadata(t *testing.T) {
	m := fitconnect.BuildMetadata(&driver.Content{
		Service: driver.Service{Name: "Test", Identifier: "urn:de:fim:leika:leistung:99400048079000"},
		Data:    []byte(`{}`), DataMIMEType: "application/json", SchemaURI: "https://schema.example.org/antrag.json",
		Attachments: []driver.Attachment{{ID: "0f3c2a1b-1111-4222-8333-444455556666", Filename: "a.pdf", MIMEType: "application/pdf",
			Purpose: "form", Hash: fitconnect.HashSHA512([]byte("a"))}},
	})
	m.PaymentInformation = &fitconnect.PaymentInformation{TransactionID: "tx-1", TransactionReference: "KZ 4711",
		PaymentMethod: "CREDITCARD", Status: "BOOKED", GrossAmount: &fitconnect.Amount{Decimal: decimal.RequireFromString("12.30")}}
	b, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"grossAmount":12.3`) {
		t.Errorf("grossAmount is not a JSON number: %s", b)
	}
	got, err := fitconnect.ParseMetadata(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ContentStructure.Data.Hash.Content != fitconnect.HashSHA512([]byte(`{}`)) ||
		got.ContentStructure.Attachments[0].Purpose != "form" ||
		!got.PaymentInformation.GrossAmount.Equal(decimal.RequireFromString("12.3")) ||
		string(got.Raw) != string(b) {
		t.Errorf("round trip: %+v", got)
	}
}

func TestValidateMetadataViolations(t *testing.T) {
	base := func(mod func(m map[string]any)) []byte {
		m := map[string]any{
			"$schema": fitconnect.MetadataSchema100,
			"contentStructure": map[string]any{
				"data": map[string]any{
					"hash":             map[string]any{"type": "sha512", "content": strings.Repeat("ab", 64)},
					"submissionSchema": map[string]any{"schemaUri": "https://schema.example.org/a.json", "mimeType": "application/json"},
				},
				"attachments": []any{},
			},
		}
		if mod != nil {
			mod(m)
		}
		b, _ := json.Marshal(m)
		return b
	}
	if err := fitconnect.ValidateMetadata(base(nil)); err != nil {
		t.Fatalf("valid metadata: %v", err)
	}
	cs := func(m map[string]any) map[string]any { return m["contentStructure"].(map[string]any) }
	tests := []struct {
		name     string
		doc      []byte
		wantPath string
	}{
		{"uppercase hash", base(func(m map[string]any) {
			cs(m)["data"].(map[string]any)["hash"].(map[string]any)["content"] = strings.Repeat("AB", 64)
		}), "/contentStructure/data/hash/content"},
		{"sha256 hash type", base(func(m map[string]any) {
			cs(m)["data"].(map[string]any)["hash"].(map[string]any)["type"] = "sha256"
		}), "/contentStructure/data/hash/type"},
		{"attachments missing", base(func(m map[string]any) { delete(cs(m), "attachments") }), "/contentStructure"},
		{"attachment purpose", base(func(m map[string]any) {
			cs(m)["attachments"] = []any{map[string]any{"hash": map[string]any{"type": "sha512", "content": strings.Repeat("ab", 64)},
				"purpose": "selfie", "mimeType": "image/png", "attachmentId": "0f3c2a1b-1111-4222-8333-444455556666"}}
		}), "/contentStructure/attachments/0/purpose"},
		{"attachment id not uuid", base(func(m map[string]any) {
			cs(m)["attachments"] = []any{map[string]any{"hash": map[string]any{"type": "sha512", "content": strings.Repeat("ab", 64)},
				"purpose": "form", "mimeType": "image/png", "attachmentId": strings.Repeat("x", 36)}}
		}), "/contentStructure/attachments/0/attachmentId"},
		{"data mime type", base(func(m map[string]any) {
			cs(m)["data"].(map[string]any)["submissionSchema"].(map[string]any)["mimeType"] = "text/csv"
		}), "/contentStructure/data/submissionSchema/mimeType"},
		{"missing $schema", base(func(m map[string]any) { delete(m, "$schema") }), "/$schema"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := fitconnect.ValidateMetadata(tc.doc)
			var me *fitconnect.MetadataError
			if !errors.As(err, &me) || !errors.Is(err, fitconnect.ErrMetadataInvalid) {
				t.Fatalf("got %v, want a *MetadataError", err)
			}
			found := false
			for _, v := range me.Violations {
				found = found || v.Path == tc.wantPath
			}
			if !found {
				t.Fatalf("violations %+v do not name %s", me.Violations, tc.wantPath)
			}
		})
	}
	err := fitconnect.ValidateMetadata(base(func(m map[string]any) {
		m["$schema"] = fitconnect.MetadataSchemaPrefix + "9.9.9" + fitconnect.MetadataSchemaSuffix
	}))
	if !errors.Is(err, fitconnect.ErrMetadataInvalid) || !strings.Contains(err.Error(), "unknown metadata schema") {
		t.Fatalf("unknown version: got %v", err)
	}
	if err := fitconnect.ValidateMetadata([]byte(`[1]`)); !errors.Is(err, fitconnect.ErrMetadataInvalid) {
		t.Fatalf("array: got %v", err)
	}
}
