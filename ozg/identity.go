package ozg

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"
)

// Person is a natural person as a service account (BundID or a Länder
// account) reports them after a login, and as messaging addresses them.
// Every field is optional; which ones are set depends on the account, the
// login method and the attributes the service requested.
//
// A Person is personal data. Its String, GoString and Format methods and its
// slog.LogValuer print only which fields are set and the (non-personal)
// trust level and login method, never a value, so a Person may be logged or
// wrapped in an error without leaking it. Validate's errors name fields, not
// values. JSON encoding, in contrast, carries every field: it is meant for
// storage and transport, not for logs.
type Person struct {
	// BPK2 is the bereichsspezifisches Personenkennzeichen 2, the
	// pseudonymous, persistent key the service account reports for the
	// account: the stable account key to recognise the same person at the
	// next login. It is personal data like the rest.
	BPK2 string `json:"bpk2,omitempty"`
	// PostboxHandle addresses the person's postbox (Postfach) in the service
	// account, for messages sent to them.
	PostboxHandle string `json:"postboxHandle,omitempty"`

	GivenNames    string  `json:"givenNames,omitempty"`    // Vornamen, space-separated as on the ID card
	FamilyName    string  `json:"familyName,omitempty"`    // Familienname
	BirthName     string  `json:"birthName,omitempty"`     // Geburtsname
	AcademicTitle string  `json:"academicTitle,omitempty"` // Doktorgrad, e.g. "Dr."
	BirthDate     Date    `json:"birthDate,omitzero"`      // Geburtsdatum, possibly partial
	BirthPlace    string  `json:"birthPlace,omitempty"`    // Geburtsort
	Address       Address `json:"address,omitzero"`        // Anschrift
	// Nationality is the ISO 3166-1 alpha-2 code of the person's nationality
	// (Staatsangehörigkeit), e.g. "DE".
	Nationality string `json:"nationality,omitempty"`
	Email       string `json:"email,omitempty"` // e-mail address (addr-spec, no display name)
	Phone       string `json:"phone,omitempty"` // telephone number
	Gender      Gender `json:"gender,omitzero"` // ISO 5218

	// Vertrauensniveau is the trust level of the login as a whole.
	Vertrauensniveau Vertrauensniveau `json:"vertrauensniveau,omitzero"`
	// LoginMethod is how the person proved their identity at the login.
	LoginMethod LoginMethod `json:"loginMethod,omitzero"`
}

// personFields lists the personal fields of p by name, for redacted output.
func (p Person) personFields() []string {
	var set []string
	add := func(name string, ok bool) {
		if ok {
			set = append(set, name)
		}
	}
	add("BPK2", p.BPK2 != "")
	add("PostboxHandle", p.PostboxHandle != "")
	add("GivenNames", p.GivenNames != "")
	add("FamilyName", p.FamilyName != "")
	add("BirthName", p.BirthName != "")
	add("AcademicTitle", p.AcademicTitle != "")
	add("BirthDate", !p.BirthDate.IsZero())
	add("BirthPlace", p.BirthPlace != "")
	add("Address", !p.Address.IsZero())
	add("Nationality", p.Nationality != "")
	add("Email", p.Email != "")
	add("Phone", p.Phone != "")
	add("Gender", p.Gender != GenderNotKnown)
	return set
}

// String returns a redacted description: which fields are set, the trust
// level and the login method, e.g.
//
//	ozg.Person{set: BPK2 GivenNames FamilyName BirthDate; Vertrauensniveau: hoch; LoginMethod: eID}
func (p Person) String() string {
	return redacted("ozg.Person", p.personFields(), p.Vertrauensniveau, p.LoginMethod)
}

// GoString returns the same redacted description as String, so that %#v
// does not print personal data either.
func (p Person) GoString() string { return p.String() }

// Format implements fmt.Formatter: every verb prints the redacted
// description of String.
func (p Person) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, p.String()) }

