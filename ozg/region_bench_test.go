package ozg_test

import (
	"strconv"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Run with: go test ./ozg -run '^$' -bench 'ARS|AGS|Land|Region' -benchmem
//
// The baselines measure the same work with the standard library in the same
// process: strconv.ParseUint of the same digits for Parse, and a Go map
// holding every region for the lookups.

var (
	benchARS    ozg.ARS
	benchAGS    ozg.AGS
	benchLand   ozg.Land
	benchRegion ozg.Region
	benchUint   uint64
	benchOK     bool
)

func BenchmarkParseUintBaseline(b *testing.B) {
	for b.Loop() {
		benchUint, _ = strconv.ParseUint("071315001004", 10, 64)
	}
}

func BenchmarkParseARS(b *testing.B) {
	for b.Loop() {
		benchARS, _ = ozg.ParseARS("071315001004")
	}
}

func BenchmarkParseARSKreis(b *testing.B) {
	for b.Loop() {
		benchARS, _ = ozg.ParseARS("07131")
	}
}

func BenchmarkParseARSInvalid(b *testing.B) {
	for b.Loop() {
		benchARS, _ = ozg.ParseARS("07a315001004")
	}
}

func BenchmarkParseAGS(b *testing.B) {
	for b.Loop() {
		benchAGS, _ = ozg.ParseAGS("07131004")
	}
}

func BenchmarkParseLand(b *testing.B) {
	for b.Loop() {
		benchLand, _ = ozg.ParseLand("07")
	}
}

func BenchmarkARSUnmarshalText(b *testing.B) {
	raw := []byte("071315001004")
	for b.Loop() {
		_ = benchARS.UnmarshalText(raw)
	}
}

func BenchmarkARSString(b *testing.B) {
	a := ozg.MustParseARS("071315001004")
	var s string
	for b.Loop() {
		s = a.String()
	}
	_ = s
}

// benchKeys returns every key of the directory, spread over all levels.
func benchKeys() []ozg.ARS {
	var keys []ozg.ARS
	for r := range ozg.Regions() {
		keys = append(keys, r.ARS)
	}
	// Visit them in a scattered order, so the lookups do not follow the
	// directory's layout in memory.
	out := make([]ozg.ARS, len(keys))
	for i := range keys {
		out[i] = keys[i*7919%len(keys)]
	}
	return out
}

func BenchmarkLookupRegion(b *testing.B) {
	keys := benchKeys()
	i := 0
	for b.Loop() {
		benchRegion, benchOK = ozg.LookupRegion(keys[i])
		if i++; i == len(keys) {
			i = 0
		}
	}
}

func BenchmarkLookupRegionMapBaseline(b *testing.B) {
	keys := benchKeys()
	m := make(map[ozg.ARS]ozg.Region, len(keys))
	for r := range ozg.Regions() {
		m[r.ARS] = r
	}
	i := 0
	b.ResetTimer()
	for b.Loop() {
		benchRegion, benchOK = m[keys[i]]
		if i++; i == len(keys) {
			i = 0
		}
	}
}

func BenchmarkARSExists(b *testing.B) {
	keys := benchKeys()
	i := 0
	for b.Loop() {
		benchOK = keys[i].Exists()
		if i++; i == len(keys) {
			i = 0
		}
	}
}

func BenchmarkAGSToARS(b *testing.B) {
	var ags []ozg.AGS
	for _, a := range benchKeys() {
		if g, ok := a.AGS(); ok && g.Level() == ozg.LevelGemeinde {
			ags = append(ags, g)
		}
	}
	i := 0
	for b.Loop() {
		benchARS, benchOK = ags[i].ARS()
		if i++; i == len(ags) {
			i = 0
		}
	}
}

func BenchmarkChildrenVerbandsgemeinde(b *testing.B) {
	vg := ozg.MustParseARS("071315001")
	for b.Loop() {
		for r := range vg.Children() {
			benchRegion = r
		}
	}
}
