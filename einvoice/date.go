package einvoice

import (
	"errors"
	"fmt"
	"time"
)

// Date is a civil date (year, month, day), as EN 16931 uses for every
// date. The zero Date means "no date".
//
// xsd:date (UBL) allows a time-zone suffix such as "+01:00" or "Z"; it
// carries no meaning for an invoice date but is kept in Zone so a written
// document repeats it. Dates built in code leave Zone empty.
type Date struct {
	Year  int        // year, e.g. 2026
	Month time.Month // 1…12
	Day   int        // 1…31
	Zone  string     // time-zone suffix as read: "", "Z" or "±hh:mm"
}

// ErrDate is the cause of an error for a text that is not a date.
var ErrDate = errors.New("not a date (YYYY-MM-DD)")

// ParseDate parses an xsd:date "YYYY-MM-DD" with an optional time-zone
// suffix ("Z", "+01:00") and checks that the day exists.
func ParseDate(s string) (Date, error) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, ErrDate
	}
	zone := s[10:]
	if !validZone(zone) {
		return Date{}, ErrDate
	}
	d, err := dateOf(s[0:4], s[5:7], s[8:10])
	d.Zone = zone
	return d, err
}

// validZone reports whether z is "", "Z" or "±hh:mm" with hh:mm at most
// 14:00.
func validZone(z string) bool {
	switch {
	case z == "" || z == "Z":
		return true
	case len(z) != 6 || z[0] != '+' && z[0] != '-' || z[3] != ':':
		return false
	}
	h, ok1 := digits(z[1:3])
	m, ok2 := digits(z[4:6])
	return ok1 && ok2 && m < 60 && (h < 14 || h == 14 && m == 0)
}

// ParseDateCompact parses a date in the form "YYYYMMDD" (UNTDID 2379
// format 102, as CII uses).
func ParseDateCompact(s string) (Date, error) {
	if len(s) != 8 {
		return Date{}, ErrDate
	}
	return dateOf(s[0:4], s[4:6], s[6:8])
}

func dateOf(ys, ms, ds string) (Date, error) {
	y, ok1 := digits(ys)
	m, ok2 := digits(ms)
	d, ok3 := digits(ds)
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 {
		return Date{}, ErrDate
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return Date{}, ErrDate
	}
	return Date{Year: y, Month: time.Month(m), Day: d}, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DateOf returns the civil date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// String formats d as "YYYY-MM-DD" followed by its Zone, or "" for the zero
// Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) + d.Zone
}

// Compact formats d as "YYYYMMDD" (format 102, without zone), or "" for
// the zero Date.
func (d Date) Compact() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d%02d%02d", d.Year, int(d.Month), d.Day)
}

// Time returns midnight of d in loc (UTC if loc is nil).
func (d Date) Time(loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns d plus n days (with d's Zone).
func (d Date) AddDays(n int) Date {
	r := DateOf(d.Time(nil).AddDate(0, 0, n))
	r.Zone = d.Zone
	return r
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// MarshalText formats d as String does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses as ParseDate; an empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
