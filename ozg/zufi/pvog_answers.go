package zufi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// This file holds the answer types of the Suchdienst and their decoders.
// Each decoder maps only the fields named in its type's doc comment and
// keeps the object's JSON in Raw, so no published field is lost.

// ARSBund is the "ars" value with which the Suchdienst marks a federal
// service description (valid everywhere).
const ARSBund = "000000000000"

// RolleAnsprechpunkt is the Zuständigkeit role code of an
// Ansprechpunkt (contact point), as the Suchdienst sends it.
const RolleAnsprechpunkt = "03"

// Ort is a location found by GET /v2/locations.
type Ort struct {
	ARS          ozg.ARS         // "ars": regional key (12 digits)
	AGS          ozg.AGS         // "ags": municipality key (8 digits); zero if not sent
	Name         string          // "name"
	PLZ          string          // "zip": a postcode of the location
	ZipCodeCount int             // "zipCodeCount": how many postcodes the location has
	Raw          json.RawMessage // the whole object as sent
}

// required returns the string field called name, which must be sent and
// not empty.
func required(name string, p *string) (string, error) {
	if p == nil || *p == "" {
		return "", errors.New(name + " missing")
	}
	return *p, nil
}

// requiredARS returns the ARS in field "ars", which must be sent and valid.
func requiredARS(p *string) (ozg.ARS, error) {
	s, err := required("ars", p)
	if err != nil {
		return ozg.ARS{}, err
	}
	a, err := ozg.ParseARS(s)
	if err != nil {
		return a, fmt.Errorf("ars: %w", err)
	}
	return a, nil
}

func decodeOrt(raw json.RawMessage) (Ort, error) {
	var v struct {
		ARS          *string `json:"ars"`
		AGS          *string `json:"ags"`
		Name         *string `json:"name"`
		Zip          *string `json:"zip"`
		ZipCodeCount *int    `json:"zipCodeCount"`
	}
	o := Ort{Raw: raw}
	if err := decodeObject(raw, &v); err != nil {
		return o, err
	}
	var err error
	if o.ARS, err = requiredARS(v.ARS); err != nil {
		return o, err
	}
	if v.AGS != nil && *v.AGS != "" {
		if o.AGS, err = ozg.ParseAGS(*v.AGS); err != nil {
			return o, fmt.Errorf("ags: %w", err)
		}
	}
	if o.Name, err = required("name", v.Name); err != nil {
		return o, err
	}
	if v.Zip != nil {
		o.PLZ = *v.Zip
	}
	if v.ZipCodeCount != nil {
		if *v.ZipCodeCount < 0 {
			return o, errors.New("zipCodeCount negative")
		}
		o.ZipCodeCount = *v.ZipCodeCount
	}
	return o, nil
}

// Ortsvorschlag is one suggestion of GET /v2/locations/suggestions. The
// answer's shape is not documented to this package, so an item is taken
// leniently: a JSON string is the suggestion itself (Text); of an object,
// the string fields "name" (Text) and "ars" (ARS) are mapped when present,
// anything else stays in Raw.
type Ortsvorschlag struct {
	Text string          // the string item, or an object's "name"
	ARS  ozg.ARS         // an object's "ars"; zero if not sent
	Raw  json.RawMessage // the item as sent
}

func decodeOrtsvorschlag(raw json.RawMessage) (Ortsvorschlag, error) {
	o := Ortsvorschlag{Raw: raw}
	t := bytes.TrimSpace(raw)
	if len(t) > 0 && t[0] == '"' {
		if err := json.Unmarshal(t, &o.Text); err != nil {
			return o, err
		}
		if o.Text == "" {
			return o, errors.New("empty suggestion")
		}
		return o, nil
	}
	var v map[string]json.RawMessage
	if err := decodeObject(raw, &v); err != nil {
		return o, errors.New("neither a string nor an object")
	}
	if n, ok := v["name"]; ok {
		var s string
		if json.Unmarshal(n, &s) == nil {
			o.Text = s
		}
	}
	if a, ok := v["ars"]; ok {
		var s string
		if json.Unmarshal(a, &s) == nil && s != "" {
			var err error
			if o.ARS, err = ozg.ParseARS(s); err != nil {
				return o, fmt.Errorf("ars: %w", err)
			}
		}
	}
	return o, nil
}

