package zufi

import (
	"context"
	"slices"
	"sync"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// Directory indexes XZuFi data and answers the questions a portal asks:
// who is responsible for a service in an area, which online service and
// trust level apply, what it costs and which documents are needed. It is
// safe for concurrent use; the zero value is an empty directory. The
// objects it hands out are shared and must not be modified; a later Add
// replaces objects instead of changing them.
type Directory struct {
	mu         sync.RWMutex
	leistungen map[string]*Leistung // by ID value
	oes        []*Organisationseinheit
	dienste    []*Onlinedienst
	spez       []*Spezialisierung
	// transfers are the responsibilities sent as zustaendigkeitTransferObjekt,
	// by the ID of their unit or online service: kept so that they apply
	// to a unit that arrives later or is sent again without them.
	transfers map[string][]Zustaendigkeit
}

// NewDirectory returns a directory holding the messages' contents.
func NewDirectory(msgs ...*Message) *Directory {
	d := &Directory{}
	for _, m := range msgs {
		d.Add(m)
	}
	return d
}

// Add adds a message's contents. An object (Leistung,
// Organisationseinheit, Onlinedienst, Spezialisierung) with an ID already
// present replaces the earlier one, as a later schreibe message updates
// it. A responsibility sent as zustaendigkeitTransferObjekt is added to its
// unit or online service, replacing one with the same ID; it also applies
// to that object when it arrives later or is sent again.
func (d *Directory) Add(m *Message) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.leistungen == nil {
		d.leistungen = map[string]*Leistung{}
	}
	if d.transfers == nil {
		d.transfers = map[string][]Zustaendigkeit{}
	}
	for i := range m.Leistungen {
		l := m.Leistungen[i]
		d.leistungen[l.ID.Value] = &l
	}
	for i := range m.Organisationseinheiten {
		o := m.Organisationseinheiten[i]
		o.Zustaendigkeiten = withZustaendigkeiten(o.Zustaendigkeiten, d.transfers[o.ID.Value]...)
		d.oes = upsert(d.oes, &o, func(o *Organisationseinheit) string { return o.ID.Value })
	}
	for i := range m.Onlinedienste {
		o := m.Onlinedienste[i]
		o.Zustaendigkeiten = withZustaendigkeiten(o.Zustaendigkeiten, d.transfers[o.ID.Value]...)
		d.dienste = upsert(d.dienste, &o, func(o *Onlinedienst) string { return o.ID.Value })
	}
	for i := range m.Spezialisierungen {
		s := m.Spezialisierungen[i]
		d.spez = upsert(d.spez, &s, func(s *Spezialisierung) string { return s.ID.Value })
	}
	for _, t := range m.Zustaendigkeiten {
		id := t.UebergeordnetesObjektID.Value
		d.transfers[id] = withZustaendigkeiten(d.transfers[id], t.Zustaendigkeit)
		for i, o := range d.oes {
			if o.ID.Value == id {
				c := *o // copy on write: answers handed out stay unchanged
				c.Zustaendigkeiten = withZustaendigkeiten(o.Zustaendigkeiten, t.Zustaendigkeit)
				d.oes[i] = &c
			}
		}
		for i, o := range d.dienste {
			if o.ID.Value == id {
				c := *o
				c.Zustaendigkeiten = withZustaendigkeiten(o.Zustaendigkeiten, t.Zustaendigkeit)
				d.dienste[i] = &c
			}
		}
	}
	for _, l := range m.Loeschungen {
		d.remove(l)
	}
}

// upsert replaces the object of list with v's ID, or appends v; objects
// without an ID are always appended.
func upsert[T any](list []*T, v *T, id func(*T) string) []*T {
	if key := id(v); key != "" {
		if i := slices.IndexFunc(list, func(x *T) bool { return id(x) == key }); i >= 0 {
			list[i] = v
			return list
		}
	}
	return append(list, v)
}

// withZustaendigkeiten returns a copy of list with each of add replacing
// the entry with its ID, or appended.
func withZustaendigkeiten(list []Zustaendigkeit, add ...Zustaendigkeit) []Zustaendigkeit {
	out := slices.Clone(list)
	for _, z := range add {
		i := -1
		if z.ID.Value != "" {
			i = slices.IndexFunc(out, func(x Zustaendigkeit) bool { return x.ID.Value == z.ID.Value })
		}
		if i >= 0 {
			out[i] = z
		} else {
			out = append(out, z)
		}
	}
	return out
}

