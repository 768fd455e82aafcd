package fitconnect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

// The schema matches member names exactly; encoding/json matches them
// ignoring case and takes the last of duplicate members. Without a check,
// metadata could carry a valid "paymentInformation" that the schema checks
// and a "PaymentInformation" (or a second "paymentInformation") that the
// schema ignores but the decoder reads. checkMembers refuses both.

// fold maps names that encoding/json treats as equal to one key.
func fold(s string) string { return strings.ToLower(strings.ToUpper(s)) }

type member struct {
	name string       // exact spelling
	typ  reflect.Type // what it decodes into; nil = nothing is decoded from it
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	rawMessageType  = reflect.TypeFor[json.RawMessage]()
	membersCache    sync.Map // reflect.Type → map[string]member
)

// members returns the JSON members of the struct type t (after pointers
// and slices) by folded name, or nil when nothing is decoded member by
// member (not a struct, or a type with its own UnmarshalJSON).
func members(t reflect.Type) map[string]member {
	for t != nil && (t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice) && t != rawMessageType {
		t = t.Elem()
	}
	if t == nil || t.Kind() != reflect.Struct || reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil
	}
	if m, ok := membersCache.Load(t); ok {
		return m.(map[string]member)
	}
	m := map[string]member{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		ft := f.Type
		switch {
		case t == reflect.TypeFor[Metadata]() && name == "replyChannel":
			ft = reflect.TypeFor[replyChannel]() // decoded by detailsOf
		case ft == rawMessageType:
			ft = nil
		}
		m[fold(name)] = member{name: name, typ: ft}
	}
	membersCache.Store(t, m)
	return m
}

// checkMembers walks a metadata document and refuses objects with two
// members whose names are equal but for case (exact duplicates included),
// and member names that differ from a member the decoder reads only in
// case.
func checkMembers(raw []byte) *Violation {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, _ := walkMembers(dec, "", reflect.TypeFor[Metadata](), 0)
	return v
}

func walkMembers(dec *json.Decoder, path string, t reflect.Type, depth int) (*Violation, error) {
	if depth > 64 {
		return &Violation{Path: path, Rule: "depth", Message: "nested too deeply"}, nil
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err // syntax errors are the schema validation's to report
	}
	switch tok {
	case json.Delim('{'):
		known := members(t)
		names := map[string]string{}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k, _ := kt.(string)
			p := path + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
			f := fold(k)
			if prev, dup := names[f]; dup {
				return &Violation{Path: p, Rule: "member-names",
					Message: fmt.Sprintf("member %s repeats %s (duplicate, or equal but for case)", strconv.Quote(k), strconv.Quote(prev))}, nil
			}
			names[f] = k
			m, ok := known[f]
			if ok && m.name != k {
				return &Violation{Path: p, Rule: "member-names",
					Message: fmt.Sprintf("member %s: the name is %s (member names are case-sensitive)", strconv.Quote(k), strconv.Quote(m.name))}, nil
			}
			if v, err := walkMembers(dec, p, m.typ, depth+1); v != nil || err != nil {
				return v, err
			}
		}
		_, err = dec.Token()
		return nil, err
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			if v, err := walkMembers(dec, path+"/"+strconv.Itoa(i), t, depth+1); v != nil || err != nil {
				return v, err
			}
		}
		_, err = dec.Token()
		return nil, err
	}
	return nil, nil
}