// LogValue implements slog.LogValuer with a redacted group: the names of the
// set fields, the trust level and the login method.
func (p Person) LogValue() slog.Value {
	return redactedLogValue(p.personFields(), p.Vertrauensniveau, p.LoginMethod)
}

// Validate checks the formats of the set fields: no control characters in
// the names, a valid (possibly partial) birth date, a valid address, an ISO
// 3166-1 alpha-2 nationality, an e-mail address, a telephone number, and
// defined Gender, Vertrauensniveau and LoginMethod values. It does not
// require any field. The error, an *Error with code InvalidArgument, names
// every field at fault but no value.
func (p Person) Validate() error {
	var v identityChecker
	v.text("Person.BPK2", p.BPK2)
	v.text("Person.PostboxHandle", p.PostboxHandle)
	v.text("Person.GivenNames", p.GivenNames)
	v.text("Person.FamilyName", p.FamilyName)
	v.text("Person.BirthName", p.BirthName)
	v.text("Person.AcademicTitle", p.AcademicTitle)
	if reason := p.BirthDate.check(); reason != "" {
		v.fail("Person.BirthDate", reason)
	}
	v.text("Person.BirthPlace", p.BirthPlace)
	p.Address.validate(&v, "Person.Address")
	v.country("Person.Nationality", p.Nationality)
	v.email("Person.Email", p.Email)
	v.phone("Person.Phone", p.Phone)
	if !p.Gender.IsValid() {
		v.fail("Person.Gender", "is not an ISO 5218 code (0, 1, 2 or 9)")
	}
	if p.Vertrauensniveau != 0 && !p.Vertrauensniveau.IsValid() {
		v.fail("Person.Vertrauensniveau", "is not a defined level")
	}
	if p.LoginMethod != 0 && !p.LoginMethod.IsValid() {
		v.fail("Person.LoginMethod", "is not a defined login method")
	}
	return v.err()
}

// Organisation is a company or other organisation as the business account
// (Mein Unternehmenskonto, based on ELSTER organisation certificates)
// reports it. Like Person it is treated as personal data: String, GoString,
// Format and LogValue are redacted, JSON carries every field.
type Organisation struct {
	Name string `json:"name,omitempty"` // Name or Firma
	// ElsterAccountID is the ID of the organisation's ELSTER account, the
	// stable account key of the business account.
	ElsterAccountID string  `json:"elsterAccountId,omitempty"`
	LegalForm       string  `json:"legalForm,omitempty"` // Rechtsform, e.g. "GmbH"
	Address         Address `json:"address,omitzero"`    // Anschrift des Sitzes
}

func (o Organisation) fields() []string {
	var set []string
	if o.Name != "" {
		set = append(set, "Name")
	}
	if o.ElsterAccountID != "" {
		set = append(set, "ElsterAccountID")
	}
	if o.LegalForm != "" {
		set = append(set, "LegalForm")
	}
	if !o.Address.IsZero() {
		set = append(set, "Address")
	}
	return set
}

// String returns a redacted description naming the set fields only.
func (o Organisation) String() string { return redacted("ozg.Organisation", o.fields(), 0, 0) }

// GoString returns the redacted description of String.
func (o Organisation) GoString() string { return o.String() }

// Format implements fmt.Formatter: every verb prints the redacted
// description of String.
func (o Organisation) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, o.String()) }

// LogValue implements slog.LogValuer with a redacted group naming the set
// fields.
func (o Organisation) LogValue() slog.Value { return redactedLogValue(o.fields(), 0, 0) }

// Validate checks the formats of the set fields; see Person.Validate.
func (o Organisation) Validate() error {
	var v identityChecker
	v.text("Organisation.Name", o.Name)
	v.text("Organisation.ElsterAccountID", o.ElsterAccountID)
	v.text("Organisation.LegalForm", o.LegalForm)
	o.Address.validate(&v, "Organisation.Address")
	return v.err()
}

