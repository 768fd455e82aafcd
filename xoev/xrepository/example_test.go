package xrepository_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"

	"github.com/ozg-baukasten/baukasten/xoev/xrepository"
)

func ExampleClient_CodeList() {
	// A stand-in for https://www.xrepository.de serving one list.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/xrepository/urn:de:xoev:codeliste:erreichbarkeit_3/genericode" {
			http.NotFound(w, r)
			return
		}
		data, _ := os.ReadFile("../genericode/testdata/urn_de_xoev_codeliste_erreichbarkeit_3.xml")
		w.Write(data)
	}))
	defer srv.Close()

	c := xrepository.New(&xrepository.Options{BaseURL: srv.URL, HTTPClient: srv.Client()})
	l, err := c.CodeList(context.Background(), "urn:de:xoev:codeliste:erreichbarkeit", "3")
	if err != nil {
		fmt.Println(err)
		return
	}
	row, _ := l.Lookup("02")
	fmt.Println(l.Identification.ShortName, row.Name())
	// Output: erreichbarkeit Telefon Festnetz
}
