package xoev

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

// Code is a value of the XÖV core type xoev-code:Code (namespace
// http://xoev.de/schemata/code/1_0): the code, an optional name and the
// attributes listURI and listVersionID that name the code list.
//
// The zero Code is empty. Decoding records which optional parts were
// present in the input, so an empty listVersionID="" or an empty <name/>
// survives a round trip; encoding writes an optional part when it is
// non-empty or was present.
type Code struct {
	Code          string // element code (xs:token)
	Name          string // element name (optional)
	ListURI       string // attribute listURI (optional)
	ListVersionID string // attribute listVersionID (optional)

	present uint8 // bits hasName, hasListURI, hasListVersionID
}

const (
	hasName uint8 = 1 << iota
	hasListURI
	hasListVersionID
)

// HasListVersionID reports whether the listVersionID attribute is set or
// was present (possibly empty) in the decoded input.
func (c Code) HasListVersionID() bool {
	return c.ListVersionID != "" || c.present&hasListVersionID != 0
}

// HasListURI reports whether the listURI attribute is set or was present.
func (c Code) HasListURI() bool { return c.ListURI != "" || c.present&hasListURI != 0 }

// HasName reports whether the name element is set or was present.
func (c Code) HasName() bool { return c.Name != "" || c.present&hasName != 0 }

// String returns "code" or "code (listURI version)".
func (c Code) String() string {
	if c.ListURI == "" && c.ListVersionID == "" {
		return c.Code
	}
	return fmt.Sprintf("%s (%s %s)", c.Code, c.ListURI, c.ListVersionID)
}

// CodeType is the XÖV code type (XÖV-Handbuch): how a code-typed element
// fixes its code list.
type CodeType int

// The four XÖV code types.
const (
	// CodeType1: the values are enumerated inside the standard's schema;
	// listURI and listVersionID are neither needed nor checked against an
	// instance value unless given.
	CodeType1 CodeType = 1
	// CodeType2: the schema fixes listURI and listVersionID; an instance may
	// omit them, and if it gives them they must match.
	CodeType2 CodeType = 2
	// CodeType3: the schema fixes listURI; the instance must give
	// listVersionID.
	CodeType3 CodeType = 3
	// CodeType4: the instance must give both listURI and listVersionID.
	CodeType4 CodeType = 4
)

// CodeSpec describes what a schema says about one Code-typed element.
type CodeSpec struct {
	Type CodeType // code type 1–4
	// ListURI is the list the schema fixes (types 1–3).
	ListURI string
	// ListVersionID is the version the schema fixes (types 1 and 2).
	ListVersionID string
}

// Resolve returns the code list (URI, version) that c refers to under s,
// or a *CodeError when c breaks the rules of the code type.
func (s CodeSpec) Resolve(field string, c Code) (uri, version string, err error) {
	fail := func(rule, format string, a ...any) (string, string, error) {
		return "", "", &CodeError{Field: field, Code: c.Code, Rule: rule, Reason: fmt.Sprintf(format, a...)}
	}
	if c.Code == "" {
		return fail("code-empty", "empty code")
	}
	switch s.Type {
	case CodeType1, CodeType2:
		uri, version = s.ListURI, s.ListVersionID
		if c.ListURI != "" && s.ListURI != "" && c.ListURI != s.ListURI {
			return fail("list-uri", "listURI %q, the schema fixes %q", c.ListURI, s.ListURI)
		}
		if c.ListVersionID != "" && s.ListVersionID != "" && c.ListVersionID != s.ListVersionID {
			return fail("list-version", "listVersionID %q, the schema fixes %q", c.ListVersionID, s.ListVersionID)
		}
		if uri == "" {
			uri = c.ListURI
		}
		if version == "" {
			version = c.ListVersionID
		}
	case CodeType3:
		if c.ListURI != "" && c.ListURI != s.ListURI {
			return fail("list-uri", "listURI %q, the schema fixes %q", c.ListURI, s.ListURI)
		}
		if c.ListVersionID == "" {
			return fail("list-version", "code type 3 needs listVersionID in the instance")
		}
		uri, version = s.ListURI, c.ListVersionID
	case CodeType4:
		if c.ListURI == "" || c.ListVersionID == "" {
			return fail("list-version", "code type 4 needs listURI and listVersionID in the instance")
		}
		uri, version = c.ListURI, c.ListVersionID
	default:
		return fail("code-type", "unknown code type %d", s.Type)
	}
	return uri, version, nil
}

