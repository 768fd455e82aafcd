package genericode

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Namespace is the OASIS genericode 1.0 namespace of the CodeList element.
const Namespace = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/"

// The XÖV metadata namespaces, one per generation of the XÖV code-list
// handbook.
const (
	NamespaceXOEV1 = "http://www.xoev.de/schemata/xoev-gc-codelist-1_0"
	NamespaceXOEV3 = "http://xoev.de/schemata/genericode/3"
	NamespaceXOEV4 = "http://xoev.de/schemata/genericode/4"
)

// Generation is the XÖV metadata generation a code list is written in.
type Generation int

// The generations. GenerationNone is a plain genericode list without XÖV
// metadata.
const (
	GenerationNone Generation = iota
	GenerationXOEV1
	GenerationXOEV3
	GenerationXOEV4
)

// String returns the metadata namespace's short name.
func (g Generation) String() string {
	switch g {
	case GenerationXOEV1:
		return "xoev-gc-codelist-1_0"
	case GenerationXOEV3:
		return "genericode/3"
	case GenerationXOEV4:
		return "genericode/4"
	}
	return "none"
}

// Identification is the genericode Identification block.
type Identification struct {
	ShortName           string // e.g. "erreichbarkeit"
	LongName            string // human-readable title
	Version             string // e.g. "3" or "2010-04-01"
	CanonicalURI        string // CanonicalUri, e.g. urn:de:xoev:codeliste:erreichbarkeit
	CanonicalVersionURI string // CanonicalVersionUri, e.g. urn:de:xoev:codeliste:erreichbarkeit_3
	AgencyShortName     string // publishing agency, short
	AgencyLongName      string // publishing agency, long
}

// Column is one column of the ColumnSet.
type Column struct {
	ID        string // Id attribute, referenced by Value/@ColumnRef
	ShortName string // column name
	LongName  string // column title
	Required  bool   // Use="required"
	DataType  string // Data/@Type, e.g. "string"
}

// Key is one key of the ColumnSet.
type Key struct {
	ID        string   // Id attribute
	ShortName string   // key name
	Columns   []string // ColumnRef/@Ref
	// Marker is the XÖV AppInfo marker on the key, e.g. "recommendedKeyColumn"
	// (genericode/4), "empfohleneCodeSpalte" (genericode/3), "xoev-code" or
	// "xoev-codename" (xoev-gc-codelist-1_0); empty if none.
	Marker string
}

// CodeList is a parsed genericode code list. It is immutable after Parse
// and safe for concurrent use.
type CodeList struct {
	Identification Identification // the Identification block
	Columns        []Column       // the ColumnSet columns in order
	Keys           []Key          // the ColumnSet keys in order
	Generation     Generation     // XÖV metadata generation
	// KeyColumn is the index in Columns of the column holding the code: the
	// column of the key marked as the code key (recommendedKeyColumn,
	// empfohleneCodeSpalte, xoev-code), else of the first key, else 0.
	KeyColumn int
	// NameColumn is the index of the column whose value is the code's name
	// (xoev-code:Code/name): the column of the xoev-codename key in the
	// first generation, else the first column after the key column; -1 if
	// the list has a single column.
	NameColumn int

	rows  [][]string
	index map[string]int
}

// Len returns the number of rows.
func (l *CodeList) Len() int { return len(l.rows) }

// Row returns row i (0 ≤ i < Len()).
func (l *CodeList) Row(i int) Row { return Row{l, i} }

