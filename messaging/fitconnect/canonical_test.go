package fitconnect_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
)

func TestCanonicalJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{}`, `{}`},
		{" [ ] ", `[]`},
		{`{ "b" : 1, "a" : [ 2 , {"d":true, "c" : null} ] }`, `{"a":[2,{"c":null,"d":true}],"b":1}`},
		// Strings and numbers stay as written.
		{`{"u":"https:\/\/x.example", "n": 1.50, "e": 1E3}`, `{"e":1E3,"n":1.50,"u":"https:\/\/x.example"}`},
		{"{\"s\":\"a b\\tc\", \"ä\":\"<&>\"}", "{\"s\":\"a b\\tc\",\"ä\":\"<&>\"}"},
		// Byte order: upper case before lower case, shorter prefix first.
		{`{"ab":1,"a":2,"B":3}`, `{"B":3,"a":2,"ab":1}`},
		{"\r\n\t{\"x\" :\r\n[1,\t2]}\n", `{"x":[1,2]}`},
		{`"top-level string"`, `"top-level string"`},
		// The example destination of the FIT-Connect documentation (key
		// shortened), written as the docs print it.
		{`{
    "encryptionKid": "NFNb7k84r61G9ayAAJItJCNGl7wKWif9HyBAgicJq_8",
    "metadataVersions": ["1.0.0"],
    "publicKeys":
    {
        "keys":
        [
            {
                "alg": "RSA-OAEP-256",
                "e": "AQAB",
                "key_ops": ["wrapKey"],
                "kid": "NFNb7k84r61G9ayAAJItJCNGl7wKWif9HyBAgicJq_8",
                "kty": "RSA",
                "n": "1f1070XZ4NpHN2Wq"
            }
        ]
    }
}`, `{"encryptionKid":"NFNb7k84r61G9ayAAJItJCNGl7wKWif9HyBAgicJq_8","metadataVersions":["1.0.0"],"publicKeys":{"keys":[{"alg":"RSA-OAEP-256","e":"AQAB","key_ops":["wrapKey"],"kid":"NFNb7k84r61G9ayAAJItJCNGl7wKWif9HyBAgicJq_8","kty":"RSA","n":"1f1070XZ4NpHN2Wq"}]}}`},
	}
	for _, tc := range tests {
		got, err := fitconnect.CanonicalJSON([]byte(tc.in))
		if err != nil || string(got) != tc.want {
			t.Errorf("CanonicalJSON(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{``, `{`, `{"a":1,"a":2}`, `{"a":{"b":1,"b":1}}`, `[1,]`, `{} {}`, `{}x`, `nul`,
		strings.Repeat("[", 40) + strings.Repeat("]", 40)} {
		if got, err := fitconnect.CanonicalJSON([]byte(bad)); !errors.Is(err, fitconnect.ErrMalformedJWS) || got != nil {
			t.Errorf("CanonicalJSON(%q) = %s, %v; want ErrMalformedJWS", bad, got, err)
		}
	}
}

func FuzzCanonicalJSON(f *testing.F) {
	for _, s := range []string{`{}`, `{"b":1,"a":[2,{"d":true,"c":null}]}`, `{"u":"https:\/\/x","n":1.50}`, `{"a":1,"a":2}`,
		"[ 1 , \"\\u00e4\" ]", `{"\u0061":1}`, `"x"`, `{`, strings.Repeat("[", 33) + strings.Repeat("]", 33)} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, err := fitconnect.CanonicalJSON(in)
		if err != nil {
			if !errors.Is(err, fitconnect.ErrMalformedJWS) {
				t.Fatalf("error %v does not wrap ErrMalformedJWS", err)
			}
			return
		}
		if !json.Valid(in) {
			t.Fatalf("accepted invalid JSON %q", in)
		}
		again, err := fitconnect.CanonicalJSON(out)
		if err != nil || string(again) != string(out) {
			t.Fatalf("not idempotent: %s -> %s (%v)", out, again, err)
		}
		// Numbers are compared as written (json.Number): the canonical
		// form keeps them byte for byte, and float64 cannot hold all of
		// them (1E700).
		decode := func(b []byte) (any, error) {
			d := json.NewDecoder(bytes.NewReader(b))
			d.UseNumber()
			var v any
			err := d.Decode(&v)
			return v, err
		}
		a, errA := decode(in)
		b, errB := decode(out)
		if errA != nil || errB != nil || !reflect.DeepEqual(a, b) {
			t.Fatalf("meaning changed: %s -> %s (%v, %v)", in, out, errA, errB)
		}
	})
}

// benchParams is a destinationParameters object of realistic size (a
// 4096-bit JWK with x5c chain stand-in), pretty-printed.
var benchParams = func() []byte {
	p := map[string]any{"submissionUrl": "https://submission-api-testing.fit-connect.fitko.dev", "status": "active",
		"encryptionKid": "NFNb7k84r61G9ayAAJItJCNGl7wKWif9HyBAgicJq_8", "metadataVersions": []string{"1.0.0", "1.1.0"},
		"submissionSchemas": []map[string]string{{"schemaUri": "https://schema.fitko.de/fim/s00000094_1.0.schema.json", "mimeType": "application/json"}},
		"publicKeys": map[string]any{"keys": []map[string]any{{"kty": "RSA", "alg": "RSA-OAEP-256", "e": "AQAB", "key_ops": []string{"wrapKey"},
			"kid": "NFNb7k84r61G9ayAAJItJCNGl7wKWif9HyBAgicJq_8", "n": strings.Repeat("1f1070XZ4NpHN2Wq", 43),
			"x5c": []string{strings.Repeat("MIIF", 600), strings.Repeat("MIIG", 600)}}}}}
	b, _ := json.MarshalIndent(p, "", "    ")
	return b
}()

// BenchmarkCanonicalJSON canonicalises benchParams; compare with
// BenchmarkCanonicalJSONBaseline (json.Valid of the same bytes: the bare
// validating scan CanonicalJSON starts with).
func BenchmarkCanonicalJSON(b *testing.B) {
	b.SetBytes(int64(len(benchParams)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fitconnect.CanonicalJSON(benchParams); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCanonicalJSONBaseline(b *testing.B) {
	b.SetBytes(int64(len(benchParams)))
	b.ReportAllocs()
	for b.Loop() {
		if !json.Valid(benchParams) {
			b.Fatal("invalid")
		}
	}
}
