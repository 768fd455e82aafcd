package xoev

import (
	"bytes"
	"errors"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func FuzzDecodeHeader(f *testing.F) {
	for _, e := range examples {
		f.Add(readFile(f, e))
	}
	f.Add([]byte(`<a:b xmlns:a="urn:x" produkt="p"><nachrichtenkopf.g2g/></a:b>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var m Message[RawXML]
		err := Unmarshal(data, &m)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) || !errors.Is(err, ozg.ErrInvalidArgument) {
				t.Fatalf("error is not a classified *DecodeError: %v", err)
			}
			return
		}
		if m.Header.Form != FormG2G {
			return
		}
		// What decodes and encodes must decode again to the same bytes.
		out, err := Marshal(&m)
		if err != nil {
			return
		}
		var m2 Message[RawXML]
		if err := Unmarshal(out, &m2); err != nil {
			t.Fatalf("re-decode of our own output: %v\n%s", err, out)
		}
		out2, err := Marshal(&m2)
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("not stable: %v\n%s\n---\n%s", err, out, out2)
		}
	})
}

func FuzzParseBehoerdenkennung(f *testing.F) {
	for _, s := range []string{"psw:01003110", "MELDID:12052000", "töj:123", "abc:123456789012", "gha:090", ":1", "a:", "ab:c:d", "\xff:1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseBehoerdenkennung(s)
		if err != nil {
			var se *ozg.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is not a *ozg.SyntaxError: %v", err)
			}
			return
		}
		if k.String() != s {
			t.Fatalf("String() = %q, input %q", k.String(), s)
		}
		if k2, err := ParseBehoerdenkennung(k.String()); err != nil || k2 != k {
			t.Fatalf("round trip: %v %v", k2, err)
		}
	})
}
