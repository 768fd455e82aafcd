package xoev

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/xoev/din91379"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
)

// Code lists the g2g header refers to.
const (
	// ListVerzeichnisdienst is the list of directory services (code type 3 in
	// the g2g header: URI fixed, version in the instance).
	ListVerzeichnisdienst = "urn:xoev-de:kosit:codeliste:verzeichnisdienst"
	// ListErreichbarkeit is the list of communication channels (code type 3).
	ListErreichbarkeit = "urn:de:xoev:codeliste:erreichbarkeit"
	// ListDVDVPraefix is the DVDV prefix list.
	ListDVDVPraefix = "urn:xoev-de:bund:bmi:bit:codeliste:dvdv.praefix"
)

// Severity grades a finding.
type Severity int

// The severities.
const (
	// SeverityError: the message breaks a rule of XÖV or the standard.
	SeverityError Severity = iota
	// SeverityWarning: suspicious or not checkable (e.g. list not loaded).
	SeverityWarning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == SeverityWarning {
		return "warning"
	}
	return "error"
}

// The rule identifiers of Check.
const (
	RuleAttr          = "XOEV-HDR-ATTR"           // a required root attribute is empty
	RuleUUID          = "XOEV-HDR-UUID"           // nachrichtenUUID is not a UUID
	RuleDIN91379      = "XOEV-HDR-DIN91379"       // a datatypeC value is outside DIN 91379
	RuleKennung       = "XOEV-HDR-KENNUNG"        // a Behördenkennung does not parse
	RulePraefix       = "XOEV-HDR-PRAEFIX"        // DVDV präfix not in the loaded prefix list
	RuleCode          = "XOEV-HDR-CODE"           // a code breaks its code type or is not in its list
	RuleListMissing   = "XOEV-HDR-LIST-MISSING"   // the code list is not loaded; code not checked
	RuleMessageType   = "XOEV-HDR-NACHRICHTENTYP" // nachrichtentyp names another message than the root element
	RuleStrictEscape  = "XOEV-STRICT-ESCAPE"      // double-escaped entity such as &amp;amp;
	RuleStrictEmpty   = "XOEV-STRICT-EMPTY-CODE"  // empty code value
	RuleStrictListVer = "XOEV-STRICT-EMPTY-LISTVERSION"
	RuleStrictMillis  = "XOEV-STRICT-TIMESTAMP-MS"   // erstellungszeitpunkt without milliseconds
	RuleStrictZone    = "XOEV-STRICT-TIMESTAMP-ZONE" // erstellungszeitpunkt without time zone
	RuleStrictReused  = "XOEV-STRICT-UUID-REUSED"    // nachrichtenUUID seen before
	RuleStrictUUIDv4  = "XOEV-STRICT-UUID-VERSION"   // nachrichtenUUID is not version 4
	RuleStrictNFC     = "XOEV-STRICT-NFC"            // text somewhere in the message is not in Unicode NFC (DIN 91379)
)

// Finding is one problem Check found.
type Finding struct {
	Rule     string   // one of the Rule* constants
	Severity Severity // error or warning
	Path     string   // where: element path, "@attr" for root attributes, or "line N col M" (byte column) for raw scans
	Message  string   // what is wrong (no personal data: values are only quoted for codes and keys)
}

// String formats the finding as "severity RULE PATH: MESSAGE".
func (f Finding) String() string {
	return fmt.Sprintf("%s %s %s: %s", f.Severity, f.Rule, f.Path, f.Message)
}

// Report is the result of Check.
type Report struct {
	Findings []Finding // in the order found
}

// OK reports whether there is no finding of severity error.
func (r *Report) OK() bool {
	for _, f := range r.Findings {
		if f.Severity == SeverityError {
			return false
		}
	}
	return true
}

func (r *Report) add(rule string, sev Severity, path, format string, args ...any) {
	r.Findings = append(r.Findings, Finding{Rule: rule, Severity: sev, Path: path, Message: fmt.Sprintf(format, args...)})
}

// SeenStore remembers nachrichtenUUIDs, to catch a reused one. It must be
// safe for concurrent use; state that must survive restarts belongs in an
// implementation backed by a database.
type SeenStore interface {
	// Add records id and reports whether it was new.
	Add(ctx context.Context, id string) (added bool, err error)
}

// MemorySeenStore is an in-memory SeenStore. The zero value is ready; it
// grows without bound, so long-running services should use a store that
// expires entries.
type MemorySeenStore struct {
	mu   sync.Mutex
	seen map[string]struct{}
}

