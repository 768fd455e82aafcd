package onlinedienst

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/sepa"
	"github.com/shopspring/decimal"
)

// Parameters are what one authority supplies to run a Definition: only its
// own values. Secrets are never part of them, only references to where
// the operator keeps them (…Ref fields).
type Parameters struct {
	// ARS is the regional key of the authority's area.
	ARS ozg.ARS `json:"ars"`
	// Behoerde is the name of the authority.
	Behoerde string `json:"behoerde"`
	// LeitwegID is the authority's Leitweg-ID, the buyer reference of
	// e-invoices for fees.
	LeitwegID string `json:"leitwegId,omitempty"`
	// Zahlung configures the payment platform.
	Zahlung *Zahlung `json:"zahlung,omitempty"`
	// FITConnect configures delivery.
	FITConnect *FITConnect `json:"fitConnect,omitempty"`
	// Servicekonto configures the login (BundID SAML service provider).
	Servicekonto *Servicekonto `json:"servicekonto,omitempty"`
	// Rechnung makes the authority an issuer of e-invoices for fees.
	Rechnung *Rechnungssteller `json:"rechnung,omitempty"`
	// Texte override texts of the definition marked ueberschreibbar.
	Texte map[string]string `json:"texte,omitempty"`
	// Werte are the values of the parameters the definition declares.
	Werte map[string]string `json:"werte,omitempty"`
}

// Zahlung configures the payment platform (e.g. XBezahldienste).
type Zahlung struct {
	OriginatorID   string `json:"originatorId"`   // Bewirtschafter / originator id
	EndpointID     string `json:"endpointId"`     // endpoint id at the platform
	CredentialsRef string `json:"credentialsRef"` // where the operator keeps the credentials
}

// FITConnect configures delivery through FIT-Connect.
type FITConnect struct {
	ClientID        string `json:"clientId"`                // sender client id
	ClientSecretRef string `json:"clientSecretRef"`         // where the operator keeps the secret
	DestinationID   string `json:"destinationId,omitempty"` // the fixed destination (Zustellung "fest" only)
}

// Servicekonto configures the SAML service provider at the state service
// account (BundID).
type Servicekonto struct {
	EntityID        string `json:"entityId"`                  // SP entityID
	ACSURL          string `json:"acsUrl"`                    // assertion consumer service URL
	OnlineServiceID string `json:"onlineServiceId,omitempty"` // BMI online-service id
	KeyRef          string `json:"keyRef"`                    // where the operator keeps the signing key
}

// Problem kinds.
const (
	Missing     = "fehlt"        // a required parameter is missing
	Conflicting = "widerspricht" // a parameter contradicts the definition or another parameter
	Invalid     = "ungueltig"    // a parameter's value is malformed
)

// Problem is one missing, conflicting or invalid parameter.
type Problem struct {
	Parameter string // JSON path of the parameter, e.g. "zahlung.originatorId"
	Kind      string // Missing, Conflicting or Invalid
	Reason    string // why
}

// ParameterError lists every problem of a set of parameters.
type ParameterError struct {
	Problems []Problem
}

func (e *ParameterError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "onlinedienst: %d parameter problem(s)", len(e.Problems))
	for _, p := range e.Problems {
		fmt.Fprintf(&b, "; %s %s: %s", p.Parameter, p.Kind, p.Reason)
	}
	return b.String()
}

// LoadParameters reads parameters from JSON, refusing unknown fields.
func LoadParameters(data []byte) (*Parameters, error) {
	var p Parameters
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: "onlinedienst.LoadParameters", Err: err}
	}
	return &p, nil
}

// Dienst is a Definition bound to one authority's Parameters: the two
// validated as a whole.
type Dienst struct {
	Definition *Definition
	Parameters *Parameters
	werte      map[string]string
}

