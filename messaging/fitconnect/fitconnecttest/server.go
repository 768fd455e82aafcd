package fitconnecttest

import (
	"bytes"
	"cmp"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/ozg"
)

// Defaults of a Server.
const (
	DefaultClientID     = "baukasten-test-client"
	DefaultClientSecret = "baukasten-test-secret"
	DefaultLeiKa        = "99400048079000"
	DefaultARS          = "091620000000"
	DefaultSchemaURI    = "urn:baukasten:test:antrag:1.0"
	DefaultDestination  = "6b2b0c1e-8d3c-4c53-9d1a-7a2f1b7c9e01"
	DefaultPostbox      = "3f0d8a52-5a0e-4c8b-8f1e-2c4d6e8f0a12"
)

// Options configure a Server. A nil *Options means the defaults.
type Options struct {
	// Now is the server's clock (SET iat, the 14-day auto-reject, callback
	// timestamps); nil = time.Now.
	Now func() time.Time
	// ClientID and ClientSecret are the accepted credentials; empty = the
	// defaults.
	ClientID, ClientSecret string
	// TokenLifetime is expires_in of issued tokens; 0 = 30 minutes.
	TokenLifetime time.Duration
	// CallbackURL and CallbackSecret, if set, make the server POST a signed
	// new-submissions callback after every submit.
	CallbackURL, CallbackSecret string
	// LeiKa and ARS are the service and area the test destination serves;
	// empty = DefaultLeiKa and DefaultARS.
	LeiKa, ARS string
	// SubmissionSchemas are the data schemas the test destination accepts
	// for its service (in the Destination and the Routing API); nil =
	// DefaultSchemaURI as JSON.
	SubmissionSchemas []fitconnect.SubmissionSchema
	// Rand supplies submission, case and token IDs; nil = crypto/rand. A
	// fixed stream makes the IDs deterministic.
	Rand io.Reader
	// Destinations are further destinations the server hosts besides the
	// test destination and the postbox bridge, e.g. one per authority:
	// each with its own keys, service and area, reported by the Routing
	// API with its own signed route.
	Destinations []Destination
}

// Destination is a further destination a Server hosts. Senders encrypt to
// its own encryption key; its subscriber receives with that key and signs
// SETs with its own signature key (SubscriberOptionsFor).
type Destination struct {
	// ID is the destinationId, a UUID; it must differ from every other
	// destination's.
	ID string
	// Name is the destinationName the Routing API reports.
	Name string
	// LeiKa is the service (14 digits) and ARS the area the destination
	// serves; the area covers the areas inside it.
	LeiKa, ARS string
	// SubmissionSchemas are the data schemas it accepts; nil =
	// DefaultSchemaURI as JSON.
	SubmissionSchemas []fitconnect.SubmissionSchema
	// Keys are its keys; nil = the next of Keys.Spare not yet given to
	// another destination of the server.
	Keys *DestinationKeys
}

// hosted is a destination of the server with its keys.
type hosted struct {
	Destination
	keys *DestinationKeys
}

// RouteMode selects how the fake signs routes, for negative tests.
type RouteMode int

// The route modes.
const (
	RoutesSigned       RouteMode = iota // correct destinationSignature
	RoutesUnsigned                      // no destinationSignature
	RoutesWrongService                  // signed, but for another service
	RoutesForged                        // signed with a key outside the portal key set
	// RoutesParametersUnsigned: no destinationParametersSignature.
	RoutesParametersUnsigned
	// RoutesParametersForged: destinationParametersSignature by a key
	// outside the Zustelldienst's key set.
	RoutesParametersForged
	// RoutesParametersTampered: a parameter changed after signing.
	RoutesParametersTampered
	// RoutesParametersWrongHost: submissionUrl on another host than the
	// signed submissionHost.
	RoutesParametersWrongHost
)

type fakeSub struct {
	ref         fitconnect.SubmissionRef
	service     fitconnect.ServiceType
	announced   []string
	attachments map[string][]byte
	metadata    string
	data        string
	state       fitconnect.State
	submittedAt time.Time
	tags        fitconnect.AuthenticationTags
}

type fault struct {
	status     int
	retryAfter string
}

// Server is an httptest Zustelldienst: token endpoint, Submission API (v1
// and v2 paths), the Zustelldienst's JWK set, destinations with keys that
// chain to a generated test CA, the Routing API with signed routes, the
// submission state machine with an injectable clock, SETs signed with its
// own key and signed callbacks. It speaks the real protocol over a real
// socket so sender and subscriber code can be tested end to end. It is
// not for production.
type Server struct {
	*httptest.Server
	Keys *Keys
	opts Options

	mu         sync.Mutex
	subs       map[string]*fakeSub
	order      []string
	events     map[string][]string // caseId -> SETs
	tokens     map[string]time.Time
	tokenCalls int
	faults     []fault
	routeMode  RouteMode
	seeded     []Route
	requests   int
	hosted     []hosted // Options.Destinations, in order
}

