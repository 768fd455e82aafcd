package fitconnect

import (
	"testing"
)

// FuzzDetails: details read from any metadata that passes the schema can
// be written back into metadata that passes it again, and reading never
// panics.
func FuzzDetails(f *testing.F) {
	const head = `{"$schema":"https://schema.fitko.de/fit-connect/metadata/1.0.0/metadata.schema.json","contentStructure":{"attachments":[]}`
	for _, tail := range []string{
		`}`,
		`,"paymentInformation":{"transactionId":"tx-1","transactionReference":"KZ","paymentMethod":"GIROPAY","status":"BOOKED","grossAmount":60.5,"transactionTimestamp":"2026-11-29T10:00:00.25+01:00","transactionUrl":"https://p.example.org/tx/1"}}`,
		`,"paymentInformation":{"transactionId":"tx-1","transactionReference":"","paymentMethod":"OTHER","status":"INITIAL","transactionTimestamp":"2016-12-31T23:59:60Z"}}`,
		`,"authenticationInformation":[{"type":"identificationReport","version":"1.0.0","content":"a.b.c"}]}`,
		`,"replyChannel":{"eMail":{"address":"a@example.org","pgpPublicKey":"-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nx"}}}`,
		`,"replyChannel":{"fink":{"finkPostfachRef":"hh/by/1","host":"https://sk.example.org/"}}}`,
		`,"replyChannel":{"elster":{"accountId":"0123456789","geschaeftszeichen":"GZ"}}}`,
		`,"replyChannel":{"deMail":{"address":"a@example.de-mail.de"}}}`,
		`,"replyChannel":{"other":{}}}`,
		`,"additionalReferenceInfo":{"senderReference":"antrag-1","applicationDate":"2026-02-28"}}`,
	} {
		f.Add([]byte(head + tail))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := ParseMetadata(raw)
		if err != nil {
			return
		}
		d, err := detailsOf(m)
		if err != nil {
			return
		}
		out := &Metadata{Schema: m.Schema, ContentStructure: m.ContentStructure, PublicServiceType: m.PublicServiceType}
		setDetails(out, &d)
		if b, err := out.Marshal(); err != nil {
			t.Fatalf("details of valid metadata written back are invalid: %v\nin:  %s\nout: %s", err, raw, b)
		}
	})
}
