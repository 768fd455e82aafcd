package ozg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// testPerson has a distinctive value in every field, so that a leak of any
// of them into text output can be detected.
func testPerson() Person {
	return Person{
		BPK2:          "bPK2-Zz9Qk3xYw0Vb7NmLp4Rt6Us8Wq1Ae5Df2Gh=",
		PostboxHandle: "postkorb-7f3a9c2e-1b4d",
		GivenNames:    "Erika Gabriele",
		FamilyName:    "Mustermann",
		BirthName:     "Gabler",
		AcademicTitle: "Dr.",
		BirthDate:     MustDate("1964-08-12"),
		BirthPlace:    "Berlin-Spandau",
		Address: Address{
			Street:      "Heidestraße",
			HouseNumber: "17b",
			PostalCode:  "51147",
			City:        "Köln",
			Country:     "DE",
		},
		Nationality:      "DE",
		Email:            "erika.mustermann@example.org",
		Phone:            "+49 221 98765432",
		Gender:           GenderFemale,
		Vertrauensniveau: NiveauHoch,
		LoginMethod:      LoginEID,
	}
}

// personalValues lists the values of testPerson that must never show up in
// redacted output.
func personalValues() []string {
	return []string{
		"bPK2-Zz9Qk3", "Zz9Qk3", "postkorb-7f3a", "7f3a9c2e", "Erika", "Gabriele", "Mustermann", "Gabler", "Dr.",
		"1964", "08-12", "Berlin", "Spandau", "Heidestra", "17b", "51147", "Köln", "K\\u00f6ln",
		"erika.mustermann", "example.org", "221", "98765432", "female",
	}
}

func checkNoPersonalData(t *testing.T, what, out string) {
	t.Helper()
	for _, v := range personalValues() {
		if strings.Contains(out, v) {
			t.Errorf("%s leaks %q: %s", what, v, out)
		}
	}
}

func TestPersonRedacted(t *testing.T) {
	p := testPerson()
	want := "ozg.Person{set: BPK2 PostboxHandle GivenNames FamilyName BirthName AcademicTitle BirthDate BirthPlace Address Nationality Email Phone Gender; Vertrauensniveau: hoch; LoginMethod: eID}"
	if got := p.String(); got != want {
		t.Errorf("String()\n got  %s\n want %s", got, want)
	}
	outputs := map[string]string{
		"String":   p.String(),
		"GoString": p.GoString(),
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d", "%10.3v"} {
		outputs["Sprintf "+verb] = fmt.Sprintf(verb, p)
		outputs["Sprintf pointer "+verb] = fmt.Sprintf(verb, &p)
		outputs["Sprintf nested "+verb] = fmt.Sprintf(verb, struct {
			Who  Person
			Ptr  *Person
			Addr Address
		}{p, &p, p.Address})
		outputs["Sprintf slice "+verb] = fmt.Sprintf(verb, []Person{p})
	}
	outputs["error"] = fmt.Errorf("login of %v failed", p).Error()
	for _, newHandler := range []func(*bytes.Buffer) slog.Handler{
		func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) },
		func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) },
	} {
		var buf bytes.Buffer
		log := slog.New(newHandler(&buf))
		log.Info("login", "person", p, "ptr", &p, slog.Any("address", p.Address))
		outputs["slog "+buf.String()[:10]] = buf.String()
		if !strings.Contains(buf.String(), "hoch") || !strings.Contains(buf.String(), "eID") || !strings.Contains(buf.String(), "FamilyName") {
			t.Errorf("slog output lacks the non-personal facts: %s", buf.String())
		}
	}
	for what, out := range outputs {
		checkNoPersonalData(t, what, out)
	}
	if got := fmt.Sprint(Person{}); got != "ozg.Person{set: none}" {
		t.Errorf("zero Person prints %q", got)
	}
}

