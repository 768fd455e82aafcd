package xoev

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// DecodeError reports where a header could not be decoded.
type DecodeError struct {
	Path   string // element path, e.g. "nachrichtenkopf.g2g/leser/kennung"
	Offset int64  // byte offset in the input
	Reason string // what is wrong
	Err    error  // underlying XML or value error, if any
}

// Error formats the error as "xoev: PATH (byte N): REASON".
func (e *DecodeError) Error() string {
	s := "xoev: "
	if e.Path != "" {
		s += e.Path + " "
	}
	s += fmt.Sprintf("(byte %d): %s", e.Offset, e.Reason)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// MaxMessageSize bounds what DecodeHeader and Unmarshal accept.
const MaxMessageSize = 256 << 20

type decoder struct {
	data []byte
	d    *xml.Decoder
	off  int64 // offset before the last token
	path []string
	ns   []xml.Attr // root namespace declarations, for raw fragments
}

func (p *decoder) fail(reason string, err error) error {
	return &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.Decode", Err: &DecodeError{
		Path: strings.Join(p.path, "/"), Offset: p.off, Reason: reason, Err: err}}
}

// next returns the next start or end element, skipping comments,
// processing instructions and whitespace; other text is an error.
func (p *decoder) next() (xml.Token, error) {
	for {
		p.off = p.d.InputOffset()
		tok, err := p.d.Token()
		if err != nil {
			if err == io.EOF {
				return nil, p.fail("unexpected end of document", nil)
			}
			return nil, p.fail("malformed XML", err)
		}
		switch t := tok.(type) {
		case xml.StartElement, xml.EndElement:
			return t, nil
		case xml.CharData:
			if len(bytes.TrimSpace(t)) != 0 {
				return nil, p.fail("unexpected text", nil)
			}
		case xml.Directive:
			return nil, p.fail("DOCTYPE and other directives are not allowed", nil)
		}
	}
}

// text reads the character content of the current element up to its end.
func (p *decoder) text() (string, error) {
	var b []byte
	for {
		p.off = p.d.InputOffset()
		tok, err := p.d.Token()
		if err != nil {
			return "", p.fail("malformed XML", err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			b = append(b, t...)
		case xml.EndElement:
			return string(b), nil
		case xml.StartElement:
			return "", p.fail("unexpected element <"+t.Name.Local+"> in text-only element", nil)
		case xml.Directive:
			return "", p.fail("directives are not allowed", nil)
		}
	}
}

func (p *decoder) push(s string) { p.path = append(p.path, s) }
func (p *decoder) pop()          { p.path = p.path[:len(p.path)-1] }

// children calls fn for each child element of the current element.
func (p *decoder) children(fn func(start xml.StartElement) error) error {
	for {
		tok, err := p.next()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			p.push(t.Name.Local)
			if err := fn(t); err != nil {
				return err
			}
			p.pop()
		}
	}
}

func (p *decoder) skip() error {
	if err := p.d.Skip(); err != nil {
		return p.fail("malformed XML", err)
	}
	return nil
}

func (p *decoder) code(start xml.StartElement, c *Code) error {
	for _, a := range start.Attr {
		if a.Name.Space != "" {
			continue
		}
		switch a.Name.Local {
		case "listURI":
			c.ListURI, c.present = a.Value, c.present|hasListURI
		case "listVersionID":
			c.ListVersionID, c.present = a.Value, c.present|hasListVersionID
		}
	}
	seenCode := false
	err := p.children(func(s xml.StartElement) error {
		var err error
		switch s.Name.Local {
		case "code":
			c.Code, err = p.text()
			c.Code = strings.TrimSpace(c.Code) // xs:token
			seenCode = true
		case "name":
			c.Name, err = p.text()
			c.present |= hasName
		default:
			return p.fail("unknown element in Code", nil)
		}
		return err
	})
	if err == nil && !seenCode {
		return p.fail("Code without code element", nil)
	}
	return err
}

// DecodeHeader decodes the root attributes and the Nachrichtenkopf of an
// XÖV message. It reads no further than the end of the header; the body
// is not looked at. Both the g2g 1.1 header and the older qualified
// header (FormLegacy) are accepted.
//
// Errors are *ozg.Error (InvalidArgument) wrapping a *DecodeError.
func DecodeHeader(data []byte) (*Header, error) {
	h := new(Header)
	if _, err := decodeHeader(data, h); err != nil {
		return nil, err
	}
	return h, nil
}

// DecodeHeaderInto is DecodeHeader into h, keeping h.Kopf.Extension (set
// it before the call to receive a standard's header extension).
func DecodeHeaderInto(data []byte, h *Header) error {
	_, err := decodeHeader(data, h)
	return err
}