// Address is a postal address (Anschrift). Like Person its String, GoString,
// Format and LogValue are redacted.
type Address struct {
	Street      string `json:"street,omitempty"`      // Straße
	HouseNumber string `json:"houseNumber,omitempty"` // Hausnummer, with any suffix ("12a")
	PostalCode  string `json:"postalCode,omitempty"`  // Postleitzahl
	City        string `json:"city,omitempty"`        // Ort
	// Country is the ISO 3166-1 alpha-2 code of the country, e.g. "DE".
	Country string `json:"country,omitempty"`
}

// IsZero reports whether no field of a is set.
func (a Address) IsZero() bool { return a == Address{} }

func (a Address) fields() []string {
	var set []string
	for _, f := range [...]struct {
		name string
		ok   bool
	}{
		{"Street", a.Street != ""},
		{"HouseNumber", a.HouseNumber != ""},
		{"PostalCode", a.PostalCode != ""},
		{"City", a.City != ""},
		{"Country", a.Country != ""},
	} {
		if f.ok {
			set = append(set, f.name)
		}
	}
	return set
}

// String returns a redacted description naming the set fields only.
func (a Address) String() string { return redacted("ozg.Address", a.fields(), 0, 0) }

// GoString returns the redacted description of String.
func (a Address) GoString() string { return a.String() }

// Format implements fmt.Formatter: every verb prints the redacted
// description of String.
func (a Address) Format(f fmt.State, verb rune) { _, _ = io.WriteString(f, a.String()) }

// LogValue implements slog.LogValuer with a redacted group naming the set
// fields.
func (a Address) LogValue() slog.Value { return redactedLogValue(a.fields(), 0, 0) }

// Validate checks the formats of the set fields: no control characters, an
// ISO 3166-1 alpha-2 country code, and for Germany (DE) a postal code of 5
// digits.
func (a Address) Validate() error {
	var v identityChecker
	a.validate(&v, "Address")
	return v.err()
}

func (a Address) validate(v *identityChecker, field string) {
	v.text(field+".Street", a.Street)
	v.text(field+".HouseNumber", a.HouseNumber)
	v.text(field+".PostalCode", a.PostalCode)
	v.text(field+".City", a.City)
	v.country(field+".Country", a.Country)
	if a.Country == "DE" && a.PostalCode != "" {
		ok := len(a.PostalCode) == 5
		for i := 0; ok && i < 5; i++ {
			ok = a.PostalCode[i] >= '0' && a.PostalCode[i] <= '9'
		}
		if !ok {
			v.fail(field+".PostalCode", "is not 5 digits (German Postleitzahl)")
		}
	}
}

// redacted formats the redacted description shared by the identity types.
func redacted(typ string, set []string, tl Vertrauensniveau, lm LoginMethod) string {
	b := []byte(typ)
	b = append(b, "{set:"...)
	for _, f := range set {
		b = append(b, ' ')
		b = append(b, f...)
	}
	if len(set) == 0 {
		b = append(b, " none"...)
	}
	if tl != 0 {
		b = append(b, "; Vertrauensniveau: "...)
		b = append(b, tl.String()...)
	}
	if lm != 0 {
		b = append(b, "; LoginMethod: "...)
		b = append(b, lm.String()...)
	}
	return string(append(b, '}'))
}

// redactedLogValue builds the slog group shared by the identity types.
func redactedLogValue(set []string, tl Vertrauensniveau, lm LoginMethod) slog.Value {
	attrs := []slog.Attr{slog.Any("set", set)}
	if tl != 0 {
		attrs = append(attrs, slog.String("vertrauensniveau", tl.String()))
	}
	if lm != 0 {
		attrs = append(attrs, slog.String("loginMethod", lm.String()))
	}
	return slog.GroupValue(attrs...)
}

// identityChecker collects field errors that name the field and the rule, never
// the value.
type identityChecker struct{ errs []error }

func (v *identityChecker) fail(field, reason string) {
	v.errs = append(v.errs, errors.New(field+" "+reason))
}

func (v *identityChecker) err() error {
	if len(v.errs) == 0 {
		return nil
	}
	return &Error{Code: InvalidArgument, Op: "ozg", Err: errors.Join(v.errs...)}
}

