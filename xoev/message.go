package xoev

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Message is an XÖV g2g message: the shared Header and a standard-specific
// body of type T. T is a struct whose fields carry encoding/xml tags for
// the elements that follow the nachrichtenkopf in the root element
// (qualified ones with the standard's namespace in the tag); or RawXML to
// keep the body verbatim. Use nested structs rather than "a>b" tag paths
// for qualified elements: encoding/xml writes the parents of such a path
// without namespace. xoev.Code works as a field type.
type Message[T any] struct {
	Header Header // root attributes and nachrichtenkopf
	Body   T      // the standard-specific content after the header
}

// RawXML as a Message body keeps the body bytes verbatim (including
// whitespace), for tools that handle any standard.
type RawXML []byte

// Unmarshal decodes data into m: the header with DecodeHeaderInto, the body
// with encoding/xml (or verbatim for RawXML). Set m.Header.Kopf.Extension
// first to receive a standard's header extension.
func Unmarshal[T any](data []byte, m *Message[T]) error {
	p, err := decodeHeader(data, &m.Header)
	if err != nil {
		return err
	}
	if raw, ok := any(&m.Body).(*RawXML); ok {
		start, end, err := p.bodyBounds()
		if err != nil {
			return err
		}
		*raw = bytes.Clone(data[start:end])
		return nil
	}
	if err := xml.Unmarshal(data, &m.Body); err != nil {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.Unmarshal", Err: err}
	}
	return nil
}

// Marshal encodes m. The header is written with the prefixes m.Header
// declares; the body is encoded with encoding/xml and then rewritten so that
// every qualified element uses the prefix declared for its namespace and
// unqualified elements stay unqualified.
func Marshal[T any](m *Message[T]) ([]byte, error) {
	if raw, ok := any(&m.Body).(*RawXML); ok {
		return EncodeHeader(&m.Header, *raw)
	}
	prefixes := map[string]string{}
	for _, n := range m.Header.Namespaces {
		prefixes[n.URI] = n.Prefix
	}
	if m.Header.Namespace != "" {
		prefixes[m.Header.Namespace] = m.Header.Prefix
	}
	var raw bytes.Buffer
	enc := xml.NewEncoder(&raw)
	enc.Indent("", "  ")
	if err := enc.EncodeElement(m.Body, xml.StartElement{Name: xml.Name{Local: "body"}}); err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.Marshal", Err: err}
	}
	body, err := reprefix(raw.Bytes(), prefixes)
	if err != nil {
		return nil, err
	}
	return EncodeHeader(&m.Header, body)
}

// reprefix rewrites encoding/xml output (which declares xmlns="…" on every
// qualified element) to prefixed names, dropping the wrapper element.
func reprefix(raw []byte, prefixes map[string]string) ([]byte, error) {
	d := xml.NewDecoder(bytes.NewReader(raw))
	var out bytes.Buffer
	var stack []string
	depth := 0
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, encodeErr("xoev: body: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				continue
			}
			ns := ""
			local := map[string]string{}
			for _, a := range t.Attr {
				switch {
				case a.Name.Space == "" && a.Name.Local == "xmlns":
					ns = a.Value
				case a.Name.Space == "xmlns":
					local[a.Name.Local] = a.Value
				}
			}
			name := t.Name.Local
			if ns != "" {
				pr, ok := prefixes[ns]
				if !ok || pr == "" {
					return nil, encodeErr("xoev: body element %s: no prefix declared for namespace %q", t.Name.Local, ns)
				}
				name = pr + ":" + name
			}
			stack = append(stack, name)
			out.WriteByte('<')
			out.WriteString(name)
			for _, a := range t.Attr {
				if a.Name.Local == "xmlns" && a.Name.Space == "" || a.Name.Space == "xmlns" {
					continue
				}
				an := a.Name.Local
				if a.Name.Space != "" {
					uri := local[a.Name.Space]
					if a.Name.Space == "xml" {
						uri = "xml"
					}
					pr, ok := prefixes[uri]
					if uri == "xml" {
						pr, ok = "xml", true
					}
					if !ok || pr == "" {
						return nil, encodeErr("xoev: body attribute %s: no prefix declared for namespace %q", a.Name.Local, uri)
					}
					an = pr + ":" + an
				}
				out.WriteByte(' ')
				out.WriteString(an)
				out.WriteString(`="`)
				escapeAttr(&out, a.Value)
				out.WriteByte('"')
			}
			out.WriteByte('>')
		case xml.EndElement:
			depth--
			if depth == 0 {
				continue
			}
			out.WriteString("</")
			out.WriteString(stack[len(stack)-1])
			out.WriteByte('>')
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if depth >= 1 {
				escapeText(&out, string(t))
			}
		}
	}
	return out.Bytes(), nil
}

// NewOptions configures NewHeader. Nil means crypto/rand and time.Now.
type NewOptions struct {
	// Rand is the randomness for the nachrichtenUUID (default crypto/rand).
	Rand io.Reader
	// Now is the clock for erstellungszeitpunkt (default time.Now).
	Now func() time.Time
}

// NewMessageID returns a fresh RFC 4122 version 4 UUID read from r
// (crypto/rand if nil), in lower case.
func NewMessageID(r io.Reader) (string, error) {
	if r == nil {
		r = rand.Reader
	}
	var u [16]byte
	if _, err := io.ReadFull(r, u[:]); err != nil {
		return "", &ozg.Error{Code: ozg.Internal, Op: "xoev.NewMessageID", Err: err}
	}
	u[6] = u[6]&0x0f | 0x40 // version 4
	u[8] = u[8]&0x3f | 0x80 // variant 10
	var b [36]byte
	hex.Encode(b[0:8], u[0:4])
	b[8] = '-'
	hex.Encode(b[9:13], u[4:6])
	b[13] = '-'
	hex.Encode(b[14:18], u[6:8])
	b[18] = '-'
	hex.Encode(b[19:23], u[8:10])
	b[23] = '-'
	hex.Encode(b[24:], u[10:])
	return string(b[:]), nil
}

// uuidPattern is the UUID type of the g2g schema.
var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Stamp gives h a new nachrichtenUUID and the current time (milliseconds,
// local zone of the clock) as erstellungszeitpunkt, as every new or
// corrected message needs.
func (h *Header) Stamp(opts *NewOptions) error {
	var o NewOptions
	if opts != nil {
		o = *opts
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	id, err := NewMessageID(o.Rand)
	if err != nil {
		return err
	}
	h.Kopf.Identifikation.NachrichtenUUID = id
	h.Kopf.Identifikation.Erstellungszeitpunkt = o.Now().Truncate(time.Millisecond)
	h.Kopf.Identifikation.rawZeit = ""
	return nil
}

// String describes the header in one line (no personal data: kennung and
// names of authorities only).
func (h *Header) String() string {
	return fmt.Sprintf("%s %s %s %s", h.Standard, h.Version, h.Local, h.Kopf.Identifikation.NachrichtenUUID)
}
