package xoev

import (
	"fmt"
	"strings"
	"time"
)

// Form is the shape of a message header.
type Form int

// The header forms.
const (
	// FormG2G is the XÖV-Basisnachricht g2g 1.1 header: an unqualified
	// nachrichtenkopf.g2g with leser/autor as BehoerdeType
	// (verzeichnisdienst, kennung, name, erreichbarkeit).
	FormG2G Form = iota
	// FormLegacy is the older header of standards such as XGewerbeanzeige
	// 2.2: a qualified nachrichtenkopf whose leser/autor carry a
	// behoerdenkennung of two Codes (praefix, kennung). Its elements are in
	// the root's namespace (written with the root's prefix).
	FormLegacy
)

// String returns "g2g" or "legacy".
func (f Form) String() string {
	if f == FormLegacy {
		return "legacy"
	}
	return "g2g"
}

// NamespaceDecl is one xmlns:prefix declaration on the root element.
type NamespaceDecl struct {
	Prefix string // "" for the default namespace
	URI    string // the namespace name
}

// Attr is an attribute of the root element other than the XÖV attributes
// and namespace declarations, e.g. xsi:schemaLocation. Name is written as
// given (prefix:local).
type Attr struct {
	Name  string // qualified name, e.g. "xsi:schemaLocation"
	Value string // unescaped value
}

// Header is everything an XÖV g2g message shares, whatever the standard:
// the root element with its attributes (type Nachricht.G2GType) and the
// Nachrichtenkopf. The body — the standard-specific elements after the
// header — is in [Message].
type Header struct {
	// Namespace and Local name the root element, e.g.
	// "https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0" and
	// "vorgang.transportieren.2010". Prefix is the prefix written for it.
	Namespace, Local, Prefix string
	// Namespaces are the namespace declarations of the root element, in
	// order. The root's own namespace is declared on encoding if missing.
	Namespaces []NamespaceDecl
	// Attrs are further root attributes (e.g. xsi:schemaLocation), in order.
	Attrs []Attr
	// Prolog holds comments and processing instructions before the root
	// element, verbatim (the XML declaration excluded).
	Prolog []byte

	Produkt           string // attribute produkt (required): the software that made the message
	Produkthersteller string // attribute produkthersteller (required): its maker
	Produktversion    string // attribute produktversion (optional)
	Standard          string // attribute standard (required), e.g. "XWasser"
	Version           string // attribute version (required), e.g. "1.0.0"
	Test              string // attribute test (optional): present = test message

	// Kopf is the Nachrichtenkopf (nachrichtenkopf.g2g).
	Kopf Nachrichtenkopf
	// Form is the header form found when decoding.
	Form Form

	present uint8 // hasProduktversion, hasTest
}

const (
	hasProduktversion uint8 = 1 << iota
	hasTest
)

// IsTest reports whether the test attribute is present: by the g2g
// definition such a message must not be processed in production.
func (h *Header) IsTest() bool { return h.Test != "" || h.present&hasTest != 0 }

// Nachrichtenkopf is the message header proper (Nachrichtenkopf.G2GType):
// identification of the message, its reader and its author.
type Nachrichtenkopf struct {
	Identifikation IdentifikationNachricht // identifikation.nachricht
	Leser          Behoerde                // leser: the authority the message is for
	Autor          Behoerde                // autor: the authority that wrote it

	// Extension receives the standard-specific elements a standard appends
	// to its nachrichtenkopf.g2g (XWasser: referenzUUID, dvdvDienstkennung).
	// Set it to a pointer to a struct with encoding/xml tags before
	// decoding (embedding [Referenz] covers the common ones); it is encoded
	// with encoding/xml after autor. If nil, such elements are kept
	// verbatim in Rest instead.
	Extension any
	// Rest holds the elements after autor verbatim when Extension is nil.
	Rest []byte
}

// Referenz holds the header extension elements several XÖV standards
// (e.g. XWasser 1.0) append to nachrichtenkopf.g2g. Embed it in a
// standard's extension struct and add the standard's own fields.
type Referenz struct {
	// ReferenzUUID is the nachrichtenUUID of the message this one answers.
	ReferenzUUID string `xml:"referenzUUID,omitempty"`
	// DvdvDienstkennung names the DVDV service the message is sent through.
	DvdvDienstkennung string `xml:"dvdvDienstkennung,omitempty"`
}

