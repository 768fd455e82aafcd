package fitconnect

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// maxCanonicalDepth bounds the nesting CanonicalJSON accepts.
const maxCanonicalDepth = 32

// CanonicalJSON returns the form in which FIT-Connect signs destination
// parameters (destinationParametersSignature): the JSON with every
// insignificant whitespace character (space, tab, line feed, carriage
// return) around the structural characters removed and the members of
// every object sorted by name (byte order of the decoded UTF-8 names).
// Names, strings and numbers are kept byte for byte as in the input.
// Invalid JSON, duplicate member names and nesting deeper than 32 levels
// are errors wrapping ErrMalformedJWS.
func CanonicalJSON(b []byte) ([]byte, error) {
	if !json.Valid(b) {
		return nil, fmt.Errorf("%w: destinationParameters: not valid JSON", ErrMalformedJWS)
	}
	c := canonicalizer{in: b, out: make([]byte, 0, len(b))}
	c.space()
	if err := c.value(0); err != nil {
		return nil, fmt.Errorf("%w: destinationParameters: %v", ErrMalformedJWS, err)
	}
	return c.out, nil
}

// canonicalizer rewrites JSON that json.Valid accepted; it relies on that
// and checks only depth and duplicate names.
type canonicalizer struct {
	in, out []byte
	i       int
	scratch []byte
}

func (c *canonicalizer) space() {
	for c.i < len(c.in) {
		switch c.in[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

// value copies the value at c.i to c.out in canonical form.
func (c *canonicalizer) value(depth int) error {
	switch c.in[c.i] {
	case '{':
		return c.object(depth + 1)
	case '[':
		return c.array(depth + 1)
	case '"':
		c.out = append(c.out, c.str()...)
		return nil
	}
	start := c.i // number, true, false, null
	for c.i < len(c.in) && !strings.ContainsRune(",]} \t\n\r", rune(c.in[c.i])) {
		c.i++
	}
	c.out = append(c.out, c.in[start:c.i]...)
	return nil
}

// str returns the string token at c.i, quotes included, and moves past it.
func (c *canonicalizer) str() []byte {
	start := c.i
	c.i++
	for c.in[c.i] != '"' {
		if c.in[c.i] == '\\' {
			c.i++
		}
		c.i++
	}
	c.i++
	return c.in[start:c.i]
}

func (c *canonicalizer) array(depth int) error {
	if depth > maxCanonicalDepth {
		return fmt.Errorf("nested deeper than %d levels", maxCanonicalDepth)
	}
	c.i++ // [
	c.out = append(c.out, '[')
	c.space()
	for n := 0; c.in[c.i] != ']'; n++ {
		if n > 0 {
			c.i++ // ,
			c.space()
			c.out = append(c.out, ',')
		}
		if err := c.value(depth); err != nil {
			return err
		}
		c.space()
	}
	c.i++
	c.out = append(c.out, ']')
	return nil
}

// span is one member written to c.out: name is the decoded name,
// [start, end) its bytes "name":value.
type span struct {
	name       string
	start, end int
}

func (c *canonicalizer) object(depth int) error {
	if depth > maxCanonicalDepth {
		return fmt.Errorf("nested deeper than %d levels", maxCanonicalDepth)
	}
	c.i++ // {
	base := len(c.out)
	var ms []span
	c.space()
	for c.in[c.i] != '}' {
		if len(ms) > 0 {
			c.i++ // ,
			c.space()
		}
		raw := c.str()
		var name string
		if err := json.Unmarshal(raw, &name); err != nil {
			return err
		}
		start := len(c.out)
		c.out = append(c.out, raw...)
		c.out = append(c.out, ':')
		c.space()
		c.i++ // :
		c.space()
		if err := c.value(depth); err != nil {
			return err
		}
		ms = append(ms, span{name, start, len(c.out)})
		c.space()
	}
	c.i++
	slices.SortStableFunc(ms, func(a, b span) int { return strings.Compare(a.name, b.name) })
	// Rewrite the members in sorted order behind base.
	c.scratch = append(c.scratch[:0], c.out[base:]...)
	c.out = append(c.out[:base], '{')
	for k, m := range ms {
		if k > 0 {
			if m.name == ms[k-1].name {
				return fmt.Errorf("duplicate member %q", m.name)
			}
			c.out = append(c.out, ',')
		}
		c.out = append(c.out, c.scratch[m.start-base:m.end-base]...)
	}
	c.out = append(c.out, '}')
	return nil
}