// NewServer starts a fake Zustelldienst. Close it when done.
func NewServer(opts *Options) (*Server, error) {
	keys, err := TestKeys()
	if err != nil {
		return nil, err
	}
	s := &Server{Keys: keys, subs: map[string]*fakeSub{}, events: map[string][]string{}, tokens: map[string]time.Time{}}
	if opts != nil {
		s.opts = *opts
		s.opts.SubmissionSchemas = slices.Clone(opts.SubmissionSchemas)
	}
	if s.opts.Now == nil {
		s.opts.Now = time.Now
	}
	if s.opts.Rand == nil {
		s.opts.Rand = rand.Reader
	}
	if s.opts.ClientID == "" {
		s.opts.ClientID, s.opts.ClientSecret = DefaultClientID, DefaultClientSecret
	}
	if s.opts.TokenLifetime <= 0 {
		s.opts.TokenLifetime = 30 * time.Minute
	}
	if s.opts.LeiKa == "" {
		s.opts.LeiKa = DefaultLeiKa
	}
	if s.opts.ARS == "" {
		s.opts.ARS = DefaultARS
	}
	s.opts.Destinations = nil
	if opts != nil {
		if err := s.host(opts.Destinations); err != nil {
			return nil, err
		}
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s, nil
}

// host checks the further destinations and gives them their keys.
func (s *Server) host(ds []Destination) error {
	ids := map[string]bool{DefaultDestination: true, DefaultPostbox: true}
	spare := 0
	for _, d := range ds {
		if len(d.ID) != 36 || strings.Count(d.ID, "-") != 4 {
			return fmt.Errorf("fitconnecttest: destination %q: ID is not a UUID", d.ID)
		}
		if ids[d.ID] {
			return fmt.Errorf("fitconnecttest: destination %s: ID used twice", d.ID)
		}
		ids[d.ID] = true
		if _, err := ozg.ParseLeistungsschluessel(d.LeiKa); err != nil {
			return fmt.Errorf("fitconnecttest: destination %s: %w", d.ID, err)
		}
		if _, err := ozg.ParseARS(d.ARS); err != nil {
			return fmt.Errorf("fitconnecttest: destination %s: %w", d.ID, err)
		}
		h := hosted{Destination: d, keys: d.Keys}
		h.SubmissionSchemas = slices.Clone(d.SubmissionSchemas)
		if h.keys == nil {
			if spare == len(s.Keys.Spare) {
				return fmt.Errorf("fitconnecttest: destination %s: no spare keys left (%d); give it Keys from NewDestinationKeys", d.ID, len(s.Keys.Spare))
			}
			h.keys = s.Keys.Spare[spare]
			spare++
		}
		s.hosted = append(s.hosted, h)
	}
	return nil
}

// defaultKeys are the keys of the test destination and the postbox
// bridge.
func (s *Server) defaultKeys() *DestinationKeys {
	k := s.Keys
	return &DestinationKeys{Encryption: k.Encryption, Signing: k.Signing, EncryptionCert: k.EncryptionCert, SigningCert: k.SigningCert,
		EncryptionKid: k.EncryptionKid, SigningKid: k.SigningKid}
}

// DestinationKeys returns the keys of a destination the server hosts: the
// test destination and the postbox bridge share the test keys; each of
// Options.Destinations has its own.
func (s *Server) DestinationKeys(destinationID string) (*DestinationKeys, bool) {
	if destinationID == DefaultDestination || destinationID == DefaultPostbox {
		return s.defaultKeys(), true
	}
	for i := range s.hosted {
		if s.hosted[i].ID == destinationID {
			return s.hosted[i].keys, true
		}
	}
	return nil, false
}

// Destinations returns the IDs of the destinations the server hosts: the
// test destination, the postbox bridge and Options.Destinations in order.
func (s *Server) Destinations() []string {
	out := []string{DefaultDestination, DefaultPostbox}
	for _, h := range s.hosted {
		out = append(out, h.ID)
	}
	return out
}

// Environment returns the endpoints of this server for fitconnect.Options.
func (s *Server) Environment() fitconnect.Environment {
	return fitconnect.Environment{Name: "fitconnecttest", TokenURL: s.URL + "/token", SubmissionURL: s.URL,
		RoutingURL: s.URL, PortalJWKSURL: s.URL + "/portal/.well-known/jwks.json"}
}

// SenderOptions returns client options for an online service sending to
// this server.
func (s *Server) SenderOptions() *fitconnect.Options {
	return &fitconnect.Options{Environment: s.Environment(), ClientID: s.opts.ClientID, ClientSecret: s.opts.ClientSecret,
		TrustAnchors: s.Keys.Roots, Now: s.opts.Now, Retry: fitconnect.RetryOptions{BaseDelay: time.Millisecond, MaxDelay: 50 * time.Millisecond},
		Postbox: &fitconnect.PostboxOptions{DestinationID: DefaultPostbox, AuthorKey: s.Keys.Author, AuthorCertificate: s.Keys.AuthorCert, AuthorChain: []*x509.Certificate{s.Keys.IntermediateCert}}}
}

// SubscriberOptions returns client options for the authority that receives
// at the test destination: its decryption key and SET signing key.
func (s *Server) SubscriberOptions() *fitconnect.Options {
	o, _ := s.SubscriberOptionsFor(DefaultDestination)
	return o
}

// SubscriberOptionsFor returns client options for the authority that
// receives at one of the server's destinations: its decryption key and SET
// signing key. It fails for a destination the server does not host.
func (s *Server) SubscriberOptionsFor(destinationID string) (*fitconnect.Options, error) {
	k, ok := s.DestinationKeys(destinationID)
	if !ok {
		return nil, fmt.Errorf("fitconnecttest: no destination %s", destinationID)
	}
	o := s.SenderOptions()
	o.DestinationID = destinationID
	o.DecryptionKeys = map[string]*rsa.PrivateKey{k.EncryptionKid: k.Encryption}
	o.EventSigner = &fitconnect.Signer{Key: k.Signing, KeyID: k.SigningKid}
	return o, nil
}

// FailNext makes the next n API requests fail with status and, if not
// empty, a Retry-After header.
func (s *Server) FailNext(n, status int, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults = append(s.faults, fault{status, retryAfter})
	}
}