// Add records id (compared case-insensitively) and reports whether it was new.
func (s *MemorySeenStore) Add(ctx context.Context, id string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	id = strings.ToLower(id)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.seen == nil {
		s.seen = make(map[string]struct{})
	}
	if _, ok := s.seen[id]; ok {
		return false, nil
	}
	s.seen[id] = struct{}{}
	return true, nil
}

// CheckOptions configures Check. Nil means no code lists, not strict.
type CheckOptions struct {
	// Registry holds the code lists codes are checked against; nil skips
	// the code-list checks.
	Registry *genericode.Registry
	// Strict enables the checks an XSD cannot do: double-escaped entities,
	// empty codes and listVersionID="", timestamps without milliseconds or
	// zone, and (with Seen) reused nachrichtenUUIDs.
	Strict bool
	// Seen records nachrichtenUUIDs in strict mode; nil means a fresh
	// MemorySeenStore per call (which only catches nothing across calls).
	Seen SeenStore
}

// Check decodes the header of data and checks it: required attributes,
// UUID, DIN 91379 datatype C of the header texts, Behördenkennungen, the
// header's codes against the loaded lists, every code in the body that
// names its list (listURI and listVersionID) against the loaded lists, and
// with Strict the strict-mode rules. Problems
// of the message are findings in the Report; the error is for messages
// that cannot be decoded and for store failures.
func Check(ctx context.Context, data []byte, opts *CheckOptions) (*Header, *Report, error) {
	var o CheckOptions
	if opts != nil {
		o = *opts
	}
	h := new(Header)
	p, err := decodeHeader(data, h)
	if err != nil {
		return nil, nil, err
	}
	headerEnd := int(p.d.InputOffset())
	r := new(Report)
	checkHeader(h, &o, r)
	if o.Registry != nil {
		checkBodyCodes(data, &o, r)
	}
	if o.Strict {
		if err := checkStrict(ctx, data, headerEnd, h, &o, r); err != nil {
			return h, r, err
		}
	}
	return h, r, nil
}

func checkHeader(h *Header, o *CheckOptions, r *Report) {
	for _, a := range []struct{ name, v string }{{"produkt", h.Produkt}, {"produkthersteller", h.Produkthersteller}, {"standard", h.Standard}, {"version", h.Version}} {
		if strings.TrimSpace(a.v) == "" {
			r.add(RuleAttr, SeverityError, "@"+a.name, "required attribute is missing or empty")
		}
	}
	din := func(path, v string) {
		if err := din91379.Check(din91379.C, v); err != nil {
			var e *din91379.Error
			if errors.As(err, &e) {
				if e.NotNFC {
					r.add(RuleDIN91379, SeverityError, path, "not in Unicode NFC (character %d)", e.Pos)
				} else {
					r.add(RuleDIN91379, SeverityError, path, "character %d %U is not in DIN 91379 datatype C", e.Pos, e.Rune)
				}
			}
		}
	}
	din("@produkt", h.Produkt)
	din("@produkthersteller", h.Produkthersteller)
	din("@produktversion", h.Produktversion)
	din("@standard", h.Standard)
	din("@version", h.Version)
	din("@test", h.Test)
	kopf := "nachrichtenkopf.g2g"
	if h.Form == FormLegacy {
		kopf = "nachrichtenkopf"
	}
	id := &h.Kopf.Identifikation
	if !uuidPattern.MatchString(id.NachrichtenUUID) {
		r.add(RuleUUID, SeverityError, kopf+"/identifikation.nachricht/nachrichtenUUID", "not a UUID")
	}
	nt := id.Nachrichtentyp
	ntPath := kopf + "/identifikation.nachricht/nachrichtentyp"
	codeCheck(o, r, ntPath, CodeSpec{Type: CodeType4}, &nt, h.Form == FormLegacy)
	// XÖV message-type lists name the message element in their name column
	// (e.g. 0020 = administration.quittung.0020): it must be the root.
	if strings.Count(nt.Name, ".") >= 2 && nt.Name != h.Local && nt.Name != id.Nachrichtentyp.Name {
		r.add(RuleMessageType, SeverityError, ntPath, "code %q is %s in its list, but the root element is %s", nt.Code, nt.Name, h.Local)
	}
	for _, b := range []struct {
		name string
		b    *Behoerde
	}{{"leser", &h.Kopf.Leser}, {"autor", &h.Kopf.Autor}} {
		p := kopf + "/" + b.name
		if h.Form == FormG2G {
			vd := b.b.Verzeichnisdienst
			if vd.Code != "" {
				codeCheck(o, r, p+"/verzeichnisdienst", CodeSpec{Type: CodeType3, ListURI: ListVerzeichnisdienst}, &vd, false)
			}
			din(p+"/kennung", b.b.Kennung)
			din(p+"/name", b.b.Name)
			if vd.Code == "" || strings.EqualFold(vd.Code, "DVDV") {
				kennung(o, r, p+"/kennung", b.b.Kennung)
			}
		} else if bk := b.b.Behoerdenkennung; bk != nil {
			key := bk.Key()
			if _, err := ParseBehoerdenkennung(key.String()); err != nil {
				r.add(RuleKennung, SeverityError, p+"/behoerdenkennung", "%q does not parse: %v", key.String(), errors.Unwrap(err))
			}
			praefix(o, r, p+"/behoerdenkennung/praefix", key.Praefix)
		}
		for i, k := range b.b.Erreichbarkeit {
			q := fmt.Sprintf("%s/erreichbarkeit[%d]", p, i+1)
			kanal := k.Kanal
			codeCheck(o, r, q+"/kanal", CodeSpec{Type: CodeType3, ListURI: ListErreichbarkeit}, &kanal, h.Form == FormLegacy)
			din(q+"/kennung", k.Kennung)
			din(q+"/zusatz", k.Zusatz)
		}
	}
}

