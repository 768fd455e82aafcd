package servicekontocmd

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

const (
	sp  = "https://kommune.example/saml/sp"
	acs = "https://kommune.example/saml/acs"
)

var now = time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)

type fixture struct {
	dir, md, cert, key string
	idp                *servicekontotest.IdP
}

func setup(t *testing.T) *fixture {
	t.Helper()
	idp := servicekontotest.New(&servicekontotest.Options{Now: func() time.Time { return now }})
	t.Cleanup(idp.Close)
	dir := t.TempDir()
	f := &fixture{dir: dir, idp: idp}
	f.md = write(t, dir, "idp.xml", idp.Metadata())
	f.cert = write(t, dir, "idp.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: servicekontotest.IdPSigning().Cert.Raw}))
	k, err := x509.MarshalPKCS8PrivateKey(servicekontotest.SPEncryption().Key)
	if err != nil {
		t.Fatal(err)
	}
	f.key = write(t, dir, "sp-key.pem", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k}))
	return f
}

func write(t *testing.T, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) response(t *testing.T, o *servicekontotest.ResponseOptions, raw bool) string {
	t.Helper()
	r, err := f.idp.Respond(&servicekontotest.AuthnRequest{ID: "_req-1", Issuer: sp, ACSURL: acs}, o)
	if err != nil {
		t.Fatal(err)
	}
	if raw {
		return write(t, f.dir, "resp.xml", r.XML)
	}
	return write(t, f.dir, "resp.b64", []byte(r.SAMLResponse+"\n"))
}

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestVerifyAccepts(t *testing.T) {
	f := setup(t)
	for _, tc := range []struct {
		name string
		args func(resp string) []string
	}{
		{"metadata, base64", func(r string) []string {
			return []string{"verify", "--idp-metadata", f.md, "--sp-entity-id", sp, "--acs", acs, "--sp-key", f.key, "--request-id", "_req-1", "--now", "2026-05-04T10:01:00Z", r}
		}},
		{"cert, flags after RESPONSE", func(r string) []string {
			return []string{"verify", r, "--idp-cert", f.cert, "--sp-entity-id", sp, "--acs", acs, "--sp-key", f.key, "--now", "2026-05-04T10:01:00Z"}
		}},
	} {
		for _, raw := range []bool{false, true} {
			code, out, errs := run(tc.args(f.response(t, nil, raw))...)
			if code != 0 {
				t.Fatalf("%s raw=%v: exit %d\n%s%s", tc.name, raw, code, out, errs)
			}
			var got struct {
				Person struct {
					FamilyName string `json:"familyName"`
					BPK2       string `json:"bpk2"`
				} `json:"person"`
				Vertrauensniveau string `json:"vertrauensniveau"`
				Encrypted        bool   `json:"encrypted"`
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatalf("%s: %v\n%s", tc.name, err, out)
			}
			if got.Person.FamilyName != "Mustermann" || got.Vertrauensniveau != "hoch" || !got.Encrypted {
				t.Errorf("%s: got %+v", tc.name, got)
			}
		}
	}
}

func TestVerifyRejects(t *testing.T) {
	f := setup(t)
	base := func(resp string, extra ...string) []string {
		return append([]string{"verify", "--idp-metadata", f.md, "--sp-entity-id", sp, "--acs", acs, "--sp-key", f.key,
			"--request-id", "_req-1", "--now", "2026-05-04T10:01:00Z", resp}, extra...)
	}
	cases := []struct {
		name string
		o    servicekontotest.ResponseOptions
		args func(string) []string
		want string
	}{
		{"audience", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackWrongAudience}, func(r string) []string { return base(r) }, "rejected: audience: "},
		{"XSW3", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackXSW3, Plain: true}, func(r string) []string { return base(r) }, "rejected: assertion-count: "},
		{"SHA-1", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackSHA1}, func(r string) []string { return base(r) }, "rejected: algorithm: "},
		{"expired by --now", servicekontotest.ResponseOptions{}, func(r string) []string { return base(r, "--now", "2026-05-04T11:00:00Z") }, "rejected: expired: "},
		{"other request", servicekontotest.ResponseOptions{}, func(r string) []string { return base(r, "--request-id", "_other") }, "rejected: unknown-request: "},
		{"min level", servicekontotest.ResponseOptions{Level: 3}, func(r string) []string { return base(r, "--min-level", "STORK-QAA-Level-4") }, "rejected: trust-level: "},
		{"no key", servicekontotest.ResponseOptions{}, func(r string) []string {
			return []string{"verify", "--idp-metadata", f.md, "--sp-entity-id", sp, "--acs", acs, "--now", "2026-05-04T10:01:00Z", r}
		}, "rejected: decryption: "},
		{"doctype", servicekontotest.ResponseOptions{Attack: servicekontotest.AttackDoctype}, func(r string) []string { return base(r) }, "rejected: doctype: "},
	}
	for _, tc := range cases {
		code, out, errs := run(tc.args(f.response(t, &tc.o, false))...)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1\n%s%s", tc.name, code, out, errs)
			continue
		}
		if !strings.HasPrefix(out, tc.want) || strings.Count(out, "\n") != 1 {
			t.Errorf("%s: got %q, want prefix %q", tc.name, out, tc.want)
		}
	}
	// SHA-1 passes with --allow-sha1.
	o := servicekontotest.ResponseOptions{Attack: servicekontotest.AttackSHA1}
	if code, out, _ := run(base(f.response(t, &o, false), "--allow-sha1")...); code != 0 {
		t.Errorf("--allow-sha1: exit %d: %s", code, out)
	}
}

func TestUsage(t *testing.T) {
	f := setup(t)
	resp := f.response(t, nil, false)
	cases := [][]string{
		{},
		{"bogus"},
		{"verify"},
		{"verify", "--sp-entity-id", sp, "--acs", acs, resp},
		{"verify", "--idp-metadata", f.md, "--idp-cert", f.cert, "--sp-entity-id", sp, "--acs", acs, resp},
		{"verify", "--idp-metadata", f.md, "--acs", acs, resp},
		{"verify", "--idp-metadata", f.md, "--sp-entity-id", sp, "--acs", acs, "--min-level", "sehr hoch", resp},
		{"verify", "--idp-metadata", f.md, "--sp-entity-id", sp, "--acs", acs, "--now", "gestern", resp},
		{"verify", "--idp-metadata", f.md, "--sp-entity-id", sp, "--acs", acs, resp, resp},
		{"verify", "--nope"},
	}
	for _, args := range cases {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
	if code, _, _ := run("verify", "--idp-metadata", filepath.Join(f.dir, "missing.xml"), "--sp-entity-id", sp, "--acs", acs, resp); code != 1 {
		t.Errorf("missing metadata file: exit %d, want 1", code)
	}
}