// SetRouteMode selects how routes are signed.
func (s *Server) SetRouteMode(m RouteMode) {
	s.mu.Lock()
	s.routeMode = m
	s.mu.Unlock()
}

// TokenRequests returns how many tokens were issued.
func (s *Server) TokenRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tokenCalls
}

// Requests returns how many requests the server handled.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// State returns the state of a submission.
func (s *Server) State(submissionID string) fitconnect.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.expire()
	if f, ok := s.subs[submissionID]; ok {
		return f.state
	}
	return ""
}

// Submissions returns the IDs of all submissions, oldest first.
func (s *Server) Submissions() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.order)
}

// TamperAttachment replaces a stored attachment JWE, e.g. with a flipped
// byte, to test that subscribers detect it.
func (s *Server) TamperAttachment(submissionID, attachmentID string, f func([]byte) []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub, ok := s.subs[submissionID]; ok {
		if b, ok := sub.attachments[attachmentID]; ok {
			sub.attachments[attachmentID] = f(slices.Clone(b))
		}
	}
}

// TamperData replaces the stored encryptedData or encryptedMetadata.
func (s *Server) TamperData(submissionID string, metadata bool, f func(string) string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub, ok := s.subs[submissionID]; ok {
		if metadata {
			sub.metadata = f(sub.metadata)
		} else {
			sub.data = f(sub.data)
		}
	}
}

// AppendEvent appends a raw SET to a case's event log (e.g. a forged one).
func (s *Server) AppendEvent(caseID, set string) {
	s.mu.Lock()
	s.events[caseID] = append(s.events[caseID], set)
	s.mu.Unlock()
}

func (s *Server) uuid() string {
	var u [16]byte
	if _, err := io.ReadFull(s.opts.Rand, u[:]); err != nil {
		// An exhausted Rand: fall back rather than fail the test server.
		rand.Read(u[:]) //nolint:errcheck // crypto/rand does not fail
	}
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}

func problem(w http.ResponseWriter, status int, title, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(fitconnect.Problem{Type: "about:blank", Title: title, Status: status, Detail: detail}) //nolint:errcheck
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v) //nolint:errcheck
}

// zdSign signs a SET as the Zustelldienst.
func (s *Server) zdSET(ref fitconnect.SubmissionRef, event string, payload any) string {
	set, _ := fitconnect.NewSET(s.URL, ref.SubmissionID, ref.CaseID, event, payload, s.opts.Now(), nil)
	sg := &fitconnect.Signer{Key: s.Keys.Zustelldienst, KeyID: s.Keys.ZustelldienstKid}
	out, _ := sg.SignSET(set)
	return out
}

