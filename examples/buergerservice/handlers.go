package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ozg-baukasten/baukasten/einvoice"
	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/sepa"
)

const (
	cookieSession = "bs_session"
	cookieLogin   = "bs_login"
	kindSession   = "session"
	kindPayment   = "zahlung"
)

// session is a logged-in citizen. It is kept server-side; the cookie only
// holds its random ID.
type session struct {
	ID       string               `json:"id"`
	CSRF     string               `json:"csrf"`
	Person   ozg.Person           `json:"person"`
	Level    ozg.Vertrauensniveau `json:"level"`
	Report   identReport          `json:"report"`
	AntragID string               `json:"antragId,omitempty"`
	Created  time.Time            `json:"created"`
}

// zahlung links a payment request ID to its application.
type zahlung struct {
	RequestID string `json:"requestId"`
	AntragID  string `json:"antragId"`
	PaymentID string `json:"paymentId"`
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Service) routes(callbackSecret string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.start)
	mux.Handle("POST /login", s.login(s.sp, s.idp))
	mux.Handle("POST /saml/acs", s.sp.ACSHandler(servicekonto.ACSOptions{OnLogin: s.onLogin(s.idp, false), OnError: s.onLoginError}))
	mux.Handle("POST /login/unternehmen", s.login(s.ukSP, s.ukIdP))
	mux.Handle("POST /saml/unternehmen/acs", s.ukSP.ACSHandler(servicekonto.ACSOptions{OnLogin: s.onLogin(s.ukIdP, true), OnError: s.onLoginError}))
	mux.HandleFunc("GET /saml/metadata", func(w http.ResponseWriter, r *http.Request) {
		md, err := s.sp.Metadata(true)
		if err != nil {
			http.Error(w, "Metadaten nicht verfügbar", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/samlmetadata+xml")
		_, _ = w.Write(md)
	})
	mux.HandleFunc("POST /logout", s.withSession(s.logout))
	mux.HandleFunc("GET /antrag", s.withSession(s.antragForm))
	mux.HandleFunc("POST /antrag", s.withSession(s.antragPost))
	mux.HandleFunc("GET /pruefen", s.withSession(s.pruefen))
	mux.HandleFunc("POST /pruefen", s.withSession(s.pruefenPost))
	mux.HandleFunc("GET /bezahlen", s.withSession(s.bezahlen))
	mux.HandleFunc("POST /bezahlen", s.withSession(s.bezahlenPost))
	mux.HandleFunc("GET /girocode.png", s.withSession(s.girocode))
	mux.Handle("GET /bezahlen/zurueck", payment.ReturnHandler(s.poller, &payment.ReturnOptions{Done: s.paymentReturned, Logger: s.log.With("component", "payment-return")}))
	mux.HandleFunc("GET /absenden", s.withSession(s.absenden))
	mux.HandleFunc("POST /absenden", s.withSession(s.absendenPost))
	mux.HandleFunc("GET /status", s.withSession(s.status))
	mux.HandleFunc("GET /kopie", s.withSession(s.kopie))
	mux.HandleFunc("GET /rechnung", s.withSession(s.rechnung))
	mux.HandleFunc("GET /rechnung.xml", s.withSession(s.rechnungXML))
	mux.HandleFunc("GET /rechnung/ansicht", s.withSession(s.rechnungAnsicht))
	mux.Handle("POST /fitconnect/callback", fitconnect.VerifyCallbacks(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cb, _ := fitconnect.CallbackFrom(r.Context())
		s.log.Info("fitconnect callback verified", "submissions", len(cb.SubmissionIDs))
		s.behoerde.wakeup()
		s.postfach.wakeup()
		w.WriteHeader(http.StatusNoContent)
	}), &fitconnect.CallbackOptions{Secrets: []string{callbackSecret}, Logger: s.log.With("component", "callback")}))
	return s.logRequests(securityHeaders(mux))
}

func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

type statusRecorder struct {
	http.ResponseWriter
	code int
}

func (r *statusRecorder) WriteHeader(code int) { r.code = code; r.ResponseWriter.WriteHeader(code) }

func (s *Service) logRequests(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t := time.Now()
		rec := &statusRecorder{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(rec, r)
		s.log.Debug("http", "method", r.Method, "path", r.URL.Path, "status", rec.code, "took", time.Since(t).Round(time.Microsecond))
	})
}

// gemeinde is the municipality's name as it calls itself: "Mainz, Stadt"
// in the region directory is "Stadt Mainz", the Verbandsgemeinde "Pellenz"
// is "Verbandsgemeinde Pellenz".
func gemeinde(r ozg.Region) string {
	if n, ok := strings.CutSuffix(r.Name, ", Stadt"); ok {
		return "Stadt " + n
	}
	if r.Type == ozg.TypeVerbandsgemeinde {
		return "Verbandsgemeinde " + r.Name
	}
	return r.Name
}

