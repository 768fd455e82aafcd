package servicekonto_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/internal/xmldsig"
	"github.com/ozg-baukasten/baukasten/internal/xmlenc"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

var testNow = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

const (
	spEntityID = "https://kommune.example/saml/sp"
	acsURL     = "https://kommune.example/saml/acs"
)

func newIdP(t testing.TB) *servicekontotest.IdP {
	t.Helper()
	idp := servicekontotest.New(&servicekontotest.Options{Now: func() time.Time { return testNow }})
	t.Cleanup(idp.Close)
	return idp
}

func newSP(t testing.TB, idp *servicekontotest.IdP, mod func(*servicekonto.Config)) *servicekonto.ServiceProvider {
	t.Helper()
	cfg := servicekonto.Config{
		EntityID:        spEntityID,
		ACSURL:          acsURL,
		SigningKey:      servicekontotest.SPSigning().Key,
		SigningCert:     servicekontotest.SPSigning().Cert,
		DecryptionKey:   servicekontotest.SPEncryption().Key,
		DecryptionCert:  servicekontotest.SPEncryption().Cert,
		IdP:             idp.ParsedMetadata(),
		DisplayName:     "Musterstadt",
		OnlineServiceID: "musterstadt-hundesteuer",
		Now:             func() time.Time { return testNow },
	}
	if mod != nil {
		mod(&cfg)
	}
	sp, err := servicekonto.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

// login runs one login: StartLogin, the IdP's answer with o, ProcessResponse.
func login(t testing.TB, sp *servicekonto.ServiceProvider, idp *servicekontotest.IdP, binding string, o *servicekontotest.ResponseOptions) (*servicekonto.Result, error) {
	t.Helper()
	l, err := sp.StartLogin(context.Background(), binding, "rs-1")
	if err != nil {
		t.Fatal(err)
	}
	resp, err := idp.Answer(l, o)
	if err != nil {
		t.Fatalf("IdP: %v", err)
	}
	if resp.RelayState != "rs-1" {
		t.Fatalf("RelayState: got %q, want rs-1", resp.RelayState)
	}
	return sp.ProcessResponse(context.Background(), resp.SAMLResponse)
}

func TestLoginAccepted(t *testing.T) {
	idp := newIdP(t)
	cases := []struct {
		name    string
		binding string
		o       servicekontotest.ResponseOptions
		legacy  servicekonto.Legacy
	}{
		{"post, signed then encrypted, RSA-SHA256", servicekonto.BindingPOST, servicekontotest.ResponseOptions{}, servicekonto.Legacy{}},
		{"redirect", servicekonto.BindingRedirect, servicekontotest.ResponseOptions{}, servicekonto.Legacy{}},
		{"PSS SHA-256", "", servicekontotest.ResponseOptions{SignatureMethod: xmldsig.RSAPSSSHA256}, servicekonto.Legacy{}},
		{"PSS SHA-512 and response signed", "", servicekontotest.ResponseOptions{SignatureMethod: xmldsig.RSAPSSSHA512, SignResponse: true}, servicekonto.Legacy{}},
		{"RSA-SHA384", "", servicekontotest.ResponseOptions{SignatureMethod: xmldsig.RSASHA384}, servicekonto.Legacy{}},
		{"RSA-SHA512", "", servicekontotest.ResponseOptions{SignatureMethod: xmldsig.RSASHA512}, servicekonto.Legacy{}},
		{"rollover key", "", servicekontotest.ResponseOptions{SignWithRollover: true}, servicekonto.Legacy{}},
		{"encrypted then signed", "", servicekontotest.ResponseOptions{EncryptThenSign: true}, servicekonto.Legacy{}},
		{"plain signed assertion", "", servicekontotest.ResponseOptions{Plain: true}, servicekonto.Legacy{}},
		{"AES-128-GCM", "", servicekontotest.ResponseOptions{DataEncryption: xmlenc.AES128GCM}, servicekonto.Legacy{}},
		{"rsa-oaep-mgf1p SHA-1", "", servicekontotest.ResponseOptions{KeyTransport: xmlenc.RSAOAEPMGF1P, OAEPDigest: xmlenc.DigestSHA1}, servicekonto.Legacy{}},
		{"rsa-oaep-mgf1p SHA-256", "", servicekontotest.ResponseOptions{KeyTransport: xmlenc.RSAOAEPMGF1P, OAEPDigest: xmlenc.DigestSHA256}, servicekonto.Legacy{}},
		{"xmlenc11 rsa-oaep SHA-1 MGF1-SHA-1", "", servicekontotest.ResponseOptions{KeyTransport: xmlenc.RSAOAEP, OAEPDigest: xmlenc.DigestSHA1, MGF: xmlenc.MGF1SHA1}, servicekonto.Legacy{}},
		{"xmlenc11 rsa-oaep SHA-256 MGF1-SHA-1", "", servicekontotest.ResponseOptions{KeyTransport: xmlenc.RSAOAEP, OAEPDigest: xmlenc.DigestSHA256, MGF: xmlenc.MGF1SHA1}, servicekonto.Legacy{}},
		{"EncryptedKey outside EncryptedData", "", servicekontotest.ResponseOptions{KeyOutside: true}, servicekonto.Legacy{}},
		{"legacy RSA 1.5 allowed", "", servicekontotest.ResponseOptions{KeyTransport: xmlenc.RSA15}, servicekonto.Legacy{AllowRSA15: true}},
		{"legacy AES-CBC allowed", "", servicekontotest.ResponseOptions{DataEncryption: xmlenc.AES256CBC}, servicekonto.Legacy{AllowCBC: true}},
		{"legacy SHA-1 allowed", "", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackSHA1}, servicekonto.Legacy{AllowSHA1: true}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sp := newSP(t, idp, func(c *servicekonto.Config) { c.Legacy = tc.legacy })
			res, err := login(t, sp, idp, tc.binding, &tc.o)
			if err != nil {
				t.Fatalf("got %v, want acceptance", err)
			}
			p := res.Identity.Person
			if p.GivenNames != "Erika" || p.FamilyName != "Mustermann" || p.BPK2 != "bPK2-TEST-0123456789abcdef" {
				t.Errorf("identity: got %q %q %q", p.GivenNames, p.FamilyName, p.BPK2)
			}
			if res.Identity.Vertrauensniveau != ozg.NiveauHoch || p.LoginMethod != ozg.LoginEID {
				t.Errorf("level/method: got %v %v", res.Identity.Vertrauensniveau, p.LoginMethod)
			}
			if res.RequestID == "" || res.AssertionID == "" {
				t.Errorf("IDs missing: %+v", res)
			}
		})
	}
}

