package antrag

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/ozg-baukasten/baukasten/xoev/genericode"
	"github.com/ozg-baukasten/baukasten/xoev/xdatenfelder"
)

// fimData is the FIM test data owned by package xoev/xdatenfelder.
const fimData = "../../xoev/xdatenfelder/testdata/fim"

func codelists(t testing.TB) *genericode.Registry {
	t.Helper()
	var reg genericode.Registry
	files, _ := filepath.Glob(filepath.Join(fimData, "xdf2-real", "C*_genericode.xml"))
	if err := reg.LoadFiles(files...); err != nil {
		t.Fatal(err)
	}
	return &reg
}

func loadForm(t testing.TB, file string, reg *genericode.Registry) *Form {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s, err := xdatenfelder.ReadBytes(b, &xdatenfelder.ReadOptions{Codelisten: reg, RequireCodelisten: reg != nil})
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewForm(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func loadS94(t testing.TB) *Form {
	return loadForm(t, filepath.Join(fimData, "xdf2-real", "S00000094V1.0_xdf2.xml"), codelists(t))
}

func hundRegistry(t testing.TB) *genericode.Registry {
	t.Helper()
	var reg genericode.Registry
	if err := reg.LoadFiles("testdata/hunderasse_genericode.xml"); err != nil {
		t.Fatal(err)
	}
	return &reg
}

func loadHund(t testing.TB) *Form {
	return loadForm(t, "testdata/hundesteuer-anmeldung_xdf2.xml", hundRegistry(t))
}
