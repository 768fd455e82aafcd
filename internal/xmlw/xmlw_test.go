package xmlw

import (
	"bytes"
	"encoding/xml"
	"errors"
	"testing"
)

func TestWriter(t *testing.T) {
	var b bytes.Buffer
	w := New(&b, "  ")
	w.Start("cac:Root", "xmlns:cac", "urn:x", "empty", "")
	w.Leaf("cbc:A", `a<b>&"c"`+"\r\n", "attr", "x\"y\n")
	w.Start("cac:B")
	w.Leaf("cbc:C", "ü")
	w.End()
	w.End()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<cac:Root xmlns:cac="urn:x">
  <cbc:A attr="x&quot;y&#xA;">a&lt;b&gt;&amp;"c"&#xD;
</cbc:A>
  <cac:B>
    <cbc:C>ü</cbc:C>
  </cac:B>
</cac:Root>
`
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// the output is XML that gives back the text
	var v struct {
		A struct {
			Attr string `xml:"attr,attr"`
			Text string `xml:",chardata"`
		} `xml:"A"`
	}
	if err := xml.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.A.Text != `a<b>&"c"`+"\r\n" || v.A.Attr != "x\"y\n" {
		t.Errorf("round trip: got %q %q", v.A.Text, v.A.Attr)
	}
}

func TestWriterErrors(t *testing.T) {
	for name, f := range map[string]func(w *Writer){
		"control char": func(w *Writer) { w.Start("a"); w.Leaf("b", "x\x01"); w.End() },
		"bad utf8":     func(w *Writer) { w.Start("a"); w.Leaf("b", "x\xff"); w.End() },
		"unclosed":     func(w *Writer) { w.Start("a") },
		"extra end":    func(w *Writer) { w.End() },
	} {
		var b bytes.Buffer
		w := New(&b, "")
		f(w)
		err := w.Flush()
		if err == nil {
			t.Errorf("%s: no error", name)
		}
		if name == "control char" && !errors.Is(err, ErrChar) {
			t.Errorf("%s: got %v, want ErrChar", name, err)
		}
	}
}