func TestRejections(t *testing.T) {
	idp := newIdP(t)
	A := servicekontotest.ResponseOptions{}
	with := func(a servicekontotest.Attack) servicekontotest.ResponseOptions {
		o := A
		o.Attack = a
		return o
	}
	plain := func(a servicekontotest.Attack) servicekontotest.ResponseOptions {
		o := with(a)
		o.Plain = true
		return o
	}
	cases := []struct {
		name string
		o    servicekontotest.ResponseOptions
		mod  func(*servicekonto.Config)
		want servicekonto.Reason
	}{
		{"unsigned", with(servicekontotest.AttackUnsigned), nil, servicekonto.ReasonUnsigned},
		{"signature stripped", with(servicekontotest.AttackSignatureStripped), nil, servicekonto.ReasonUnsigned},
		{"tampered value", with(servicekontotest.AttackTamperedValue), nil, servicekonto.ReasonDigest},
		{"attacker key in KeyInfo", with(servicekontotest.AttackAttackerKeyInfo), nil, servicekonto.ReasonSignature},
		{"XSW1", with(servicekontotest.AttackXSW1), nil, servicekonto.ReasonWrapping},
		{"XSW2", with(servicekontotest.AttackXSW2), nil, servicekonto.ReasonWrapping},
		{"XSW3", plain(servicekontotest.AttackXSW3), nil, servicekonto.ReasonAssertionCount},
		{"XSW4", plain(servicekontotest.AttackXSW4), nil, servicekonto.ReasonWrapping},
		{"XSW5", plain(servicekontotest.AttackXSW5), nil, servicekonto.ReasonDuplicateID},
		{"XSW6", plain(servicekontotest.AttackXSW6), nil, servicekonto.ReasonDuplicateID},
		{"XSW7", plain(servicekontotest.AttackXSW7), nil, servicekonto.ReasonWrapping},
		{"XSW8", plain(servicekontotest.AttackXSW8), nil, servicekonto.ReasonWrapping},
		{"XSW4 encrypted", with(servicekontotest.AttackXSW4), nil, servicekonto.ReasonWrapping},
		{"XSW6 encrypted", with(servicekontotest.AttackXSW6), nil, servicekonto.ReasonDuplicateID},
		{"second unsigned assertion", plain(servicekontotest.AttackSecondAssertion), nil, servicekonto.ReasonAssertionCount},
		{"duplicate ID", plain(servicekontotest.AttackDuplicateID), nil, servicekonto.ReasonDuplicateID},
		{"expired", with(servicekontotest.AttackExpired), nil, servicekonto.ReasonExpired},
		{"not yet valid", with(servicekontotest.AttackNotYetValid), nil, servicekonto.ReasonNotYetValid},
		{"wrong audience", with(servicekontotest.AttackWrongAudience), nil, servicekonto.ReasonAudience},
		{"wrong recipient", with(servicekontotest.AttackWrongRecipient), nil, servicekonto.ReasonRecipient},
		{"no bearer confirmation", with(servicekontotest.AttackNoBearer), nil, servicekonto.ReasonSubjectConfirmation},
		{"wrong InResponseTo", with(servicekontotest.AttackWrongInResponseTo), nil, servicekonto.ReasonUnknownRequest},
		{"InResponseTo mismatch", with(servicekontotest.AttackInResponseToMismatch), nil, servicekonto.ReasonInResponseTo},
		{"wrong destination", with(servicekontotest.AttackWrongDestination), nil, servicekonto.ReasonDestination},
		{"wrong issuer", with(servicekontotest.AttackWrongIssuer), nil, servicekonto.ReasonIssuer},
		{"DOCTYPE XXE", with(servicekontotest.AttackDoctype), nil, servicekonto.ReasonDoctype},
		{"billion laughs", with(servicekontotest.AttackBillionLaughs), nil, servicekonto.ReasonDoctype},
		{"request denied", with(servicekontotest.AttackRequestDenied), nil, servicekonto.ReasonRequestDenied},
		{"responder error", with(servicekontotest.AttackResponderError), nil, servicekonto.ReasonStatus},
		{"tampered signed response", with(servicekontotest.AttackTamperedResponse), nil, servicekonto.ReasonDigest},
		{"SHA-1 without legacy option", with(servicekontotest.AttackSHA1), nil, servicekonto.ReasonAlgorithm},
		{"RSA 1.5 without legacy option", servicekontotest.ResponseOptions{KeyTransport: xmlenc.RSA15}, nil, servicekonto.ReasonAlgorithm},
		{"AES-CBC without legacy option", servicekontotest.ResponseOptions{DataEncryption: xmlenc.AES128CBC}, nil, servicekonto.ReasonAlgorithm},
		{"trust level too low", servicekontotest.ResponseOptions{Level: ozg.NiveauNiedrig}, nil, servicekonto.ReasonTrustLevel},
		{"no decryption key", A, func(c *servicekonto.Config) { c.DecryptionKey, c.DecryptionCert = nil, nil }, servicekonto.ReasonDecryption},
		{"wrong decryption key", A, func(c *servicekonto.Config) { c.DecryptionKey = servicekontotest.Attacker().Key }, servicekonto.ReasonDecryption},
		{"IdP key not in metadata", A, func(c *servicekonto.Config) {
			md := *c.IdP
			md.Certificates = md.Certificates[1:] // only the rollover key
			c.IdP = &md
		}, servicekonto.ReasonSignature},
		{"too large", A, func(c *servicekonto.Config) { c.MaxResponseSize = 1000 }, servicekonto.ReasonTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sp := newSP(t, idp, tc.mod)
			res, err := login(t, sp, idp, "", &tc.o)
			if err == nil {
				t.Fatalf("accepted (%v), want %v", res.Identity, tc.want)
			}
			if got := servicekonto.ReasonOf(err); got != tc.want {
				t.Fatalf("reason: got %v (%v), want %v", got, err, tc.want)
			}
			if !errors.Is(err, ozg.ErrUnauthenticated) {
				t.Errorf("code: got %v, want Unauthenticated", ozg.CodeOf(err))
			}
		})
	}
}

