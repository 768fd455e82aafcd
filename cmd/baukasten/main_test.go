package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// runCmd runs the tool with args and returns its exit code and output.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, env{strings.NewReader(""), &out, &errb})
	return code, out.String(), errb.String()
}

func TestDispatch(t *testing.T) {
	tests := []struct {
		args     []string
		code     int
		inStderr string
	}{
		{nil, exitUsage, "usage: baukasten COMMAND"},
		{[]string{"help"}, exitOK, "ozg"},
		{[]string{"nope"}, exitUsage, `unknown command "nope"`},
		{[]string{"ozg"}, exitUsage, "subcommands:"},
		{[]string{"ozg", "nope"}, exitUsage, `unknown subcommand "nope"`},
		{[]string{"ozg", "region"}, exitUsage, "usage: baukasten ozg region"},
		{[]string{"ozg", "region", "-bogus", "07"}, exitUsage, "flag provided but not defined"},
		{[]string{"ozg", "parse", "ars"}, exitUsage, "usage: baukasten ozg parse"},
		{[]string{"ozg", "parse", "iban", "DE02"}, exitUsage, `unknown type "iban"`},
		{[]string{"xoev", "inspect"}, exitUsage, "usage:"},
		{[]string{"servicekonto", "verify"}, exitUsage, "usage"},
		{[]string{"xoev", "inspect", "testdata/nonexistent.xml"}, exitUsage, "nonexistent.xml"},
	}
	for _, tt := range tests {
		code, _, stderr := runCmd(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.inStderr) {
			t.Errorf("baukasten %q: exit %d, stderr %q; want exit %d, stderr containing %q", tt.args, code, stderr, tt.code, tt.inStderr)
		}
	}
}

func TestOZGRegion(t *testing.T) {
	code, out, stderr := runCmd(t, "ozg", "region", "071315001004", "07315000")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"071315001004\tGemeinde\tAntweiler",
		"AGS 07131004",
		"  in 071315001\tGemeindeverband\tAdenau",
		"073150000000\tGemeinde\tMainz, Stadt (Kreisfreie Stadt)\tAGS 07315000",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// A key that is well-formed but not in the directory, and one that is
	// malformed: both are findings (exit 1) named on stderr.
	code, _, stderr = runCmd(t, "ozg", "region", "079999999999", "07a")
	if code != exitFindings || !strings.Contains(stderr, "not in the region directory") || !strings.Contains(stderr, "character 3 is not a digit") {
		t.Errorf("exit %d, stderr %q; want exit 1 naming both faults", code, stderr)
	}
}

func TestOZGRegionJSON(t *testing.T) {
	code, out, stderr := runCmd(t, "ozg", "region", "-json", "07315000")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	var got []regionJSON
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	if len(got) != 1 || got[0].ARS.String() != "073150000000" || got[0].Name != "Mainz, Stadt" || len(got[0].Parents) != 4 {
		t.Errorf("got %+v, want Mainz with 4 parents", got)
	}
	if got[0].Parents[3].Name != "Rheinland-Pfalz" {
		t.Errorf("last parent %q, want Rheinland-Pfalz", got[0].Parents[3].Name)
	}
}

func TestOZGParse(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stdout for exit 0, in stderr otherwise
	}{
		{[]string{"leika", "99050012104000"}, exitOK, `"verrichtung":"104"`},
		{[]string{"leika", "urn:de:fim:leika:leistung:99102013104000"}, exitOK, `"leistungsobjekt":"013"`},
		{[]string{"leika", "98050012104000"}, exitFindings, "Leistungsschlüssel"},
		{[]string{"ars", "073150000000"}, exitOK, `"exists":true`},
		{[]string{"ags", "07315000"}, exitOK, `"exists":true`},
		{[]string{"fim", "F60000227V1.0"}, exitOK, `"kind":"Datenfeld"`},
		{[]string{"fim", "G60000000088"}, exitOK, `"xdatenfelder":3`},
		{[]string{"niveau", "SUBSTANTIELL"}, exitOK, `"stork":"STORK-QAA-Level-3"`},
		{[]string{"niveau", "mittel"}, exitFindings, "Vertrauensniveau"},
	}
	for _, tt := range tests {
		code, out, stderr := runCmd(t, append([]string{"ozg", "parse"}, tt.args...)...)
		text := out
		if tt.code != exitOK {
			text = stderr
		}
		if code != tt.code || !strings.Contains(text, tt.want) {
			t.Errorf("ozg parse %q: exit %d, stdout %q, stderr %q; want exit %d with %q", tt.args, code, out, stderr, tt.code, tt.want)
		}
	}
}