// codeCheck validates c against the registry. Legacy headers often omit
// list attributes; their codes are only checked when the list is named.
func codeCheck(o *CheckOptions, r *Report, path string, spec CodeSpec, c *Code, lenient bool) {
	if c.Code == "" {
		return // reported by strict mode
	}
	if lenient && !c.HasListVersionID() {
		return
	}
	if _, _, err := spec.Resolve(path, *c); err != nil {
		var ce *CodeError
		errors.As(err, &ce)
		r.add(RuleCode, SeverityError, path, "%s", ce.Reason)
		return
	}
	if o.Registry == nil {
		return
	}
	err := Validate(o.Registry, spec, path, c)
	var ce *CodeError
	switch {
	case err == nil:
	case errors.As(err, &ce) && ce.Rule == "list-not-loaded":
		r.add(RuleListMissing, SeverityWarning, path, "%s; code %q not checked", ce.Reason, c.Code)
	case errors.As(err, &ce):
		r.add(RuleCode, SeverityError, path, "code %q: %s", c.Code, ce.Reason)
	}
}

// checkBodyCodes checks every Code-typed element after the header that
// names its list (listURI and listVersionID in the instance) against the
// registry. Codes whose list is not loaded give one warning per list.
func checkBodyCodes(data []byte, o *CheckOptions, r *Report) {
	d := xml.NewDecoder(bytes.NewReader(data))
	depth := 0
	inHeader := false
	warned := map[string]bool{}
	for {
		off := d.InputOffset()
		tok, err := d.Token()
		if err != nil {
			return // decode problems were reported by DecodeHeader
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 2 && (t.Name.Local == "nachrichtenkopf.g2g" || t.Name.Local == "nachrichtenkopf") {
				inHeader = true
			}
			if inHeader || depth < 2 {
				continue
			}
			var uri, version string
			for _, a := range t.Attr {
				if a.Name.Space == "" && a.Name.Local == "listURI" {
					uri = a.Value
				}
				if a.Name.Space == "" && a.Name.Local == "listVersionID" {
					version = a.Value
				}
			}
			if uri == "" || version == "" {
				continue
			}
			var c Code
			if err := d.DecodeElement(&c, &t); err != nil {
				return
			}
			depth--
			where := t.Name.Local + " " + lineOf(data, int(off))
			if _, ok := o.Registry.Get(uri, version); !ok {
				if !warned[uri+"\x00"+version] {
					warned[uri+"\x00"+version] = true
					r.add(RuleListMissing, SeverityWarning, where, "code list %s version %s is not loaded; its codes are not checked", uri, version)
				}
				continue
			}
			if c.Code == "" {
				continue // strict mode reports empty codes
			}
			if _, ok := o.Registry.Lookup(uri, version, c.Code); !ok {
				r.add(RuleCode, SeverityError, where, "code %q is not in %s version %s", c.Code, uri, version)
			}
		case xml.EndElement:
			if depth == 2 && inHeader {
				inHeader = false
			}
			depth--
		}
	}
}

func kennung(o *CheckOptions, r *Report, path, s string) {
	k, err := ParseBehoerdenkennung(s)
	if err != nil {
		var se *ozg.SyntaxError
		if errors.As(err, &se) {
			r.add(RuleKennung, SeverityError, path, "%s", se.Error())
		}
		return
	}
	praefix(o, r, path, k.Praefix)
}

