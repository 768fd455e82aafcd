package zufitest_test

import (
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
	cases := []struct {
		path     string
		status   int
		contains string
	}{
		{"/suchdienst/api/v1/orte?plz=56637", 200, `"name":"Plaidt"`},
		{"/suchdienst/api/v1/orte", 400, ""},
		{"/suchdienst/api/v1/orte?plz=56220&page=9", 400, ""},
		{"/suchdienst/api/v1/leistungen?leika=99102013104000&ars=071375001057", 200, `"totalPages":1`},
		{"/suchdienst/api/v1/leistungen?leika=99102013104000", 400, ""},
		{"/suchdienst/api/v1/leistungen/L100007-4711", 200, "<xzufi:leistung>"},
		{"/suchdienst/api/v1/organisationseinheiten?leika=99102013104000&ars=071370003003", 200, "OE-ANDERNACH-STEUER"},
		{"/suchdienst/api/v1/onlinedienste?leika=99102013104000&ars=07137", 200, "OD-HST-RLP"},
		{"/bereitstelldienst/api/v2/verwaltungsobjekte?index=0&ars=07", 200, `"vollstaendig":true`},
		{"/gibt/es/nicht", 404, ""},
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
	s.Throttle("2")
	resp, err := http.Get(s.URL + "/suchdienst/api/v1/orte?plz=56637")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("throttle: %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if n := len(s.Requests()); n != len(cases)+1 {
		t.Errorf("%d requests recorded", n)
	}
}
