package zufi_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/zufi"
)

// FuzzRead: the reader never panics; it returns a message or an
// InvalidArgument error, and a message's elements are all accounted for.
func FuzzRead(f *testing.F) {
	for _, name := range testFiles {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<x:schreibe xmlns:x="http://xoev.de/schemata/xzufi/2_3_1"><x:leistung><x:referenzLeiKa>99102013104000</x:referenzLeiKa></x:leistung></x:schreibe>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := zufi.Read(bytes.NewReader(b), nil)
		if err != nil {
			if ozg.CodeOf(err) != ozg.InvalidArgument {
				t.Fatalf("code %v: %v", ozg.CodeOf(err), err)
			}
			return
		}
		if m.Mapped < 1 {
			t.Fatalf("mapped %d", m.Mapped)
		}
		d := zufi.NewDirectory(m)
		for _, l := range m.Leistungen {
			for _, k := range l.ReferenzLeiKa {
				_, _ = d.Zustaendig(k, ozg.MustParseARS("071375001057"))
			}
		}
	})
}
