package fitconnect

import (
	"bytes"
	"testing"
)

// checkB64 compares b64Encode and b64Decode with encoding/base64's
// RawURLEncoding, the oracle, on data (and on data as text to decode).
func checkB64(t *testing.T, data []byte) {
	t.Helper()
	want := make([]byte, b64.EncodedLen(len(data)))
	b64.Encode(want, data)
	got := make([]byte, len(want))
	b64Encode(got, data)
	if !bytes.Equal(got, want) {
		t.Fatalf("b64Encode(%x) = %q, want %q", data, got, want)
	}
	for _, text := range [][]byte{want, data} {
		wantPT := make([]byte, b64.DecodedLen(len(text)))
		wn, werr := b64.Decode(wantPT, text)
		gotPT := make([]byte, len(wantPT))
		gn, gerr := b64Decode(gotPT, text)
		if gn != wn || !bytes.Equal(gotPT[:gn], wantPT[:wn]) || (gerr == nil) != (werr == nil) || gerr != nil && gerr.Error() != werr.Error() {
			t.Fatalf("b64Decode(%q) = %d, %v; want %d, %v", text, gn, gerr, wn, werr)
		}
	}
}

func TestB64(t *testing.T) {
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	cases := [][]byte{nil, {0}, {0xff, 0xfe}, []byte("any carnal pleas"), all, bytes.Repeat(all, 3)[:700]}
	for i := range 40 {
		cases = append(cases, all[i:i+40], all[255-i:])
	}
	for _, c := range cases {
		checkB64(t, c)
	}
	// Invalid text at every position of a long input: the error must name
	// the same offset as encoding/base64's.
	text := []byte(b64.EncodeToString(all))
	for i := range text {
		for _, bad := range []byte{'.', '=', '+', '/', '\n', '\r', 0x80} {
			u := bytes.Clone(text)
			u[i] = bad
			checkB64(t, u)
		}
	}
}

func FuzzB64(f *testing.F) {
	f.Add([]byte("hello, world: 0123456789"))
	f.Add([]byte("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo-_\n.AB"))
	f.Fuzz(func(t *testing.T, data []byte) { checkB64(t, data) })
}