// expire applies the 14-day auto-reject. s.mu must be held.
func (s *Server) expire() {
	now := s.opts.Now()
	for _, id := range s.order {
		f := s.subs[id]
		if f.state == fitconnect.StateSubmitted && now.Sub(f.submittedAt) >= 14*24*time.Hour {
			f.state = fitconnect.StateRejected
			s.events[f.ref.CaseID] = append(s.events[f.ref.CaseID], s.zdSET(f.ref, fitconnect.EventReject,
				fitconnect.RejectPayload{Problems: []fitconnect.Problem{{Type: "about:blank", Title: "not accepted within 14 days"}}}))
		}
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.requests++
	if len(s.faults) > 0 && r.URL.Path != "/token" {
		f := s.faults[0]
		s.faults = s.faults[1:]
		s.mu.Unlock()
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		problem(w, f.status, http.StatusText(f.status), "injected fault")
		return
	}
	s.expire()
	s.mu.Unlock()

	p := r.URL.Path
	switch {
	case p == "/token" && r.Method == http.MethodPost:
		s.token(w, r)
		return
	case p == "/.well-known/jwks.json":
		s.jwks(w, s.Keys.ZustelldienstKid, &s.Keys.Zustelldienst.PublicKey)
		return
	case p == "/portal/.well-known/jwks.json":
		s.jwks(w, s.Keys.PortalKid, &s.Keys.Portal.PublicKey)
		return
	case p == "/v1/routes" && r.Method == http.MethodGet:
		s.routes(w, r)
		return
	}
	v2 := false
	rest, ok := strings.CutPrefix(p, "/v1/")
	if !ok {
		rest, ok = strings.CutPrefix(p, "/v2/")
		v2 = ok
	}
	if !ok {
		problem(w, http.StatusNotFound, "Not Found", "")
		return
	}
	if !s.authorized(r) {
		problem(w, http.StatusUnauthorized, "Unauthorized", "missing or expired bearer token")
		return
	}
	parts := strings.Split(rest, "/")
	switch {
	case len(parts) == 2 && parts[0] == "destinations" && r.Method == http.MethodGet:
		s.destination(w, parts[1])
	case len(parts) == 4 && parts[0] == "destinations" && parts[2] == "keys" && r.Method == http.MethodGet:
		s.destinationKey(w, parts[1], parts[3])
	case len(parts) == 3 && parts[0] == "destinations" && parts[2] == "keys" && r.Method == http.MethodGet && v2:
		s.destinationKeySet(w, parts[1])
	case len(parts) == 3 && parts[0] == "submissions" && parts[2] == "events" && r.Method == http.MethodGet && v2:
		s.submissionEventLog(w, parts[1])
	case len(parts) == 1 && parts[0] == "submissions" && r.Method == http.MethodPost:
		s.announce(w, r, v2)
	case len(parts) == 1 && parts[0] == "submissions" && r.Method == http.MethodGet:
		s.list(w, r)
	case len(parts) == 2 && parts[0] == "submissions" && r.Method == http.MethodPut:
		s.submit(w, r, parts[1])
	case len(parts) == 2 && parts[0] == "submissions" && r.Method == http.MethodGet:
		s.get(w, parts[1])
	case len(parts) == 4 && parts[0] == "submissions" && parts[2] == "attachments" && r.Method == http.MethodPut:
		s.upload(w, r, parts[1], parts[3])
	case len(parts) == 4 && parts[0] == "submissions" && parts[2] == "attachments" && r.Method == http.MethodGet:
		s.download(w, parts[1], parts[3])
	case len(parts) == 3 && parts[0] == "cases" && parts[2] == "events" && r.Method == http.MethodGet:
		s.eventLog(w, parts[1])
	case len(parts) == 3 && parts[0] == "cases" && parts[2] == "events" && r.Method == http.MethodPost:
		s.postEvent(w, r, parts[1])
	default:
		problem(w, http.StatusNotFound, "Not Found", "")
	}
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	if r.PostForm.Get("client_id") != s.opts.ClientID || r.PostForm.Get("client_secret") != s.opts.ClientSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	tok := s.uuid()
	s.mu.Lock()
	s.tokens[tok] = s.opts.Now().Add(s.opts.TokenLifetime)
	s.tokenCalls++
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": int(s.opts.TokenLifetime / time.Second)})
}

func (s *Server) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.tokens[tok]
	return ok && s.opts.Now().Before(exp)
}

func (s *Server) jwks(w http.ResponseWriter, kid string, pub any) {
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: pub, KeyID: kid, Algorithm: fitconnect.SignatureAlgorithm, Use: "sig"}}}
	writeJSON(w, http.StatusOK, set)
}

func (s *Server) destinationJSON(id string) (map[string]any, bool) {
	var svcs []map[string]any
	switch id {
	case DefaultDestination:
		schemas := s.opts.SubmissionSchemas
		if schemas == nil {
			schemas = []fitconnect.SubmissionSchema{{SchemaURI: DefaultSchemaURI, MIMEType: "application/json"}}
		}
		svcs = []map[string]any{{"identifier": ozg.LeiKaURNPrefix + s.opts.LeiKa,
			"submissionSchemas": schemas, "regions": []string{"DE" + s.opts.ARS}}}
	case DefaultPostbox:
		svcs = []map[string]any{
			{"identifier": fitconnect.PostboxMessageService, "submissionSchemas": []map[string]string{{"schemaUri": fitconnect.PostboxSchemaURI, "mimeType": "application/json"}}},
			{"identifier": fitconnect.PostboxStatusService, "submissionSchemas": []map[string]string{{"schemaUri": fitconnect.PostboxSchemaURI, "mimeType": "application/json"}}},
		}
	default:
		i := slices.IndexFunc(s.hosted, func(h hosted) bool { return h.ID == id })
		if i < 0 {
			return nil, false
		}
		h := s.hosted[i]
		schemas := h.SubmissionSchemas
		if schemas == nil {
			schemas = []fitconnect.SubmissionSchema{{SchemaURI: DefaultSchemaURI, MIMEType: "application/json"}}
		}
		svcs = []map[string]any{{"identifier": ozg.LeiKaURNPrefix + h.LeiKa,
			"submissionSchemas": schemas, "regions": []string{"DE" + h.ARS}}}
	}
	k, _ := s.DestinationKeys(id)
	return map[string]any{"destinationId": id, "status": "active", "services": svcs, "encryptionKid": k.EncryptionKid,
		"metadataVersions": fitconnect.MetadataVersions()}, true
}

