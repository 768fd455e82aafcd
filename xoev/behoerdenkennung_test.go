package xoev

import (
	"errors"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func TestParseBehoerdenkennung(t *testing.T) {
	tests := []struct {
		in               string
		praefix, kennung string
		current          bool
		pos              int // 0 = ok
		bad              bool
	}{
		{"psw:01003110", "psw", "01003110", false, 0, false},
		{"abc:123456789012", "abc", "123456789012", true, 0, false},
		{"MELDID:12052000", "MELDID", "12052000", false, 0, false},
		{"töj:000000000001", "töj", "000000000001", false, 0, false},
		{"gha:090", "gha", "090", false, 0, false},
		{"", "", "", false, 0, true},
		{"psw01003110", "", "", false, 4, true},
		{"pswabc", "", "", false, 0, true},
		{":01003110", "", "", false, 1, true},
		{"psw:", "", "", false, 4, true},
		{"ps1:0100", "", "", false, 3, true},
		{"psw:0100 3110", "", "", false, 9, true},
		{"psw:0100:3110", "", "", false, 9, true},
		{"abcdefghijk:1", "", "", false, 11, true},
	}
	for _, tt := range tests {
		k, err := ParseBehoerdenkennung(tt.in)
		if tt.bad {
			var se *ozg.SyntaxError
			if !errors.As(err, &se) || !errors.Is(err, ozg.ErrInvalidArgument) {
				t.Errorf("%q: got %v, want SyntaxError", tt.in, err)
				continue
			}
			if se.Pos != tt.pos {
				t.Errorf("%q: pos %d, want %d (%v)", tt.in, se.Pos, tt.pos, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if k.Praefix != tt.praefix || k.Kennung != tt.kennung || k.IsCurrent() != tt.current {
			t.Errorf("%q: got %+v current=%v", tt.in, k, k.IsCurrent())
		}
	}
	legacy := BehoerdenkennungCodes{Praefix: Code{Code: "MELDID"}, Kennung: Code{Code: "12052000"}}
	if legacy.Key().String() != "MELDID:12052000" {
		t.Errorf("legacy key %v", legacy.Key())
	}
}