// IdentifikationNachricht identifies one message (Identifikation.NachrichtType).
type IdentifikationNachricht struct {
	// NachrichtenUUID is the RFC 4122 UUID of the message, new for every
	// message (a corrected message gets a new one).
	NachrichtenUUID string
	// Nachrichtentyp is the message type as a Code from the standard's list.
	Nachrichtentyp Code
	// Erstellungszeitpunkt is when the message was created (not sent), with
	// milliseconds and time zone.
	Erstellungszeitpunkt time.Time

	// raw lexical timestamp from the input; written back while it still
	// denotes Erstellungszeitpunkt.
	rawZeit string
}

// ErstellungszeitpunktLexical returns the timestamp as it was written in
// the decoded input ("" for a header built in code).
func (i *IdentifikationNachricht) ErstellungszeitpunktLexical() string { return i.rawZeit }

// Behoerde is an authority (BehoerdeType) in a directory service.
type Behoerde struct {
	// Verzeichnisdienst names the directory service (e.g. DVDV) as a Code of
	// urn:xoev-de:kosit:codeliste:verzeichnisdienst.
	Verzeichnisdienst Code
	// Kennung is the authority's key in the directory, for DVDV
	// "präfix:kennung" such as "psw:01003110"; see ParseBehoerdenkennung.
	Kennung string
	// Name is the authority's name.
	Name string
	// Erreichbarkeit lists ways to reach the authority.
	Erreichbarkeit []Kommunikation

	// Behoerdenkennung is the legacy two-Code key (FormLegacy only).
	Behoerdenkennung *BehoerdenkennungCodes
	// Behoerdenname is the legacy name element (FormLegacy only).
	Behoerdenname string
	// Anschrift is the legacy address element, verbatim (FormLegacy only).
	Anschrift []byte
}

// BehoerdenkennungCodes is the older form of a DVDV key as two Codes
// (praefix from the DVDV prefix list, kennung from a list of its own), used
// by standards such as XGewerbeanzeige 2.2.
type BehoerdenkennungCodes struct {
	Praefix Code // präfix from the DVDV prefix list, e.g. azr, MELDID
	Kennung Code // kennung from its own list, e.g. an AGS
}

// Key returns the key as a Behoerdenkennung.
func (b BehoerdenkennungCodes) Key() Behoerdenkennung {
	return Behoerdenkennung{Praefix: b.Praefix.Code, Kennung: b.Kennung.Code}
}

// Kommunikation is one way to reach an authority (KommunikationType).
type Kommunikation struct {
	Kanal   Code   // kanal, from urn:de:xoev:codeliste:erreichbarkeit (e.g. 01 = E-Mail)
	Kennung string // the address or number
	Zusatz  string // optional remark
}

// ParseTimestamp parses an xs:dateTime and reports whether it carries
// fractional seconds and a time zone. Values without zone are taken as
// UTC.
func ParseTimestamp(s string) (t time.Time, hasFraction, hasZone bool, err error) {
	s = strings.TrimSpace(s)
	if len(s) < 19 || s[10] != 'T' {
		return time.Time{}, false, false, fmt.Errorf("xoev: timestamp %q is not an xs:dateTime", s)
	}
	rest := s[19:]
	if strings.HasPrefix(rest, ".") {
		hasFraction = true
		i := 1
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 1 {
			return time.Time{}, false, false, fmt.Errorf("xoev: timestamp %q: empty fraction", s)
		}
		rest = rest[i:]
	}
	hasZone = rest != ""
	layout := "2006-01-02T15:04:05"
	if hasZone {
		layout += "Z07:00"
	}
	t, err = time.Parse(layout, s)
	if err != nil {
		return time.Time{}, false, false, fmt.Errorf("xoev: timestamp %q is not an xs:dateTime: %w", s, err)
	}
	return t, hasFraction, hasZone, nil
}

// FormatTimestamp formats t as XÖV asks: milliseconds and zone offset,
// e.g. 2024-05-28T09:00:00.000+02:00 (Z for UTC).
func FormatTimestamp(t time.Time) string {
	return t.Format("2006-01-02T15:04:05.000Z07:00")
}
