package fitconnect

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// maxCanonicalDepth bounds the nesting CanonicalJSON accepts.
const maxCanonicalDepth = 32

// CanonicalJSON returns the form in which FIT-Connect signs destination
// parameters (destinationParametersSignature): the JSON with every
// insignificant whitespace character (space, tab, line feed, carriage
// return) around the structural characters removed and the members of
// every object sorted by name (byte order of the UTF-8 names). String and
// number values are kept byte for byte as in the input; member names are
// written in Go's JSON string encoding (without HTML escaping), which for
// the ASCII names of destination parameters is the input's spelling. Invalid JSON, duplicate member names and nesting deeper
// than 32 levels are errors wrapping ErrMalformedJWS.
func CanonicalJSON(b []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(b))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := canonicalValue(&out, dec, 0); err != nil {
		return nil, fmt.Errorf("%w: destinationParameters: %v", ErrMalformedJWS, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: destinationParameters: data after the JSON value", ErrMalformedJWS)
	}
	return out.Bytes(), nil
}

// canonicalValue writes the next value of dec in canonical form.
func canonicalValue(out *bytes.Buffer, dec *json.Decoder, depth int) error {
	if depth > maxCanonicalDepth {
		return fmt.Errorf("nested deeper than %d levels", maxCanonicalDepth)
	}
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	switch raw[0] {
	case '{':
		return canonicalObject(out, raw, depth)
	case '[':
		return canonicalArray(out, raw, depth)
	}
	// A scalar: Decode has already dropped the whitespace around it.
	out.Write(raw)
	return nil
}

type member struct {
	name string
	raw  json.RawMessage
}

func canonicalObject(out *bytes.Buffer, raw []byte, depth int) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if _, err := dec.Token(); err != nil { // {
		return err
	}
	var ms []member
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		ms = append(ms, member{name, v})
	}
	slices.SortStableFunc(ms, func(a, b member) int { return strings.Compare(a.name, b.name) })
	out.WriteByte('{')
	for i, m := range ms {
		if i > 0 {
			if m.name == ms[i-1].name {
				return fmt.Errorf("duplicate member %q", m.name)
			}
			out.WriteByte(',')
		}
		if err := writeName(out, m.name); err != nil {
			return err
		}
		out.WriteByte(':')
		if err := canonicalValue(out, jsonDecoder(m.raw), depth+1); err != nil {
			return err
		}
	}
	out.WriteByte('}')
	return nil
}

func canonicalArray(out *bytes.Buffer, raw []byte, depth int) error {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return err
	}
	out.WriteByte('[')
	for i, it := range items {
		if i > 0 {
			out.WriteByte(',')
		}
		if err := canonicalValue(out, jsonDecoder(it), depth+1); err != nil {
			return err
		}
	}
	out.WriteByte(']')
	return nil
}

func jsonDecoder(b []byte) *json.Decoder {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d
}

// writeName writes a member name as a JSON string without HTML escaping.
func writeName(out *bytes.Buffer, name string) error {
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(name); err != nil {
		return err
	}
	out.Truncate(out.Len() - 1) // Encode appends a newline
	return nil
}