// OrtDetail is a location from GET /v3/locations/details.
type OrtDetail struct {
	ARS  ozg.ARS         // "ars": regional key
	PLZ  string          // "plz": the postcode
	Name string          // "name"
	Raw  json.RawMessage // the whole object as sent
}

func decodeOrtDetail(raw json.RawMessage) (OrtDetail, error) {
	var v struct {
		ARS  *string `json:"ars"`
		PLZ  *string `json:"plz"`
		Name *string `json:"name"`
	}
	o := OrtDetail{Raw: raw}
	if err := decodeObject(raw, &v); err != nil {
		return o, err
	}
	var err error
	if o.ARS, err = requiredARS(v.ARS); err != nil {
		return o, err
	}
	if o.Name, err = required("name", v.Name); err != nil {
		return o, err
	}
	if v.PLZ != nil {
		o.PLZ = *v.PLZ
	}
	return o, nil
}

// LeistungInfo is a service description as the Suchdienst lists it
// (content items of /v3/servicedescriptions/leikaid and
// /v7/servicedescriptions/{ars}).
type LeistungInfo struct {
	ID   string // "id": the PVOG id of the description (lbId), e.g. L100042.LB.101954
	Name string // "name"
	// ARS are the areas of "ars" (sent by /v7), without the federal
	// marker ARSBund; Bund reports that marker.
	ARS  []ozg.ARS
	Bund bool
	Raw  json.RawMessage // the whole object as sent
}

func decodeLeistungInfo(raw json.RawMessage) (LeistungInfo, error) {
	var v struct {
		ID   *string         `json:"id"`
		Name *string         `json:"name"`
		ARS  json.RawMessage `json:"ars"`
	}
	l := LeistungInfo{Raw: raw}
	if err := decodeObject(raw, &v); err != nil {
		return l, err
	}
	id, err := required("id", v.ID)
	if err != nil {
		return l, err
	}
	l.ID = id
	if v.Name != nil {
		l.Name = *v.Name
	}
	var list []string
	switch t := bytes.TrimSpace(v.ARS); {
	case len(t) == 0 || string(t) == "null":
	case t[0] == '"':
		var s string
		if err := json.Unmarshal(t, &s); err != nil {
			return l, fmt.Errorf("ars: %w", err)
		}
		list = []string{s}
	default:
		if err := json.Unmarshal(t, &list); err != nil {
			return l, fmt.Errorf("ars: %w", err)
		}
	}
	for i, s := range list {
		if s == ARSBund {
			l.Bund = true
			continue
		}
		a, err := ozg.ParseARS(s)
		if err != nil {
			return l, fmt.Errorf("ars[%d]: %w", i, err)
		}
		l.ARS = append(l.ARS, a)
	}
	return l, nil
}

// LeistungDetail is a service description for an area, from
// GET /v6/servicedescriptions/{lbId}/detail.
type LeistungDetail struct {
	ID      string            // "id", if sent
	Name    string            // "name"
	Details []Detailtextmodul // "details": the text modules
	Raw     json.RawMessage   // the whole object as sent
}

// Detailtextmodul is one entry of "details" of a LeistungDetail.
type Detailtextmodul struct {
	Text string          // "text": HTML as published, not stripped
	Raw  json.RawMessage // the whole object as sent
}

