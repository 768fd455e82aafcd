package main

import (
	"encoding/json"
	"net/url"
	"testing"
)

// FuzzParseForm: whatever a browser posts, parseForm yields JSON that
// Validate reads (violations are data, never an error), locked fields keep
// the login's values, and nothing panics.
func FuzzParseForm(f *testing.F) {
	form, err := testForm()
	if err != nil {
		f.Fatal(err)
	}
	items := form.Describe().Items
	f.Add(validForm("x").Encode())
	f.Add("G99000002%2FF99000003=Bello&F99000008=abc&G99000002%2FF99000007=vielleicht")
	f.Add("F99000008=1e400&G99000002%2FF99000005=2025-02-30&G99000001%2FF60000227=Anderer")
	f.Add("%zz=&&=")
	locked := map[string]any{ownerGroup: map[string]any{"F60000227": "Mustermann", "F60000228": "Erika"}}
	f.Fuzz(func(t *testing.T, body string) {
		post, _ := url.ParseQuery(body)
		data := parseForm(items, post, locked)
		raw, err := json.Marshal(data)
		if err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		if _, err := form.Validate(raw); err != nil {
			t.Fatalf("Validate: %v", err)
		}
		if lookup(data, "G99000001/F60000227") != "Mustermann" {
			t.Fatalf("locked field taken from the request: %v", lookup(data, "G99000001/F60000227"))
		}
	})
}

// TestParseFormTypes: values are typed as the form description says.
func TestParseFormTypes(t *testing.T) {
	form, err := testForm()
	if err != nil {
		t.Fatal(err)
	}
	post := url.Values{"G99000002/F99000007": {"true"}, "F99000008": {"2"}, "G99000002/F99000003": {"  Bello  "}}
	data := parseForm(form.Describe().Items, post, nil)
	raw, _ := json.Marshal(data)
	if got := string(raw); got != `{"F99000008":2,"G99000002":{"F99000003":"Bello","F99000007":true}}` {
		t.Fatalf("got %s", got)
	}
	for _, tc := range []struct{ in, want string }{{"2025-04-01", "01.04.2025"}, {"kein Datum", "kein Datum"}} {
		if _, d := valueText(form.Describe().Items[1].Children[2], tc.in); d != tc.want {
			t.Errorf("date %q shown as %q", tc.in, d)
		}
	}
}