// CodeError reports a code that breaks a code-type rule or is not in its
// list. Validate returns it wrapped in an *ozg.Error (InvalidArgument, or
// NotFound when the list itself is not loaded).
type CodeError struct {
	Field  string // the element, e.g. "identifikation.nachricht/nachrichtentyp"
	Code   string // the code value
	Rule   string // "code-empty", "list-uri", "list-version", "list-not-loaded", "code-unknown", "code-type"
	Reason string // what is wrong
}

// Error formats the error as "xoev: FIELD: code "C": REASON".
func (e *CodeError) Error() string {
	return fmt.Sprintf("xoev: %s: code %q: %s", e.Field, e.Code, e.Reason)
}

// Validate checks c against its code list in reg under the code-type rules
// of spec: the right list, the right version, and that the code exists.
// On success it fills c.Name from the list's name column if it is empty.
// field names the element for error messages.
func Validate(reg *genericode.Registry, spec CodeSpec, field string, c *Code) error {
	uri, version, err := spec.Resolve(field, *c)
	if err != nil {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.Validate", Err: err}
	}
	if uri == "" || version == "" {
		if spec.Type == CodeType1 {
			return nil // enumerated in the schema; nothing to look up
		}
		return &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.Validate", Err: &CodeError{Field: field, Code: c.Code, Rule: "list-version", Reason: "list unknown"}}
	}
	l, ok := reg.Get(uri, version)
	if !ok {
		return &ozg.Error{Code: ozg.NotFound, Op: "xoev.Validate", Err: &CodeError{Field: field, Code: c.Code, Rule: "list-not-loaded", Reason: fmt.Sprintf("code list %s version %s is not loaded", uri, version)}}
	}
	row, ok := l.Lookup(c.Code)
	if !ok {
		return &ozg.Error{Code: ozg.InvalidArgument, Op: "xoev.Validate", Err: &CodeError{Field: field, Code: c.Code, Rule: "code-unknown", Reason: fmt.Sprintf("not in %s version %s", uri, version)}}
	}
	if c.Name == "" {
		c.Name = row.Name()
	}
	return nil
}

// MarshalXML encodes c as an xoev-code:Code element, so Code can be used
// in a standard's body structs: the attributes listURI and listVersionID,
// and the unqualified children code and name.
func (c Code) MarshalXML(e *xml.Encoder, start xml.StartElement) error {
	start.Attr = start.Attr[:0:0]
	if c.HasListURI() {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "listURI"}, Value: c.ListURI})
	}
	if c.HasListVersionID() {
		start.Attr = append(start.Attr, xml.Attr{Name: xml.Name{Local: "listVersionID"}, Value: c.ListVersionID})
	}
	if err := e.EncodeToken(start); err != nil {
		return err
	}
	if err := e.EncodeElement(c.Code, xml.StartElement{Name: xml.Name{Local: "code"}}); err != nil {
		return err
	}
	if c.HasName() {
		if err := e.EncodeElement(c.Name, xml.StartElement{Name: xml.Name{Local: "name"}}); err != nil {
			return err
		}
	}
	return e.EncodeToken(start.End())
}

// UnmarshalXML decodes an xoev-code:Code element.
func (c *Code) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	*c = Code{}
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
	var x struct {
		Code string  `xml:"code"`
		Name *string `xml:"name"`
	}
	if err := d.DecodeElement(&x, &start); err != nil {
		return err
	}
	c.Code = strings.TrimSpace(x.Code)
	if x.Name != nil {
		c.Name, c.present = *x.Name, c.present|hasName
	}
	return nil
}
