package xmlw

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// ErrChar is the cause of an error for text with a character that XML 1.0
// cannot represent (a control character other than tab, newline and
// carriage return, or invalid UTF-8).
var ErrChar = errors.New("xmlw: character not allowed in XML")

// Writer writes one XML document. The zero value is not usable; use New.
type Writer struct {
	w      *bufio.Writer
	stack  []string
	indent string
	err    error
	// hasKids records, per open element, whether it has child elements,
	// so its end tag goes on its own line.
	hasKids []bool
}

// New returns a Writer to w that indents nested elements by indent (no
// indentation if indent is ""). It writes the XML declaration at once.
func New(w io.Writer, indent string) *Writer {
	x := &Writer{w: bufio.NewWriterSize(w, 32<<10), indent: indent}
	x.raw(`<?xml version="1.0" encoding="UTF-8"?>`)
	return x
}

func (x *Writer) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

func (x *Writer) newline() {
	if x.indent == "" {
		return
	}
	x.raw("\n")
	for range x.stack {
		x.raw(x.indent)
	}
}

func (x *Writer) open(name string, attrs []string) {
	if len(x.hasKids) > 0 {
		x.hasKids[len(x.hasKids)-1] = true
	}
	x.newline()
	x.raw("<")
	x.raw(name)
	for i := 0; i+1 < len(attrs); i += 2 {
		if attrs[i+1] == "" && attrs[i] != "" && attrs[i][0] != 'x' {
			// empty attribute values are omitted (xmlns declarations, which
			// start with x, are always written)
			continue
		}
		x.raw(" ")
		x.raw(attrs[i])
		x.raw(`="`)
		x.escape(attrs[i+1], true)
		x.raw(`"`)
	}
}

// Start opens element name with attributes given as name, value pairs;
// attributes with an empty value are left out.
func (x *Writer) Start(name string, attrs ...string) {
	x.open(name, attrs)
	x.raw(">")
	x.stack = append(x.stack, name)
	x.hasKids = append(x.hasKids, false)
}

// End closes the innermost open element.
func (x *Writer) End() {
	if len(x.stack) == 0 {
		x.setErr(errors.New("xmlw: End without Start"))
		return
	}
	name := x.stack[len(x.stack)-1]
	kids := x.hasKids[len(x.hasKids)-1]
	x.stack = x.stack[:len(x.stack)-1]
	x.hasKids = x.hasKids[:len(x.hasKids)-1]
	if kids {
		x.newline()
	}
	x.raw("</")
	x.raw(name)
	x.raw(">")
}

// Leaf writes <name attrs>text</name>.
func (x *Writer) Leaf(name, text string, attrs ...string) {
	x.open(name, attrs)
	x.raw(">")
	x.escape(text, false)
	x.raw("</")
	x.raw(name)
	x.raw(">")
}

// Text writes text as content of the open element without escaping checks
// beyond those of Leaf; it is meant for long content such as base64.
func (x *Writer) Text(text string) { x.escape(text, false) }

func (x *Writer) setErr(err error) {
	if x.err == nil {
		x.err = err
	}
}

func (x *Writer) escape(s string, attr bool) {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		var esc string
		size := 1
		switch {
		case c == '&':
			esc = "&amp;"
		case c == '<':
			esc = "&lt;"
		case c == '>':
			esc = "&gt;"
		case c == '"' && attr:
			esc = "&quot;"
		case c == '\r':
			esc = "&#xD;"
		case c == '\n' && attr:
			esc = "&#xA;"
		case c == '\t' && attr:
			esc = "&#x9;"
		case c < 0x20 && c != '\n' && c != '\t':
			x.setErr(fmt.Errorf("%w: %U", ErrChar, rune(c)))
			return
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n == 1 || r == 0xFFFE || r == 0xFFFF {
				x.setErr(fmt.Errorf("%w: invalid UTF-8 or %U", ErrChar, r))
				return
			}
			i += n
			continue
		}
		if esc == "" {
			i += size
			continue
		}
		x.raw(s[last:i])
		x.raw(esc)
		i += size
		last = i
	}
	x.raw(s[last:])
}

// Flush ends the document and writes buffered data. It returns the first
// error, including elements left open.
func (x *Writer) Flush() error {
	if x.err == nil && len(x.stack) > 0 {
		x.err = fmt.Errorf("xmlw: element %s not closed", x.stack[len(x.stack)-1])
	}
	x.raw("\n")
	if x.err != nil {
		return x.err
	}
	return x.w.Flush()
}