// remove applies a deletion; d.mu is held.
func (d *Directory) remove(l Loeschung) {
	id := l.ID.Value
	switch l.Klasse {
	case "Leistung":
		delete(d.leistungen, id)
	case "Organisationseinheit":
		d.oes = slices.DeleteFunc(d.oes, func(o *Organisationseinheit) bool { return o.ID.Value == id })
	case "Onlinedienst":
		d.dienste = slices.DeleteFunc(d.dienste, func(o *Onlinedienst) bool { return o.ID.Value == id })
	case "LeistungSpezialisierung", "Spezialisierung":
		d.spez = slices.DeleteFunc(d.spez, func(s *Spezialisierung) bool { return s.ID.Value == id })
	case "Zustaendigkeit":
		drop := func(z Zustaendigkeit) bool { return z.ID.Value == id }
		for k, zs := range d.transfers {
			if slices.ContainsFunc(zs, drop) {
				d.transfers[k] = slices.DeleteFunc(slices.Clone(zs), drop)
			}
		}
		for i, o := range d.oes {
			if slices.ContainsFunc(o.Zustaendigkeiten, drop) {
				c := *o
				c.Zustaendigkeiten = slices.DeleteFunc(slices.Clone(o.Zustaendigkeiten), drop)
				d.oes[i] = &c
			}
		}
		for i, o := range d.dienste {
			if slices.ContainsFunc(o.Zustaendigkeiten, drop) {
				c := *o
				c.Zustaendigkeiten = slices.DeleteFunc(slices.Clone(o.Zustaendigkeiten), drop)
				d.dienste[i] = &c
			}
		}
	}
}

// Leistungen returns the Leistungen that reference the LeiKa key.
func (d *Directory) Leistungen(key ozg.Leistungsschluessel) []*Leistung {
	d.mu.RLock()
	defer d.mu.RUnlock()
	var out []*Leistung
	for _, l := range d.leistungen {
		if slices.Contains(l.ReferenzLeiKa, key) {
			out = append(out, l)
		}
	}
	slices.SortFunc(out, func(a, b *Leistung) int { return compareStrings(a.ID.Value, b.ID.Value) })
	return out
}

// Leistung returns the Leistung with the ID.
func (d *Directory) Leistung(id string) (*Leistung, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	l, ok := d.leistungen[id]
	return l, ok
}

// Organisationseinheiten returns all organisational units in the order
// they were added.
func (d *Directory) Organisationseinheiten() []*Organisationseinheit {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return slices.Clone(d.oes)
}

// Onlinedienste returns all online services in the order they were added.
func (d *Directory) Onlinedienste() []*Onlinedienst {
	d.mu.RLock()
	defer d.mu.RUnlock()
	return slices.Clone(d.dienste)
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Answer is the answer to "who is responsible for service L in area A".
type Answer struct {
	Leistung             *Leistung             // the service description
	Organisationseinheit *Organisationseinheit // the responsible unit
	Zustaendigkeit       Zustaendigkeit        // the responsibility record
	// Gebiet is the area the responsibility is recorded for: the asked
	// area or the first of its parents (Gemeindeverband, Kreis,
	// Regierungsbezirk, Land) that has one.
	Gebiet ozg.ARS
	// Onlinedienst is the online service for the Leistung in the area
	// (found the same way up the hierarchy), or nil.
	Onlinedienst *Onlinedienst
	// Vertrauensniveau is the online service's trust level, or the
	// Leistung's if the service states none.
	Vertrauensniveau ozg.Vertrauensniveau
	// Kosten, Fristen and Texte are the Leistung's, with those of a
	// Spezialisierung for the area taking precedence per module; so are
	// the module descriptions and links of costs and deadlines.
	Kosten      []Kosten
	KostenModul ModulInfo
	Fristen     []Frist
	FristModul  ModulInfo
	Texte       []Textmodul
	Dokumente   []Dokument // documents handed in and issued (see Dokument.Ausgehend)
}

// Text returns the text module with the leikaTextmodul code in the
// language, as published.
func (a *Answer) Text(modul, lang string) (string, bool) {
	l := Leistung{Texte: a.Texte}
	return l.Text(modul, lang)
}

// chain returns the area and its parents, most specific first.
func chain(a ozg.ARS) []ozg.ARS {
	var out []ozg.ARS
	for x := a; !x.IsZero(); x = x.Parent() {
		out = append(out, x)
	}
	return out
}

// Zustaendig answers who is responsible for the service (LeiKa key) in the
// area. It walks up the ARS hierarchy — Gemeinde, Gemeindeverband, Kreis,
// (Regierungsbezirk,) Land — and returns the responsibilities recorded for
// the first area that has any, in role order (zuständige Stelle first). It
// returns an *ozg.Error with code InvalidArgument for a zero key or area
// and NotFound when nobody is responsible.
func (d *Directory) Zustaendig(key ozg.Leistungsschluessel, gebiet ozg.ARS) ([]Answer, error) {
	return d.lookup("zufi.Zustaendig", key, gebiet, true)
}

// Zustaendigkeiten is like Zustaendig but returns the responsibilities of
// every level up the hierarchy, most specific area first (the order of
// antrag.Router).
func (d *Directory) Zustaendigkeiten(key ozg.Leistungsschluessel, gebiet ozg.ARS) ([]Answer, error) {
	return d.lookup("zufi.Zustaendigkeiten", key, gebiet, false)
}

func (d *Directory) lookup(op string, key ozg.Leistungsschluessel, gebiet ozg.ARS, firstOnly bool) ([]Answer, error) {
	if key.IsZero() || gebiet.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "LeiKa key and area are required")
	}
	ls := d.Leistungen(key)
	d.mu.RLock()
	defer d.mu.RUnlock()
	var all []Answer
	for _, area := range chain(gebiet) {
		var out []Answer
		for _, l := range ls {
			for _, o := range d.oes {
				for _, z := range o.Zustaendigkeiten {
					if z.LeistungID.Value != l.ID.Value || !slices.Contains(z.Gebiete, area) {
						continue
					}
					out = append(out, d.answer(l, o, z, area, gebiet))
				}
			}
		}
		slices.SortStableFunc(out, func(a, b Answer) int {
			return compareStrings(a.Zustaendigkeit.Rolle.Code, b.Zustaendigkeit.Rolle.Code)
		})
		all = append(all, out...)
		if firstOnly && len(all) > 0 {
			break
		}
	}
	if len(all) == 0 {
		return nil, ozg.Errorf(ozg.NotFound, op, "no responsibility for LeiKa %s in %s or above", key, gebiet)
	}
	return all, nil
}

