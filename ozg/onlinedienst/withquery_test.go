package onlinedienst

import "testing"

// TestWithQuery: the application ID is added to a ReturnURL with or
// without a query of its own, before a fragment.
func TestWithQuery(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://x.example/r", "https://x.example/r?antrag=a-1"},
		{"https://x.example/r?lang=de", "https://x.example/r?lang=de&antrag=a-1"},
		{"https://x.example/r?lang=de#top", "https://x.example/r?lang=de&antrag=a-1#top"},
	} {
		if got := withQuery(c.in, "antrag", "a-1"); got != c.want {
			t.Errorf("withQuery(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
