package antrag

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"
)

var (
	citizen   = Actor{Kind: "applicant", ID: "postbox-1"}
	service   = Actor{Kind: "system", ID: "onlinedienst"}
	clerk     = Actor{Kind: "authority", ID: "sb-42"}
	hundData  = json.RawMessage(`{"G99000001":{"F60000227":"Mustermann","F60000228":"Erika"},"G99000002":{"F99000003":"Bello","F99000004":"002","F99000005":"2025-04-01","F99000006":"2025-07-15","F99000007":false},"F99000008":1}`)
	hundLeika = ozg.MustParseLeistungsschluessel("99102013104000")
)

// clock returns a clock that advances one minute per call.
func clock() func() time.Time {
	t := time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)
	return func() time.Time { t = t.Add(time.Minute); return t }
}

func declaration() Declaration {
	return Declaration{Text: "Zusammenfassung …", Warning: "Bitte prüfen Sie Ihre Angaben vor dem Absenden.", WarningAcknowledged: true}
}

func newHund(t *testing.T, m *Machine, fee string) (*Antrag, *Form) {
	t.Helper()
	f := loadHund(t)
	a, err := m.New(Spec{Leistung: hundLeika, LeistungName: "Hundesteuer Anmeldung", Gebiet: ozg.MustParseARS("071110000000"),
		Form: f, Vertrauensniveau: ozg.NiveauSubstanziell, Gebuehr: decimal.RequireFromString(fee)}, citizen)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Edit(a, citizen, hundData, nil); err != nil {
		t.Fatal(err)
	}
	return a, f
}