func (s *Server) destination(w http.ResponseWriter, id string) {
	d, ok := s.destinationJSON(id)
	if !ok {
		problem(w, http.StatusNotFound, "Destination not found", "")
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) destinationKey(w http.ResponseWriter, id, kid string) {
	k, ok := s.DestinationKeys(id)
	if !ok {
		problem(w, http.StatusNotFound, "Destination not found", "")
		return
	}
	var b []byte
	switch kid {
	case k.EncryptionKid:
		b = JWK(&k.Encryption.PublicKey, kid, fitconnect.KeyAlgorithm, "wrapKey", k.EncryptionCert, s.Keys.IntermediateCert)
	case k.SigningKid:
		b = JWK(&k.Signing.PublicKey, kid, fitconnect.SignatureAlgorithm, "verify", k.SigningCert, s.Keys.IntermediateCert)
	default:
		problem(w, http.StatusNotFound, "Key not found", "")
		return
	}
	w.Header().Set("Content-Type", "application/jwk+json")
	w.Write(b) //nolint:errcheck
}

// announce takes POST /submissions; v1 names the service serviceType, v2
// publicService.
func (s *Server) announce(w http.ResponseWriter, r *http.Request, v2 bool) {
	var a fitconnect.Announcement
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<20)).Decode(&a); err != nil {
		problem(w, http.StatusBadRequest, "Bad Request", "body is not JSON")
		return
	}
	if v2 {
		if a.PublicService == nil || a.ServiceType.Identifier != "" {
			problem(w, http.StatusBadRequest, "Bad Request", "v2 wants publicService")
			return
		}
		a.ServiceType = *a.PublicService
	} else if a.PublicService != nil {
		problem(w, http.StatusBadRequest, "Bad Request", "v1 wants serviceType")
		return
	}
	d, ok := s.destinationJSON(a.DestinationID)
	if !ok {
		problem(w, http.StatusNotFound, "Destination not found", "")
		return
	}
	offered := false
	for _, svc := range d["services"].([]map[string]any) {
		offered = offered || svc["identifier"] == a.ServiceType.Identifier
	}
	if !offered {
		problem(w, http.StatusUnprocessableEntity, "Service not offered by destination", "")
		return
	}
	for _, id := range a.AnnouncedAttachments {
		if len(id) != 36 {
			problem(w, http.StatusBadRequest, "Bad Request", "announcedAttachments must be UUIDs")
			return
		}
	}
	s.mu.Lock()
	ref := fitconnect.SubmissionRef{DestinationID: a.DestinationID, SubmissionID: s.uuid(), CaseID: s.uuid()}
	s.subs[ref.SubmissionID] = &fakeSub{ref: ref, service: a.ServiceType, announced: slices.Clone(a.AnnouncedAttachments),
		attachments: map[string][]byte{}, state: fitconnect.StateIncomplete}
	s.order = append(s.order, ref.SubmissionID)
	s.events[ref.CaseID] = append(s.events[ref.CaseID], s.zdSET(ref, fitconnect.EventCreate, struct{}{}))
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, ref)
}

func (s *Server) sub(w http.ResponseWriter, id string) (*fakeSub, bool) {
	f, ok := s.subs[id]
	if !ok {
		problem(w, http.StatusNotFound, "Submission not found", "")
	}
	return f, ok
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request, id, aid string) {
	if ct := r.Header.Get("Content-Type"); ct != "application/jose" {
		problem(w, http.StatusUnsupportedMediaType, "Unsupported Media Type", "want application/jose")
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		problem(w, http.StatusBadRequest, "Bad Request", "")
		return
	}
	dot := bytes.IndexByte(body, '.')
	if dot < 0 || bytes.Count(body, []byte{'.'}) != 4 {
		problem(w, http.StatusBadRequest, "Bad Request", "not a compact JWE")
		return
	}
	h, err := fitconnect.ParseJWEHeader(string(body[:dot]) + "....")
	if err != nil {
		problem(w, http.StatusUnprocessableEntity, "Unprocessable Entity", "JWE header not acceptable")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.sub(w, id)
	if !ok {
		return
	}
	if k, _ := s.DestinationKeys(f.ref.DestinationID); h.KeyID != k.EncryptionKid {
		problem(w, http.StatusUnprocessableEntity, "Unprocessable Entity", "JWE header not acceptable")
		return
	}
	if f.state != fitconnect.StateIncomplete {
		problem(w, http.StatusConflict, "Conflict", "submission already submitted")
		return
	}
	if !slices.Contains(f.announced, aid) {
		problem(w, http.StatusNotFound, "Attachment not announced", "")
		return
	}
	f.attachments[aid] = body
	w.WriteHeader(http.StatusNoContent)
}

func lastPart(jwe string) string { return jwe[strings.LastIndexByte(jwe, '.')+1:] }

func (s *Server) submit(w http.ResponseWriter, r *http.Request, id string) {
	var req fitconnect.SubmitRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 256<<20)).Decode(&req); err != nil || req.EncryptedMetadata == "" {
		problem(w, http.StatusBadRequest, "Bad Request", "encryptedMetadata missing")
		return
	}
	s.mu.Lock()
	f, ok := s.sub(w, id)
	if !ok {
		s.mu.Unlock()
		return
	}
	k, _ := s.DestinationKeys(f.ref.DestinationID)
	for _, j := range []string{req.EncryptedMetadata, req.EncryptedData} {
		if j == "" {
			continue
		}
		if h, err := fitconnect.ParseJWEHeader(j); err != nil || h.KeyID != k.EncryptionKid {
			s.mu.Unlock()
			problem(w, http.StatusUnprocessableEntity, "Unprocessable Entity", "JWE header not acceptable")
			return
		}
	}
	if f.state != fitconnect.StateIncomplete {
		s.mu.Unlock()
		problem(w, http.StatusConflict, "Conflict", "submission already submitted")
		return
	}
	for _, a := range f.announced {
		if _, ok := f.attachments[a]; !ok {
			s.mu.Unlock()
			problem(w, http.StatusConflict, "Conflict", "announced attachment missing")
			return
		}
	}
	f.metadata, f.data, f.state, f.submittedAt = req.EncryptedMetadata, req.EncryptedData, fitconnect.StateSubmitted, s.opts.Now()
	f.tags = fitconnect.AuthenticationTags{Metadata: lastPart(req.EncryptedMetadata)}
	if req.EncryptedData != "" {
		f.tags.Data = lastPart(req.EncryptedData)
	}
	for aid, b := range f.attachments {
		if f.tags.Attachments == nil {
			f.tags.Attachments = map[string]string{}
		}
		f.tags.Attachments[aid] = lastPart(string(b))
	}
	s.events[f.ref.CaseID] = append(s.events[f.ref.CaseID], s.zdSET(f.ref, fitconnect.EventSubmit, fitconnect.AcceptPayload{AuthenticationTags: f.tags}))
	ref := f.ref
	s.mu.Unlock()
	s.callback(ref.SubmissionID)
	writeJSON(w, http.StatusAccepted, ref)
}