func TestRequestDeniedStatusDetail(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, nil)
	_, err := login(t, sp, idp, "", &servicekontotest.ResponseOptions{Attack: servicekontotest.AttackRequestDenied})
	var se *servicekonto.StatusError
	if !errors.As(err, &se) {
		t.Fatalf("got %v, want a *StatusError", err)
	}
	if se.SubCode != "urn:oasis:names:tc:SAML:2.0:status:RequestDenied" || se.Detail["errorCode"] != "USER_CANCELLED" {
		t.Errorf("got %+v", se)
	}
	if strings.Contains(err.Error(), "abgebrochen") {
		t.Errorf("error message carries the StatusMessage: %v", err)
	}
}

func TestReplay(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, nil)
	if _, err := login(t, sp, idp, "", nil); err != nil {
		t.Fatal(err)
	}
	_, err := login(t, sp, idp, "", &servicekontotest.ResponseOptions{Attack: servicekontotest.AttackReplay})
	if got := servicekonto.ReasonOf(err); got != servicekonto.ReasonReplay {
		t.Fatalf("got %v (%v), want replay", got, err)
	}
}

func TestRequestSingleUse(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, nil)
	l, err := sp.StartLogin(context.Background(), "", "")
	if err != nil {
		t.Fatal(err)
	}
	r1, _ := idp.Answer(l, nil)
	r2, _ := idp.Answer(l, nil) // a second, fresh assertion for the same request
	if _, err := sp.ProcessResponse(context.Background(), r1.SAMLResponse); err != nil {
		t.Fatal(err)
	}
	_, err = sp.ProcessResponse(context.Background(), r2.SAMLResponse)
	if got := servicekonto.ReasonOf(err); got != servicekonto.ReasonUnknownRequest {
		t.Fatalf("got %v, want unknown-request", got)
	}
}