// text checks that s is valid UTF-8 without control characters.
func (v *identityChecker) text(field, s string) {
	if !utf8.ValidString(s) {
		v.fail(field, "is not valid UTF-8")
		return
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			v.fail(field, "contains a control character")
			return
		}
	}
}

// country checks an ISO 3166-1 alpha-2 code (two upper-case ASCII letters).
func (v *identityChecker) country(field, s string) {
	if s == "" {
		return
	}
	if len(s) != 2 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' || s[1] > 'Z' {
		v.fail(field, "is not an ISO 3166-1 alpha-2 code (two upper-case letters)")
	}
}

// email checks a bare e-mail address (RFC 5322 addr-spec, no display name).
func (v *identityChecker) email(field, s string) {
	if s == "" {
		return
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		v.fail(field, "is not an e-mail address")
	}
}

// phone checks a telephone number: digits with an optional leading +, and
// the separators space ( ) - / .; at least 3 digits.
func (v *identityChecker) phone(field, s string) {
	if s == "" {
		return
	}
	digits := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '+' && i == 0:
		case c == ' ' || c == '(' || c == ')' || c == '-' || c == '/' || c == '.':
		default:
			v.fail(field, "is not a telephone number (digits, leading +, separators space ( ) - / .)")
			return
		}
	}
	if digits < 3 {
		v.fail(field, "is not a telephone number (fewer than 3 digits)")
	}
}

// Gender is the sex of a person as coded by ISO/IEC 5218. The zero value is
// GenderNotKnown.
type Gender uint8

// The ISO/IEC 5218 codes.
const (
	GenderNotKnown      Gender = 0 // not known
	GenderMale          Gender = 1 // male
	GenderFemale        Gender = 2 // female
	GenderNotApplicable Gender = 9 // not applicable
)

var genderNames = map[Gender]string{
	GenderNotKnown:      "not known",
	GenderMale:          "male",
	GenderFemale:        "female",
	GenderNotApplicable: "not applicable",
}

// ParseGender parses an ISO 5218 code ("0", "1", "2", "9") or its English
// name ("not known", "male", "female", "not applicable", case-insensitive).
// Bad input yields an *Error with code InvalidArgument; the message does
// not repeat the input.
func ParseGender(s string) (Gender, error) {
	if len(s) == 1 {
		switch g := Gender(s[0] - '0'); g {
		case GenderNotKnown, GenderMale, GenderFemale, GenderNotApplicable:
			return g, nil
		}
	}
	for g, name := range genderNames {
		if equalFoldASCII(s, name) {
			return g, nil
		}
	}
	return 0, Errorf(InvalidArgument, "ozg", "Gender: not an ISO 5218 code (0, 1, 2, 9) or name")
}

// MustParseGender is like ParseGender but panics on bad input.
func MustParseGender(s string) Gender {
	g, err := ParseGender(s)
	if err != nil {
		panic(err)
	}
	return g
}

// IsValid reports whether g is one of the four ISO 5218 codes.
func (g Gender) IsValid() bool { _, ok := genderNames[g]; return ok }

// String returns the ISO 5218 name ("male" …) or "Gender(N)".
func (g Gender) String() string {
	if s, ok := genderNames[g]; ok {
		return s
	}
	return "Gender(" + strconv.Itoa(int(g)) + ")"
}

// MarshalText encodes the gender as its ISO 5218 digit.
func (g Gender) MarshalText() ([]byte, error) {
	if !g.IsValid() {
		return nil, Errorf(InvalidArgument, "ozg", "Gender: undefined value %d", uint8(g))
	}
	return []byte{'0' + byte(g)}, nil
}

// UnmarshalText decodes what ParseGender accepts.
func (g *Gender) UnmarshalText(b []byte) error {
	p, err := ParseGender(string(b))
	if err != nil {
		return err
	}
	*g = p
	return nil
}

// LoginMethod is how a person proved their identity when logging in to the
// service account. The zero value means "not known" and encodes as the empty
// text.
type LoginMethod uint8