func TestLifecycleWithFee(t *testing.T) {
	m := &Machine{Now: clock(), NewID: func() string { return "a-1" }}
	a, f := newHund(t, m, "15.00")
	if err := m.Submit(a, citizen, Login{Level: ozg.NiveauSubstanziell}); !errors.Is(err, ozg.ErrFailedPrecondition) {
		t.Fatalf("submit in draft: %v", err)
	}
	if _, err := m.Review(a, citizen, f, Declaration{Text: "x", Warning: "y"}); !errors.Is(err, ozg.ErrFailedPrecondition) {
		t.Fatalf("review without acknowledgement: %v", err)
	}
	if rep, err := m.Review(a, citizen, f, declaration()); err != nil || !rep.Valid() {
		t.Fatalf("review: %v %v", err, rep)
	}
	err := m.Submit(a, citizen, Login{Level: ozg.NiveauSubstanziell})
	var te *TransitionError
	if !errors.As(err, &te) || te.Reason != "fee not paid" {
		t.Fatalf("submit unpaid: %v", err)
	}
	if err := m.Pay(a, service, Payment{Status: "BOOKED", GrossAmount: decimal.RequireFromString("14.99")}); err == nil {
		t.Fatal("wrong amount accepted")
	}
	pay := Payment{TransactionID: "tx-1", TransactionReference: "KZ-2026-1", PaymentMethod: "CREDITCARD", Status: "BOOKED", GrossAmount: decimal.RequireFromString("15")}
	if err := m.Pay(a, service, pay); err != nil {
		t.Fatal(err)
	}
	err = m.Submit(a, citizen, Login{Level: ozg.NiveauNiedrig})
	if !errors.Is(err, ErrTrustLevel) || !errors.Is(err, ozg.ErrPermissionDenied) || a.State != Paid {
		t.Fatalf("low trust level: %v, state %s", err, a.State)
	}
	if err := m.Submit(a, citizen, Login{Method: ozg.LoginEID, Level: ozg.NiveauHoch}); err != nil {
		t.Fatal(err)
	}
	if err := m.Edit(a, citizen, hundData, nil); !errors.As(err, &te) || te.From != Submitted {
		t.Fatalf("edit after submit: %v", err)
	}
	dest := Destination{ID: "d-1"}
	for _, step := range []func() error{
		func() error { return m.Forward(a, service, dest) },
		func() error { return m.Accept(a, clerk) },
		func() error { return m.Decide(a, clerk, "bescheid-1") },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	if err := m.Withdraw(a, citizen, ""); err == nil {
		t.Fatal("withdrawn after decision")
	}
	want := []struct {
		from, to State
		by       Actor
	}{
		{"", Draft, citizen}, {Draft, Draft, citizen}, {Draft, Reviewed, citizen}, {Reviewed, Paid, service},
		{Paid, Submitted, citizen}, {Submitted, Forwarded, service}, {Forwarded, Accepted, clerk}, {Accepted, Decided, clerk},
	}
	if len(a.History) != len(want) {
		t.Fatalf("history %+v", a.History)
	}
	for i, w := range want {
		h := a.History[i]
		if h.From != w.from || h.To != w.to || h.By != w.by || !h.At.Equal(time.Date(2026, 11, 29, 10, i+1, 0, 0, time.UTC)) {
			t.Errorf("history[%d] = %+v, want %v→%v by %v", i, h, w.from, w.to, w.by)
		}
	}
	cp, ok := a.CitizenCopy()
	if !ok || cp.Declaration.DataSHA512 != a.DataSHA512() || !cp.Declaration.WarningAcknowledged || string(cp.Data) != string(hundData) ||
		!cp.SubmittedAt.Equal(a.History[4].At) || a.Bescheid != "bescheid-1" {
		t.Errorf("citizen's copy %+v", cp)
	}
	md := a.Metadata()
	b, _ := json.Marshal(md)
	var back map[string]any
	json.Unmarshal(b, &back)
	if md.PublicServiceType.Identifier != "urn:de:fim:leika:leistung:99102013104000" || md.ContentStructure.Data.SubmissionSchema.SchemaURI != "https://schema.fitko.de/fim/s99000001_1.0.schema.json" ||
		back["paymentInformation"].(map[string]any)["grossAmount"] != 15.0 || len(md.ContentStructure.Data.Hash.Content) != 128 ||
		md.AdditionalReferenceInfo.ApplicationDate != "2026-11-29" {
		t.Errorf("metadata %s", b)
	}
}

func TestLifecycleWithoutFee(t *testing.T) {
	m := &Machine{Now: clock()}
	a, f := newHund(t, m, "0")
	if _, err := m.Review(a, citizen, f, declaration()); err != nil {
		t.Fatal(err)
	}
	if err := m.Pay(a, service, Payment{Status: "BOOKED"}); err == nil {
		t.Fatal("payment accepted without fee")
	}
	if _, ok := a.CitizenCopy(); ok {
		t.Error("citizen's copy before submission")
	}
	// Editing after review returns to draft and needs a new review.
	if err := m.Edit(a, citizen, hundData, nil); err != nil || a.State != Draft || a.Declaration != nil {
		t.Fatalf("edit after review: %v %s", err, a.State)
	}
	if _, err := m.Review(a, citizen, f, declaration()); err != nil {
		t.Fatal(err)
	}
	if err := m.Submit(a, citizen, Login{Level: ozg.NiveauSubstanziell}); err != nil {
		t.Fatal(err)
	}
	if err := m.Forward(a, service, Destination{ID: "d"}); err != nil {
		t.Fatal(err)
	}
	if err := m.Reject(a, clerk, "nicht zuständig"); err != nil {
		t.Fatal(err)
	}
	if err := m.Accept(a, clerk); err == nil {
		t.Fatal("accepted after rejection")
	}
	if len(a.ID) != 36 {
		t.Errorf("generated ID %q", a.ID)
	}
}

func TestReviewRejectsInvalidData(t *testing.T) {
	m := &Machine{Now: clock()}
	a, f := newHund(t, m, "0")
	if err := m.Edit(a, citizen, json.RawMessage(`{"F99000008":0}`), nil); err != nil {
		t.Fatal(err)
	}
	rep, err := m.Review(a, citizen, f, declaration())
	if !errors.Is(err, ozg.ErrInvalidArgument) || rep == nil || rep.Valid() || a.State != Draft {
		t.Fatalf("review of invalid data: %v %v %s", err, rep, a.State)
	}
}

// TestTransitionTable checks every action from every state against the
// documented machine.
func TestTransitionTable(t *testing.T) {
	allowed := map[State][]Action{
		Draft:     {ActionEdit, ActionReview, ActionWithdraw},
		Reviewed:  {ActionEdit, ActionPay, ActionSubmit, ActionWithdraw},
		Paid:      {ActionSubmit, ActionWithdraw},
		Submitted: {ActionForward, ActionWithdraw},
		Forwarded: {ActionAccept, ActionReject, ActionWithdraw},
		Accepted:  {ActionDecide, ActionWithdraw},
		Rejected:  {ActionDecide},
		Decided:   nil,
		Withdrawn: nil,
	}
	for s, want := range allowed {
		got := Allowed(s)
		if len(got) != len(want) {
			t.Errorf("Allowed(%s) = %v, want %v", s, got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("Allowed(%s) = %v, want %v", s, got, want)
			}
		}
	}
	m := &Machine{Now: clock()}
	a := &Antrag{State: Decided}
	err := m.Withdraw(a, citizen, "")
	var te *TransitionError
	if !errors.As(err, &te) || te.Action != ActionWithdraw || te.From != Decided || ozg.CodeOf(err) != ozg.FailedPrecondition || len(a.History) != 0 {
		t.Errorf("illegal transition: %v", err)
	}
}

func TestAttachment(t *testing.T) {
	content := []byte("abc")
	at := NewAttachment("0b7c8f4e-5d0a-4c8e-9b1a-2f3d4e5f6a7b", "impfpass.pdf", "application/pdf", "attachment", content)
	// SHA-512("abc") from FIPS 180-2, appendix C.1.
	const want = "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
	if at.SHA512 != want || at.Size != 3 || !at.Verify(content) || at.Verify([]byte("abd")) {
		t.Errorf("attachment %+v", at)
	}
}

func TestCloneIsDeep(t *testing.T) {
	a := &Antrag{Data: json.RawMessage(`{}`), History: []Transition{{To: Draft}}, Declaration: &Declaration{Text: "x"},
		Destination: &Destination{MetadataVersions: []string{"1.0.0"}}}
	c := a.Clone()
	c.Data[0] = '['
	c.History[0].To = Decided
	c.Declaration.Text = "y"
	c.Destination.MetadataVersions[0] = "2"
	if a.Data[0] != '{' || a.History[0].To != Draft || a.Declaration.Text != "x" || a.Destination.MetadataVersions[0] != "1.0.0" {
		t.Error("Clone shares memory")
	}
}

// TestMetadataAgainstFITConnectSchema validates Antrag.Metadata against the
// official FIT-Connect metadata schema 1.0.0.
func TestMetadataAgainstFITConnectSchema(t *testing.T) {
	f, err := os.Open("testdata/fit-connect/metadata.schema.1.0.0.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource(MetadataSchema100, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(MetadataSchema100)
	if err != nil {
		t.Fatal(err)
	}
	m := &Machine{Now: clock()}
	a, form := newHund(t, m, "60")
	att := NewAttachment("0b7c8f4e-5d0a-4c8e-9b1a-2f3d4e5f6a7b", "impfpass.pdf", "application/pdf", "attachment", []byte("%PDF-1.7"))
	if err := m.Edit(a, citizen, hundData, []Attachment{att}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Review(a, citizen, form, declaration()); err != nil {
		t.Fatal(err)
	}
	validate := func(name string) {
		t.Helper()
		b, err := json.Marshal(a.Metadata())
		if err != nil {
			t.Fatal(err)
		}
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: metadata %s invalid: %v", name, b, err)
		}
	}
	validate("reviewed")
	if err := m.Pay(a, service, Payment{TransactionID: "9xxd-432x-6543", TransactionReference: "KZ-2026-0001", TransactionURL: "https://pay.example/tx/1",
		TransactionTimestamp: time.Date(2026, 11, 29, 10, 5, 0, 0, time.UTC), PaymentMethod: "GIROPAY", Status: "BOOKED", GrossAmount: decimal.RequireFromString("60.00")}); err != nil {
		t.Fatal(err)
	}
	if err := m.Submit(a, citizen, Login{Method: ozg.LoginEID, Level: ozg.NiveauHoch, IdentificationReport: "eyJhbGciOiJFUzI1NiJ9.e30.c2ln", IdentificationReportVersion: "1.0.0"}); err != nil {
		t.Fatal(err)
	}
	validate("submitted")
	md := a.Metadata()
	if len(md.ContentStructure.Attachments) != 1 || md.ContentStructure.Attachments[0].Hash.Content != att.SHA512 || md.AuthenticationInformation[0].Type != "identificationReport" {
		t.Errorf("metadata %+v", md)
	}
	// A defect the schema must catch: the oracle can fail.
	md.PaymentInformation.Status = "PAID"
	b, _ := json.Marshal(md)
	v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if sch.Validate(v) == nil {
		t.Error("schema accepted status PAID")
	}
}

func TestPrefillPerson(t *testing.T) {
	p := ozg.Person{FamilyName: "Mustermann", GivenNames: "Erika", BirthDate: ozg.MustDate("1964-08-12"),
		Address: ozg.Address{Street: "Heidestraße", HouseNumber: "17", PostalCode: "51147", City: "Köln"}}
	f := loadHund(t)
	got, err := f.PrefillPerson("G99000001", p)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["F60000227"] != "Mustermann" || got["F60000228"] != "Erika" {
		t.Errorf("Hundesteuer owner = %v", got)
	}
	if _, err := f.PrefillPerson("G12345678", p); !errors.Is(err, ozg.ErrNotFound) {
		t.Errorf("unknown group: %v", err)
	}
	// In S00000094 the pregnant woman's group holds name, birth date and a
	// nested address.
	s94 := loadS94(t)
	got, err = s94.PrefillPerson("G00000255", p)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got)
	want := `{"F60000227":"Mustermann","F60000228":"Erika","G60000083":{"F60000231":12,"F60000232":8,"F60000233":1964},"G60000093":{"G60000088":{"G60000086":{"F60000243":"Heidestraße","F60000244":"17","F60000246":"51147","F60000247":"Köln"}}}}`
	if string(b) != want {
		t.Errorf("S00000094 prefill\n got %s\nwant %s", b, want)
	}
}

func TestTrustLevelMatrix(t *testing.T) {
	tests := []struct {
		required, login ozg.Vertrauensniveau
		ok              bool
	}{
		{ozg.NiveauSubstanziell, ozg.NiveauHoch, true},
		{ozg.NiveauSubstanziell, ozg.NiveauSubstanziell, true},
		{ozg.NiveauSubstanziell, ozg.NiveauNiedrig, false},
		{ozg.NiveauSubstanziell, 0, false},
		{ozg.NiveauHoch, ozg.NiveauSubstanziell, false},
		{0, 0, true},
		{0, ozg.NiveauBasisregistrierung, true},
	}
	for _, tt := range tests {
		m := &Machine{Now: clock()}
		a := &Antrag{State: Reviewed, Vertrauensniveau: tt.required, Data: hundData}
		a.Declaration = &Declaration{DataSHA512: a.DataSHA512()}
		err := m.Submit(a, citizen, Login{Level: tt.login})
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrTrustLevel)) {
			t.Errorf("required %v, login %v: %v", tt.required, tt.login, err)
		}
	}
}