func TestRequestExpires(t *testing.T) {
	idp := newIdP(t)
	now := testNow
	sp := newSP(t, idp, func(c *servicekonto.Config) { c.Now = func() time.Time { return now } })
	l, _ := sp.StartLogin(context.Background(), "", "")
	r, _ := idp.Answer(l, nil)
	now = now.Add(16 * time.Minute) // past RequestLifetime; the assertion is expired too
	_, err := sp.ProcessResponse(context.Background(), r.SAMLResponse)
	if got := servicekonto.ReasonOf(err); got != servicekonto.ReasonExpired {
		t.Fatalf("got %v, want expired", got)
	}
}

func TestUnsolicited(t *testing.T) {
	idp := newIdP(t)
	ar := &servicekontotest.AuthnRequest{ID: "", Issuer: spEntityID, ACSURL: acsURL}
	resp, err := idp.Respond(ar, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The fake IdP writes InResponseTo="" for an empty ID; strip it to make
	// the response truly unsolicited.
	sp := newSP(t, idp, nil)
	_, err = sp.ProcessResponseXML(context.Background(), resp.XML)
	if got := servicekonto.ReasonOf(err); got != servicekonto.ReasonUnsolicited {
		t.Fatalf("got %v (%v), want unsolicited", got, err)
	}
	sp = newSP(t, idp, func(c *servicekonto.Config) { c.AllowUnsolicited = true })
	if _, err = sp.ProcessResponseXML(context.Background(), resp.XML); err != nil {
		t.Fatalf("AllowUnsolicited: %v", err)
	}
}

// TestCommentAndCDATAReadWhole: a comment or CDATA section inserted into a
// signed value leaves the signature valid (exclusive c14n without comments
// ignores comments and resolves CDATA); the value must be read whole, as
// signed, not cut at the comment (the comment-injection attack on SAML SPs
// that read only the first text node).
func TestCommentAndCDATAReadWhole(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, nil)
	for _, attack := range []servicekontotest.Attack{servicekontotest.AttackCommentInjection, servicekontotest.AttackCDATASplit} {
		for _, o := range []servicekontotest.ResponseOptions{{Attack: attack}, {Attack: attack, Plain: true}, {Attack: attack, EncryptThenSign: true}} {
			res, err := login(t, sp, idp, "", &o)
			if err != nil {
				t.Fatalf("%+v: %v", o, err)
			}
			if got := res.Identity.Person.BPK2; got != "bPK2-TEST-0123456789abcdef" {
				t.Errorf("%+v: bPK2 got %q, want the whole value", o, got)
			}
		}
	}
}

