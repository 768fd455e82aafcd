package ozg_test

import (
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/ozg-baukasten/baukasten/ozg"
)

var regionKeySeeds = []string{
	"", "0", "07", "071", "07131", "0713", "071315001", "071315001004", "073150000000", "07315000",
	"07131004", "110000000000", "11000", "110", "00", "17", "99", "16", "01", "07a150000000",
	"07ä15", "0731５", "\xff", "0731500000001", " 07", "+7", "-07", "999999999999",
}

// checkFuzzError checks the invariants of a parse error: an *Error with code
// InvalidArgument wrapping a *SyntaxError whose position lies in the input.
func checkFuzzError(t *testing.T, err error, typ, s string) {
	t.Helper()
	var se *ozg.SyntaxError
	if ozg.CodeOf(err) != ozg.InvalidArgument || !errors.As(err, &se) {
		t.Fatalf("%s %q: error %v (%T) is not an InvalidArgument SyntaxError", typ, s, err, err)
	}
	if se.Type != typ || se.Input != s || se.Pos < 0 || se.Pos > utf8.RuneCountInString(s) {
		t.Fatalf("%s %q: SyntaxError %+v", typ, s, se)
	}
}

func FuzzParseARS(f *testing.F) {
	for _, s := range regionKeySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := ozg.ParseARS(s)
		var u ozg.ARS
		uerr := u.UnmarshalText([]byte(s))
		if err != nil {
			checkFuzzError(t, err, "ARS", s)
			if s != "" && (uerr == nil || uerr.Error() != err.Error()) {
				t.Fatalf("UnmarshalText(%q) = %v, ParseARS said %v", s, uerr, err)
			}
			if _, kerr := ozg.ParseKnownARS(s); kerr == nil {
				t.Fatalf("ParseKnownARS(%q) accepts what ParseARS rejects", s)
			}
			return
		}
		if a.String() != s || a.Len() != len(s) || a.IsZero() {
			t.Fatalf("ParseARS(%q) prints as %q (len %d)", s, a, a.Len())
		}
		if uerr != nil || u != a {
			t.Fatalf("UnmarshalText(%q) = %v, %v", s, u, uerr)
		}
		if b, err := a.MarshalText(); err != nil || string(b) != s {
			t.Fatalf("MarshalText(%q) = %q, %v", s, b, err)
		}
		if p := a.Parent(); p.Len() >= a.Len() || (!p.IsZero() && !p.Contains(a)) || p.Compare(a) >= 0 {
			t.Fatalf("%s: parent %q", s, p)
		}
		if g, ok := a.AGS(); ok != (a.Level() != ozg.LevelGemeindeverband) {
			t.Fatalf("%s: AGS() = %q, %v", s, g, ok)
		} else if ok && a.Level() != ozg.LevelGemeinde {
			if back, ok := g.ARS(); !ok || back != a {
				t.Fatalf("%s: AGS().ARS() = %q, %v", s, back, ok)
			}
		}
		r, found := ozg.LookupRegion(a)
		if found != a.Exists() || (found && r.ARS != a) {
			t.Fatalf("%s: LookupRegion = %+v, %v; Exists %v", s, r, found, a.Exists())
		}
		if _, kerr := ozg.ParseKnownARS(s); (kerr == nil) != found {
			t.Fatalf("ParseKnownARS(%q) = %v, but the key exists: %v", s, kerr, found)
		}
		for range a.Children() {
		}
	})
}

func FuzzParseAGS(f *testing.F) {
	for _, s := range regionKeySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ozg.ParseAGS(s)
		var u ozg.AGS
		uerr := u.UnmarshalText([]byte(s))
		if err != nil {
			checkFuzzError(t, err, "AGS", s)
			if s != "" && (uerr == nil || uerr.Error() != err.Error()) {
				t.Fatalf("UnmarshalText(%q) = %v, ParseAGS said %v", s, uerr, err)
			}
			return
		}
		if g.String() != s || g.Len() != len(s) || g.IsZero() {
			t.Fatalf("ParseAGS(%q) prints as %q", s, g)
		}
		if uerr != nil || u != g {
			t.Fatalf("UnmarshalText(%q) = %v, %v", s, u, uerr)
		}
		if b, err := g.MarshalText(); err != nil || string(b) != s {
			t.Fatalf("MarshalText(%q) = %q, %v", s, b, err)
		}
		if p := g.Parent(); p.Len() >= g.Len() || (!p.IsZero() && !p.Contains(g)) {
			t.Fatalf("%s: parent %q", s, p)
		}
		if a, ok := g.ARS(); ok {
			if back, ok := a.AGS(); !ok || back != g {
				t.Fatalf("%s: ARS().AGS() = %q, %v", s, back, ok)
			}
		} else if g.Level() != ozg.LevelGemeinde || g.Exists() {
			t.Fatalf("%s: no ARS", s)
		}
		if _, kerr := ozg.ParseKnownAGS(s); (kerr == nil) != g.Exists() {
			t.Fatalf("ParseKnownAGS(%q) = %v, Exists %v", s, kerr, g.Exists())
		}
	})
}

func FuzzParseLand(f *testing.F) {
	for _, s := range regionKeySeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, err := ozg.ParseLand(s)
		var u ozg.Land
		uerr := u.UnmarshalText([]byte(s))
		if err != nil {
			checkFuzzError(t, err, "Land", s)
			if s != "" && (uerr == nil || uerr.Error() != err.Error()) {
				t.Fatalf("UnmarshalText(%q) = %v, ParseLand said %v", s, uerr, err)
			}
			return
		}
		if l.String() != s || !l.IsValid() || u != l || uerr != nil {
			t.Fatalf("ParseLand(%q) = %v prints as %q; UnmarshalText %v, %v", s, l, l.String(), u, uerr)
		}
		if b, err := l.MarshalText(); err != nil || string(b) != s {
			t.Fatalf("MarshalText(%q) = %q, %v", s, b, err)
		}
		if x, ok := ozg.LandByAbbrev(l.Abbrev()); !ok || x != l {
			t.Fatalf("LandByAbbrev(%q) = %v, %v", l.Abbrev(), x, ok)
		}
		if r, ok := ozg.LookupRegion(l.ARS()); !ok || r.Name != l.Name() {
			t.Fatalf("Land %s: directory has %q, %v; Name %q", s, r.Name, ok, l.Name())
		}
	})
}