func TestOrganisationRedacted(t *testing.T) {
	o := Organisation{Name: "Mustermann Holzbau GmbH", ElsterAccountID: "1000123456", LegalForm: "GmbH", Address: testPerson().Address}
	if got, want := o.String(), "ozg.Organisation{set: Name ElsterAccountID LegalForm Address}"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	var buf bytes.Buffer
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "org", o)
	for what, out := range map[string]string{
		"%v": fmt.Sprintf("%v", o), "%#v": fmt.Sprintf("%#v", &o), "%+v": fmt.Sprintf("%+v", []Organisation{o}), "slog": buf.String(),
	} {
		for _, v := range []string{"Mustermann", "Holzbau", "1000123456", "Heidestra", "51147"} {
			if strings.Contains(out, v) {
				t.Errorf("%s leaks %q: %s", what, v, out)
			}
		}
	}
	if err := o.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestPersonJSON(t *testing.T) {
	p := testPerson()
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"bpk2":"bPK2-Zz9Qk3xYw0Vb7NmLp4Rt6Us8Wq1Ae5Df2Gh=","postboxHandle":"postkorb-7f3a9c2e-1b4d",` +
		`"givenNames":"Erika Gabriele","familyName":"Mustermann","birthName":"Gabler","academicTitle":"Dr.",` +
		`"birthDate":"1964-08-12","birthPlace":"Berlin-Spandau",` +
		`"address":{"street":"Heidestraße","houseNumber":"17b","postalCode":"51147","city":"Köln","country":"DE"},` +
		`"nationality":"DE","email":"erika.mustermann@example.org","phone":"+49 221 98765432","gender":"2",` +
		`"vertrauensniveau":"hoch","loginMethod":"eID"}`
	if string(b) != want {
		t.Errorf("json.Marshal\n got  %s\n want %s", b, want)
	}
	var back Person
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back != p {
		t.Errorf("round trip changed the person") // no %v: it is redacted anyway
	}
	// The zero Person encodes as {}.
	if b, err := json.Marshal(Person{}); err != nil || string(b) != "{}" {
		t.Errorf("zero Person: %s, %v", b, err)
	}
	// A partial birth date survives.
	p.BirthDate = Date{Year: 1980}
	b, _ = json.Marshal(p)
	if !strings.Contains(string(b), `"birthDate":"1980"`) {
		t.Errorf("partial date: %s", b)
	}
	if err := json.Unmarshal(b, &back); err != nil || back.BirthDate != (Date{Year: 1980}) {
		t.Errorf("partial date round trip: %v, %v", back.BirthDate, err)
	}
	// A bad birth date fails without echoing it.
	err = json.Unmarshal([]byte(`{"birthDate":"1964-13-12"}`), &back)
	if CodeOf(err) != InvalidArgument || strings.Contains(err.Error(), "1964") {
		t.Errorf("bad birth date: err = %v", err)
	}
}

func TestPersonValidate(t *testing.T) {
	if err := testPerson().Validate(); err != nil {
		t.Fatalf("valid person: %v", err)
	}
	if err := (Person{}).Validate(); err != nil {
		t.Fatalf("zero person: %v", err)
	}
	tests := []struct {
		name   string
		change func(*Person)
		want   string // the field and rule in the message
	}{
		{"control char", func(p *Person) { p.FamilyName = "Muster\nmann" }, "Person.FamilyName contains a control character"},
		{"bad utf8", func(p *Person) { p.GivenNames = "Erika\xff" }, "Person.GivenNames is not valid UTF-8"},
		{"date", func(p *Person) { p.BirthDate = Date{Year: 1964, Month: 2, Day: 30} }, "Person.BirthDate has a day after the end of its month"},
		{"day without month", func(p *Person) { p.BirthDate = Date{Year: 1964, Day: 3} }, "Person.BirthDate has a day but no month"},
		{"nationality", func(p *Person) { p.Nationality = "DEU" }, "Person.Nationality is not an ISO 3166-1 alpha-2 code"},
		{"nationality case", func(p *Person) { p.Nationality = "de" }, "Person.Nationality is not an ISO 3166-1 alpha-2 code"},
		{"country", func(p *Person) { p.Address.Country = "Deutschland" }, "Person.Address.Country is not an ISO 3166-1 alpha-2 code"},
		{"plz", func(p *Person) { p.Address.PostalCode = "5114" }, "Person.Address.PostalCode is not 5 digits"},
		{"email", func(p *Person) { p.Email = "Erika <erika.mustermann@example.org>" }, "Person.Email is not an e-mail address"},
		{"email no at", func(p *Person) { p.Email = "erika.mustermann.example.org" }, "Person.Email is not an e-mail address"},
		{"phone", func(p *Person) { p.Phone = "0221 CALL ME" }, "Person.Phone is not a telephone number"},
		{"phone short", func(p *Person) { p.Phone = "+4" }, "Person.Phone is not a telephone number (fewer than 3 digits)"},
		{"gender", func(p *Person) { p.Gender = 3 }, "Person.Gender is not an ISO 5218 code"},
		{"level", func(p *Person) { p.Vertrauensniveau = 5 }, "Person.Vertrauensniveau is not a defined level"},
		{"login", func(p *Person) { p.LoginMethod = 99 }, "Person.LoginMethod is not a defined login method"},
	}
	for _, tt := range tests {
		p := testPerson()
		tt.change(&p)
		err := p.Validate()
		if err == nil {
			t.Errorf("%s: Validate() = nil", tt.name)
			continue
		}
		if CodeOf(err) != InvalidArgument || !errors.Is(err, ErrInvalidArgument) {
			t.Errorf("%s: code %v", tt.name, CodeOf(err))
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q does not contain %q", tt.name, err, tt.want)
		}
		checkNoPersonalData(t, tt.name, err.Error())
		for _, v := range []string{"Muster", "DEU", "Deutschland", "5114", "CALL", "erika"} {
			if strings.Contains(err.Error(), v) {
				t.Errorf("%s: error leaks %q: %v", tt.name, v, err)
			}
		}
	}
	// Several faults are all reported.
	p := testPerson()
	p.Email, p.Phone = "x", "y"
	if err := p.Validate(); err == nil || !strings.Contains(err.Error(), "Person.Email") || !strings.Contains(err.Error(), "Person.Phone") {
		t.Errorf("two faults: %v", err)
	}
	// A foreign postal code is not checked against the German format.
	a := Address{PostalCode: "SW1A 1AA", City: "London", Country: "GB"}
	if err := a.Validate(); err != nil {
		t.Errorf("GB address: %v", err)
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		text string // String(); "" = in
	}{
		{"1964-08-12", Date{1964, time.August, 12}, ""},
		{"2000-02-29", Date{2000, time.February, 29}, ""},
		{"1980-05", Date{1980, time.May, 0}, ""},
		{"1980", Date{1980, 0, 0}, ""},
		{"1980-00-00", Date{1980, 0, 0}, "1980"},
		{"1980-05-00", Date{1980, time.May, 0}, "1980-05"},
		{"1980-00", Date{1980, 0, 0}, "1980"},
		{"0001-01-01", Date{1, time.January, 1}, ""},
		{"9999-12-31", Date{9999, time.December, 31}, ""},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil || d != tt.want {
			t.Errorf("ParseDate(%q) = %#v, %v, want %#v", tt.in, d, err, tt.want)
			continue
		}
		text := tt.text
		if text == "" {
			text = tt.in
		}
		if d.String() != text {
			t.Errorf("%q: String() = %q, want %q", tt.in, d.String(), text)
		}
	}
	if d := MustDate("1964-08-12"); !d.IsComplete() {
		t.Error("complete date not IsComplete")
	} else if tm, ok := d.Time(); !ok || !tm.Equal(time.Date(1964, 8, 12, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v, %v", tm, ok)
	}
	if _, ok := MustDate("1964-08").Time(); ok {
		t.Error("partial date has a Time")
	}
}

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		in     string
		pos    int
		reason string
	}{
		{"", 0, "has 0 characters, want YYYY, YYYY-MM or YYYY-MM-DD"},
		{"64-08-12", 3, "is not a digit"},
		{"1964-8-12", 7, "is not a digit"},
		{"1964-08-1", 0, "has 9 characters, want YYYY, YYYY-MM or YYYY-MM-DD"},
		{"0000", 1, "has a year outside 0001–9999"},
		{"1964-08-12T00:00:00Z", 0, "has 20 characters, want YYYY, YYYY-MM or YYYY-MM-DD"},
		{"1964/08/12", 5, "is not '-'"},
		{"12.08.1964", 3, "is not a digit"},
		{"1964-0a-12", 7, "is not a digit"},
		{"1964-08-1ä", 10, "is not a digit"},
		{"0000-01-01", 1, "has a year outside 0001–9999"},
		{"1964-13-01", 6, "has a month outside 01–12"},
		{"1964-00-12", 6, "has a day but no month"},
		{"1964-02-30", 9, "has a day after the end of its month"},
		{"1900-02-29", 9, "has a day after the end of its month"},
		{"1964-04-31", 9, "has a day after the end of its month"},
		{"1964-01-32", 9, "has a day outside 01–31"},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", tt.in, d)
			continue
		}
		var se *SyntaxError
		if !errors.As(err, &se) || CodeOf(err) != InvalidArgument {
			t.Fatalf("%q: %v is not an InvalidArgument *SyntaxError", tt.in, err)
		}
		if se.Type != "Datum" || se.Input != "…" || se.Pos != tt.pos || se.Reason != tt.reason {
			t.Errorf("ParseDate(%q): %+v, want pos %d reason %q", tt.in, *se, tt.pos, tt.reason)
		}
		// The error never repeats the date.
		for _, part := range []string{"1964", "08", "12", "0000", "1900"} {
			if strings.Contains(tt.in, part) && strings.Contains(err.Error(), part) {
				t.Errorf("ParseDate(%q): error %q repeats %q", tt.in, err, part)
			}
		}
	}
	if err := (Date{Year: 2001, Month: 2, Day: 29}).Validate(); CodeOf(err) != InvalidArgument || strings.Contains(err.Error(), "2001") {
		t.Errorf("Validate(2001-02-29) = %v", err)
	}
	if _, err := (Date{Year: 2001, Month: 14}).MarshalText(); err == nil {
		t.Error("MarshalText of an invalid date succeeded")
	}
}

func TestGender(t *testing.T) {
	tests := []struct {
		in   string
		want Gender
	}{
		{"0", GenderNotKnown}, {"1", GenderMale}, {"2", GenderFemale}, {"9", GenderNotApplicable},
		{"male", GenderMale}, {"Female", GenderFemale}, {"NOT KNOWN", GenderNotKnown}, {"not applicable", GenderNotApplicable},
	}
	for _, tt := range tests {
		g, err := ParseGender(tt.in)
		if err != nil || g != tt.want {
			t.Errorf("ParseGender(%q) = %v, %v, want %v", tt.in, g, err, tt.want)
		}
		b, err := g.MarshalText()
		if err != nil || string(b) != string(rune('0'+tt.want)) {
			t.Errorf("MarshalText(%v) = %q, %v", g, b, err)
		}
	}
	for _, bad := range []string{"", "3", "8", "m", "w", "d", "x", "10", "divers"} {
		if g, err := ParseGender(bad); err == nil || CodeOf(err) != InvalidArgument || err.Error() != "ozg: Gender: not an ISO 5218 code (0, 1, 2, 9) or name" {
			t.Errorf("ParseGender(%q) = %v, %v", bad, g, err)
		}
	}
	if _, err := Gender(5).MarshalText(); err == nil {
		t.Error("MarshalText(5) succeeded")
	}
	if Gender(5).String() != "Gender(5)" || GenderNotApplicable.String() != "not applicable" {
		t.Errorf("String: %q %q", Gender(5), GenderNotApplicable)
	}
}

func TestLoginMethod(t *testing.T) {
	names := map[LoginMethod]string{
		LoginEID: "eID", LoginSmartEID: "Smart-eID", LoginELSTER: "ELSTER", LoginBenutzername: "Benutzername",
		LoginEIDAS: "eIDAS", LoginFINK: "FINK", LoginDiia: "Diia",
	}
	if len(names) != 7 {
		t.Fatal("want 7 login methods")
	}
	for m, name := range names {
		if m.String() != name || !m.IsValid() {
			t.Errorf("%d: String %q, want %q", m, m.String(), name)
		}
		for _, s := range []string{name, strings.ToUpper(name), strings.ToLower(name)} {
			if got, err := ParseLoginMethod(s); err != nil || got != m {
				t.Errorf("ParseLoginMethod(%q) = %v, %v", s, got, err)
			}
		}
		b, _ := json.Marshal(struct {
			M LoginMethod `json:"m"`
		}{m})
		if string(b) != `{"m":"`+name+`"}` {
			t.Errorf("json %s", b)
		}
	}
	for _, bad := range []string{"", "SmartEID", "nPA", "Passwort", "eid ", "0"} {
		_, err := ParseLoginMethod(bad)
		if err == nil {
			t.Errorf("ParseLoginMethod(%q) succeeded", bad)
			continue
		}
		checkSyntaxError(t, err, "LoginMethod", bad, 0, "")
	}
	var zero LoginMethod
	if zero.IsValid() || zero.String() != "" || LoginMethod(42).String() != "LoginMethod(42)" {
		t.Errorf("zero/undefined String: %q %q", zero, LoginMethod(42))
	}
	if _, err := LoginMethod(42).MarshalText(); err == nil {
		t.Error("MarshalText(42) succeeded")
	}
	if err := zero.UnmarshalText(nil); err != nil || zero != 0 {
		t.Errorf("UnmarshalText(empty) = %v, %v", zero, err)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1964-08-12", "1980-00-00", "1980-05", "1980", "2000-02-29", "1900-02-29", "0000", "9999-12-31", "1964-13-01", "ä"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) || CodeOf(err) != InvalidArgument || se.Input != "…" {
				t.Fatalf("error %v", err)
			}
			return
		}
		if d.Validate() != nil || d.IsZero() {
			t.Fatalf("%q parsed to an invalid date %#v", s, d)
		}
		// The text form parses back to the same date, and canonical input
		// (without 00 for unknown parts) prints back unchanged.
		back, err := ParseDate(d.String())
		if err != nil || back != d {
			t.Fatalf("%q -> %q -> %#v, %v", s, d.String(), back, err)
		}
		if !strings.HasSuffix(s, "-00") && !strings.Contains(s, "-00-") && d.String() != s {
			t.Fatalf("%q prints as %q", s, d.String())
		}
	})
}

func FuzzPersonJSON(f *testing.F) {
	b, _ := json.Marshal(testPerson())
	f.Add(b)
	f.Add([]byte(`{"birthDate":"1980-00-00","gender":"9","loginMethod":"FINK","vertrauensniveau":"NORMAL"}`))
	f.Add([]byte(`{"address":{"country":"DE"},"gender":"male"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p Person
		if err := json.Unmarshal(data, &p); err != nil {
			return
		}
		out, err := json.Marshal(p)
		if err != nil {
			// Only undefined enum values could fail, and Unmarshal never
			// produces those.
			t.Fatalf("Marshal after Unmarshal(%s): %v", data, err)
		}
		var back Person
		if err := json.Unmarshal(out, &back); err != nil || back != p {
			t.Fatalf("round trip of %s via %s: %v", data, out, err)
		}
	})
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseDate("1964-08-12"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseLoginMethod(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseLoginMethod("Benutzername"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestParseIdentityValuesAllocs(t *testing.T) {
	for name, f := range map[string]func(){
		"Date":             func() { _, _ = ParseDate("1964-08-12") },
		"Gender":           func() { _, _ = ParseGender("2") },
		"LoginMethod":      func() { _, _ = ParseLoginMethod("Smart-eID") },
		"Vertrauensniveau": func() { _, _ = ParseVertrauensniveau("SUBSTANTIELL") },
	} {
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("Parse%s allocates %v times, want 0", name, n)
		}
	}
}

func FuzzParseLoginMethod(f *testing.F) {
	for _, s := range []string{"eID", "smart-eid", "ELSTER", "Benutzername", "eIDAS", "FINK", "Diia", "", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseLoginMethod(s)
		if err != nil {
			if CodeOf(err) != InvalidArgument {
				t.Fatalf("error %v", err)
			}
			return
		}
		// The name prints back to the input up to case.
		if !strings.EqualFold(m.String(), s) || MustParseLoginMethod(m.String()) != m {
			t.Fatalf("%q parses to %v", s, m)
		}
	})
}

func FuzzParseGender(f *testing.F) {
	for _, s := range []string{"0", "1", "2", "9", "male", "NOT APPLICABLE", "", "3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		g, err := ParseGender(s)
		if err != nil {
			if CodeOf(err) != InvalidArgument {
				t.Fatalf("error %v", err)
			}
			return
		}
		// The input was the digit or the name of the code.
		b, _ := g.MarshalText()
		if string(b) != s && !strings.EqualFold(g.String(), s) {
			t.Fatalf("%q parses to %v", s, g)
		}
		if MustParseGender(string(b)) != g || MustParseGender(g.String()) != g {
			t.Fatalf("%v does not parse back", g)
		}
	})
}