// page renders a template with the common fields.
func (s *Service) page(w http.ResponseWriter, status int, name string, sess *session, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	data["Gemeinde"] = gemeinde(s.region)
	data["Ort"] = strings.TrimSuffix(s.region.Name, ", Stadt")
	data["ARS"] = s.ars.String()
	data["LeiKa"] = s.dienst.Definition.Leistung.Schluessel.String()
	data["Behoerde"] = s.dienst.Parameters.Behoerde
	data["Session"] = sess
	var buf bytes.Buffer
	if err := s.tmpl.ExecuteTemplate(&buf, name, data); err != nil {
		s.log.Error("template", "name", name, "err", err)
		http.Error(w, "Interner Fehler", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

func (s *Service) fail(w http.ResponseWriter, sess *session, status int, msg string, err error) {
	if err != nil {
		s.log.Warn("request failed", "status", status, "err", err)
	}
	s.page(w, status, "fehler.html", sess, map[string]any{"Meldung": msg})
}

// sessionOf returns the session of the request's cookie, or nil.
func (s *Service) sessionOf(r *http.Request) *session {
	c, err := r.Cookie(cookieSession)
	if err != nil {
		return nil
	}
	var sess session
	if s.kv.get(kindSession, c.Value, &sess) != nil {
		return nil
	}
	if time.Since(sess.Created) > sessionMaxAge {
		// The login is too old to act on: log in again.
		if err := s.kv.del(kindSession, sess.ID); err != nil {
			s.log.Warn("deleting an expired session failed", "err", err)
		}
		return nil
	}
	return &sess
}

// sessionMaxAge is how long a login lasts; the session is refused and
// removed after it, whatever the cookie says.
const sessionMaxAge = 2 * time.Hour

// withSession requires a login and checks the CSRF token of every POST.
// A POST body may have at most maxFormBody bytes (413 beyond); a multipart
// form (with file uploads) is parsed with at most anlageMemory bytes in
// memory.
func (s *Service) withSession(h func(http.ResponseWriter, *http.Request, *session)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess := s.sessionOf(r)
		if sess == nil {
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
			var err error
			if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
				err = r.ParseMultipartForm(anlageMemory)
			} else {
				err = r.ParseForm()
			}
			if tooLarge := (*http.MaxBytesError)(nil); errors.As(err, &tooLarge) {
				s.fail(w, sess, http.StatusRequestEntityTooLarge, "Die gesendeten Dateien sind zu groß (höchstens "+groesse(maxAnlage)+" je Datei).", nil)
				return
			}
		}
		if r.Method == http.MethodPost && subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(sess.CSRF)) != 1 {
			s.fail(w, sess, http.StatusForbidden, "Die Anfrage ist abgelaufen. Bitte laden Sie die Seite neu.", nil)
			return
		}
		h(w, r, sess)
	}
}

// tarifZeile is a row of the fee rule as the start page shows it.
type tarifZeile struct {
	Wert   string // the number of dogs the row applies to; "" for every other
	Betrag string // German amount
}

func (s *Service) start(w http.ResponseWriter, r *http.Request) {
	rates, err := s.dienst.Rates()
	if err != nil {
		s.fail(w, nil, http.StatusInternalServerError, "Die Gebühren sind nicht festgelegt.", err)
		return
	}
	var tarif []tarifZeile
	for _, rt := range rates {
		tarif = append(tarif, tarifZeile{Wert: rt.Wert, Betrag: euro(rt.Betrag)})
	}
	s.page(w, http.StatusOK, "start.html", s.sessionOf(r), map[string]any{"Tarif": tarif,
		"Einleitung": s.dienst.Text("einleitung"), "Datenschutz": s.dienst.Text("datenschutz"),
		"Niveau": s.dienst.Definition.Vertrauensniveau.String()})
}

// login starts the login at an identity provider (BundID, or Mein
// Unternehmenskonto for businesses): a random value in a cookie and in the
// RelayState binds the answer to this browser (login CSRF).
func (s *Service) login(sp *servicekonto.ServiceProvider, idp *servicekontotest.IdP) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce := randomID()
		http.SetCookie(w, &http.Cookie{Name: cookieLogin, Value: nonce, Path: "/saml/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 900})
		l, err := sp.StartLogin(r.Context(), servicekonto.BindingPOST, nonce)
		if err != nil {
			s.fail(w, nil, http.StatusInternalServerError, "Die Anmeldung konnte nicht gestartet werden.", err)
			return
		}
		s.log.Info("login started", "request", l.RequestID, "binding", "HTTP-POST", "idp", idp.URL)
		if err := l.Write(w); err != nil {
			s.log.Warn("writing the AuthnRequest form failed", "err", err)
		}
	})
}

// onLogin returns the ACS handler's callback for the verified login at
// idp; a business account's login (Mein Unternehmenskonto) must carry the
// organisation.
func (s *Service) onLogin(idp *servicekontotest.IdP, business bool) func(http.ResponseWriter, *http.Request, *servicekonto.Result, string) {
	return func(w http.ResponseWriter, r *http.Request, res *servicekonto.Result, relayState string) {
		s.loggedIn(w, r, res, relayState, idp, business)
	}
}

