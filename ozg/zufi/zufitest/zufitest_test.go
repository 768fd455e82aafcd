package zufitest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg/zufi/zufitest"
)

func TestNewRejectsBadDocuments(t *testing.T) {
	if _, err := zufitest.New([][]byte{[]byte("<kein-xzufi/>")}, nil); err == nil || !strings.Contains(err.Error(), "document 0") {
		t.Errorf("got %v", err)
	}
}

// TestEndpoints requests the real Suchdienst paths below the base URL and
// checks status and a piece of each answer.
func TestEndpoints(t *testing.T) {
	doc, err := os.ReadFile("../testdata/hundesteuer-mayen-koblenz_xzufi-2.2.0.xml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := zufitest.New([][]byte{doc}, &zufitest.Options{PageSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasSuffix(s.URL, "/suchdienst/api") {
		t.Errorf("base URL %s", s.URL)
	}
	cases := []struct {
		path     string
		status   int
		contains string
	}{
		{"/v2/locations?q=56637", 200, `"name":"Plaidt"`},
		{"/v2/locations?q=56637", 200, `"ags":"07137088"`},
		{"/v2/locations?q=Andern", 200, `"ars":"071370003003"`},
		{"/v2/locations", 400, ""},
		{"/v2/locations/suggestions?q=Kruft", 200, `[{"ars":"071375001057","name":"Kruft"}]`},
		{"/v2/locations/suggestions?q=Kru", 200, `{"ars":"071345005049","name":"Krummenau"}]`},
		{"/v2/locations/suggestions?q=Gibtsnicht", 200, "[]"},
		{"/v2/locations/suggestions", 400, ""},
		{"/v3/locations/details?plz=56220&limit=2", 200, `[{"ars":"071375008202","name":"Bassenheim","plz":"56220"},{"ars":"071375008209","name":"Kaltenengers","plz":"56220"}]`},
		{"/v3/locations/details?plz=56642", 200, `[{"ars":"071375001057","name":"Kruft","plz":"56642"}]`},
		{"/v3/locations/details?plz=99999", 200, "[]"},
		{"/v3/locations/details?plz=5664", 400, ""},
		{"/v3/locations/details?plz=56642&limit=0", 400, ""},
		{"/v3/servicedescriptions/leikaid?leikaIds=99102013104000&ars=071375001057&validDate=2026-03-01", 200, `"totalPages":1`},
		{"/v3/servicedescriptions/leikaid?leikaIds=99102013104000&ars=071375001057", 200, `"content":[{"id":"L100007-4711"`},
		{"/v3/servicedescriptions/leikaid?leikaIds=99102013104000&ars=073150000000", 200, `"content":[]`},
		{"/v3/servicedescriptions/leikaid?leikaIds=99102013104000", 400, ""},
		{"/v3/servicedescriptions/leikaid?leikaIds=99102013104000&ars=07137&validDate=1.3.2026", 400, ""},
		{"/v7/servicedescriptions/071375001057?q=hund&size=5", 200, `"serviceDescriptions":{`},
		{"/v7/servicedescriptions/071375001057?q=hund&size=4", 400, ""},
		{"/v6/servicedescriptions/L100007-4711/detail?ars=071370003003", 200, "In Andernach melden Sie"},
		{"/v6/servicedescriptions/L100007-4711/detail?ars=071375001057", 200, `\u003cp\u003eWenn Sie einen Hund halten`},
		{"/v6/servicedescriptions/L100007-4711/detail?ars=07137", 400, ""},
		{"/v6/servicedescriptions/L0/detail?ars=071370000000", 404, ""},
		{"/v5/servicedescriptions/csv?ars=07137", 200, "ID-LB|Name\nL100007-4711|Hund zur Hundesteuer anmelden\n"},
		{"/v2/organisationunits/titles?ars=071370003003&lbId=L100007-4711", 200, `"id":"OE-ANDERNACH-STEUER"`},
		{"/v2/organisationunits/titles?ars=071375001057&lbId=L100007-4711", 200, "[]"},
		{"/v2/organisationunits/titles?ars=071375001&lbId=L100007-4711", 200, `"role":{"code":"01"}`},
		{"/v5/organisationunits/detail?q=OE-VG-PELLENZ-FIN", 200, `"role":{"code":"03"}`},
		{"/v5/organisationunits/detail?q=OE-VG-PELLENZ-FIN&lbId=L100007-4711&ars=071375001057", 200, `"role":{"code":"01"}`},
		{"/v5/organisationunits/detail?q=OE-GIBT-ES-NICHT", 404, ""},
		{"/v2/onlineservices/detail?q=OD-HST-RLP", 200, `"uri":"https://hundesteuer.example/rlp/start"`},
		{"/v1/relations/jzufi-2-3?ars=071375001057&lbids=L100007-4711", 200, `"schemeID":"urn:de:fitko:fit-connect:xzufi:destination"`},
		{"/v1/relations/jzufi-2-3?ars=071375001057", 400, ""},
		{"/v1/orte?plz=56637", 404, ""},
	}
	for _, c := range cases {
		resp, err := s.Client().Get(s.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status || !strings.Contains(string(body), c.contains) {
			t.Errorf("%s: %d %s", c.path, resp.StatusCode, body)
		}
	}
	// Outside the prefix nothing is served.
	resp, err := s.Client().Get(strings.TrimSuffix(s.URL, zufitest.Prefix) + "/v2/locations?q=56637")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("outside the prefix: %d", resp.StatusCode)
	}
	s.Throttle("2")
	resp, err = http.Get(s.URL + "/v2/locations?q=56637")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("throttle: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if n := len(s.Requests()); n != len(cases)+2 {
		t.Errorf("%d requests recorded", n)
	}
}

// TestSpringPage: pages carry the Spring Data Page keys and are cut to the
// fake's PageSize.
func TestSpringPage(t *testing.T) {
	var docs [][]byte
	for _, n := range []string{"hundesteuer-mayen-koblenz_xzufi-2.2.0.xml", "kreis-land_xzufi-2.3.1.xml"} {
		b, err := os.ReadFile("../testdata/" + n)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	s, err := zufitest.New(docs, &zufitest.Options{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cases := []struct {
		page                        string
		items, number, total, elems int
		first, last                 bool
	}{
		{"0", 2, 0, 2, 3, true, false},
		{"1", 1, 1, 2, 3, false, true},
		{"5", 0, 5, 2, 3, false, true},
	}
	for _, c := range cases {
		resp, err := s.Client().Get(s.URL + "/v7/servicedescriptions/071375001057?q=Hund+Waffenbesitzkarte+Landesleistung&size=50&page=" + c.page)
		if err != nil {
			t.Fatal(err)
		}
		var v struct {
			SD struct {
				Content       []map[string]any `json:"content"`
				Number        int              `json:"number"`
				TotalPages    int              `json:"totalPages"`
				TotalElements int              `json:"totalElements"`
				Size          int              `json:"size"`
				First, Last   bool
			} `json:"serviceDescriptions"`
		}
		err = json.NewDecoder(resp.Body).Decode(&v)
		resp.Body.Close()
		p := v.SD
		if err != nil || len(p.Content) != c.items || p.Number != c.number || p.TotalPages != c.total || p.TotalElements != c.elems || p.Size != 2 || p.First != c.first || p.Last != c.last {
			t.Errorf("page %s: %+v %v", c.page, p, err)
		}
	}
}