// answer assembles an Answer; d.mu is held.
func (d *Directory) answer(l *Leistung, o *Organisationseinheit, z Zustaendigkeit, area, asked ozg.ARS) Answer {
	a := Answer{Leistung: l, Organisationseinheit: o, Zustaendigkeit: z, Gebiet: area,
		Kosten: l.Kosten, KostenModul: l.KostenModul, Fristen: l.Fristen, FristModul: l.FristModul,
		Texte: l.Texte, Dokumente: l.Dokumente, Vertrauensniveau: l.Vertrauensniveau}
	a.Onlinedienst = d.onlinedienst(l.ID.Value, asked)
	if a.Onlinedienst != nil && a.Onlinedienst.Vertrauensniveau != 0 {
		a.Vertrauensniveau = a.Onlinedienst.Vertrauensniveau
	}
	if s := d.spezialisierung(l.ID.Value, asked); s != nil {
		if len(s.Kosten) > 0 {
			a.Kosten, a.KostenModul = s.Kosten, s.KostenModul
		}
		if len(s.Fristen) > 0 {
			a.Fristen, a.FristModul = s.Fristen, s.FristModul
		}
		if len(s.Texte) > 0 {
			a.Texte = mergeTexts(l.Texte, s.Texte)
		}
	}
	return a
}

// mergeTexts replaces the modules of base whose code the override has.
func mergeTexts(base, override []Textmodul) []Textmodul {
	out := slices.Clone(override)
	for _, t := range base {
		if !slices.ContainsFunc(override, func(o Textmodul) bool { return o.Modul.Code == t.Modul.Code }) {
			out = append(out, t)
		}
	}
	slices.SortStableFunc(out, func(a, b Textmodul) int { return a.Position - b.Position })
	return out
}

