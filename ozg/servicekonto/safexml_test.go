package servicekonto

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestScan(t *testing.T) {
	cases := []struct {
		doc  string
		want Reason
	}{
		{`<a><b x="1>2"/>t</a>`, ReasonNone},
		{`<?xml version="1.0" encoding="UTF-8"?><a/>`, ReasonNone},
		{`<a><!-- <!DOCTYPE x> --></a>`, ReasonNone},
		{`<a><![CDATA[<!DOCTYPE x>]]></a>`, ReasonNone},
		{`<!DOCTYPE a><a/>`, ReasonDoctype},
		{`<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>`, ReasonDoctype},
		{"<a>\n<!ENTITY x 'y'></a>", ReasonDoctype},
		{`<a/><?php x ?>`, ReasonMalformed},
		{` <a/><?xml version="1.0"?>`, ReasonMalformed},
		{`<a><!-- x </a>`, ReasonMalformed},
		{strings.Repeat("<a>", maxDepth+1) + strings.Repeat("</a>", maxDepth+1), ReasonMalformed},
		{strings.Repeat("<a>", maxDepth) + strings.Repeat("</a>", maxDepth), ReasonNone},
		{strings.Repeat("</a>", 10) + strings.Repeat("<a>", maxDepth), ReasonMalformed},
	}
	for _, tc := range cases {
		err := scan("test", []byte(tc.doc))
		if got := ReasonOf(err); got != tc.want {
			t.Errorf("%.60q: got %v, want %v", tc.doc, got, tc.want)
		}
	}
}

// FuzzScan checks the byte scan against encoding/xml: whatever the scan
// lets through must not contain a markup declaration when encoding/xml
// tokenizes it, and must not nest deeper than maxDepth.
func FuzzScan(f *testing.F) {
	for _, s := range []string{`<a/>`, `<!DOCTYPE a><a/>`, `<a><!-- <! --></a>`, `<a b='>'><![CDATA[<!]]></a>`, `<?xml version="1.0"?><a/>`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if scan("fuzz", data) != nil {
			return
		}
		d := xml.NewDecoder(bytes.NewReader(data))
		depth := 0
		for {
			tok, err := d.RawToken()
			if errors.Is(err, io.EOF) || err != nil {
				return
			}
			switch tok.(type) {
			case xml.Directive:
				t.Fatalf("scan let a declaration through: %q", data)
			case xml.StartElement:
				depth++
				if depth > maxDepth {
					t.Fatalf("scan let nesting %d through", depth)
				}
			case xml.EndElement:
				depth--
			}
		}
	})
}
