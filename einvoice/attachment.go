package einvoice

import (
	"bytes"
	"encoding/base64"
	"io"
	"strings"
)

// Attachment is BT-125 Attached document: an embedded binary object with
// BT-125-1 its MIME code and BT-125-2 its filename.
//
// The content is held once, as the base64 text of the document (which is
// what both syntaxes carry); Open and Bytes decode it on demand, and the
// writers copy the text without decoding it.
type Attachment struct {
	// Base64 is the content in base64 as read (white space allowed).
	Base64 string
	// BT-125-1 Attached document Mime code, e.g. "application/pdf".
	MimeCode string
	// BT-125-2 Attached document Filename.
	Filename string
}

// NewAttachment returns an attachment holding content, encoded in base64.
func NewAttachment(content []byte, mimeCode, filename string) *Attachment {
	return &Attachment{Base64: base64.StdEncoding.EncodeToString(content), MimeCode: mimeCode, Filename: filename}
}

// Open returns a reader of the decoded content. It decodes while reading,
// so the decoded content is never held in memory as a whole.
func (a *Attachment) Open() io.Reader {
	return base64.NewDecoder(base64.StdEncoding, &spaceSkipper{r: strings.NewReader(a.Base64)})
}

// Bytes decodes the content.
func (a *Attachment) Bytes() ([]byte, error) {
	return io.ReadAll(a.Open())
}

// DecodedLen returns an upper bound of the decoded content's length.
func (a *Attachment) DecodedLen() int { return base64.StdEncoding.DecodedLen(len(a.Base64)) }

// spaceSkipper drops XML white space (which xsd:base64Binary allows) from
// the base64 text.
type spaceSkipper struct{ r io.Reader }

func (s *spaceSkipper) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		n, err := s.r.Read(p)
		// compact p[:n] segment by segment (copy and IndexAny are fast,
		// also under the race detector)
		j, rest := 0, p[:n]
		for len(rest) > 0 {
			k := bytes.IndexAny(rest, " \t\r\n")
			if k < 0 {
				j += copy(p[j:], rest)
				break
			}
			j += copy(p[j:], rest[:k])
			rest = rest[k+1:]
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}
