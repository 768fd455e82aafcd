package xoev

import (
	"bytes"
	"github.com/ozg-baukasten/baukasten/internal/testtool"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/beevik/etree"

	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
)

var examples = []string{
	"testdata/xwasser-1.0.0/examples/administration_receipt.xml",
	"testdata/xwasser-1.0.0/examples/olb_report_minimal.xml",
	"testdata/xgewerbeanzeige-2.2/examples/xgwa2.2-valid.xml",
	"testdata/xgewerbeanzeige-2.2/examples/xgwa2.2-invalid.xml",
}

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// needTool skips when a tool is missing, but fails in CI.
func needTool(t *testing.T, name string) {
	t.Helper()
	testtool.Need(t, name)
}

// canonical returns the exclusive canonical form of a document with
// whitespace-only text nodes removed.
func canonical(t testing.TB, data []byte) []byte {
	t.Helper()
	d := etree.NewDocument()
	if err := d.ReadFromBytes(data); err != nil {
		t.Fatal(err)
	}
	stripSpace(d.Root())
	c, err := xmldsig.Canonicalize(d.Root())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func stripSpace(el *etree.Element) {
	for i := 0; i < len(el.Child); {
		switch c := el.Child[i].(type) {
		case *etree.CharData:
			if strings.TrimSpace(c.Data) == "" && len(el.ChildElements()) > 0 {
				el.RemoveChildAt(i)
				continue
			}
		case *etree.Element:
			stripSpace(c)
		}
		i++
	}
}

func TestDecodeExamples(t *testing.T) {
	tests := []struct {
		file                         string
		form                         Form
		standard, version, typ, uuid string
		leser, autor                 string
		test                         bool
	}{
		{examples[0], FormG2G, "XWasser", "1.0.0", "0010", "693c64d6-456f-4d14-abe7-fe9681c74aaf", "psw:01003110", "psw:11113110", true},
		{examples[1], FormG2G, "XWasser", "1.0.0", "0010", "693c64d6-456f-4d14-abe7-fe9681c74aae", "olb:09000000", "gha:090", true},
		{examples[2], FormLegacy, "XGewerbeanzeige", "2.2", "0500", "00000000-0000-0000-0000-000000000001", "azr:000100", "MELDID:12052000", true},
		{examples[3], FormLegacy, "XGewerbeanzeige", "2.2", "0500", "00000000-0000-0000-0000-000000000001", "azr:000100", "MELDID:12052000", true},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			h, err := DecodeHeader(readFile(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			id := h.Kopf.Identifikation
			if h.Form != tt.form || h.Standard != tt.standard || h.Version != tt.version ||
				id.Nachrichtentyp.Code != tt.typ || id.NachrichtenUUID != tt.uuid || h.IsTest() != tt.test {
				t.Errorf("got %v %q %q %q %q test=%v", h.Form, h.Standard, h.Version, id.Nachrichtentyp.Code, id.NachrichtenUUID, h.IsTest())
			}
			key := func(b Behoerde) string {
				if b.Behoerdenkennung != nil {
					return b.Behoerdenkennung.Key().String()
				}
				return b.Kennung
			}
			if key(h.Kopf.Leser) != tt.leser || key(h.Kopf.Autor) != tt.autor {
				t.Errorf("leser %q autor %q", key(h.Kopf.Leser), key(h.Kopf.Autor))
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	for _, f := range examples {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in := readFile(t, f)
			var m Message[RawXML]
			if err := Unmarshal(in, &m); err != nil {
				t.Fatal(err)
			}
			out1, err := Marshal(&m)
			if err != nil {
				t.Fatal(err)
			}
			var m2 Message[RawXML]
			if err := Unmarshal(out1, &m2); err != nil {
				t.Fatalf("re-decode: %v\n%s", err, out1)
			}
			out2, err := Marshal(&m2)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out1, out2) {
				t.Errorf("second round trip not byte-stable:\n%s\n---\n%s", out1, out2)
			}
			if c1, c2 := canonical(t, in), canonical(t, out1); !bytes.Equal(c1, c2) {
				t.Errorf("not equivalent to the input:\n%s\n---\n%s", c1, c2)
			}
		})
	}
}