func TestOrganisationMapping(t *testing.T) {
	idp := newIdP(t)
	names := servicekonto.OrganisationAttributes{Name: "urn:example:org:name", ElsterAccountID: "urn:example:org:elster", City: "urn:example:org:city"}
	sp := newSP(t, idp, func(c *servicekonto.Config) { c.Organisation = names })
	attrs := []servicekontotest.Attribute{
		{Name: "urn:example:org:name", Values: []string{"Muster GmbH"}},
		{Name: "urn:example:org:elster", Values: []string{"1234567"}},
		{Name: "urn:example:org:city", Values: []string{"Mainz"}},
	}
	res, err := login(t, sp, idp, "", &servicekontotest.ResponseOptions{Attributes: attrs})
	if err != nil {
		t.Fatal(err)
	}
	o := res.Identity.Organisation
	if o == nil || o.Name != "Muster GmbH" || o.ElsterAccountID != "1234567" || o.Address.City != "Mainz" {
		t.Fatalf("got %+v", o)
	}
	// A citizen login carries none of them: no Organisation.
	res, err = login(t, sp, idp, "", nil)
	if err != nil || res.Identity.Organisation != nil {
		t.Fatalf("citizen: got %v, %v", res.Identity.Organisation, err)
	}
}

func TestIdentityMapping(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, func(c *servicekonto.Config) { c.MinLevel = ozg.NiveauSubstanziell })
	attrs := []servicekontotest.Attribute{
		{Name: servicekonto.AttrBPK2, Values: []string{"bpk"}, TrustLevel: "HOCH"},
		{Name: servicekonto.AttrGivenName, Values: []string{"Max Otto"}, TrustLevel: "STORK-QAA-Level-4"},
		{Name: servicekonto.AttrSurname, Values: []string{"Muster"}, TrustLevel: "NORMAL"},
		// FriendlyName says surname, Name says birthName: Name wins.
		{Name: servicekonto.AttrBirthName, FriendlyName: "surname", Values: []string{"Geburtsname"}},
		{Name: "urn:oid: 1.2.40.0.10.2.1.1.552255", Values: []string{"ID"}},         // documented variant with space
		{Name: "urn:oid:1.3.6.1.4.1.25484.494450.4 ", Values: []string{"app-1"}},    // trailing space
		{Name: "urn:oid:1.3.6.1.4.1.25484.494450.5 ", Values: []string{"05315000"}}, // communityId
		{Name: servicekonto.AttrPostboxHandle, Values: []string{"pbh"}},
		{Name: servicekonto.AttrAssertionProvedBy, Values: []string{"Elster"}},
		{Name: servicekonto.AttrPostalAddress, Values: []string{"Am Markt 3a"}},
		{Name: servicekonto.AttrGender, Values: []string{"2"}},
		{Name: servicekonto.AttrBirthdate, Values: []string{"1980-02-29"}},
		{Name: servicekonto.AttrNationality, Values: []string{"DE"}},
		{Name: servicekonto.AttrTelephoneNumber, Values: []string{"+49 221 12345"}},
		{Name: "urn:oid:9.9.9", Values: []string{"unknown"}},
	}
	res, err := login(t, sp, idp, "", &servicekontotest.ResponseOptions{Attributes: attrs, Level: ozg.NiveauSubstanziell})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Identity
	p := id.Person
	checks := []struct{ name, got, want string }{
		{"BPK2", p.BPK2, "bpk"},
		{"GivenNames", p.GivenNames, "Max Otto"},
		{"FamilyName", p.FamilyName, "Muster"},
		{"BirthName", p.BirthName, "Geburtsname"},
		{"DocumentType", id.DocumentType, "ID"},
		{"ApplicationID", id.ApplicationID, "app-1"},
		{"CommunityID", id.CommunityID, "05315000"},
		{"PostboxHandle", p.PostboxHandle, "pbh"},
		{"AssertionProvedBy", id.AssertionProvedBy, "Elster"},
		{"Street", p.Address.Street, "Am Markt"},
		{"HouseNumber", p.Address.HouseNumber, "3a"},
		{"BirthDate", p.BirthDate.String(), "1980-02-29"},
		{"Nationality", p.Nationality, "DE"},
		{"Phone", p.Phone, "+49 221 12345"},
		{"unknown attribute", strings.Join(id.Attributes["urn:oid:9.9.9"], ","), "unknown"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, c.got, c.want)
		}
	}
	if p.LoginMethod != ozg.LoginELSTER || p.Gender != ozg.GenderFemale {
		t.Errorf("LoginMethod %v Gender %v", p.LoginMethod, p.Gender)
	}
	// Per-attribute levels: never above the login's substanziell.
	levels := map[string]ozg.Vertrauensniveau{
		servicekonto.AttrBPK2:      ozg.NiveauSubstanziell, // HOCH capped
		servicekonto.AttrGivenName: ozg.NiveauSubstanziell, // STORK-QAA-Level-4 capped
		servicekonto.AttrSurname:   ozg.NiveauNiedrig,      // NORMAL
	}
	for name, want := range levels {
		if got := id.AttributeLevels[name]; got != want {
			t.Errorf("level of %s: got %v, want %v", name, got, want)
		}
	}
	if s := id.String(); strings.Contains(s, "Muster") || strings.Contains(s, "bpk") {
		t.Errorf("String leaks personal data: %s", s)
	}
}