func (s *Service) loggedIn(w http.ResponseWriter, r *http.Request, res *servicekonto.Result, relayState string, idp *servicekontotest.IdP, business bool) {
	c, err := r.Cookie(cookieLogin)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(relayState)) != 1 {
		s.log.Warn("login answer not started in this browser", "request", res.RequestID)
		s.fail(w, nil, http.StatusForbidden, "Die Anmeldung wurde nicht in diesem Browser begonnen. Bitte melden Sie sich erneut an.", nil)
		return
	}
	id := res.Identity
	if business && (id.Organisation == nil || id.Organisation.Name == "") {
		s.log.Warn("business account login without organisation", "request", res.RequestID)
		s.fail(w, nil, http.StatusForbidden, "Das Unternehmenskonto hat keine Angaben zum Unternehmen übermittelt.", nil)
		return
	}
	if !business {
		id.Organisation = nil // BundID logs in persons
	}
	p := id.Person
	sess := &session{ID: randomID(), CSRF: randomID(), Person: p, Level: id.Vertrauensniveau, Created: time.Now(),
		Report: identReport{Issuer: idp.EntityID, AssertionID: res.AssertionID, Vertrauensniveau: id.Vertrauensniveau.String(),
			LoginMethod: p.LoginMethod.String(), GivenNames: p.GivenNames, FamilyName: p.FamilyName,
			Street: strings.TrimSpace(p.Address.Street + " " + p.Address.HouseNumber), PostalCode: p.Address.PostalCode,
			City: p.Address.City, Country: p.Address.Country, Email: p.Email, Organisation: newOrganisationReport(id.Organisation)}}
	if err := s.kv.put(kindSession, sess.ID, sess); err != nil {
		s.fail(w, nil, http.StatusInternalServerError, "Die Anmeldung konnte nicht gespeichert werden.", err)
		return
	}
	s.log.Info("login accepted", "request", res.RequestID, "assertion", res.AssertionID, "level", id.Vertrauensniveau.String(),
		"method", p.LoginMethod.String(), "encrypted", res.Encrypted, "signed", res.AssertionSigned, "person", p,
		"organisation", id.Organisation != nil)
	http.SetCookie(w, &http.Cookie{Name: cookieLogin, Path: "/saml/", MaxAge: -1})
	http.SetCookie(w, &http.Cookie{Name: cookieSession, Value: sess.ID, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/antrag", http.StatusSeeOther)
}

func (s *Service) onLoginError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Warn("login rejected", "reason", servicekonto.ReasonOf(err).String(), "code", ozg.CodeOf(err))
	s.fail(w, nil, http.StatusForbidden, "Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.", nil)
}