// Bind checks the parameters against the definition and returns the
// service for the authority. Every missing, conflicting or invalid
// parameter is named: the error is an *ozg.Error with code
// InvalidArgument wrapping a *ParameterError.
func Bind(d *Definition, p *Parameters) (*Dienst, error) {
	const op = "onlinedienst.Bind"
	if d == nil || p == nil {
		return nil, ozg.Errorf(ozg.InvalidArgument, op, "nil definition or parameters")
	}
	var probs []Problem
	add := func(param, kind, format string, args ...any) {
		probs = append(probs, Problem{Parameter: param, Kind: kind, Reason: fmt.Sprintf(format, args...)})
	}
	// Area and authority.
	switch {
	case p.ARS.IsZero():
		add("ars", Missing, "the authority's regional key is required")
	case !p.ARS.Exists():
		add("ars", Invalid, "%s is not in the region directory", p.ARS)
	}
	if strings.TrimSpace(p.Behoerde) == "" {
		add("behoerde", Missing, "the authority's name is required")
	}
	// Fees: payment platform and e-invoice.
	fee := d.Gebuehr != nil
	if fee {
		if p.Zahlung == nil {
			add("zahlung", Missing, "the definition charges a fee")
		} else {
			req(add, "zahlung.originatorId", p.Zahlung.OriginatorID)
			req(add, "zahlung.endpointId", p.Zahlung.EndpointID)
			req(add, "zahlung.credentialsRef", p.Zahlung.CredentialsRef)
		}
	} else if p.Zahlung != nil {
		add("zahlung", Conflicting, "the definition charges no fee")
	}
	switch {
	case d.ERechnung != nil && p.LeitwegID == "":
		add("leitwegId", Missing, "the definition issues e-invoices for fees")
	case p.LeitwegID != "":
		l, err := einvoice.ParseLeitwegID(p.LeitwegID)
		if err != nil {
			add("leitwegId", Invalid, "%v", err)
		} else if land, ok := leitwegLand(l.Grob); ok && !p.ARS.IsZero() && land != p.ARS.Land() {
			add("leitwegId", Conflicting, "Grobadressierung %s names Land %02d, the ARS Land %02d", l.Grob, int(land), int(p.ARS.Land()))
		}
	}
	// Invoicing.
	if d.ERechnung != nil {
		if r := p.Rechnung; r == nil {
			add("rechnung", Missing, "the definition issues e-invoices for fees")
		} else {
			req(add, "rechnung.anschrift.city", r.Anschrift.City)
			req(add, "rechnung.anschrift.postalCode", r.Anschrift.PostalCode)
			req(add, "rechnung.kontoinhaber", r.Kontoinhaber)
			req(add, "rechnung.kontakt.name", r.Kontakt.Name)
			req(add, "rechnung.kontakt.email", r.Kontakt.Email)
			if digits := strings.Count(strings.Map(func(c rune) rune {
				if c >= '0' && c <= '9' {
					return 'x'
				}
				return -1
			}, r.Kontakt.Telefon), "x"); r.Kontakt.Telefon == "" {
				add("rechnung.kontakt.telefon", Missing, "required")
			} else if digits < 3 {
				add("rechnung.kontakt.telefon", Invalid, "fewer than three digits (BR-DE-27)")
			}
			if r.IBAN == "" {
				add("rechnung.iban", Missing, "required")
			} else if _, err := sepa.ParseIBAN(r.IBAN); err != nil {
				add("rechnung.iban", Invalid, "not a valid IBAN")
			}
			if r.BIC != "" && sepa.ValidateBIC(r.BIC) != nil {
				add("rechnung.bic", Invalid, "not a valid BIC")
			}
		}
	} else if p.Rechnung != nil {
		add("rechnung", Conflicting, "the definition issues no e-invoices")
	}
	// Delivery.
	if p.FITConnect == nil {
		add("fitConnect", Missing, "applications are delivered through FIT-Connect")
	} else {
		req(add, "fitConnect.clientId", p.FITConnect.ClientID)
		req(add, "fitConnect.clientSecretRef", p.FITConnect.ClientSecretRef)
		switch {
		case d.Zustellung.Art == ZustellungFest && p.FITConnect.DestinationID == "":
			add("fitConnect.destinationId", Missing, "the definition delivers to a fixed destination")
		case d.Zustellung.Art == ZustellungRouting && p.FITConnect.DestinationID != "":
			add("fitConnect.destinationId", Conflicting, "the definition finds the destination by routing")
		case p.FITConnect.DestinationID != "" && !isUUID(p.FITConnect.DestinationID):
			add("fitConnect.destinationId", Invalid, "not a UUID")
		}
	}
	// Login.
	if d.Vertrauensniveau != 0 {
		if p.Servicekonto == nil {
			add("servicekonto", Missing, "the definition requires a login at trust level %s", d.Vertrauensniveau)
		} else {
			req(add, "servicekonto.entityId", p.Servicekonto.EntityID)
			req(add, "servicekonto.keyRef", p.Servicekonto.KeyRef)
			if u, err := url.Parse(p.Servicekonto.ACSURL); p.Servicekonto.ACSURL == "" {
				add("servicekonto.acsUrl", Missing, "required")
			} else if err != nil || u.Scheme != "https" || u.Host == "" {
				add("servicekonto.acsUrl", Invalid, "must be an absolute https URL")
			}
		}
	} else if p.Servicekonto != nil {
		add("servicekonto", Conflicting, "the definition requires no login")
	}
	// Texts.
	for _, k := range sortedKeys(p.Texte) {
		t, ok := d.Texte[k]
		switch {
		case !ok:
			add("texte."+k, Conflicting, "the definition has no text %q", k)
		case !t.Ueberschreibbar:
			add("texte."+k, Conflicting, "text %q may not be overridden", k)
		case strings.TrimSpace(p.Texte[k]) == "":
			add("texte."+k, Invalid, "empty text")
		}
	}
	// Declared parameters.
	werte := map[string]string{}
	declared := map[string]ParameterSpec{}
	for _, s := range d.Parameter {
		declared[s.Name] = s
		v, ok := p.Werte[s.Name]
		switch {
		case !ok && s.Pflicht:
			add("werte."+s.Name, Missing, "%s", s.Beschreibung)
		case ok && s.Typ == "betrag":
			if a, err := decimal.NewFromString(v); err != nil || a.IsNegative() || a.Exponent() < -2 {
				add("werte."+s.Name, Invalid, "not an amount in EUR with at most two decimals")
			}
		}
		if ok {
			werte[s.Name] = v
		}
	}
	for _, k := range sortedKeys(p.Werte) {
		if _, ok := declared[k]; !ok {
			add("werte."+k, Conflicting, "the definition declares no parameter %q", k)
		}
	}
	if len(probs) > 0 {
		return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &ParameterError{Problems: probs}}
	}
	return &Dienst{Definition: d, Parameters: p, werte: werte}, nil
}