func BenchmarkParseGender(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseGender("not applicable"); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMustPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"MustParseLeistungsschluessel": func() { MustParseLeistungsschluessel("99") },
		"MustParseElementID":           func() { MustParseElementID("F1") },
		"MustParseElementVersion":      func() { MustParseElementVersion("1") },
		"MustParseElementRef":          func() { MustParseElementRef("F60000227") },
		"MustParseVertrauensniveau":    func() { MustParseVertrauensniveau("mittel") },
		"MustDate":                     func() { MustDate("1964-13-01") },
		"MustParseGender":              func() { MustParseGender("x") },
		"MustParseLoginMethod":         func() { MustParseLoginMethod("x") },
	} {
		func() {
			defer func() {
				r := recover()
				err, ok := r.(error)
				if !ok || CodeOf(err) != InvalidArgument {
					t.Errorf("%s panicked with %v, want an InvalidArgument error", name, r)
				}
			}()
			f()
		}()
	}
}

func TestAddressAndOrganisationGoString(t *testing.T) {
	a := testPerson().Address
	o := Organisation{Name: "Muster GmbH", Address: a}
	for _, s := range []string{a.GoString(), o.GoString(), fmt.Sprintf("%#v", a), fmt.Sprintf("%#v", o)} {
		if strings.Contains(s, "Heidestra") || strings.Contains(s, "Muster") || strings.Contains(s, "51147") {
			t.Errorf("GoString leaks: %s", s)
		}
	}
	if got, want := a.GoString(), "ozg.Address{set: Street HouseNumber PostalCode City Country}"; got != want {
		t.Errorf("Address.GoString() = %q, want %q", got, want)
	}
	if err := (Address{Country: "de"}).Validate(); err == nil || !strings.Contains(err.Error(), "Address.Country") {
		t.Errorf("Address.Validate() = %v", err)
	}
}