func decodeLeistungDetail(raw json.RawMessage) (*LeistungDetail, error) {
	var v struct {
		ID      *string            `json:"id"`
		Name    *string            `json:"name"`
		Details *[]json.RawMessage `json:"details"`
	}
	d := &LeistungDetail{Raw: raw}
	if err := decodeObject(raw, &v); err != nil {
		return nil, err
	}
	if v.ID != nil {
		d.ID = *v.ID
	}
	name, err := required("name", v.Name)
	if err != nil {
		return nil, err
	}
	d.Name = name
	if v.Details == nil {
		return nil, errors.New("details missing")
	}
	for i, r := range *v.Details {
		var t struct {
			Text *string `json:"text"`
		}
		if err := decodeObject(r, &t); err != nil {
			return nil, fmt.Errorf("details[%d]: %w", i, err)
		}
		m := Detailtextmodul{Raw: r}
		if t.Text != nil {
			m.Text = *t.Text
		}
		d.Details = append(d.Details, m)
	}
	return d, nil
}

// Rolle is the role of an organisational unit for a service: "role". The
// Suchdienst sends an object with "code" (01 zuständige Stelle, 02 see
// RolleZustaendigeStelleAuch, 03 Ansprechpunkt); a role sent as a plain
// string is kept in Text.
type Rolle struct {
	Code string          // "code"
	Text string          // the role when sent as a string
	Raw  json.RawMessage // the value as sent
}

// UnmarshalJSON implements json.Unmarshaler.
func (r *Rolle) UnmarshalJSON(b []byte) error {
	r.Raw = append(json.RawMessage(nil), b...)
	t := bytes.TrimSpace(b)
	switch {
	case len(t) > 0 && t[0] == '"':
		return json.Unmarshal(t, &r.Text)
	case len(t) > 0 && t[0] == '{':
		var v struct {
			Code *string `json:"code"`
		}
		if err := json.Unmarshal(t, &v); err != nil {
			return err
		}
		if v.Code != nil {
			r.Code = *v.Code
		}
		return nil
	case string(t) == "null":
		return nil
	}
	return errors.New("role is neither an object nor a string")
}

// Zustaendig reports whether the role is that of a zuständige Stelle
// (code 01, or 02 = RolleZustaendigeStelleAuch).
func (r Rolle) Zustaendig() bool {
	return r.Code == RolleZustaendigeStelle || r.Code == RolleZustaendigeStelleAuch
}

// OrganisationseinheitInfo is a unit responsible for a service at a
// place, from GET /v2/organisationunits/titles.
type OrganisationseinheitInfo struct {
	ID    string          // "id": PVOG id, e.g. L100042.OE.2292
	Title string          // "title"
	Rolle Rolle           // "role"
	Raw   json.RawMessage // the whole object as sent
}

func decodeOEInfo(raw json.RawMessage) (OrganisationseinheitInfo, error) {
	var v struct {
		ID    *string `json:"id"`
		Title *string `json:"title"`
		Role  *Rolle  `json:"role"`
	}
	o := OrganisationseinheitInfo{Raw: raw}
	if err := decodeObject(raw, &v); err != nil {
		return o, err
	}
	id, err := required("id", v.ID)
	if err != nil {
		return o, err
	}
	o.ID = id
	if v.Title != nil {
		o.Title = *v.Title
	}
	if v.Role != nil {
		o.Rolle = *v.Role
	}
	return o, nil
}

// OrganisationseinheitDetail is an organisational unit from
// GET /v5/organisationunits/detail. Of the published keys (id, languages,
// lastUpdate, languageComplete, title, forms, employees,
// additionalInformation, bankAccounts, location, communicationSystems,
// role) the ones below are mapped; the rest is in Raw.
type OrganisationseinheitDetail struct {
	ID               string       // "id", e.g. L100042.OE.868
	Title            string       // "title"
	LastUpdate       time.Time    // "lastUpdate"; zero if not sent
	Rolle            *Rolle       // "role"; nil if not sent
	Adressen         []Adresse    // "location.addresses"
	Kommunikation    []Kontaktweg // "location.communications"
	Internetadressen []string     // "internetAddresses[].uri"
	Raw              json.RawMessage
}

// Adresse is an entry of location.addresses of an organisational unit.
type Adresse struct {
	Typ     string          // "type", e.g. Hausanschrift
	Strasse string          // "street" (with house number)
	PLZ     string          // "zip"
	Ort     string          // "city"
	Raw     json.RawMessage // the whole object as sent
}

