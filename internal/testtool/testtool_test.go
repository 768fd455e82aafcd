package testtool

import (
	"os/exec"
	"testing"
)

func TestNeedFindsAProgram(t *testing.T) {
	want, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go on PATH")
	}
	if got := Need(t, "go"); got != want {
		t.Errorf("Need(go) = %q, want %q", got, want)
	}
}

func TestNeedMissingProgram(t *testing.T) {
	t.Setenv("CI", "true")
	ft := &fakeTB{TB: t}
	func() {
		defer func() { recover() }()
		Need(ft, "no-such-program-baukasten")
	}()
	if !ft.fatal {
		t.Error("a missing program in CI did not fail the test")
	}
	t.Setenv("CI", "")
	ft = &fakeTB{TB: t}
	func() {
		defer func() { recover() }()
		Need(ft, "no-such-program-baukasten")
	}()
	if !ft.skipped || ft.fatal {
		t.Errorf("a missing program outside CI: skipped %v, failed %v; want a skip", ft.skipped, ft.fatal)
	}
}

// fakeTB records Fatalf and Skipf and stops the caller by panicking, as
// the real methods stop it with runtime.Goexit.
type fakeTB struct {
	testing.TB
	fatal, skipped bool
}

func (f *fakeTB) Helper()               {}
func (f *fakeTB) Fatalf(string, ...any) { f.fatal = true; panic("fatal") }
func (f *fakeTB) Skipf(string, ...any)  { f.skipped = true; panic("skip") }
