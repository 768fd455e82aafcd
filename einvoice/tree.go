package einvoice

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// ReadOptions limit what a reader accepts; nil means the defaults.
type ReadOptions struct {
	// MaxBytes is the largest input read; 0 means DefaultMaxBytes. Larger
	// input gives ErrTooLarge.
	MaxBytes int64
	// MaxDepth is the deepest element nesting accepted; 0 means
	// DefaultMaxDepth.
	MaxDepth int
	// MaxElements is the largest number of elements accepted; 0 means
	// DefaultMaxElements. Every element costs about 200 bytes of memory
	// beyond its text, so this bounds the memory of a document of many
	// small elements.
	MaxElements int
}

// Defaults of ReadOptions.
const (
	DefaultMaxBytes = 64 << 20 // 64 MiB: the largest official test file has 3.2 MB
	DefaultMaxDepth = 64       // the deepest official test file nests 9 levels
	// DefaultMaxElements allows invoices of tens of thousands of lines
	// (the largest official test invoice has about 900 elements).
	DefaultMaxElements = 1 << 20
)

func (o *ReadOptions) limits() (maxBytes int64, maxDepth, maxElems int) {
	maxBytes, maxDepth = DefaultMaxBytes, DefaultMaxDepth
	if o != nil {
		if o.MaxBytes > 0 {
			maxBytes = o.MaxBytes
		}
		if o.MaxDepth > 0 {
			maxDepth = o.MaxDepth
		}
		maxElems = o.MaxElements
	}
	if maxElems <= 0 {
		maxElems = DefaultMaxElements
	}
	return
}

// node is an element of a parsed document.
type node struct {
	key    string // prefix:local for known namespaces, {uri}local otherwise
	attrs  []xml.Attr
	text   string // character data of a leaf (elements with children: "")
	kids   []*node
	parent *node
	mixed  bool // non-white-space text beside child elements (dropped from text)
	line   int32
	col    int32
	off    int64
}

// path returns the element path of n, e.g. "/Invoice/cbc:ID".
func (n *node) path() string {
	var parts []string
	for p := n; p != nil; p = p.parent {
		parts = append(parts, p.key)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteByte('/')
		b.WriteString(parts[i])
	}
	return b.String()
}

// loc returns n's location.
func (n *node) loc() Location {
	return Location{Path: n.path(), Line: int(n.line), Column: int(n.col)}
}

// attr returns the value of the attribute without namespace named name.
func (n *node) attr(name string) (string, bool) {
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

// readError returns the *ozg.Error of a document that cannot be read.
func readError(op string, cause error, line, col int, off int64, detail string) error {
	fe := &FieldError{Path: "/", Line: line, Column: col, Offset: off, Err: cause}
	if detail != "" {
		fe.Err = fmt.Errorf("%w: %s", cause, detail)
	}
	return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: fe}
}

// rootError returns the *ozg.Error for a root element that is not an
// invoice, naming the element.
func rootError(op string, cause error, root *node, name xml.Name, detail string) error {
	fe := &FieldError{Path: "/" + name.Local, Line: int(root.line), Column: int(root.col), Offset: root.off, Err: fmt.Errorf("%w: %s", cause, detail)}
	return &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: fe}
}

type limitedReader struct {
	r   io.Reader
	n   int64
	hit bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		l.hit = true
		return 0, ErrTooLarge
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.r.Read(p)
	l.n -= int64(n)
	return n, err
}

// bigText is the size from which a text chunk goes straight into a string
// instead of through the reusable buffer.
const bigText = 4 << 10

// parseTree reads a whole document into a tree. prefixes maps namespace
// URIs to the prefixes used in node keys. It refuses DOCTYPE declarations
// and enforces the limits of opts.
func parseTree(op string, r io.Reader, prefixes map[string]string, opts *ReadOptions) (*node, xml.Name, error) {
	maxBytes, maxDepth, maxElems := opts.limits()
	lr := &limitedReader{r: r, n: maxBytes}
	d := xml.NewDecoder(lr)
	d.Strict = true
	var (
		root  *node
		rname xml.Name
		cur   *node
		depth int
		elems int
		text  []byte
		big   string // the text of the current element, if large
	)
	for {
		line, col := d.InputPos()
		off := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			if err == io.EOF {
				if root == nil {
					return nil, rname, readError(op, ErrNotXML, line, col, off, "no root element")
				}
				return root, rname, nil
			}
			if lr.hit || errors.Is(err, ErrTooLarge) {
				return nil, rname, readError(op, ErrTooLarge, line, col, off, fmt.Sprintf("more than %d bytes", maxBytes))
			}
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, rname, readError(op, ErrNotXML, se.Line, col, off, se.Msg)
			}
			return nil, rname, readError(op, ErrNotXML, line, col, off, err.Error())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			elems++
			if depth > maxDepth {
				return nil, rname, readError(op, ErrTooLarge, line, col, off, fmt.Sprintf("elements nested deeper than %d", maxDepth))
			}
			if elems > maxElems {
				return nil, rname, readError(op, ErrTooLarge, line, col, off, fmt.Sprintf("more than %d elements", maxElems))
			}
			if cur == nil && root != nil {
				return nil, rname, readError(op, ErrNotXML, line, col, off, "content after the root element")
			}
			if cur != nil && (len(bytes.TrimSpace(text)) > 0 || strings.TrimSpace(big) != "") {
				cur.mixed = true
			}
			n := &node{parent: cur, line: int32(line), col: int32(col), off: off}
			if p, ok := prefixes[t.Name.Space]; ok {
				if p == "" {
					n.key = t.Name.Local
				} else {
					n.key = p + ":" + t.Name.Local
				}
			} else {
				n.key = "{" + t.Name.Space + "}" + t.Name.Local
			}
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" || a.Name.Space == "" && a.Name.Local == "xmlns" {
					continue
				}
				n.attrs = append(n.attrs, a)
			}
			if cur == nil {
				root = n
				rname = t.Name
			} else {
				cur.kids = append(cur.kids, n)
			}
			cur = n
			text, big = text[:0], ""
		case xml.EndElement:
			depth--
			if len(cur.kids) == 0 {
				if big != "" {
					cur.text = big
				} else {
					cur.text = string(text)
				}
			}
			text, big = text[:0], ""
			cur = cur.parent
		case xml.CharData:
			if cur == nil {
				if len(bytes.TrimSpace(t)) > 0 {
					return nil, rname, readError(op, ErrNotXML, line, col, off, "text outside the root element")
				}
				continue
			}
			if len(cur.kids) > 0 && len(bytes.TrimSpace(t)) > 0 {
				cur.mixed = true
			}
			switch {
			case big != "":
				// a further chunk after a large one (rare): join them
				big += string(t)
			case len(text) == 0 && len(t) >= bigText:
				// a large text (an attachment) is copied once, straight
				// into the string the model keeps
				big = string(t)
			default:
				text = append(text, t...)
			}
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return nil, rname, readError(op, ErrDoctype, line, col, off, "")
			}
			return nil, rname, readError(op, ErrNotXML, line, col, off, "unexpected directive")
		}
	}
}