func (s *Server) callback(id string) {
	if s.opts.CallbackURL == "" {
		return
	}
	body, _ := json.Marshal(fitconnect.Callback{Type: fitconnect.CallbackTypeNewSubmissions, SubmissionIDs: []string{id}})
	ts := s.opts.Now().Unix()
	req, err := http.NewRequest(http.MethodPost, s.opts.CallbackURL, bytes.NewReader(body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(fitconnect.HeaderCallbackTimestamp, strconv.FormatInt(ts, 10))
	req.Header.Set(fitconnect.HeaderCallbackAuthentication, fitconnect.SignCallback(s.opts.CallbackSecret, ts, body))
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}

func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	offset, _ := strconv.Atoi(q.Get("offset"))
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 || limit > 500 || offset < 0 {
		problem(w, http.StatusBadRequest, "Bad Request", "offset/limit")
		return
	}
	dest := q.Get("destinationId")
	s.mu.Lock()
	var all []fitconnect.SubmissionRef
	for _, id := range s.order {
		f := s.subs[id]
		if f.state == fitconnect.StateSubmitted && (dest == "" || f.ref.DestinationID == dest) {
			all = append(all, f.ref)
		}
	}
	s.mu.Unlock()
	page := fitconnect.SubmissionPage{Offset: offset, TotalCount: len(all), Submissions: []fitconnect.SubmissionRef{}}
	if offset < len(all) {
		page.Submissions = all[offset:min(len(all), offset+limit)]
	}
	page.Count = len(page.Submissions)
	writeJSON(w, http.StatusOK, page)
}

func (s *Server) get(w http.ResponseWriter, id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.sub(w, id)
	if !ok {
		return
	}
	if f.state == fitconnect.StateIncomplete {
		problem(w, http.StatusNotFound, "Submission not found", "not yet submitted")
		return
	}
	writeJSON(w, http.StatusOK, fitconnect.EncryptedSubmission{DestinationID: f.ref.DestinationID, SubmissionID: f.ref.SubmissionID,
		CaseID: f.ref.CaseID, ServiceType: f.service, Attachments: slices.Clone(f.announced),
		EncryptedMetadata: f.metadata, EncryptedData: f.data})
}

func (s *Server) download(w http.ResponseWriter, id, aid string) {
	s.mu.Lock()
	f, ok := s.sub(w, id)
	if !ok {
		s.mu.Unlock()
		return
	}
	b, ok := f.attachments[aid]
	s.mu.Unlock()
	if !ok || f.state == fitconnect.StateIncomplete {
		problem(w, http.StatusNotFound, "Attachment not found", "")
		return
	}
	w.Header().Set("Content-Type", "application/jose")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b) //nolint:errcheck
}