func praefix(o *CheckOptions, r *Report, path, p string) {
	if o.Registry == nil {
		return
	}
	l, ok := o.Registry.Latest(ListDVDVPraefix)
	if !ok {
		return
	}
	if _, ok := l.Lookup(p); !ok {
		r.add(RulePraefix, SeverityWarning, path, "präfix %q is not in %s version %s", p, ListDVDVPraefix, l.Identification.Version)
	}
}

var doubleEscapes = [][]byte{[]byte("&amp;amp;"), []byte("&amp;lt;"), []byte("&amp;gt;"), []byte("&amp;quot;"), []byte("&amp;apos;"), []byte("&amp;#")}

// emptyCode matches an empty or blank unqualified code element.
var emptyCode = regexp.MustCompile(`<code\s*/>|<code>\s*</code>`)

func checkStrict(ctx context.Context, data []byte, headerEnd int, h *Header, o *CheckOptions, r *Report) error {
	// Raw scans over the whole message, with line numbers.
	for _, pat := range doubleEscapes {
		for off := 0; ; {
			i := bytes.Index(data[off:], pat)
			if i < 0 {
				break
			}
			r.add(RuleStrictEscape, SeverityError, lineOf(data, off+i), "double-escaped entity %q (the text contains a literal %q)", pat, pat[len("&amp;"):])
			off += i + len(pat)
		}
	}
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte(`listVersionID=""`))
		if i < 0 {
			break
		}
		r.add(RuleStrictListVer, SeverityError, lineOf(data, off+i), `listVersionID="" is empty`)
		off += i + 1
	}
	if !norm.NFC.IsNormal(data) {
		// DIN 91379 requires NFC for every string; report the first spot.
		n := norm.NFC.Bytes(data)
		i := 0
		for i < len(data) && i < len(n) && data[i] == n[i] {
			i++
		}
		for i > 0 && !utf8.RuneStart(data[i]) {
			i--
		}
		r.add(RuleStrictNFC, SeverityError, lineOf(data, i), "text is not in Unicode NFC as DIN 91379 requires")
	}
	kopf := "nachrichtenkopf.g2g"
	if h.Form == FormLegacy {
		kopf = "nachrichtenkopf"
	}
	id := &h.Kopf.Identifikation
	codes := []struct {
		path string
		c    Code
	}{{kopf + "/identifikation.nachricht/nachrichtentyp", id.Nachrichtentyp}}
	if h.Form == FormG2G {
		codes = append(codes,
			struct {
				path string
				c    Code
			}{kopf + "/leser/verzeichnisdienst", h.Kopf.Leser.Verzeichnisdienst},
			struct {
				path string
				c    Code
			}{kopf + "/autor/verzeichnisdienst", h.Kopf.Autor.Verzeichnisdienst})
	}
	for _, c := range codes {
		if strings.TrimSpace(c.c.Code) == "" {
			r.add(RuleStrictEmpty, SeverityError, c.path+"/code", "empty code")
		}
	}
	// Codes in the body (and header extensions) by a raw scan.
	for _, loc := range emptyCode.FindAllIndex(data[headerEnd:], -1) {
		r.add(RuleStrictEmpty, SeverityError, lineOf(data, headerEnd+loc[0]), "empty code")
	}
	_, frac, zone, err := ParseTimestamp(id.rawZeit)
	if err == nil {
		p := kopf + "/identifikation.nachricht/erstellungszeitpunkt"
		if !frac {
			r.add(RuleStrictMillis, SeverityError, p, "%q has no milliseconds", id.rawZeit)
		}
		if !zone {
			r.add(RuleStrictZone, SeverityError, p, "%q has no time zone", id.rawZeit)
		}
	}
	if u := id.NachrichtenUUID; uuidPattern.MatchString(u) {
		if u[14] != '4' || !strings.ContainsRune("89abAB", rune(u[19])) {
			r.add(RuleStrictUUIDv4, SeverityWarning, kopf+"/identifikation.nachricht/nachrichtenUUID", "not a random (version 4) UUID")
		}
		seen := o.Seen
		if seen == nil {
			seen = new(MemorySeenStore)
		}
		added, err := seen.Add(ctx, u)
		if err != nil {
			return &ozg.Error{Code: ozg.CodeOf(err), Op: "xoev.Check", Err: err}
		}
		if !added {
			r.add(RuleStrictReused, SeverityError, kopf+"/identifikation.nachricht/nachrichtenUUID", "nachrichtenUUID %s was used by an earlier message", u)
		}
	}
	return nil
}

func lineOf(data []byte, off int) string {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return fmt.Sprintf("line %d col %d", line, col)
}
