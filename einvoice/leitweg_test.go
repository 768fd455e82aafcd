package einvoice

import (
	"errors"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func TestParseLeitwegID(t *testing.T) {
	valid := []struct {
		in              string
		grob, fein, chk string
	}{
		// the worked example of the Format-Spezifikation Leitweg-ID
		{"04011000-1234512345-06", "04011000", "1234512345", "06"},
		// Leitweg-IDs of the XRechnung test suite
		{"992-90009-96", "992", "90009", "96"},
		{"09564000-NUE0001-49", "09564000", "NUE0001", "49"},
		{"991-33333TEST-33", "991", "33333TEST", "33"},
		{"04011000-12345-03", "04011000", "12345", "03"},
		{"11002002-98765-14", "11002002", "98765", "14"},
		// lower case letters count like upper case ones
		{"991-33333test-33", "991", "33333test", "33"},
		// no Feinadressierung
		{"99-" + leitwegCheck("99", ""), "99", "", leitwegCheck("99", "")},
	}
	for _, v := range valid {
		l, err := ParseLeitwegID(v.in)
		if err != nil {
			t.Errorf("ParseLeitwegID(%q): %v", v.in, err)
			continue
		}
		if l.Grob != v.grob || l.Fein != v.fein || l.Check != v.chk || l.String() != v.in {
			t.Errorf("ParseLeitwegID(%q) = %+v", v.in, l)
		}
	}
	invalid := []struct {
		in  string
		pos int
	}{
		{"04011000-12345-34", 16}, // wrong check digits (test suite, not a valid ID)
		{"04011000-1234512345-07", 21},
		{"0401100X-12345-03", 8},                                 // letter in Grobadressierung
		{"4-12345-03", 0},                                        // Grobadressierung too short
		{"1234567890123-1-00", 0},                                // Grobadressierung too long
		{"04011000-123_45-03", 13},                               // not alphanumeric
		{"04011000--03", 10},                                     // empty Feinadressierung
		{"04011000-12345-3", 0},                                  // one check digit
		{"04011000-12345-0A", 17},                                // check digit not a digit
		{"0401100012345", 0},                                     // no hyphen
		{"04011000-" + "1234567890123456789012345678901-00", 40}, // 31 characters
		{"", 0},
	}
	for _, v := range invalid {
		_, err := ParseLeitwegID(v.in)
		var se *ozg.SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("ParseLeitwegID(%q): got %v, want a SyntaxError", v.in, err)
			continue
		}
		if se.Pos != v.pos {
			t.Errorf("ParseLeitwegID(%q): position %d, want %d (%v)", v.in, se.Pos, v.pos, err)
		}
	}
}

func TestNewLeitwegID(t *testing.T) {
	l, err := NewLeitwegID("04011000", "1234512345")
	if err != nil || l.String() != "04011000-1234512345-06" {
		t.Errorf("got %v, %v; want 04011000-1234512345-06", l, err)
	}
	if _, err := NewLeitwegID("0401", "ä"); err == nil {
		t.Error("NewLeitwegID with a non-alphanumeric Feinadressierung: no error")
	}
}