func (s *Server) eventLog(w http.ResponseWriter, caseID string) {
	s.mu.Lock()
	log, ok := s.events[caseID]
	log = slices.Clone(log)
	s.mu.Unlock()
	if !ok {
		problem(w, http.StatusNotFound, "Case not found", "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"eventLog": log})
}

// destinationKeySet answers the v2 key set of a destination.
func (s *Server) destinationKeySet(w http.ResponseWriter, id string) {
	k, ok := s.DestinationKeys(id)
	if !ok {
		problem(w, http.StatusNotFound, "Destination not found", "")
		return
	}
	enc := JWK(&k.Encryption.PublicKey, k.EncryptionKid, fitconnect.KeyAlgorithm, "wrapKey", k.EncryptionCert, s.Keys.IntermediateCert)
	writeJSON(w, http.StatusOK, map[string]any{"keys": []json.RawMessage{enc}})
}

// submissionEventLog answers the v2 event log of one submission.
func (s *Server) submissionEventLog(w http.ResponseWriter, id string) {
	s.mu.Lock()
	f, ok := s.subs[id]
	var log []string
	if ok {
		log = slices.Clone(s.events[f.ref.CaseID])
	}
	s.mu.Unlock()
	if !ok {
		problem(w, http.StatusNotFound, "Submission not found", "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"eventLog": log})
}

// postEvent takes an accept or reject SET from the subscriber, verified
// with the destination's signature key before it changes any state.
func (s *Server) postEvent(w http.ResponseWriter, r *http.Request, caseID string) {
	if r.Header.Get("Content-Type") != "application/jose" {
		problem(w, http.StatusUnsupportedMediaType, "Unsupported Media Type", "want application/jose")
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	set, err := fitconnect.VerifySET(string(body), func(iss, kid string) (*rsa.PublicKey, error) {
		k, ok := s.DestinationKeys(iss)
		if !ok || kid != k.SigningKid {
			return nil, fitconnect.ErrUnknownKey
		}
		return &k.Signing.PublicKey, nil
	})
	if err != nil {
		problem(w, http.StatusUnprocessableEntity, "SET not acceptable", err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.sub(w, set.SubmissionID())
	if !ok {
		return
	}
	if f.ref.CaseID != caseID || set.CaseID() != caseID || set.Issuer != f.ref.DestinationID {
		problem(w, http.StatusUnprocessableEntity, "SET not acceptable", "sub, txn or iss do not match the submission")
		return
	}
	if f.state != fitconnect.StateSubmitted {
		problem(w, http.StatusConflict, "Conflict", "submission is "+string(f.state))
		return
	}
	ev, payload := set.Event()
	switch ev {
	case fitconnect.EventAccept:
		var p fitconnect.AcceptPayload
		if json.Unmarshal(payload, &p) != nil || !sameTags(p.AuthenticationTags, f.tags) {
			problem(w, http.StatusUnprocessableEntity, "SET not acceptable", "authenticationTags do not match the submission")
			return
		}
		f.state = fitconnect.StateAccepted
	case fitconnect.EventReject:
		var p fitconnect.RejectPayload
		if json.Unmarshal(payload, &p) != nil || len(p.Problems) == 0 {
			problem(w, http.StatusUnprocessableEntity, "SET not acceptable", "reject needs problems")
			return
		}
		f.state = fitconnect.StateRejected
	default:
		problem(w, http.StatusUnprocessableEntity, "SET not acceptable", "only accept or reject")
		return
	}
	s.events[caseID] = append(s.events[caseID], string(body))
	w.WriteHeader(http.StatusNoContent)
}

func sameTags(a, b fitconnect.AuthenticationTags) bool {
	if a.Metadata != b.Metadata || a.Data != b.Data || len(a.Attachments) != len(b.Attachments) {
		return false
	}
	for k, v := range b.Attachments {
		if a.Attachments[k] != v {
			return false
		}
	}
	return true
}

// Route is a destination the fake Routing API reports, for seeding with
// AddRoute: the Routing API knows destinations, not the authorities'
// contact details.
type Route struct {
	DestinationID string   // destinationId, a UUID
	Name          string   // destinationName
	LeiKa         []string // LeiKa keys (14 digits) the destination serves
	// ARS are the regional keys of its areas; each covers the areas inside
	// it (a Kreis its Gemeinden), as the signed gebietIDs do.
	ARS []string
	// EncryptionKid, MetadataVersions and SubmissionSchemas go into
	// destinationParameters; empty = the test encryption key,
	// fitconnect.MetadataVersions() and DefaultSchemaURI as JSON.
	EncryptionKid     string
	MetadataVersions  []string
	SubmissionSchemas []fitconnect.SubmissionSchema
}

// AddRoute makes the Routing API report r, signed like the test
// destination, for ARS queries of one of its services in one of its areas.
// AGS and area-ID queries only find the test destination. A seeded route
// is only reported: for a destination that receives submissions with its
// own keys, use Options.Destinations.
func (s *Server) AddRoute(r Route) error {
	if r.DestinationID == "" || len(r.LeiKa) == 0 || len(r.ARS) == 0 {
		return fmt.Errorf("fitconnecttest: AddRoute: DestinationID, LeiKa and ARS are required")
	}
	for _, l := range r.LeiKa {
		if _, err := ozg.ParseLeistungsschluessel(l); err != nil {
			return fmt.Errorf("fitconnecttest: AddRoute: %w", err)
		}
	}
	for _, a := range r.ARS {
		if _, err := ozg.ParseARS(a); err != nil {
			return fmt.Errorf("fitconnecttest: AddRoute: %w", err)
		}
	}
	r.LeiKa, r.ARS = slices.Clone(r.LeiKa), slices.Clone(r.ARS)
	r.MetadataVersions, r.SubmissionSchemas = slices.Clone(r.MetadataVersions), slices.Clone(r.SubmissionSchemas)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.seeded = append(s.seeded, r)
	return nil
}

// routeParams are destinationParameters; the fields are deliberately not in
// alphabetical order, so that clients must canonicalise to verify.
type routeParams struct {
	SubmissionURL     string                        `json:"submissionUrl"`
	Status            string                        `json:"status"`
	EncryptionKid     string                        `json:"encryptionKid"`
	SubmissionSchemas []fitconnect.SubmissionSchema `json:"submissionSchemas"`
	MetadataVersions  []string                      `json:"metadataVersions"`
}

// canonical is the signed form of destinationParameters, computed
// independently of fitconnect.CanonicalJSON: encoding/json writes map
// members sorted and without whitespace.
func canonical(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var m any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// routes answers GET /v1/routes with the test destination, the hosted
// destinations and the seeded
// routes whose services and areas cover the query.
func (s *Server) routes(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n := 0
	for _, k := range []string{"ars", "ags", "areaId"} {
		if q.Get(k) != "" {
			n++
		}
	}
	if q.Get("leikaKey") == "" || n != 1 {
		problem(w, http.StatusBadRequest, "Bad Request", "leikaKey and exactly one of ars, ags, areaId")
		return
	}
	var qARS ozg.ARS
	if a := q.Get("ars"); a != "" {
		var err error
		if qARS, err = ozg.ParseARS(a); err != nil {
			problem(w, http.StatusBadRequest, "Bad Request", "ars is not a regional key")
			return
		}
	}
	s.mu.Lock()
	mode := s.routeMode
	entries := []Route{{DestinationID: DefaultDestination, Name: "Testbehörde", LeiKa: []string{s.opts.LeiKa}, ARS: []string{s.opts.ARS},
		SubmissionSchemas: s.opts.SubmissionSchemas}}
	for _, h := range s.hosted {
		entries = append(entries, Route{DestinationID: h.ID, Name: h.Name, LeiKa: []string{h.LeiKa}, ARS: []string{h.ARS},
			EncryptionKid: h.keys.EncryptionKid, SubmissionSchemas: h.SubmissionSchemas})
	}
	entries = append(entries, s.seeded...)
	s.mu.Unlock()
	var out []any
	for i, e := range entries {
		if !slices.Contains(e.LeiKa, q.Get("leikaKey")) {
			continue
		}
		var areas []string
		switch {
		case !qARS.IsZero():
			covered := false
			for _, a := range e.ARS {
				ea := ozg.MustParseARS(a)
				covered = covered || ea == qARS || ea.Contains(qARS)
				areas = append(areas, fitconnect.GebietARSPrefix+a)
			}
			if !covered {
				continue
			}
		case i > 0: // AGS and area ID: the test destination only
			continue
		case q.Get("ags") != "":
			areas = []string{fitconnect.GebietAGSPrefix + q.Get("ags")}
		default:
			areas = []string{"urn:baukasten:test:area:" + q.Get("areaId")}
		}
		route, err := s.signedRoute(e, areas, mode)
		if err != nil {
			problem(w, http.StatusInternalServerError, "Internal Server Error", "")
			return
		}
		out = append(out, route)
	}
	writeJSON(w, http.StatusOK, map[string]any{"count": len(out), "offset": 0, "totalCount": len(out), "routes": append([]any{}, out...)})
}

// signedRoute builds one route: destinationSignature by the portal key,
// destinationParametersSignature (detached) by the Zustelldienst key,
// altered as mode says.
func (s *Server) signedRoute(e Route, areas []string, mode RouteMode) (map[string]any, error) {
	var leikas []string
	for _, l := range e.LeiKa {
		leikas = append(leikas, ozg.LeiKaURNPrefix+l)
	}
	if mode == RoutesWrongService {
		leikas = []string{ozg.LeiKaURNPrefix + "99000000000000"}
	}
	payload, err := json.Marshal(fitconnect.DestinationSignature{SubmissionHost: strings.TrimPrefix(s.URL, "http://"),
		Issuer: s.URL + "/portal", IssuedAt: s.opts.Now().Unix(), DestinationID: e.DestinationID,
		Services: []fitconnect.SignedService{{GebietIDs: areas, LeistungIDs: leikas}}})
	if err != nil {
		return nil, err
	}
	signer := &fitconnect.Signer{Key: s.Keys.Portal, KeyID: s.Keys.PortalKid}
	if mode == RoutesForged {
		signer = &fitconnect.Signer{Key: s.Keys.Other, KeyID: s.Keys.PortalKid}
	}
	sig, err := signer.SignJWS(payload, "")
	if err != nil {
		return nil, err
	}
	if mode == RoutesUnsigned {
		sig = ""
	}

	p := routeParams{SubmissionURL: s.URL, Status: "active", EncryptionKid: cmp.Or(e.EncryptionKid, s.Keys.EncryptionKid),
		SubmissionSchemas: e.SubmissionSchemas, MetadataVersions: e.MetadataVersions}
	if p.SubmissionSchemas == nil {
		p.SubmissionSchemas = []fitconnect.SubmissionSchema{{SchemaURI: DefaultSchemaURI, MIMEType: "application/json"}}
	}
	if p.MetadataVersions == nil {
		p.MetadataVersions = fitconnect.MetadataVersions()
	}
	if mode == RoutesParametersWrongHost {
		p.SubmissionURL = "https://submission.invalid"
	}
	canon, err := canonical(p)
	if err != nil {
		return nil, err
	}
	psigner := &fitconnect.Signer{Key: s.Keys.Zustelldienst, KeyID: s.Keys.ZustelldienstKid}
	if mode == RoutesParametersForged {
		psigner = &fitconnect.Signer{Key: s.Keys.Other, KeyID: s.Keys.ZustelldienstKid}
	}
	full, err := psigner.SignJWS(canon, "")
	if err != nil {
		return nil, err
	}
	parts := strings.Split(full, ".")
	psig := parts[0] + ".." + parts[2] // detached
	switch mode {
	case RoutesParametersUnsigned:
		psig = ""
	case RoutesParametersTampered:
		p.EncryptionKid = "tampered-" + p.EncryptionKid
	}
	return map[string]any{"destinationId": e.DestinationID, "destinationSignature": sig, "destinationParameters": p,
		"destinationParametersSignature": psig, "destinationName": e.Name}, nil
}
