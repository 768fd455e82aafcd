package einvoice

import (
	"errors"
	"testing"
)

func TestParseDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-11-02", Date{2026, 11, 2, ""}, true},
		{"2024-02-29", Date{2024, 2, 29, ""}, true},
		{"2016-04-04+01:00", Date{2016, 4, 4, "+01:00"}, true},
		{"2016-04-04Z", Date{2016, 4, 4, "Z"}, true},
		{"2016-04-04-14:00", Date{2016, 4, 4, "-14:00"}, true},
		{"2023-02-29", Date{}, false},
		{"2026-13-01", Date{}, false},
		{"2026-00-10", Date{}, false},
		{"2026-1-10", Date{}, false},
		{"20261102", Date{}, false},
		{"2016-04-04+15:00", Date{}, false},
		{"2016-04-04 ", Date{}, false},
		{"", Date{}, false},
	} {
		got, err := ParseDate(c.in)
		if c.ok != (err == nil) || c.ok && got != c.want {
			t.Errorf("ParseDate(%q) = %v, %v", c.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrDate) {
			t.Errorf("ParseDate(%q): %v is not ErrDate", c.in, err)
		}
		if c.ok && got.String() != c.in {
			t.Errorf("String() = %q, want %q", got.String(), c.in)
		}
	}
	d, err := ParseDateCompact("20261102")
	if err != nil || d != (Date{2026, 11, 2, ""}) || d.Compact() != "20261102" {
		t.Errorf("ParseDateCompact: %v %v", d, err)
	}
	if got := (Date{2026, 12, 31, ""}).AddDays(1); got != (Date{2027, 1, 1, ""}) {
		t.Errorf("AddDays: %v", got)
	}
	if !(Date{2026, 1, 1, ""}).Before(Date{2026, 1, 2, ""}) || (Date{}).String() != "" {
		t.Error("Before / zero String")
	}
}