// Column returns the index of the column with the given Id, or -1.
func (l *CodeList) Column(id string) int {
	for i, c := range l.Columns {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// Lookup finds the row whose key column holds code. It does not allocate.
func (l *CodeList) Lookup(code string) (Row, bool) {
	i, ok := l.index[code]
	if !ok {
		return Row{}, false
	}
	return Row{l, i}, true
}

// Row is one row of a code list; the zero Row is empty.
type Row struct {
	list *CodeList
	i    int
}

// Code returns the value of the key column.
func (r Row) Code() string { return r.At(r.keyCol()) }

// Name returns the value of the name column ("" if the list has none).
func (r Row) Name() string {
	if r.list == nil || r.list.NameColumn < 0 {
		return ""
	}
	return r.At(r.list.NameColumn)
}

// At returns the value in column index c ("" if out of range or absent).
func (r Row) At(c int) string {
	if r.list == nil || c < 0 || c >= len(r.list.rows[r.i]) {
		return ""
	}
	return r.list.rows[r.i][c]
}

// Value returns the value in the column with the given Id.
func (r Row) Value(columnID string) string {
	if r.list == nil {
		return ""
	}
	return r.At(r.list.Column(columnID))
}

func (r Row) keyCol() int {
	if r.list == nil {
		return -1
	}
	return r.list.KeyColumn
}

// raw XML model of genericode 1.0 (children of CodeList are unqualified).
type xCodeList struct {
	XMLName        xml.Name        `xml:"CodeList"`
	Identification xIdentification `xml:"Identification"`
	Columns        []xColumn       `xml:"ColumnSet>Column"`
	Keys           []xKey          `xml:"ColumnSet>Key"`
	Rows           []xRow          `xml:"SimpleCodeList>Row"`
}

type xIdentification struct {
	ShortName           string `xml:"ShortName"`
	LongName            string `xml:"LongName"`
	Version             string `xml:"Version"`
	CanonicalURI        string `xml:"CanonicalUri"`
	CanonicalVersionURI string `xml:"CanonicalVersionUri"`
	AgencyShortName     string `xml:"Agency>ShortName"`
	AgencyLongName      string `xml:"Agency>LongName"`
}

type xColumn struct {
	ID        string `xml:"Id,attr"`
	Use       string `xml:"Use,attr"`
	ShortName string `xml:"ShortName"`
	LongName  string `xml:"LongName"`
	Data      struct {
		Type string `xml:"Type,attr"`
	} `xml:"Data"`
}

type xKey struct {
	ID        string `xml:"Id,attr"`
	ShortName string `xml:"ShortName"`
	Annot     struct {
		AppInfo struct {
			Any []xAny `xml:",any"`
		} `xml:"AppInfo"`
	} `xml:"Annotation"`
	Refs []xRefAttr `xml:"ColumnRef"`
}

type xAny struct {
	XMLName xml.Name
}

type xRefAttr struct {
	Ref string `xml:"Ref,attr"`
}

type xRow struct {
	Values []xValue `xml:"Value"`
}

type xValue struct {
	ColumnRef string  `xml:"ColumnRef,attr"`
	Simple    *string `xml:"SimpleValue"`
}

// ParseError reports why a document is not a usable genericode code list.
type ParseError struct {
	Field  string // the genericode element or attribute at fault, e.g. "Identification/CanonicalUri"
	Reason string // what is wrong
	Err    error  // the underlying XML error, if any
}

// Error formats the error as "genericode: FIELD: REASON".
func (e *ParseError) Error() string {
	s := "genericode: "
	if e.Field != "" {
		s += e.Field + ": "
	}
	s += e.Reason
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

func parseErr(field, reason string, err error) error {
	return &ozg.Error{Code: ozg.InvalidArgument, Op: "genericode.Parse", Err: &ParseError{Field: field, Reason: reason, Err: err}}
}

// maxSize bounds the input Parse reads (XRepository's largest lists are a
// few MiB).
const maxSize = 64 << 20

// Parse reads a genericode 1.0 code list in any of the XÖV metadata
// generations. Errors are *ozg.Error (InvalidArgument) wrapping a
// *ParseError.
func Parse(r io.Reader) (*CodeList, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxSize+1))
	if err != nil {
		return nil, &ozg.Error{Code: ozg.Unavailable, Op: "genericode.Parse", Err: err}
	}
	if len(data) > maxSize {
		return nil, parseErr("", "document larger than 64 MiB", nil)
	}
	return ParseBytes(data)
}

// ParseBytes is Parse on a byte slice.
func ParseBytes(data []byte) (*CodeList, error) {
	if bytes.Contains(data, []byte("<!DOCTYPE")) {
		return nil, parseErr("", "DOCTYPE not allowed", nil)
	}
	var x xCodeList
	d := xml.NewDecoder(bytes.NewReader(data))
	if err := d.Decode(&x); err != nil {
		return nil, parseErr("", "not a genericode document", err)
	}
	if x.XMLName.Space != Namespace {
		return nil, parseErr("CodeList", fmt.Sprintf("namespace %q, want %q", x.XMLName.Space, Namespace), nil)
	}
	id := x.Identification
	l := &CodeList{
		Identification: Identification{
			ShortName:           strings.TrimSpace(id.ShortName),
			LongName:            strings.TrimSpace(id.LongName),
			Version:             strings.TrimSpace(id.Version),
			CanonicalURI:        strings.TrimSpace(id.CanonicalURI),
			CanonicalVersionURI: strings.TrimSpace(id.CanonicalVersionURI),
			AgencyShortName:     strings.TrimSpace(id.AgencyShortName),
			AgencyLongName:      strings.TrimSpace(id.AgencyLongName),
		},
		KeyColumn:  -1,
		NameColumn: -1,
	}
	if l.Identification.CanonicalURI == "" {
		return nil, parseErr("Identification/CanonicalUri", "missing", nil)
	}
	if l.Identification.Version == "" {
		return nil, parseErr("Identification/Version", "missing", nil)
	}
	if len(x.Columns) == 0 {
		return nil, parseErr("ColumnSet/Column", "no columns", nil)
	}
	for i, c := range x.Columns {
		if c.ID == "" {
			return nil, parseErr(fmt.Sprintf("ColumnSet/Column[%d]/@Id", i+1), "missing", nil)
		}
		if l.Column(c.ID) >= 0 {
			return nil, parseErr(fmt.Sprintf("ColumnSet/Column[%d]/@Id", i+1), fmt.Sprintf("duplicate column %q", c.ID), nil)
		}
		l.Columns = append(l.Columns, Column{ID: c.ID, ShortName: strings.TrimSpace(c.ShortName), LongName: strings.TrimSpace(c.LongName), Required: c.Use == "required", DataType: c.Data.Type})
	}
	keyCol, codeKey, nameKey := -1, -1, -1
	for i, k := range x.Keys {
		key := Key{ID: k.ID, ShortName: strings.TrimSpace(k.ShortName)}
		for _, r := range k.Refs {
			if l.Column(r.Ref) < 0 {
				return nil, parseErr(fmt.Sprintf("ColumnSet/Key[%d]/ColumnRef", i+1), fmt.Sprintf("unknown column %q", r.Ref), nil)
			}
			key.Columns = append(key.Columns, r.Ref)
		}
		for _, a := range k.Annot.AppInfo.Any {
			switch {
			case a.XMLName.Space == NamespaceXOEV4 && a.XMLName.Local == "recommendedKeyColumn":
				l.Generation, key.Marker, codeKey = GenerationXOEV4, a.XMLName.Local, i
			case a.XMLName.Space == NamespaceXOEV3 && a.XMLName.Local == "empfohleneCodeSpalte":
				l.Generation, key.Marker, codeKey = GenerationXOEV3, a.XMLName.Local, i
			case a.XMLName.Space == NamespaceXOEV1 && a.XMLName.Local == "xoev-code":
				l.Generation, key.Marker, codeKey = GenerationXOEV1, a.XMLName.Local, i
			case a.XMLName.Space == NamespaceXOEV1 && a.XMLName.Local == "xoev-codename":
				l.Generation, key.Marker, nameKey = GenerationXOEV1, a.XMLName.Local, i
			}
		}
		l.Keys = append(l.Keys, key)
	}
	if l.Generation == GenerationNone {
		l.Generation = generationFromNamespaces(data)
	}
	switch {
	case codeKey >= 0 && len(l.Keys[codeKey].Columns) > 0:
		keyCol = l.Column(l.Keys[codeKey].Columns[0])
	case len(l.Keys) > 0 && len(l.Keys[0].Columns) > 0:
		keyCol = l.Column(l.Keys[0].Columns[0])
	default:
		keyCol = 0
	}
	l.KeyColumn = keyCol
	switch {
	case nameKey >= 0 && len(l.Keys[nameKey].Columns) > 0:
		l.NameColumn = l.Column(l.Keys[nameKey].Columns[0])
	case keyCol+1 < len(l.Columns):
		l.NameColumn = keyCol + 1
	case len(l.Columns) > 1:
		l.NameColumn = 0
	}

	l.rows = make([][]string, len(x.Rows))
	l.index = make(map[string]int, len(x.Rows))
	for i, r := range x.Rows {
		row := make([]string, len(l.Columns))
		next := 0
		for j, v := range r.Values {
			c := next
			if v.ColumnRef != "" {
				c = l.Column(v.ColumnRef)
				if c < 0 {
					return nil, parseErr(fmt.Sprintf("SimpleCodeList/Row[%d]/Value[%d]/@ColumnRef", i+1, j+1), fmt.Sprintf("unknown column %q", v.ColumnRef), nil)
				}
			}
			if c >= len(row) {
				return nil, parseErr(fmt.Sprintf("SimpleCodeList/Row[%d]/Value[%d]", i+1, j+1), "more values than columns", nil)
			}
			if v.Simple != nil {
				row[c] = *v.Simple
			}
			next = c + 1
		}
		code := row[keyCol]
		if code == "" {
			if l.Columns[keyCol].Required {
				return nil, parseErr(fmt.Sprintf("SimpleCodeList/Row[%d]", i+1), fmt.Sprintf("empty key column %q", l.Columns[keyCol].ID), nil)
			}
		}
		if prev, dup := l.index[code]; dup {
			return nil, parseErr(fmt.Sprintf("SimpleCodeList/Row[%d]", i+1), fmt.Sprintf("code %q repeats row %d", code, prev+1), nil)
		}
		l.index[code] = i
		l.rows[i] = row
	}
	return l, nil
}

func generationFromNamespaces(data []byte) Generation {
	switch {
	case bytes.Contains(data, []byte(NamespaceXOEV4)):
		return GenerationXOEV4
	case bytes.Contains(data, []byte(NamespaceXOEV3)):
		return GenerationXOEV3
	case bytes.Contains(data, []byte(NamespaceXOEV1)):
		return GenerationXOEV1
	}
	return GenerationNone
}

// errNotFound is wrapped with ozg.NotFound by the registry.
var errNotFound = errors.New("code list not loaded")