func TestNewRequiresConfig(t *testing.T) {
	idp := newIdP(t)
	md := idp.ParsedMetadata()
	ok := servicekonto.Config{EntityID: "e", ACSURL: "a", IdP: md}
	cases := map[string]func(*servicekonto.Config){
		"empty":              func(c *servicekonto.Config) { *c = servicekonto.Config{} },
		"no IdP":             func(c *servicekonto.Config) { c.IdP = nil },
		"key without cert":   func(c *servicekonto.Config) { c.SigningKey = servicekontotest.SPSigning().Key },
		"unknown method":     func(c *servicekonto.Config) { c.AuthnMethods = map[string]bool{"x><y": true} },
		"empty attribute":    func(c *servicekonto.Config) { c.RequestedAttributes = []servicekonto.RequestedAttribute{{}} },
		"level out of range": func(c *servicekonto.Config) { c.MinLevel = 9 },
	}
	for name, mod := range cases {
		c := ok
		mod(&c)
		if _, err := servicekonto.New(c); !errors.Is(err, ozg.ErrInvalidArgument) {
			t.Errorf("%s: got %v, want InvalidArgument", name, err)
		}
	}
	sp, err := servicekonto.New(ok)
	if err != nil {
		t.Fatal(err)
	}
	// Verify-only: no signing key, so no logins.
	if _, err := sp.StartLogin(context.Background(), "", ""); !errors.Is(err, ozg.ErrFailedPrecondition) {
		t.Errorf("StartLogin without key: got %v, want FailedPrecondition", err)
	}
}

func TestRelayStateLimit(t *testing.T) {
	idp := newIdP(t)
	sp := newSP(t, idp, nil)
	_, err := sp.StartLogin(context.Background(), "", strings.Repeat("x", 81))
	if got := servicekonto.ReasonOf(err); got != servicekonto.ReasonRelayState {
		t.Fatalf("got %v, want relay-state", got)
	}
	if _, err := sp.StartLogin(context.Background(), "", strings.Repeat("x", 80)); err != nil {
		t.Fatalf("80 bytes: %v", err)
	}
}

// TestWrappingWithoutStructureCheck shows defence in depth: with the
// structural pre-check off, the signature layer alone refuses every
// wrapping variant, each with its own reason.
func TestWrappingWithoutStructureCheck(t *testing.T) {
	servicekonto.SetStructureCheck(false)
	defer servicekonto.SetStructureCheck(true)
	idp := newIdP(t)
	cases := []struct {
		attack servicekontotest.Attack
		plain  bool
		want   servicekonto.Reason
	}{
		{servicekontotest.AttackXSW1, false, servicekonto.ReasonMalformed}, // foreign element inside ds:Signature
		{servicekontotest.AttackXSW2, false, servicekonto.ReasonReference}, // Reference is not the root's own ID
		{servicekontotest.AttackXSW3, true, servicekonto.ReasonAssertionCount},
		{servicekontotest.AttackXSW4, true, servicekonto.ReasonUnsigned},
		{servicekontotest.AttackXSW5, true, servicekonto.ReasonAssertionCount},
		{servicekontotest.AttackXSW6, true, servicekonto.ReasonMalformed},
		{servicekontotest.AttackXSW7, true, servicekonto.ReasonUnsigned},
		{servicekontotest.AttackXSW8, true, servicekonto.ReasonReference},
		{servicekontotest.AttackSecondAssertion, true, servicekonto.ReasonAssertionCount},
		{servicekontotest.AttackDuplicateID, true, servicekonto.ReasonReference},
	}
	for _, tc := range cases {
		sp := newSP(t, idp, nil)
		_, err := login(t, sp, idp, "", &servicekontotest.ResponseOptions{Attack: tc.attack, Plain: tc.plain})
		if got := servicekonto.ReasonOf(err); got != tc.want {
			t.Errorf("attack %d: got %v (%v), want %v", tc.attack, got, err, tc.want)
		}
	}
}
