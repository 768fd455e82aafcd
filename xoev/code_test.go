package xoev

import (
	"encoding/xml"
	"errors"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg"
)

func TestCodeTypes(t *testing.T) {
	const nt = "urn:xoev-de:xwasser:codeliste:nachrichtentyp"
	reg := registry(t)
	tests := []struct {
		name string
		spec CodeSpec
		code Code
		rule string // "" = valid
		want string // filled name
	}{
		{"type 1 no list", CodeSpec{Type: CodeType1}, Code{Code: "x"}, "", ""},
		{"type 1 with list", CodeSpec{Type: CodeType1, ListURI: nt, ListVersionID: "1"}, Code{Code: "0020"}, "", "administration.quittung.0020"},
		{"type 2 omitted attrs", CodeSpec{Type: CodeType2, ListURI: nt, ListVersionID: "1"}, Code{Code: "2010"}, "", "vorgang.transportieren.2010"},
		{"type 2 matching attrs", CodeSpec{Type: CodeType2, ListURI: nt, ListVersionID: "1"}, Code{Code: "2010", ListURI: nt, ListVersionID: "1"}, "", "vorgang.transportieren.2010"},
		{"type 2 wrong version", CodeSpec{Type: CodeType2, ListURI: nt, ListVersionID: "1"}, Code{Code: "2010", ListVersionID: "2"}, "list-version", ""},
		{"type 2 wrong uri", CodeSpec{Type: CodeType2, ListURI: nt, ListVersionID: "1"}, Code{Code: "2010", ListURI: "urn:x"}, "list-uri", ""},
		{"type 3", CodeSpec{Type: CodeType3, ListURI: nt}, Code{Code: "2010", ListVersionID: "1"}, "", "vorgang.transportieren.2010"},
		{"type 3 without version", CodeSpec{Type: CodeType3, ListURI: nt}, Code{Code: "2010"}, "list-version", ""},
		{"type 3 version not loaded", CodeSpec{Type: CodeType3, ListURI: nt}, Code{Code: "2010", ListVersionID: "9"}, "list-not-loaded", ""},
		{"type 4", CodeSpec{Type: CodeType4}, Code{Code: "09", ListURI: ListErreichbarkeit, ListVersionID: "3"}, "", "Web"},
		{"type 4 without uri", CodeSpec{Type: CodeType4}, Code{Code: "09", ListVersionID: "3"}, "list-version", ""},
		{"unknown code", CodeSpec{Type: CodeType4}, Code{Code: "99", ListURI: ListErreichbarkeit, ListVersionID: "3"}, "code-unknown", ""},
		{"empty code", CodeSpec{Type: CodeType4}, Code{ListURI: ListErreichbarkeit, ListVersionID: "3"}, "code-empty", ""},
		{"name kept", CodeSpec{Type: CodeType4}, Code{Code: "09", Name: "Internet", ListURI: ListErreichbarkeit, ListVersionID: "3"}, "", "Internet"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.code
			err := Validate(reg, tt.spec, "f", &c)
			if tt.rule == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c.Name != tt.want {
					t.Errorf("name %q, want %q", c.Name, tt.want)
				}
				return
			}
			var ce *CodeError
			if !errors.As(err, &ce) || ce.Rule != tt.rule {
				t.Fatalf("got %v, want rule %s", err, tt.rule)
			}
			wantCode := ozg.InvalidArgument
			if tt.rule == "list-not-loaded" {
				wantCode = ozg.NotFound
			}
			if ozg.CodeOf(err) != wantCode {
				t.Errorf("code %v, want %v", ozg.CodeOf(err), wantCode)
			}
		})
	}
}

func TestCodeXMLPresence(t *testing.T) {
	var c Code
	if err := xml.Unmarshal([]byte(`<v listVersionID=""><code> 01 </code><name></name></v>`), &c); err != nil {
		t.Fatal(err)
	}
	if c.Code != "01" || !c.HasListVersionID() || c.HasListURI() || !c.HasName() {
		t.Errorf("decoded %+v", c)
	}
	out, err := xml.Marshal(struct {
		XMLName xml.Name `xml:"w"`
		V       Code     `xml:"v"`
	}{V: c})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), `<w><v listVersionID=""><code>01</code><name></name></v></w>`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}
