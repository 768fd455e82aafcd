package xoevcmd

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	receipt   = "../../../xoev/testdata/xwasser-1.0.0/examples/administration_receipt.xml"
	olb       = "../../../xoev/testdata/xwasser-1.0.0/examples/olb_report_minimal.xml"
	gewerbe   = "../../../xoev/testdata/xgewerbeanzeige-2.2/examples/xgwa2.2-valid.xml"
	codelists = "../../../xoev/genericode/testdata"
)

func run(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestInspect(t *testing.T) {
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"inspect", "--codelists", codelists, receipt}, []string{
			"standard:              XWasser",
			"message:               administration.quittung.0020",
			"nachrichtentyp:        0010 (administration.rueckweisung.0010) [urn:xoev-de:xwasser:codeliste:nachrichtentyp 1]",
			"nachrichtenUUID:       693c64d6-456f-4d14-abe7-fe9681c74aaf",
			"erstellungszeitpunkt:  2024-05-28T09:00:00",
			"autor:                 psw:11113110 Reader",
			"leser:                 psw:01003110 Author",
			`test:                  yes (test="true")`,
		}},
		{[]string{"inspect", gewerbe}, []string{
			"standard:              XGewerbeanzeige",
			"header form:           legacy",
			"autor:                 MELDID:12052000 Gewerbeamt Cottbus",
			"leser:                 azr:000100 Phantasie-Verteilplattform",
		}},
	}
	for _, tt := range tests {
		code, out, errs := run(tt.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d, stderr %s", tt.args, code, errs)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w+"\n") {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, w, out)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	code, out, _ := run("check", "--codelists", codelists, olb)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, w := range []string{"XOEV-STRICT-ESCAPE line 2 col 321", "XOEV-STRICT-TIMESTAMP-ZONE", "XOEV-STRICT-EMPTY-LISTVERSION"} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	// Without strict mode only the header rules remain; the wrong message
	// type is still an error.
	code, out, _ = run("check", "--codelists", codelists, "--strict=false", olb)
	if code != 1 || strings.Contains(out, "STRICT") || !strings.Contains(out, "XOEV-HDR-NACHRICHTENTYP") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	// A clean message passes.
	clean, err := os.ReadFile(receipt)
	if err != nil {
		t.Fatal(err)
	}
	fixed := strings.NewReplacer(
		`<verzeichnisdienst listVersionID="">`, `<verzeichnisdienst listVersionID="1">`,
		"<code></code>", "<code>DVDV</code>",
		"2024-05-28T09:00:00", "2024-05-28T09:00:00.000+02:00",
		"<code>0010</code>", "<code>0020</code>",
	).Replace(string(clean))
	f := filepath.Join(t.TempDir(), "clean.xml")
	os.WriteFile(f, []byte(fixed), 0o600)
	code, out, _ = run("check", "--codelists", codelists, f)
	if code != 0 {
		t.Errorf("clean message: exit %d:\n%s", code, out)
	}
	// Not decodable.
	bad := filepath.Join(t.TempDir(), "bad.xml")
	os.WriteFile(bad, []byte("<x/>"), 0o600)
	if code, _, _ := run("check", "--codelists", codelists, bad); code != 1 {
		t.Errorf("undecodable: exit %d, want 1", code)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"check", olb}, {"inspect"}, {"inspect", "a", "b"}, {"check", "--bogus", olb}, {"check", "--codelists", "/nonexistent/dir", olb}} {
		if code, _, _ := run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, _ := run("inspect", "/nonexistent.xml"); code != 2 {
		t.Errorf("missing file: exit %d, want 2", code)
	}
}
