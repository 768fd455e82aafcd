package main

import (
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/driver"
)

// TestPruefeAnlagen: the authority does not trust the media type the
// metadata declares: the content must be of that type, the type one the
// definition accepts, and there must be no more attachments than the
// definition asks for.
func TestPruefeAnlagen(t *testing.T) {
	s, err := loadDienst(defaultGemeinde)
	if err != nil {
		t.Fatal(err)
	}
	anlagen := s.Definition.Anlagen
	if len(anlagen) != 1 {
		t.Fatalf("the definition asks for %d attachments; the cases below assume 1", len(anlagen))
	}
	att := func(mt string, data []byte) messaging.ReceivedAttachment {
		return messaging.ReceivedAttachment{Attachment: driver.Attachment{ID: "a", Filename: "n", MIMEType: mt}, Data: data}
	}
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	for _, c := range []struct {
		name string
		in   []messaging.ReceivedAttachment
		ok   bool
	}{
		{"none", nil, true},
		{"PDF", []messaging.ReceivedAttachment{att("application/pdf", minimalPDF)}, true},
		{"JPEG", []messaging.ReceivedAttachment{att("image/jpeg", jpeg)}, true},
		{"text declared as PDF", []messaging.ReceivedAttachment{att("application/pdf", []byte("kein PDF, nur Text"))}, false},
		{"PDF declared as JPEG", []messaging.ReceivedAttachment{att("image/jpeg", minimalPDF)}, false},
		{"HTML declared as PDF", []messaging.ReceivedAttachment{att("application/pdf", []byte("<html><script>alert(1)</script>"))}, false},
		{"type not accepted", []messaging.ReceivedAttachment{att("text/plain", []byte("Text"))}, false},
		{"one too many", []messaging.ReceivedAttachment{att("application/pdf", minimalPDF), att("application/pdf", minimalPDF)}, false},
	} {
		got, problem := pruefeAnlagen(anlagen, c.in)
		if ok := problem == ""; ok != c.ok {
			t.Errorf("%s: problem %q, want ok=%v", c.name, problem, c.ok)
		}
		if c.ok && len(got) != len(c.in) {
			t.Errorf("%s: %d filed of %d", c.name, len(got), len(c.in))
		}
	}
}
