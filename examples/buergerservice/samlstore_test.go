package main

import (
	"fmt"
	"testing"

	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
)

// TestSAMLStores runs the servicekontotest conformance suites on the
// example's request and replay stores, in memory and in files.
func TestSAMLStores(t *testing.T) {
	for _, files := range []bool{false, true} {
		newKVFor := func() *kv {
			dir := ""
			if files {
				dir = t.TempDir()
			}
			s, err := newKV(dir)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		t.Run(fmt.Sprintf("requests/files=%v", files), func(t *testing.T) {
			servicekontotest.TestRequestStore(t, func() servicekonto.RequestStore { return samlStore{newKVFor(), "saml-anfrage"} })
		})
		t.Run(fmt.Sprintf("replays/files=%v", files), func(t *testing.T) {
			servicekontotest.TestReplayStore(t, func() servicekonto.ReplayStore { return samlStore{newKVFor(), "saml-assertion"} })
		})
	}
}