// The login methods of the German service accounts.
const (
	LoginEID          LoginMethod = iota + 1 // Online-Ausweis: eID card, eID card of EU citizens, eAT
	LoginSmartEID                            // Smart-eID: the eID function on a smartphone
	LoginELSTER                              // ELSTER certificate
	LoginBenutzername                        // user name and password (Basisregistrierung)
	LoginEIDAS                               // an eID notified under eIDAS by another EU member state
	LoginFINK                                // FINK: login through the federated (interoperable) account of another Land
	LoginDiia                                // Diia, the Ukrainian state app
)

var loginMethodNames = [...]string{
	LoginEID:          "eID",
	LoginSmartEID:     "Smart-eID",
	LoginELSTER:       "ELSTER",
	LoginBenutzername: "Benutzername",
	LoginEIDAS:        "eIDAS",
	LoginFINK:         "FINK",
	LoginDiia:         "Diia",
}

// ParseLoginMethod parses the name of a login method (eID, Smart-eID,
// ELSTER, Benutzername, eIDAS, FINK, Diia), case-insensitively. Other text
// yields an *Error with code InvalidArgument wrapping a *SyntaxError.
func ParseLoginMethod(s string) (LoginMethod, error) {
	for m, name := range loginMethodNames {
		if m != 0 && equalFoldASCII(s, name) {
			return LoginMethod(m), nil
		}
	}
	return 0, syntaxError("LoginMethod", s, 0, "is not a login method (eID, Smart-eID, ELSTER, Benutzername, eIDAS, FINK, Diia)")
}

// MustParseLoginMethod is like ParseLoginMethod but panics on bad input.
func MustParseLoginMethod(s string) LoginMethod {
	m, err := ParseLoginMethod(s)
	if err != nil {
		panic(err)
	}
	return m
}

// IsValid reports whether m is one of the defined login methods.
func (m LoginMethod) IsValid() bool { return m >= LoginEID && m <= LoginDiia }

// String returns the name of the method, "" for the zero value, or
// "LoginMethod(N)" for an undefined value.
func (m LoginMethod) String() string {
	switch {
	case m == 0:
		return ""
	case m.IsValid():
		return loginMethodNames[m]
	}
	return "LoginMethod(" + strconv.Itoa(int(m)) + ")"
}

// MarshalText encodes the method as its name; the zero value as the empty
// text.
func (m LoginMethod) MarshalText() ([]byte, error) {
	if m != 0 && !m.IsValid() {
		return nil, Errorf(InvalidArgument, "ozg", "LoginMethod: undefined value %d", uint8(m))
	}
	return []byte(m.String()), nil
}

// UnmarshalText decodes what ParseLoginMethod accepts; the empty text
// decodes to the zero value.
func (m *LoginMethod) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = 0
		return nil
	}
	p, err := ParseLoginMethod(string(b))
	if err != nil {
		return err
	}
	*m = p
	return nil
}

// Date is a civil date such as a birth date, possibly partial: official
// records, and so the eID card, know persons whose day or month of birth is
// unknown. A zero Month or Day means unknown; a known Day needs a known
// Month. Its text form is ISO 8601: 1980-05-17, 1980-05 or 1980.
//
// The zero value means "no date" and encodes as the empty text.
type Date struct {
	Year  int        // 1–9999
	Month time.Month // 0 if unknown
	Day   int        // 0 if unknown
}

// ParseDate parses YYYY-MM-DD, YYYY-MM or YYYY. A month or day of 00 means
// unknown, as registers write it (1980-00-00 is the same as 1980). Since a
// date is usually a birth date, the error (an *Error with code
// InvalidArgument wrapping a *SyntaxError) does not repeat the input: its
// Input is "…".
func ParseDate(s string) (Date, error) {
	d, pos, reason := parseDate(s)
	if reason != "" {
		return Date{}, syntaxError("Datum", "…", pos, reason)
	}
	return d, nil
}