// bodyBounds returns the byte range of the body: from the end of the
// header to the start of the root end tag.
func (p *decoder) bodyBounds() (int64, int64, error) {
	start := p.d.InputOffset()
	if err := p.skip(); err != nil {
		return 0, 0, err
	}
	end := p.d.InputOffset()
	i := bytes.LastIndex(p.data[start:end], []byte("</"))
	if i < 0 {
		return 0, 0, p.fail("root element not closed", nil)
	}
	return start, start + int64(i), nil
}

// decodeHeader returns the decoder positioned just after the header element.
func decodeHeader(data []byte, h *Header) (*decoder, error) {
	p := &decoder{data: data, d: xml.NewDecoder(bytes.NewReader(data))}
	if len(data) > MaxMessageSize {
		return nil, p.fail("message too large", nil)
	}
	ext := h.Kopf.Extension
	*h = Header{}
	h.Kopf.Extension = ext
	// Root element; comments and processing instructions before it are
	// kept verbatim in Prolog (the XML declaration is not).
	var root xml.StartElement
	prologStart := int64(-1)
	for {
		p.off = p.d.InputOffset()
		tok, err := p.d.Token()
		if err != nil {
			return nil, p.fail("no root element", err)
		}
		if s, ok := tok.(xml.StartElement); ok {
			root = s
			if prologStart >= 0 {
				h.Prolog = bytes.TrimSpace(bytes.Clone(data[prologStart:p.off]))
			}
			break
		}
		switch t := tok.(type) {
		case xml.Comment:
			if prologStart < 0 {
				prologStart = p.off
			}
		case xml.ProcInst:
			if t.Target != "xml" && prologStart < 0 {
				prologStart = p.off
			}
		}
		if _, ok := tok.(xml.Directive); ok {
			return nil, p.fail("DOCTYPE and other directives are not allowed", nil)
		}
	}
	h.Namespace, h.Local = root.Name.Space, root.Name.Local
	p.push(root.Name.Local)
	prefixOf := map[string]string{}
	for _, a := range root.Attr {
		switch {
		case a.Name.Space == "xmlns":
			h.Namespaces = append(h.Namespaces, NamespaceDecl{Prefix: a.Name.Local, URI: a.Value})
			prefixOf[a.Value] = a.Name.Local
			p.ns = append(p.ns, a)
		case a.Name.Space == "" && a.Name.Local == "xmlns":
			h.Namespaces = append(h.Namespaces, NamespaceDecl{URI: a.Value})
			if _, ok := prefixOf[a.Value]; !ok {
				prefixOf[a.Value] = ""
			}
			p.ns = append(p.ns, a)
		}
	}
	if pr, ok := prefixOf[h.Namespace]; ok {
		h.Prefix = pr
	}
	for _, a := range root.Attr {
		if a.Name.Space == "xmlns" || (a.Name.Space == "" && a.Name.Local == "xmlns") {
			continue
		}
		if a.Name.Space != "" {
			pr, ok := prefixOf[a.Name.Space]
			if !ok || pr == "" {
				if a.Name.Space == "xml" {
					pr = "xml"
				} else {
					return nil, p.fail(fmt.Sprintf("attribute %s in undeclared namespace", a.Name.Local), nil)
				}
			}
			h.Attrs = append(h.Attrs, Attr{Name: pr + ":" + a.Name.Local, Value: a.Value})
			continue
		}
		switch a.Name.Local {
		case "produkt":
			h.Produkt = a.Value
		case "produkthersteller":
			h.Produkthersteller = a.Value
		case "produktversion":
			h.Produktversion, h.present = a.Value, h.present|hasProduktversion
		case "standard":
			h.Standard = a.Value
		case "version":
			h.Version = a.Value
		case "test":
			h.Test, h.present = a.Value, h.present|hasTest
		default:
			h.Attrs = append(h.Attrs, Attr{Name: a.Name.Local, Value: a.Value})
		}
	}

	// The header element must be the first child.
	tok, err := p.next()
	if err != nil {
		return nil, err
	}
	start, ok := tok.(xml.StartElement)
	if !ok {
		return nil, p.fail("message has no nachrichtenkopf", nil)
	}
	switch {
	case start.Name.Local == "nachrichtenkopf.g2g" && start.Name.Space == "":
		h.Form = FormG2G
	case start.Name.Local == "nachrichtenkopf" || start.Name.Local == "nachrichtenkopf.g2g":
		h.Form = FormLegacy
		if start.Name.Space != h.Namespace {
			return nil, p.fail("legacy nachrichtenkopf must be in the root's namespace", nil)
		}
	default:
		return nil, p.fail(fmt.Sprintf("first child is <%s>, want nachrichtenkopf.g2g", start.Name.Local), nil)
	}
	p.push(start.Name.Local)
	if err := p.kopf(&h.Kopf); err != nil {
		return nil, err
	}
	return p, nil
}

