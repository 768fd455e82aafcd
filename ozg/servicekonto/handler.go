package servicekonto

import (
	"net/http"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// LoginHandlerOptions configures LoginHandler; nil means the POST binding
// (if the IdP offers it) and no RelayState.
type LoginHandlerOptions struct {
	// Binding is BindingPOST or BindingRedirect; "" prefers POST.
	Binding string
	// RelayState returns the RelayState for the request (at most 80 bytes),
	// typically an opaque key of the caller's session; nil means none.
	RelayState func(*http.Request) string
}

// LoginHandler returns an http.Handler that starts a login for every GET or
// POST request: it builds, signs and records an AuthnRequest and sends the
// browser to the IdP (auto-submitting form or 303 redirect). Failures answer
// 500 with a generic text; details go to the Logger only.
func (sp *ServiceProvider) LoginHandler(opts *LoginHandlerOptions) http.Handler {
	var o LoginHandlerOptions
	if opts != nil {
		o = *opts
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodPost {
			w.Header().Set("Allow", "GET, POST")
			http.Error(w, "Methode nicht erlaubt.", http.StatusMethodNotAllowed)
			return
		}
		rs := ""
		if o.RelayState != nil {
			rs = o.RelayState(r)
		}
		l, err := sp.StartLogin(r.Context(), o.Binding, rs)
		if err != nil {
			sp.logger.LogAttrs(r.Context(), slogWarn, "servicekonto: login not started", attrStr("error", err.Error()))
			http.Error(w, "Die Anmeldung konnte nicht gestartet werden.", http.StatusInternalServerError)
			return
		}
		_ = l.Write(w)
	})
}

// ACSOptions configures ACSHandler.
type ACSOptions struct {
	// OnLogin is called with the accepted login and the RelayState; it
	// establishes the caller's session and answers the request. Required.
	OnLogin func(w http.ResponseWriter, r *http.Request, res *Result, relayState string)
	// OnError, if set, answers a rejected or failed response instead of the
	// default page. err is the error of ProcessResponse (use ReasonOf); it
	// must not be shown to the browser.
	OnError func(w http.ResponseWriter, r *http.Request, err error)
}

// maxFormBytes bounds the ACS request body.
const maxFormBytes = 1 << 20

// ACSHandler returns the assertion consumer service: it accepts the
// HTTP-POST binding, verifies the response with ProcessResponse and calls
// OnLogin. A rejection answers 403 (400 for a malformed request, 500 for a
// store failure) with a generic German text and no detail; the reason is
// logged. It panics if opts.OnLogin is nil, a programming error.
func (sp *ServiceProvider) ACSHandler(opts ACSOptions) http.Handler {
	if opts.OnLogin == nil {
		panic("servicekonto: ACSHandler without OnLogin")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		const op = "servicekonto.ACSHandler"
		fail := func(err error) {
			if opts.OnError != nil {
				opts.OnError(w, r, err)
				return
			}
			status := http.StatusForbidden
			switch {
			case ozg.CodeOf(err) == ozg.Unavailable || ozg.CodeOf(err) == ozg.Internal:
				status = http.StatusInternalServerError
			case ReasonOf(err) == ReasonBinding:
				status = http.StatusBadRequest
			}
			w.Header().Set("Cache-Control", "no-store")
			http.Error(w, "Die Anmeldung ist fehlgeschlagen. Bitte versuchen Sie es erneut.", status)
		}
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			fail(sp.logReject(r.Context(), reject(op, ReasonBinding, "method "+r.Method, nil)))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		if err := r.ParseForm(); err != nil {
			fail(sp.logReject(r.Context(), reject(op, ReasonBinding, "form does not parse", err)))
			return
		}
		msg := r.PostForm["SAMLResponse"]
		if len(msg) != 1 {
			fail(sp.logReject(r.Context(), reject(op, ReasonBinding, "want exactly one SAMLResponse", nil)))
			return
		}
		rs := r.PostForm.Get("RelayState")
		if err := checkRelayState(op, rs); err != nil {
			fail(sp.logReject(r.Context(), err))
			return
		}
		res, err := sp.ProcessResponse(r.Context(), msg[0])
		if err != nil {
			fail(err)
			return
		}
		opts.OnLogin(w, r, res, rs)
	})
}