func req(add func(string, string, string, ...any), name, v string) {
	if strings.TrimSpace(v) == "" {
		add(name, Missing, "required")
	}
}

func sortedKeys(m map[string]string) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// leitwegLand returns the Land of a Grobadressierung that starts with a
// Land key (01–16); Bund (99…) and other forms report false.
func leitwegLand(grob string) (ozg.Land, bool) {
	if len(grob) < 2 || grob[0] < '0' || grob[0] > '1' {
		return 0, false
	}
	n := int(grob[0]-'0')*10 + int(grob[1]-'0')
	if grob[1] < '0' || grob[1] > '9' || n < 1 || n > 16 {
		return 0, false
	}
	return ozg.Land(n), true
}

func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
				return false
			}
		}
	}
	return true
}

// Text returns the text with the key: the authority's override, else the
// definition's.
func (s *Dienst) Text(key string) string {
	if t, ok := s.Parameters.Texte[key]; ok {
		return t
	}
	return s.Definition.Texte[key].Text
}

// amount resolves an amount or a {{param.NAME}} placeholder.
func (s *Dienst) amount(v string) (decimal.Decimal, error) {
	if name, ok := amountParam(v); ok {
		v = s.werte[name]
	}
	return decimal.NewFromString(v)
}

// expand fills the placeholders of a template.
func (s *Dienst) expand(tmpl, antragID string) string {
	return placeholderRE.ReplaceAllStringFunc(tmpl, func(m string) string {
		sub := placeholderRE.FindStringSubmatch(m)
		switch {
		case sub[1] == "param":
			return s.werte[sub[2]]
		case m == "{{antrag.id}}":
			return antragID
		case m == "{{antrag.ref}}":
			if len(antragID) > 12 {
				return antragID[len(antragID)-12:]
			}
			return antragID
		case m == "{{behoerde.ars}}":
			return s.Parameters.ARS.String()
		}
		return m
	})
}

// FeeError says why no fee could be computed from the form data.
type FeeError struct {
	Feld   string // the FIM field path
	Reason string
}

func (e *FeeError) Error() string { return "onlinedienst: fee field " + e.Feld + ": " + e.Reason }

// Fee computes the fee for the form data (JSON keyed by FIM element ID):
// zero for a free service, the fixed amount, or the table row matching the
// field's value. A table without a matching row and without "sonst" gives
// an InvalidArgument error wrapping a *FeeError.
func (s *Dienst) Fee(data json.RawMessage) (decimal.Decimal, error) {
	const op = "onlinedienst.Fee"
	g := s.Definition.Gebuehr
	if g == nil {
		return decimal.Zero, nil
	}
	if g.Art == "fest" {
		return s.amount(g.Betrag)
	}
	v, err := fieldValue(data, g.Feld)
	if err != nil {
		return decimal.Zero, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &FeeError{Feld: g.Feld, Reason: err.Error()}}
	}
	for _, row := range g.Tabelle {
		if row.Wert == v {
			return s.amount(row.Betrag)
		}
	}
	if g.Sonst != "" {
		return s.amount(g.Sonst)
	}
	return decimal.Zero, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: &FeeError{Feld: g.Feld, Reason: "no fee for this value"}}
}