// OnlinedienstFuer returns the online services for the LeiKa key in the
// area: those recorded for the first area up the hierarchy that has any.
func (d *Directory) OnlinedienstFuer(key ozg.Leistungsschluessel, gebiet ozg.ARS) []*Onlinedienst {
	ls := d.Leistungen(key)
	d.mu.RLock()
	defer d.mu.RUnlock()
	for _, area := range chain(gebiet) {
		var out []*Onlinedienst
		for _, o := range d.dienste {
			if slices.ContainsFunc(o.Zustaendigkeiten, func(z Zustaendigkeit) bool {
				return slices.Contains(z.Gebiete, area) && slices.ContainsFunc(ls, func(l *Leistung) bool { return l.ID.Value == z.LeistungID.Value })
			}) {
				out = append(out, o)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func (d *Directory) onlinedienst(leistungID string, asked ozg.ARS) *Onlinedienst {
	for _, area := range chain(asked) {
		for _, o := range d.dienste {
			for _, z := range o.Zustaendigkeiten {
				if z.LeistungID.Value == leistungID && slices.Contains(z.Gebiete, area) {
					return o
				}
			}
		}
	}
	return nil
}

func (d *Directory) spezialisierung(leistungID string, asked ozg.ARS) *Spezialisierung {
	for _, area := range chain(asked) {
		for _, s := range d.spez {
			if s.LeistungID.Value == leistungID && slices.Contains(s.Gebiete, area) {
				return s
			}
		}
	}
	return nil
}

// DestinationVerifier verifies a FIT-Connect destinationSignature found in
// XZuFi data (idSekundaer with scheme SchemeDestination) and checks that it
// covers the service and area. The FIT-Connect routing verification of
// package messaging/fitconnect does this; JWSVerifier is a stand-alone
// implementation over go-jose.
type DestinationVerifier interface {
	VerifyDestination(ctx context.Context, signature string, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) (*antrag.Destination, error)
}

// Router returns an antrag.Router answering from the directory. A
// destinationSignature in the data is verified with v before its
// Destination is returned; with a nil v, or when verification fails, the
// responsibility is returned without a Destination (never an unverified
// one), and the failure is not silently ignored: RouteErrors records it.
func (d *Directory) Router(v DestinationVerifier) *Router {
	return &Router{dir: d, verifier: v}
}

// Router is the antrag.Router over a Directory.
type Router struct {
	dir      *Directory
	verifier DestinationVerifier
	mu       sync.Mutex
	errs     []error
}

var _ antrag.Router = (*Router)(nil)

// Route implements antrag.Router: the responsibilities of every level up
// the ARS hierarchy, most specific area first.
func (r *Router) Route(ctx context.Context, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) ([]antrag.Zustaendigkeit, error) {
	if err := ctx.Err(); err != nil {
		return nil, &ozg.Error{Code: ozg.CodeOf(err), Op: "zufi.Route", Err: err}
	}
	answers, err := r.dir.Zustaendigkeiten(leistung, gebiet)
	if err != nil {
		return nil, err
	}
	out := make([]antrag.Zustaendigkeit, 0, len(answers))
	for _, a := range answers {
		z := a.Zustaendigkeit
		az := antrag.Zustaendigkeit{
			Leistung:             antrag.Leistung{Schluessel: leistung, Name: a.Leistung.Name()},
			Organisationseinheit: a.unit(),
			Gebiet:               antrag.Gebiet{ARS: a.Gebiet},
		}
		if reg, ok := ozg.LookupRegion(a.Gebiet); ok {
			az.Gebiet.Name = reg.Name
		}
		if od := a.Onlinedienst; od != nil {
			l, _ := od.Link("")
			az.Onlinedienst = &antrag.Onlinedienst{Name: Deutsch(od.Bezeichnung), URL: l.URL}
		}
		if sig := z.DestinationSignature(); sig != "" && (z.Rolle.Code == RolleZustaendigeStelle || z.Rolle.Code == RolleZustaendigeStelleAuch) {
			if r.verifier == nil {
				r.record(ozg.Errorf(ozg.FailedPrecondition, "zufi.Route", "destinationSignature of %s not verified: no verifier", z.ID.Value))
			} else if dest, err := r.verifier.VerifyDestination(ctx, sig, leistung, gebiet); err != nil {
				r.record(err)
			} else {
				az.Destination = dest
			}
		}
		out = append(out, az)
	}
	return out, nil
}

func (r *Router) record(err error) {
	r.mu.Lock()
	r.errs = append(r.errs, err)
	r.mu.Unlock()
}

// RouteErrors returns and clears the verification failures of earlier
// Route calls.
func (r *Router) RouteErrors() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.errs
	r.errs = nil
	return e
}

// Kommunikation channel codes of the XÖV code list Erreichbarkeit
// (urn:de:xoev:codeliste:erreichbarkeit, version 3), which the kanal of an
// XZuFi kommunikation uses.
const (
	KanalEmail   = "01" // E-Mail
	KanalTelefon = "02" // Telefon Festnetz
	KanalMobil   = "03" // Telefon mobil
	KanalFax     = "04" // Fax
	KanalDEMail  = "08" // De-Mail
	KanalWeb     = "09" // Web
)

// unit converts the organisational unit to the antrag shape.
func (a *Answer) unit() antrag.Organisationseinheit {
	o := a.Organisationseinheit
	u := antrag.Organisationseinheit{ID: o.ID.Value, Name: o.NameDE()}
	if len(o.Anschriften) > 0 {
		an := o.Anschriften[0]
		u.Address = ozg.Address{Street: an.Strasse, HouseNumber: an.Hausnummer, PostalCode: an.Postleitzahl, City: an.Ort, Country: "DE"}
	}
	for _, k := range o.Kommunikation {
		switch k.Kanal.Code {
		case KanalTelefon, KanalMobil:
			if u.Phone == "" {
				u.Phone = k.Kennung
			}
		case KanalEmail:
			if u.Email == "" {
				u.Email = k.Kennung
			}
		}
	}
	if len(o.Internetadressen) > 0 {
		u.Website = o.Internetadressen[0].URL
	}
	return u
}