// Kontaktweg is an entry of location.communications of an organisational
// unit.
type Kontaktweg struct {
	Code string          // "code": the channel (e.g. 02 telephone)
	Wert string          // "value": the number or address
	Raw  json.RawMessage // the whole object as sent
}

func decodeOEDetail(raw json.RawMessage) (*OrganisationseinheitDetail, error) {
	var v struct {
		ID         *string `json:"id"`
		Title      *string `json:"title"`
		LastUpdate *string `json:"lastUpdate"`
		Role       *Rolle  `json:"role"`
		Location   *struct {
			Addresses      []json.RawMessage `json:"addresses"`
			Communications []json.RawMessage `json:"communications"`
		} `json:"location"`
		InternetAddresses []json.RawMessage `json:"internetAddresses"`
	}
	if err := decodeObject(raw, &v); err != nil {
		return nil, err
	}
	o := &OrganisationseinheitDetail{Raw: raw, Rolle: v.Role}
	id, err := required("id", v.ID)
	if err != nil {
		return nil, err
	}
	o.ID = id
	if v.Title != nil {
		o.Title = *v.Title
	}
	if v.LastUpdate != nil && *v.LastUpdate != "" {
		t, err := time.Parse(time.RFC3339Nano, *v.LastUpdate)
		if err != nil {
			return nil, fmt.Errorf("lastUpdate: %w", err)
		}
		o.LastUpdate = t
	}
	if v.Location != nil {
		for i, r := range v.Location.Addresses {
			var a struct {
				Type   *string `json:"type"`
				Street *string `json:"street"`
				Zip    *string `json:"zip"`
				City   *string `json:"city"`
			}
			if err := decodeObject(r, &a); err != nil {
				return nil, fmt.Errorf("location.addresses[%d]: %w", i, err)
			}
			o.Adressen = append(o.Adressen, Adresse{Typ: deref(a.Type), Strasse: deref(a.Street), PLZ: deref(a.Zip), Ort: deref(a.City), Raw: r})
		}
		for i, r := range v.Location.Communications {
			var k struct {
				Code  *string `json:"code"`
				Value *string `json:"value"`
			}
			if err := decodeObject(r, &k); err != nil {
				return nil, fmt.Errorf("location.communications[%d]: %w", i, err)
			}
			o.Kommunikation = append(o.Kommunikation, Kontaktweg{Code: deref(k.Code), Wert: deref(k.Value), Raw: r})
		}
	}
	for i, r := range v.InternetAddresses {
		var u struct {
			URI *string `json:"uri"`
		}
		if err := decodeObject(r, &u); err != nil {
			return nil, fmt.Errorf("internetAddresses[%d]: %w", i, err)
		}
		if u.URI != nil && *u.URI != "" {
			o.Internetadressen = append(o.Internetadressen, *u.URI)
		}
	}
	return o, nil
}

// OnlinedienstDetail is an online service from
// GET /v2/onlineservices/detail.
type OnlinedienstDetail struct {
	ID    string          // "id", if sent
	Links []string        // "links[].uri"
	Raw   json.RawMessage // the whole object as sent, with its parameters
}

// HasParameter reports whether the answer names the EfA parameter (e.g.
// "efa.datenschutzerklaerung.url") anywhere as a string value. The JSON
// shape of the parameters is not documented, so the whole answer is
// searched, as public clients do.
func (o *OnlinedienstDetail) HasParameter(name string) bool {
	found := false
	walkJSON(o.Raw, func(_ string, _ string, v any) {
		if s, ok := v.(string); ok && s == name {
			found = true
		}
	})
	return found
}

func decodeOnlinedienst(raw json.RawMessage) (*OnlinedienstDetail, error) {
	var v struct {
		ID    *string           `json:"id"`
		Links []json.RawMessage `json:"links"`
	}
	if err := decodeObject(raw, &v); err != nil {
		return nil, err
	}
	o := &OnlinedienstDetail{ID: deref(v.ID), Raw: raw}
	for i, r := range v.Links {
		var l struct {
			URI *string `json:"uri"`
		}
		if err := decodeObject(r, &l); err != nil {
			return nil, fmt.Errorf("links[%d]: %w", i, err)
		}
		if l.URI != nil && *l.URI != "" {
			o.Links = append(o.Links, *l.URI)
		}
	}
	return o, nil
}