// Rate is one row of the fee rule with the authority's amount.
type Rate struct {
	// Wert is the form field's value the row applies to; "" for a fixed
	// fee and for the row of every other value (the rule's "sonst").
	Wert string
	// Betrag is the amount, placeholders filled with the parameters.
	Betrag decimal.Decimal
}

// Rates returns the fee rule with the authority's amounts, e.g. for the
// portal to show before the form is filled: one row for a fixed fee; the
// table rows in order, then — if the definition has one — the row for
// every other value. It returns nil for a free service, and an
// InvalidArgument error naming the row when an amount cannot be resolved
// (an optional amount parameter the authority left out).
func (s *Dienst) Rates() ([]Rate, error) {
	const op = "onlinedienst.Rates"
	g := s.Definition.Gebuehr
	if g == nil {
		return nil, nil
	}
	type row struct{ wert, betrag, path string }
	var rows []row
	if g.Art == "fest" {
		rows = append(rows, row{"", g.Betrag, "/gebuehr/betrag"})
	} else {
		for i, r := range g.Tabelle {
			rows = append(rows, row{r.Wert, r.Betrag, fmt.Sprintf("/gebuehr/tabelle/%d/betrag", i)})
		}
		if g.Sonst != "" {
			rows = append(rows, row{"", g.Sonst, "/gebuehr/sonst"})
		}
	}
	out := make([]Rate, 0, len(rows))
	for _, r := range rows {
		a, err := s.amount(r.betrag)
		if err != nil {
			return nil, &ozg.Error{Code: ozg.InvalidArgument, Op: op, Err: fmt.Errorf("%s: no amount for %s: %w", r.path, r.betrag, err)}
		}
		out = append(out, Rate{Wert: r.wert, Betrag: a})
	}
	return out, nil
}

// fieldValue returns the value at the FIM path as text (numbers as
// written, booleans as true/false).
func fieldValue(data json.RawMessage, path string) (string, error) {
	var cur any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&cur); err != nil {
		return "", fmt.Errorf("form data are not JSON")
	}
	for _, seg := range strings.Split(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return "", fmt.Errorf("not found")
		}
		if cur, ok = m[seg]; !ok {
			return "", fmt.Errorf("not found")
		}
	}
	switch v := cur.(type) {
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		if v {
			return "true", nil
		}
		return "false", nil
	}
	return "", fmt.Errorf("not a single value")
}

// Booking returns the booking data for the application, templates filled.
func (s *Dienst) Booking(antragID string) payment.BookingData {
	g := s.Definition.Gebuehr
	if g == nil {
		return payment.BookingData{}
	}
	return payment.BookingData{
		Haushaltsstelle: s.expand(g.Buchung.Haushaltsstelle, antragID),
		Objektnummer:    s.expand(g.Buchung.Objektnummer, antragID),
		Kassenzeichen:   s.expand(g.Buchung.Kassenzeichen, antragID),
	}
}

// Purpose returns the Verwendungszweck for the application.
func (s *Dienst) Purpose(antragID string) string {
	if s.Definition.Gebuehr == nil {
		return ""
	}
	return s.expand(s.Definition.Gebuehr.Zweck, antragID)
}

// Spec returns what antrag.Machine.New needs. The fee is set once the data
// are known (see Runner.Fill).
func (s *Dienst) Spec(form *antrag.Form) antrag.Spec {
	return antrag.Spec{
		Leistung: s.Definition.Leistung.Schluessel, LeistungName: s.Definition.Leistung.Name,
		Gebiet: s.Parameters.ARS, Form: form, Vertrauensniveau: s.Definition.Vertrauensniveau,
	}
}

// ServicekontoConfig completes base (keys, IdP metadata and stores, which
// the operator loads from the references) with the authority's SP
// parameters and the trust level the definition requires.
func (s *Dienst) ServicekontoConfig(base servicekonto.Config) servicekonto.Config {
	if sk := s.Parameters.Servicekonto; sk != nil {
		base.EntityID = sk.EntityID
		base.ACSURL = sk.ACSURL
		base.OnlineServiceID = sk.OnlineServiceID
	}
	base.MinLevel = s.Definition.Vertrauensniveau
	if base.DisplayName == "" {
		base.DisplayName = s.Parameters.Behoerde
	}
	return base
}
