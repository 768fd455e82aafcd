// Package testtool finds the external programs some tests compare against
// (xmllint, xmlsec1, openssl, chromium). A test that needs one is skipped
// where the program is missing, except in CI (the environment variable CI
// set), where a missing program fails the test: CI installs them all, and a
// skipped oracle there would hide a missing install step.
//
// # Errors
//
// Need reports through testing.TB (Fatal in CI, Skip elsewhere).
//
// # Testing
//
// The package is used only by tests.
package testtool

import (
	"os"
	"os/exec"
	"testing"
)

// Need returns the path of the program name, skipping the test where it is
// missing, or failing it when CI is set.
func Need(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is required in CI (.ci/run installs it): %v", name, err)
		}
		t.Skipf("%s not installed", name)
	}
	return path
}