func parseDate(s string) (Date, int, string) {
	// Layout positions: YYYY-MM-DD.
	switch len(s) {
	case 4, 7, 10:
	default:
		for i := 0; i < len(s) && i < 10; i++ {
			if !dateCharOK(i, s[i]) {
				return Date{}, idRunePos(s, i), dateCharRule(i)
			}
		}
		return Date{}, 0, "has " + strconv.Itoa(utf8.RuneCountInString(s)) + " characters, want YYYY, YYYY-MM or YYYY-MM-DD"
	}
	for i := 0; i < len(s); i++ {
		if !dateCharOK(i, s[i]) {
			return Date{}, idRunePos(s, i), dateCharRule(i)
		}
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			v = v*10 + int(c-'0')
		}
		return v
	}
	d := Date{Year: num(0, 4)}
	if len(s) >= 7 {
		d.Month = time.Month(num(5, 2))
	}
	if len(s) == 10 {
		d.Day = num(8, 2)
	}
	if d.Year == 0 {
		return Date{}, 1, "has a year outside 0001–9999"
	}
	if reason := d.check(); reason != "" {
		pos := 9 // the day
		if d.Month > 12 || (d.Month == 0 && d.Day != 0) {
			pos = 6 // the month
		}
		return Date{}, pos, reason
	}
	return d, 0, ""
}

func dateCharOK(i int, c byte) bool {
	if i == 4 || i == 7 {
		return c == '-'
	}
	return c >= '0' && c <= '9'
}

func dateCharRule(i int) string {
	if i == 4 || i == 7 {
		return "is not '-'"
	}
	return "is not a digit"
}

// check returns the rule d violates, or "".
func (d Date) check() string {
	switch {
	case d == Date{}:
		return ""
	case d.Year < 1 || d.Year > 9999:
		return "has a year outside 0001–9999"
	case d.Month < 0 || d.Month > 12:
		return "has a month outside 01–12"
	case d.Day < 0 || d.Day > 31:
		return "has a day outside 01–31"
	case d.Month == 0 && d.Day != 0:
		return "has a day but no month"
	case d.Day > 0 && d.Day > daysIn(d.Month, d.Year):
		return "has a day after the end of its month"
	}
	return ""
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// MustDate is like ParseDate but panics on bad input.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero value (no date).
func (d Date) IsZero() bool { return d == Date{} }

// IsComplete reports whether year, month and day are all known.
func (d Date) IsComplete() bool { return d.Year != 0 && d.Month != 0 && d.Day != 0 }

// Validate reports whether d is a valid, possibly partial date; the zero
// value is valid. The error is an *Error with code InvalidArgument that does
// not repeat the date.
func (d Date) Validate() error {
	if reason := d.check(); reason != "" {
		return Errorf(InvalidArgument, "ozg", "Datum %s", reason)
	}
	return nil
}

// Time returns midnight UTC of a complete date; ok is false if d is not
// complete.
func (d Date) Time() (_ time.Time, ok bool) {
	if !d.IsComplete() || d.check() != "" {
		return time.Time{}, false
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), true
}

// String returns the ISO 8601 text of the date (1980-05-17, 1980-05 or
// 1980), or "" for the zero value.
func (d Date) String() string {
	var b [10]byte
	return string(d.appendText(b[:0]))
}

func (d Date) appendText(b []byte) []byte {
	if d.IsZero() {
		return b
	}
	two := func(b []byte, n int) []byte { return append(b, byte('0'+n/10%10), byte('0'+n%10)) }
	b = two(two(b, d.Year/100), d.Year%100)
	if d.Month != 0 {
		b = two(append(b, '-'), int(d.Month))
		if d.Day != 0 {
			b = two(append(b, '-'), d.Day)
		}
	}
	return b
}

// MarshalText encodes the date as ISO 8601 text; the zero value as the
// empty text. An invalid date is an error.
func (d Date) MarshalText() ([]byte, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return d.appendText(nil), nil
}

// UnmarshalText decodes what ParseDate accepts; the empty text decodes to
// the zero value.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