func (s *Service) logout(w http.ResponseWriter, r *http.Request, sess *session) {
	if err := s.kv.del(kindSession, sess.ID); err != nil {
		s.log.Warn("deleting the session failed", "err", err)
	}
	http.SetCookie(w, &http.Cookie{Name: cookieSession, Path: "/", MaxAge: -1})
	s.log.Info("logout")
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// current returns the session's application, opening one (Runner.Start:
// the definition's service in the municipality's area) on first use.
func (s *Service) current(ctx context.Context, sess *session) (*antrag.Antrag, error) {
	if sess.AntragID != "" {
		return s.antraege.Get(ctx, sess.AntragID)
	}
	a, err := s.runner.Start(ctx, s.applicant(sess))
	if err != nil {
		return nil, err
	}
	sess.AntragID = a.ID
	if err := s.kv.put(kindSession, sess.ID, sess); err != nil {
		return nil, err
	}
	s.log.Info("application opened", "antrag", a.ID, "leika", a.Leistung.String(), "ars", a.Gebiet.String())
	return a, nil
}

// applicantPrefix starts the actor ID of an applicant: the postbox handle
// of the login follows; businessPrefix does so for a business account.
const (
	applicantPrefix = "postfach:"
	businessPrefix  = "unternehmenspostfach:"
)

// applicant is the actor of the citizen or business: the postbox handle,
// not a name.
func (s *Service) applicant(sess *session) antrag.Actor {
	if sess.Report.Organisation != nil {
		return antrag.Actor{Kind: "applicant", ID: businessPrefix + sess.Person.PostboxHandle}
	}
	return antrag.Actor{Kind: "applicant", ID: applicantPrefix + sess.Person.PostboxHandle}
}

// update stores a after f changed it, under the service lock.
func (s *Service) update(ctx context.Context, id string, f func(a *antrag.Antrag) error) (*antrag.Antrag, error) {
	return s.step(ctx, id, func(a *antrag.Antrag) error {
		if err := f(a); err != nil {
			return err
		}
		return s.antraege.Update(ctx, a)
	})
}

// step runs f — a Runner step, which stores the application itself — on
// the stored application, under the service lock: the steps of one
// process never race for a revision.
func (s *Service) step(ctx context.Context, id string, f func(a *antrag.Antrag) error) (*antrag.Antrag, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a, err := s.antraege.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	return a, f(a)
}

// withOwner returns data with the owner group as the login reports it:
// the form shows it locked, and parseForm takes it from the login, never
// from the request.
func (s *Service) withOwner(sess *session, data map[string]any) (map[string]any, error) {
	owner, err := s.form.PrefillPerson(ownerGroup, sess.Person)
	if err != nil {
		return nil, err
	}
	data[ownerGroup] = owner
	return data, nil
}

// nextPage is where an application in a state continues.
func nextPage(a *antrag.Antrag) string {
	switch a.State {
	case antrag.Draft:
		return "/antrag"
	case antrag.Reviewed:
		return "/bezahlen"
	case antrag.Paid:
		return "/absenden"
	default:
		return "/status"
	}
}

func (s *Service) antragForm(w http.ResponseWriter, r *http.Request, sess *session) {
	a, err := s.current(r.Context(), sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	if a.State != antrag.Draft && a.State != antrag.Reviewed {
		http.Redirect(w, r, nextPage(a), http.StatusSeeOther)
		return
	}
	data, err := s.withOwner(sess, decode(a.Data))
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Die Angaben aus dem Nutzerkonto fehlen.", err)
		return
	}
	s.renderForm(w, http.StatusOK, sess, a, data, nil, nil)
}

func (s *Service) renderForm(w http.ResponseWriter, status int, sess *session, a *antrag.Antrag, data map[string]any, rep *antrag.Report, anlageFehler map[string]string) {
	d := s.form.Describe()
	n := len(anlageFehler)
	if rep != nil {
		n += len(rep.Violations)
	}
	s.page(w, status, "antrag.html", sess, map[string]any{"Antrag": a, "Titel": d.Title, "Hilfe": d.Help,
		"Felder": fields(d.Items, data, rep), "Anlagen": s.anlagenFelder(a, anlageFehler), "MaxAnlage": groesse(maxAnlage), "Fehler": n})
}

func (s *Service) antragPost(w http.ResponseWriter, r *http.Request, sess *session) {
	ctx := r.Context()
	a, err := s.current(ctx, sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	locked, err := s.withOwner(sess, map[string]any{})
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Die Angaben aus dem Nutzerkonto fehlen.", err)
		return
	}
	data := parseForm(s.form.Describe().Items, r.PostForm, locked)
	raw, _ := json.Marshal(data)
	rep, err := s.form.Validate(raw)
	if err != nil {
		s.fail(w, sess, http.StatusBadRequest, "Die Eingaben konnten nicht gelesen werden.", err)
		return
	}
	// The attachments: new files are stored first (and dropped again if
	// Fill does not take them); files that cannot be taken at all are
	// reported at their field without touching the application.
	anlagen, neu, anlageFehler := s.leseAnlagen(r, a)
	if len(anlageFehler) > 0 {
		s.log.Info("attachment not taken", "antrag", a.ID, "attachments", len(anlageFehler))
		s.renderForm(w, http.StatusUnprocessableEntity, sess, a, decode(raw), rep, anlageFehler)
		return
	}
	if err := s.speichereAnlagen(neu); err != nil {
		s.aufraeumen(nil, neu, nil)
		s.fail(w, sess, http.StatusInternalServerError, "Die Anlage konnte nicht gespeichert werden.", err)
		return
	}
	// Runner.Fill records the data and the attachments (media types and
	// required ones checked against the definition) and sets the fee the
	// definition's rule gives for the data (the municipality's rates).
	// Under the lock, on the stored application: a file kept from before
	// must still be one of its attachments — a concurrent post (a double
	// click) may have replaced it, and its content removed.
	var before []antrag.Attachment
	a, err = s.step(ctx, a.ID, func(a *antrag.Antrag) error {
		before = a.Attachments
		for id, att := range anlagen {
			isNew := slices.ContainsFunc(neu, func(u upload) bool { return u.datei.Attachment.ID == att.ID })
			if !isNew && !slices.ContainsFunc(a.Attachments, func(x antrag.Attachment) bool { return x.ID == att.ID }) {
				return ozg.Errorf(ozg.FailedPrecondition, "buergerservice.antragPost", "attachment %s was replaced meanwhile", id)
			}
		}
		return s.runner.Fill(ctx, a, s.applicant(sess), raw, anlagen)
	})
	if err == nil {
		s.aufraeumen(before, neu, a)
	} else {
		s.aufraeumen(nil, neu, nil)
	}
	var feeErr *onlinedienst.FeeError
	if id, msg, ok := s.anlageFehler(err, anlagen); ok {
		s.log.Info("attachment refused by the definition", "antrag", a.ID, "anlage", id, "err", err)
		s.renderForm(w, http.StatusUnprocessableEntity, sess, a, decode(raw), rep, map[string]string{id: msg})
		return
	}
	switch {
	case errors.As(err, &feeErr) && !rep.Valid():
		// No fee for data that are wrong anyway: the messages say why.
	case errors.As(err, &feeErr):
		s.fail(w, sess, http.StatusUnprocessableEntity, "Für diese Angaben ist keine Gebühr festgelegt.", err)
		return
	case err != nil:
		s.fail(w, sess, http.StatusConflict, "Der Antrag kann nicht mehr geändert werden.", err)
		return
	}
	if !rep.Valid() {
		s.log.Info("form has violations", "antrag", a.ID, "violations", len(rep.Violations))
		s.renderForm(w, http.StatusUnprocessableEntity, sess, a, decode(raw), rep, nil)
		return
	}
	s.log.Info("form valid", "antrag", a.ID, "fee", a.Gebuehr.StringFixed(2), "attachments", len(a.Attachments))
	http.Redirect(w, r, "/pruefen", http.StatusSeeOther)
}

// warnung is the warning against hasty submission (§ 9a OZG).
func (s *Service) warnung() string {
	return "Bitte prüfen Sie Ihre Angaben sorgfältig. Mit dem Absenden geben Sie eine verbindliche Erklärung gegenüber der " +
		s.dienst.Parameters.Behoerde + " ab: Die Anmeldung begründet Ihre Pflicht zur Zahlung der " +
		"Hundesteuer. Unrichtige oder unvollständige Angaben können als Steuerordnungswidrigkeit geahndet werden."
}

// declaration is the full declaration the applicant confirms: the form
// data and the attachments with size and SHA-512.
func (s *Service) declaration(a *antrag.Antrag) (string, []field) {
	d := s.form.Describe()
	fs := fields(d.Items, decode(a.Data), nil)
	text := declarationText(d.Title, fs)
	if len(s.dienst.Definition.Anlagen) > 0 {
		var b strings.Builder
		b.WriteString("Anlagen\n")
		for _, f := range s.anlagenFelder(a, nil) {
			if f.Datei == nil {
				fmt.Fprintf(&b, "  %s: (keine Anlage)\n", f.Titel)
				continue
			}
			fmt.Fprintf(&b, "  %s: %s (%s, %d Bytes, SHA-512 %s)\n", f.Titel, f.Datei.Filename, f.Datei.MimeType, f.Datei.Size, f.Datei.SHA512)
		}
		text += b.String()
	}
	return text, fs
}

func (s *Service) pruefen(w http.ResponseWriter, r *http.Request, sess *session) {
	a, err := s.current(r.Context(), sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	if a.State != antrag.Draft {
		http.Redirect(w, r, nextPage(a), http.StatusSeeOther)
		return
	}
	s.renderReview(w, http.StatusOK, sess, a, "")
}

func (s *Service) renderReview(w http.ResponseWriter, status int, sess *session, a *antrag.Antrag, msg string) {
	_, fs := s.declaration(a)
	s.page(w, status, "pruefen.html", sess, map[string]any{"Antrag": a, "Felder": fs, "Anlagen": s.anlagenFelder(a, nil), "Warnung": s.warnung(),
		"Gebuehr": euro(a.Gebuehr), "Meldung": msg})
}

func (s *Service) pruefenPost(w http.ResponseWriter, r *http.Request, sess *session) {
	ctx := r.Context()
	a, err := s.current(ctx, sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	if r.PostFormValue("bestaetigung") != "ja" {
		s.renderReview(w, http.StatusUnprocessableEntity, sess, a, "Bitte bestätigen Sie, dass Sie den Hinweis gelesen haben.")
		return
	}
	text, _ := s.declaration(a)
	var rep *antrag.Report
	a, err = s.step(ctx, a.ID, func(a *antrag.Antrag) error {
		var err error
		rep, err = s.runner.Review(ctx, a, s.applicant(sess), antrag.Declaration{Text: text, Warning: s.warnung(), WarningAcknowledged: true})
		return err
	})
	if err != nil {
		if rep != nil && !rep.Valid() {
			http.Redirect(w, r, "/antrag", http.StatusSeeOther)
			return
		}
		s.fail(w, sess, http.StatusConflict, "Die Bestätigung konnte nicht gespeichert werden.", err)
		return
	}
	s.log.Info("declaration shown and warning acknowledged (§ 9a OZG)", "antrag", a.ID, "dataSha512", a.Declaration.DataSHA512[:16]+"…")
	http.Redirect(w, r, "/bezahlen", http.StatusSeeOther)
}

// epc is the GiroCode of the fee: the alternative to paying online, to
// the municipality's account with the Kassenzeichen of the definition's
// booking data as remittance information, by which the cash office
// matches the transfer.
func (s *Service) epc(a *antrag.Antrag) *sepa.EPC {
	k := s.dienst.Parameters.Rechnung
	return &sepa.EPC{BIC: k.BIC, Name: k.Kontoinhaber, IBAN: k.IBAN,
		Amount: a.Gebuehr, Purpose: "GOVT", Text: s.dienst.Booking(a.ID).Kassenzeichen}
}

func (s *Service) bezahlen(w http.ResponseWriter, r *http.Request, sess *session) {
	a, err := s.current(r.Context(), sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	if a.State != antrag.Reviewed {
		http.Redirect(w, r, nextPage(a), http.StatusSeeOther)
		return
	}
	e := s.epc(a)
	iban, _ := sepa.ParseIBAN(e.IBAN)
	s.page(w, http.StatusOK, "bezahlen.html", sess, map[string]any{"Antrag": a, "Gebuehr": euro(a.Gebuehr),
		"IBAN": iban.Format(), "BIC": e.BIC, "Empfaenger": e.Name, "Kassenzeichen": e.Text, "Meldung": r.URL.Query().Get("meldung")})
}

func (s *Service) girocode(w http.ResponseWriter, r *http.Request, sess *session) {
	a, err := s.current(r.Context(), sess)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	png, err := s.epc(a).PNG(4)
	if err != nil {
		s.log.Error("girocode", "err", err)
		http.Error(w, "GiroCode nicht verfügbar", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(png)
}

// maxZahlungsversuche is how many online payment attempts an application
// may start; after that the GiroCode remains.
const maxZahlungsversuche = 10

// requestID is the payment's idempotency key: the application ID without
// hyphens and the attempt (0 to maxZahlungsversuche-1).
func requestID(a *antrag.Antrag, attempt int) string {
	return strings.ReplaceAll(a.ID, "-", "") + "-" + string(rune('0'+attempt))
}

func (s *Service) bezahlenPost(w http.ResponseWriter, r *http.Request, sess *session) {
	ctx := r.Context()
	a, err := s.current(ctx, sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	if a.State != antrag.Reviewed {
		// Not (or no longer) to be paid, e.g. a second tab after the
		// payment was recorded: continue where the application is.
		http.Redirect(w, r, nextPage(a), http.StatusSeeOther)
		return
	}
	// The attempts so far, their status asked from the platform (not the
	// poller's last view, which may be older than the payment): one that
	// is paid but not yet recorded — the citizen did not come back, or
	// recording it failed — is recorded now instead of charging the fee a
	// second time; an open one is continued. Only after a canceled or
	// failed attempt does a new one get a new key.
	attempt := 0
	for ; attempt < maxZahlungsversuche; attempt++ {
		var z zahlung
		if s.kv.get(kindPayment, requestID(a, attempt), &z) != nil {
			break
		}
		if z.PaymentID == "" {
			// Reserved, but the payment was not created or its ID not
			// kept: create it under the same key, which gives the one the
			// platform may already have.
			break
		}
		p, err := s.pay.Get(ctx, z.PaymentID)
		if err != nil {
			// The platform does not know it (the fake forgets its
			// payments on a restart) or cannot answer now: a payment it
			// cannot show cannot be continued.
			s.log.Warn("payment attempt not found at the platform", "antrag", a.ID, "payment", z.PaymentID, "code", ozg.CodeOf(err).String())
			continue
		}
		if !p.Amount.Equal(a.Gebuehr) {
			// Started before the applicant changed the data and with it
			// the fee: not this fee; paid, it is to be refunded.
			if p.Status == payment.StatusPaid {
				s.log.Warn("payment of an earlier fee; to be refunded", "antrag", a.ID, "payment", p.ID, "amount", p.Amount.StringFixed(2))
			}
			continue
		}
		switch p.Status {
		case payment.StatusPaid:
			if err := s.paymentChanged(ctx, p); err != nil {
				s.fail(w, sess, http.StatusConflict, "Die Zahlung konnte dem Antrag nicht zugeordnet werden.", err)
				return
			}
			http.Redirect(w, r, "/absenden", http.StatusSeeOther)
			return
		case payment.StatusCreated, payment.StatusPending:
			u := p.PaymentURL
			if rec, err := s.poller.Store().Load(ctx, p.ID); u == "" && err == nil {
				u = rec.Payment.PaymentURL
			}
			if u != "" {
				http.Redirect(w, r, u, http.StatusSeeOther)
				return
			}
		}
	}
	if attempt == maxZahlungsversuche {
		s.log.Warn("too many payment attempts", "antrag", a.ID, "attempts", attempt)
		s.fail(w, sess, http.StatusConflict, "Die Zahlung wurde zu oft abgebrochen. Bitte wenden Sie sich an die "+s.dienst.Parameters.Behoerde+".", nil)
		return
	}
	rid := requestID(a, attempt)
	// The request ID is linked to the application before the payment
	// exists: a payment the platform has is always one the return handler
	// and the poller can assign.
	if err := s.kv.put(kindPayment, rid, zahlung{RequestID: rid, AntragID: a.ID}); err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Die Zahlung konnte nicht gespeichert werden.", err)
		return
	}
	// Amount, Verwendungszweck and booking data are the definition's,
	// filled with the municipality's parameters.
	p, err := s.runner.PayWith(ctx, a, &onlinedienst.PayOptions{RequestID: rid,
		ReturnURL: s.baseURL + "/bezahlen/zurueck?requestId=" + url.QueryEscape(rid)})
	if err != nil {
		s.fail(w, sess, http.StatusBadGateway, "Die Zahlung konnte nicht begonnen werden.", err)
		return
	}
	if err := s.kv.put(kindPayment, rid, zahlung{RequestID: rid, AntragID: a.ID, PaymentID: p.ID}); err != nil {
		// The next attempt creates it again under the same key and gets
		// this payment back.
		s.log.Warn("keeping the payment ID failed", "antrag", a.ID, "payment", p.ID, "err", err)
	}
	if err := s.poller.Track(ctx, p); err != nil {
		s.log.Warn("tracking the payment failed", "payment", p.ID, "err", err)
	}
	b := s.dienst.Booking(a.ID)
	s.log.Info("payment created; redirecting to the payment page", "antrag", a.ID, "payment", p.ID, "request", rid,
		"amount", p.Amount.StringFixed(2), "kassenzeichen", b.Kassenzeichen, "haushaltsstelle", b.Haushaltsstelle, "objektnummer", b.Objektnummer)
	http.Redirect(w, r, p.PaymentURL, http.StatusSeeOther)
}

// paymentReturned answers the citizen coming back from the payment page,
// after ReturnHandler fetched the status from the platform.
func (s *Service) paymentReturned(w http.ResponseWriter, r *http.Request, p *payment.Payment, err error) {
	sess := s.sessionOf(r)
	if err != nil {
		s.fail(w, sess, http.StatusBadGateway, "Der Zahlungsstatus konnte nicht abgefragt werden.", err)
		return
	}
	s.log.Info("back from the payment page; status fetched from the platform", "payment", p.ID, "status", p.Status)
	if err := s.paymentChanged(r.Context(), p); err != nil {
		s.fail(w, sess, http.StatusConflict, "Die Zahlung konnte dem Antrag nicht zugeordnet werden.", err)
		return
	}
	switch p.Status {
	case payment.StatusPaid:
		http.Redirect(w, r, "/absenden", http.StatusSeeOther)
	case payment.StatusCanceled:
		http.Redirect(w, r, "/bezahlen?meldung=abgebrochen", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/bezahlen?meldung=fehlgeschlagen", http.StatusSeeOther)
	}
}

// paymentChanged records a booked payment in its application; the return
// handler and the poller both call it, whichever sees the payment first.
func (s *Service) paymentChanged(ctx context.Context, p *payment.Payment) error {
	if p.Status != payment.StatusPaid {
		return nil
	}
	var z zahlung
	if err := s.kv.get(kindPayment, p.RequestID, &z); err != nil {
		return err
	}
	_, err := s.step(ctx, z.AntragID, func(a *antrag.Antrag) error {
		if a.State != antrag.Reviewed {
			if a.Payment != nil && a.Payment.TransactionID != p.ID {
				// Not this application's recorded payment: the fee was
				// paid twice, and the cash office must refund one.
				s.log.Warn("second payment for an application already paid; to be refunded", "antrag", a.ID,
					"payment", p.ID, "recorded", a.Payment.TransactionID, "amount", p.Amount.StringFixed(2))
			}
			return errUnchanged
		}
		// The status was fetched from the platform (return handler or
		// poller): record it without asking again.
		return s.runner.RecordPayment(ctx, a, system, p)
	})
	if errors.Is(err, errUnchanged) {
		return nil
	}
	if err == nil {
		s.log.Info("fee paid", "antrag", z.AntragID, "payment", p.ID, "method", p.Method)
	}
	return err
}

var errUnchanged = errors.New("unchanged")

func (s *Service) absenden(w http.ResponseWriter, r *http.Request, sess *session) {
	a, err := s.current(r.Context(), sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	if a.State != antrag.Paid && a.State != antrag.Submitted {
		http.Redirect(w, r, nextPage(a), http.StatusSeeOther)
		return
	}
	s.page(w, http.StatusOK, "absenden.html", sess, map[string]any{"Antrag": a, "Gebuehr": euro(a.Gebuehr)})
}

func (s *Service) absendenPost(w http.ResponseWriter, r *http.Request, sess *session) {
	ctx := r.Context()
	a, err := s.current(ctx, sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	if a.State == antrag.Paid || a.State == antrag.Submitted {
		login := antrag.Login{Method: sess.Person.LoginMethod, Level: sess.Level, IdentificationReportVersion: "1.0.0"}
		rep, _ := json.Marshal(sess.Report)
		login.IdentificationReport = base64.RawURLEncoding.EncodeToString(rep)
		// Runner.Submit records the submission (§ 9a OZG) with the login,
		// checked against the definition's trust level, then finds the
		// responsible authority (routing by LeiKa key and ARS), sends the
		// application through the messaging client — which announces,
		// encrypts metadata and data for the destination's verified key
		// and submits, recording each step in its outbox under the
		// application, so a retry after a failure or a restart resumes
		// the same submission and never sends a second one — with the
		// payment, the BundID identification report, the applicant's
		// postbox as reply channel and the application reference as
		// metadata, and records the forwarding.
		var subID string
		a, err = s.step(ctx, a.ID, func(a *antrag.Antrag) error {
			if a.State != antrag.Paid && a.State != antrag.Submitted {
				return nil // delivered meanwhile: another tab, or in the background
			}
			var err error
			subID, err = s.runner.Submit(ctx, a, s.applicant(sess), login)
			return err
		})
		var de *onlinedienst.DeliveryError
		switch {
		case errors.As(err, &de):
			s.fail(w, sess, http.StatusBadGateway, "Der Antrag konnte nicht übermittelt werden. Bitte versuchen Sie es erneut.", err)
			return
		case err != nil:
			s.fail(w, sess, http.StatusForbidden, "Der Antrag kann nicht abgesendet werden.", err)
			return
		}
		if subID != "" {
			s.log.Info("application submitted and delivered", "antrag", a.ID, "level", sess.Level.String(), "submission", subID,
				"destination", a.Destination.ID)
		}
	}
	http.Redirect(w, r, "/status", http.StatusSeeOther)
}

// sync moves the application along what the authority did: the state of
// the submission (for FIT-Connect from the event log of the case, every
// SET verified) gives accept or reject, the postbox gives the decision.
func (s *Service) sync(ctx context.Context, a *antrag.Antrag) (*antrag.Antrag, messaging.State, []*postMessage, error) {
	var state messaging.State
	// The state matters until the authority answered; it lives at the
	// Zustelldienst, so a failure to read it leaves the state as it is.
	// The outbox entry of the application holds the submission's Ref.
	if e, err := s.outbox.Get(ctx, onlinedienst.SubmissionKey(a.ID)); err == nil && e != nil && e.Stage == messaging.StageSubmitted && a.State == antrag.Forwarded {
		if st, err := s.msg.Status(ctx, e.Ref); err != nil {
			s.log.Warn("reading the submission state failed", "antrag", a.ID, "err", err)
		} else {
			state = st.State
			switch state {
			case messaging.StateAccepted:
				if a, err = s.update(ctx, a.ID, func(a *antrag.Antrag) error { return s.machine.Accept(a, system) }); err != nil {
					return a, state, nil, err
				}
				s.log.Info("authority accepted the submission (verified SET)", "antrag", a.ID)
			case messaging.StateRejected:
				reason := "abgelehnt"
				if len(st.Problems) > 0 {
					reason = st.Problems[0].Title
				}
				if a, err = s.update(ctx, a.ID, func(a *antrag.Antrag) error { return s.machine.Reject(a, system, reason) }); err != nil {
					return a, state, nil, err
				}
				s.log.Info("authority rejected the submission (verified SET)", "antrag", a.ID)
			}
		}
	}
	if state == "" {
		switch a.State {
		case antrag.Accepted, antrag.Decided:
			state = messaging.StateAccepted
		case antrag.Rejected:
			state = messaging.StateRejected
		case antrag.Forwarded:
			state = messaging.StateSubmitted
		}
	}
	post, err := s.postfach.entries("", a.ID)
	if err != nil {
		return a, state, nil, err
	}
	for _, m := range post {
		if m.Kind == "nachricht" && a.State == antrag.Accepted {
			var err error
			if a, err = s.update(ctx, a.ID, func(a *antrag.Antrag) error { return s.machine.Decide(a, system, m.Reference) }); err != nil {
				return a, state, post, err
			}
			s.log.Info("decision delivered", "antrag", a.ID, "bescheid", m.Reference)
		}
	}
	return a, state, post, nil
}

// postboxChanged is called for every new postbox entry.
func (s *Service) postboxChanged(ctx context.Context, m *postMessage) {
	if m.ApplicationID == "" {
		return
	}
	a, err := s.antraege.Get(ctx, m.ApplicationID)
	if err != nil {
		return
	}
	if _, _, _, err := s.sync(ctx, a); err != nil {
		s.log.Warn("sync after postbox entry failed", "antrag", a.ID, "err", err)
	}
}

var stateText = map[antrag.State]string{
	antrag.Draft: "in Bearbeitung", antrag.Reviewed: "geprüft", antrag.Paid: "bezahlt", antrag.Submitted: "abgesendet",
	antrag.Forwarded: "an die Behörde übermittelt", antrag.Accepted: "von der Behörde angenommen",
	antrag.Rejected: "abgelehnt", antrag.Decided: "beschieden", antrag.Withdrawn: "zurückgezogen",
}

var actionText = map[antrag.Action]string{
	antrag.ActionCreate: "Antrag begonnen", antrag.ActionEdit: "Angaben erfasst", antrag.ActionReview: "Angaben geprüft und bestätigt",
	antrag.ActionPay: "Gebühr bezahlt", antrag.ActionSubmit: "abgesendet", antrag.ActionForward: "über FIT-Connect übermittelt",
	antrag.ActionAccept: "von der Behörde angenommen", antrag.ActionReject: "abgelehnt", antrag.ActionDecide: "Bescheid zugestellt",
	antrag.ActionWithdraw: "zurückgezogen",
}

var zdText = map[string]string{"submitted": "zugestellt, wartet auf Abholung", "accepted": "von der Behörde angenommen",
	"rejected": "abgelehnt", "forwarded": "weitergeleitet", "incomplete": "unvollständig"}

var postText = map[string]string{"INITIATED": "Begonnen", "SUBMITTED": "Eingereicht", "RECEIVED": "Eingegangen",
	"PROCESSING": "In Bearbeitung", "ACTION_REQUIRED": "Handlung erforderlich", "COMPLETED": "Abgeschlossen"}

var actorText = map[string]string{"applicant": "Sie", "system": "Online-Dienst", "authority": "Behörde"}

func (s *Service) status(w http.ResponseWriter, r *http.Request, sess *session) {
	ctx := r.Context()
	a, err := s.current(ctx, sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	if a.State == antrag.Draft || a.State == antrag.Reviewed || a.State == antrag.Paid {
		http.Redirect(w, r, nextPage(a), http.StatusSeeOther)
		return
	}
	a, zdState, post, err := s.sync(ctx, a)
	if err != nil {
		s.log.Warn("status sync failed", "antrag", a.ID, "err", err)
	}
	var bescheid *postMessage
	var statuses []*postMessage
	for _, m := range post {
		if m.Kind == "nachricht" {
			bescheid = m
		} else {
			statuses = append(statuses, m)
		}
	}
	s.page(w, http.StatusOK, "status.html", sess, map[string]any{"Antrag": a, "Zustand": stateText[a.State],
		"Zustelldienst": string(zdState), "Bescheid": bescheid, "Statusmeldungen": statuses,
		"Fertig": a.State == antrag.Decided || a.State == antrag.Rejected, "ActionText": actionText, "ActorText": actorText, "ZDText": zdText, "PostText": postText,
		"Refresh": a.State != antrag.Decided && a.State != antrag.Rejected})
}

func (s *Service) kopie(w http.ResponseWriter, r *http.Request, sess *session) {
	a, err := s.current(r.Context(), sess)
	if err != nil {
		s.fail(w, sess, http.StatusInternalServerError, "Der Antrag konnte nicht geöffnet werden.", err)
		return
	}
	c, ok := a.CitizenCopy()
	if !ok {
		s.fail(w, sess, http.StatusNotFound, "Der Antrag ist noch nicht abgesendet.", nil)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="antrag-`+a.ID+`.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(c)
}

// invoice returns the XRechnung from the decision in the postbox.
func (s *Service) invoice(ctx context.Context, sess *session) ([]byte, string, error) {
	if sess.AntragID == "" {
		return nil, "", ozg.ErrNotFound
	}
	post, err := s.postfach.entries("", sess.AntragID)
	if err != nil {
		return nil, "", err
	}
	for _, m := range post {
		for _, at := range m.Attachments {
			if at.MIMEType == "application/xml" {
				return at.Data, at.Filename, nil
			}
		}
	}
	return nil, "", ozg.ErrNotFound
}

func (s *Service) rechnung(w http.ResponseWriter, r *http.Request, sess *session) {
	xml, name, err := s.invoice(r.Context(), sess)
	if err != nil {
		s.fail(w, sess, http.StatusNotFound, "Es liegt noch keine Rechnung vor.", nil)
		return
	}
	_, rep, err := einvoice.ValidateBytes(xml, &einvoice.ValidateOptions{Profile: einvoice.ValidateXRechnung})
	if err != nil {
		s.fail(w, sess, http.StatusUnprocessableEntity, "Die Rechnung ist nicht lesbar.", err)
		return
	}
	s.log.Info("invoice validated", "file", name, "valid", rep.Valid, "findings", len(rep.Findings), "scenario", rep.Scenario)
	s.page(w, http.StatusOK, "rechnung.html", sess, map[string]any{"Report": rep, "Datei": name})
}

// rechnungAnsicht is the invoice as einvoice.RenderHTML shows it, with the
// validation findings on top; the invoice page frames it.
func (s *Service) rechnungAnsicht(w http.ResponseWriter, r *http.Request, sess *session) {
	xml, _, err := s.invoice(r.Context(), sess)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	inv, rep, err := einvoice.ValidateBytes(xml, &einvoice.ValidateOptions{Profile: einvoice.ValidateXRechnung})
	if err != nil {
		http.Error(w, "Die Rechnung ist nicht lesbar.", http.StatusUnprocessableEntity)
		return
	}
	var buf bytes.Buffer
	// Nothing is due when the fee was paid online: no GiroCode then.
	noQR := inv.Totals.DuePayable != nil && inv.Totals.DuePayable.IsZero()
	if err := einvoice.RenderHTML(&buf, inv, &einvoice.RenderOptions{Report: rep, NoGiroCode: noQR}); err != nil {
		s.log.Error("rendering the invoice failed", "err", err)
		http.Error(w, "Die Rechnung kann nicht angezeigt werden.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'")
	_, _ = buf.WriteTo(w)
}

func (s *Service) rechnungXML(w http.ResponseWriter, r *http.Request, sess *session) {
	xml, name, err := s.invoice(r.Context(), sess)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/xml")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write(xml)
}
