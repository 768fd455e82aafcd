package antragtest_test

import (
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/antrag/antragtest"
)

func TestMemRouter(t *testing.T) {
	antragtest.TestRouter(t, func(t *testing.T, zs []antrag.Zustaendigkeit) antrag.Router {
		return antragtest.NewRouter(zs...)
	})
}

func TestMemStore(t *testing.T) {
	antragtest.TestStore(t, func(t *testing.T) antrag.Store { return &antrag.MemStore{} })
}

// TestEmptyRouter checks the fake answers NotFound without data.
func TestEmptyRouter(t *testing.T) {
	r := antragtest.NewRouter()
	if _, err := r.Route(t.Context(), antragtest.Leistung, antragtest.Responsibilities()[0].Gebiet.ARS); err == nil {
		t.Fatal("empty router found a responsibility")
	}
}