// Relationen is the answer of GET /v1/relations/jzufi-2-3: XZuFi 2.3
// objects in their JSON form. Its exact shape is not documented to this
// package, so it is kept as raw JSON; IDSekundaer and
// DestinationSignatures find what a portal needs anywhere in it.
type Relationen struct {
	Raw json.RawMessage
}

// SekundaerID is an idSekundaer entry found in Relationen.
type SekundaerID struct {
	Value    string // "value"
	SchemeID string // "schemeID" or "schemeId", if sent
	Path     string // where it was found, e.g. $.organisationseinheiten[0].zustaendigkeit[1].idSekundaer[0]
}

// IDSekundaer returns every idSekundaer entry anywhere in the answer: the
// value of a key "idSekundaer" that is a string, an object with "value",
// or an array of those.
func (r Relationen) IDSekundaer() []SekundaerID {
	var out []SekundaerID
	var visit func(path string, v any)
	visit = func(path string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(t) {
				p := path + "." + k
				if k == "idSekundaer" {
					out = append(out, sekundaer(p, t[k])...)
					continue
				}
				visit(p, t[k])
			}
		case []any:
			for i, e := range t {
				visit(fmt.Sprintf("%s[%d]", path, i), e)
			}
		}
	}
	var root any
	if json.Unmarshal(r.Raw, &root) == nil {
		visit("$", root)
	}
	return out
}

func sekundaer(path string, v any) []SekundaerID {
	switch t := v.(type) {
	case string:
		return []SekundaerID{{Value: t, Path: path}}
	case map[string]any:
		s, ok := t["value"].(string)
		if !ok {
			return nil
		}
		id := SekundaerID{Value: s, Path: path}
		for _, k := range []string{"schemeID", "schemeId"} {
			if sc, ok := t[k].(string); ok {
				id.SchemeID = sc
			}
		}
		return []SekundaerID{id}
	case []any:
		var out []SekundaerID
		for i, e := range t {
			if _, nested := e.([]any); nested {
				continue
			}
			out = append(out, sekundaer(fmt.Sprintf("%s[%d]", path, i), e)...)
		}
		return out
	}
	return nil
}

// DestinationSignatures returns the FIT-Connect destination signatures
// among the idSekundaer entries: those whose scheme is SchemeDestination,
// and, where no scheme is sent, those in JWS compact form (three base64url
// parts). They are not verified; hand them to a DestinationVerifier.
func (r Relationen) DestinationSignatures() []string {
	var out []string
	for _, id := range r.IDSekundaer() {
		if id.SchemeID == SchemeDestination || (id.SchemeID == "" && isCompactJWS(id.Value)) {
			out = append(out, id.Value)
		}
	}
	return out
}

func isCompactJWS(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || parts[2] == "" {
		return false
	}
	for _, p := range parts {
		for i := 0; i < len(p); i++ {
			b := p[i]
			if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
				return false
			}
		}
	}
	return true
}

// decodeObject decodes a JSON object into v; any other JSON value is an
// error.
func decodeObject(raw json.RawMessage, v any) error {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || t[0] != '{' {
		return errors.New("not a JSON object")
	}
	return json.Unmarshal(t, v)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// walkJSON calls f for every scalar value in the JSON, with its path and
// key.
func walkJSON(raw json.RawMessage, f func(path, key string, v any)) {
	var root any
	if json.Unmarshal(raw, &root) != nil {
		return
	}
	var visit func(path, key string, v any)
	visit = func(path, key string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for _, k := range sortedKeys(t) {
				visit(path+"."+k, k, t[k])
			}
		case []any:
			for i, e := range t {
				visit(fmt.Sprintf("%s[%d]", path, i), key, e)
			}
		default:
			f(path, key, t)
		}
	}
	visit("$", "", root)
}