func (p *decoder) kopf(k *Nachrichtenkopf) error {
	var seenIdent, seenLeser, seenAutor bool
	restStart, restEnd := int64(-1), int64(-1)
	err := p.children(func(s xml.StartElement) error {
		if restStart >= 0 {
			if err := p.skip(); err != nil {
				return err
			}
			restEnd = p.d.InputOffset()
			return nil
		}
		switch s.Name.Local {
		case "identifikation.nachricht":
			if seenIdent {
				return p.fail("repeated element", nil)
			}
			seenIdent = true
			return p.ident(&k.Identifikation)
		case "leser":
			if !seenIdent || seenLeser {
				return p.fail("leser out of order", nil)
			}
			seenLeser = true
			return p.behoerde(&k.Leser)
		case "autor":
			if !seenLeser || seenAutor {
				return p.fail("autor out of order", nil)
			}
			seenAutor = true
			return p.behoerde(&k.Autor)
		default:
			if !seenAutor {
				return p.fail("unexpected element before autor", nil)
			}
			restStart = p.off
			if err := p.skip(); err != nil {
				return err
			}
			restEnd = p.d.InputOffset()
			return nil
		}
	})
	if err != nil {
		return err
	}
	if !seenIdent || !seenLeser || !seenAutor {
		return p.fail("nachrichtenkopf needs identifikation.nachricht, leser and autor", nil)
	}
	if restStart >= 0 {
		rest := p.data[restStart:restEnd]
		if k.Extension == nil {
			k.Rest = bytes.Clone(rest)
			return nil
		}
		var b bytes.Buffer
		b.WriteString("<x")
		for _, a := range p.ns {
			if a.Name.Space == "xmlns" {
				b.WriteString(" xmlns:" + a.Name.Local + `="`)
			} else {
				b.WriteString(` xmlns="`)
			}
			xml.EscapeText(&b, []byte(a.Value))
			b.WriteString(`"`)
		}
		b.WriteString(">")
		b.Write(rest)
		b.WriteString("</x>")
		if err := xml.Unmarshal(b.Bytes(), k.Extension); err != nil {
			return p.fail("header extension", err)
		}
	}
	return nil
}

func (p *decoder) ident(id *IdentifikationNachricht) error {
	var seenUUID, seenTyp, seenZeit bool
	err := p.children(func(s xml.StartElement) error {
		switch s.Name.Local {
		case "nachrichtenUUID":
			v, err := p.text()
			id.NachrichtenUUID, seenUUID = strings.TrimSpace(v), true
			return err
		case "nachrichtentyp":
			seenTyp = true
			return p.code(s, &id.Nachrichtentyp)
		case "erstellungszeitpunkt":
			v, err := p.text()
			if err != nil {
				return err
			}
			t, _, _, err := ParseTimestamp(v)
			if err != nil {
				return p.fail("not an xs:dateTime", err)
			}
			id.Erstellungszeitpunkt, id.rawZeit, seenZeit = t, v, true
			return nil
		}
		return p.fail("unknown element", nil)
	})
	if err == nil && !(seenUUID && seenTyp && seenZeit) {
		return p.fail("needs nachrichtenUUID, nachrichtentyp and erstellungszeitpunkt", nil)
	}
	return err
}

func (p *decoder) behoerde(b *Behoerde) error {
	return p.children(func(s xml.StartElement) error {
		var err error
		switch s.Name.Local {
		case "verzeichnisdienst":
			return p.code(s, &b.Verzeichnisdienst)
		case "kennung":
			b.Kennung, err = p.text()
		case "name":
			b.Name, err = p.text()
		case "behoerdenname":
			b.Behoerdenname, err = p.text()
		case "erreichbarkeit":
			var k Kommunikation
			err = p.children(func(s xml.StartElement) error {
				var err error
				switch s.Name.Local {
				case "kanal":
					return p.code(s, &k.Kanal)
				case "kennung":
					k.Kennung, err = p.text()
				case "zusatz":
					k.Zusatz, err = p.text()
				default:
					return p.fail("unknown element", nil)
				}
				return err
			})
			b.Erreichbarkeit = append(b.Erreichbarkeit, k)
		case "behoerdenkennung":
			bk := new(BehoerdenkennungCodes)
			err = p.children(func(s xml.StartElement) error {
				switch s.Name.Local {
				case "praefix":
					return p.code(s, &bk.Praefix)
				case "kennung":
					return p.code(s, &bk.Kennung)
				}
				return p.fail("unknown element", nil)
			})
			b.Behoerdenkennung = bk
		case "anschrift":
			start := p.off
			if err := p.skip(); err != nil {
				return err
			}
			b.Anschrift = bytes.Clone(p.data[start:p.d.InputOffset()])
		default:
			return p.fail("unknown element", nil)
		}
		return err
	})
}
