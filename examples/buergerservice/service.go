package main

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect"
	"github.com/ozg-baukasten/baukasten/messaging/fitconnect/fitconnecttest"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/ozg/antrag/fitconnectrouter"
	"github.com/ozg-baukasten/baukasten/ozg/onlinedienst"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
)

// Config configures the service.
type Config struct {
	// Addr is the listen address, e.g. 127.0.0.1:8080 or 127.0.0.1:0.
	Addr string
	// DataDir keeps the state in files; "" keeps it in memory.
	DataDir string
	// Logger receives every step; nil discards.
	Logger *slog.Logger
	// Tick is how often the authority and the postbox look for new
	// submissions besides the callbacks; 0 means 1 s.
	Tick time.Duration
	// Redeliver is how often applications that were submitted but not
	// delivered (the Zustelldienst or the routing failed, and the
	// applicant did not try again) are delivered in the background; 0
	// means 30 s, a negative value never (tests that retry by hand).
	Redeliver time.Duration
	// Gemeinde names the municipality whose embedded parameters
	// (dienst/gemeinden/NAME.json) are bound to the definition; "" means
	// Mainz.
	Gemeinde string
}

// Service is the online service of the municipality with every fake it
// needs, all in this process on loopback: the BundID identity provider,
// the XBezahldienste payment platform, the FIT-Connect Zustelldienst, the
// authority's system (Behoerde) and the citizen postbox (Postfach).
type Service struct {
	log     *slog.Logger
	baseURL string
	region  ozg.Region // of the authority's area (Parameters.ARS)
	ars     ozg.ARS

	// dienst is the dog-tax definition bound to the municipality's
	// parameters, runner runs its application steps.
	dienst *onlinedienst.Dienst
	runner *onlinedienst.Runner

	form     *antrag.Form
	machine  *antrag.Machine // the lifecycle, shared with runner; the authority's answers move it on
	kv       *kv
	antraege antragStore
	tmpl     *template.Template

	idp *servicekontotest.IdP
	sp  *servicekonto.ServiceProvider
	// ukIdP is the fake Mein Unternehmenskonto, ukSP our service
	// provider there (unternehmen.go).
	ukIdP *servicekontotest.IdP
	ukSP  *servicekonto.ServiceProvider

	payServer *xbezahldienstetest.Server
	pay       *payment.Client
	poller    *payment.Poller
	payEvents chan *payment.Payment // changes the poller saw

	zd       *fitconnecttest.Server
	ziel     string             // the destination of this municipality's office at zd
	sender   *fitconnect.Client // for routing
	msg      *messaging.Client  // sends applications, over sender, with the outbox
	outbox   outboxStore
	router   antrag.Router
	behoerde *Behoerde
	postfach *Postfach

	mu        sync.Mutex // serialises read-modify-write of one application
	closeOnce sync.Once
	ln        net.Listener
	srv       *http.Server
	cancel    context.CancelFunc
	wg        sync.WaitGroup
}

// system is the actor of the transitions the service makes itself (the
// applicant acts as Service.applicant).
var system = antrag.Actor{Kind: "system", ID: "onlinedienst-hundesteuer"}

// New starts the service and its fakes. Close stops them.
func New(cfg Config) (_ *Service, err error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.Tick <= 0 {
		cfg.Tick = time.Second
	}
	s := &Service{log: log, machine: &antrag.Machine{}, payEvents: make(chan *payment.Payment, 64)}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	// 0. The service: the signed definition, verified and bound to the
	// municipality's parameters, and the FIM form it names.
	gem := cfg.Gemeinde
	if gem == "" {
		gem = defaultGemeinde
	}
	if s.dienst, err = loadDienst(gem); err != nil {
		return nil, fmt.Errorf("municipality %s: %w", gem, err)
	}
	def, params := s.dienst.Definition, s.dienst.Parameters
	s.ars = params.ARS
	s.region, _ = ozg.LookupRegion(s.ars)
	if s.form, err = loadForm(def); err != nil {
		return nil, err
	}
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, err
	}
	if s.kv, err = newKV(cfg.DataDir); err != nil {
		return nil, err
	}
	s.antraege = antragStore{s.kv}

	addr := cfg.Addr
	if addr == "" {
		addr = "127.0.0.1:8080"
	}
	if s.ln, err = net.Listen("tcp", addr); err != nil {
		return nil, err
	}
	s.baseURL = "http://" + s.ln.Addr().String()
	if tcp, ok := s.ln.Addr().(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		s.baseURL = fmt.Sprintf("http://127.0.0.1:%d", tcp.Port)
	}

	// 1. BundID: the fake IdP and our service provider. The keys stand in
	// for the ones the parameters' keyRef names; entityID, online-service
	// id and the trust level the definition requires come from
	// Dienst.ServicekontoConfig.
	s.idp = servicekontotest.New(&servicekontotest.Options{Response: servicekontotest.ResponseOptions{
		Level: def.Vertrauensniveau, Attributes: buergerin(params.Rechnung.Anschrift.PostalCode, params.Rechnung.Anschrift.City),
	}})
	md, err := servicekonto.ParseIdPMetadata(s.idp.Metadata())
	if err != nil {
		return nil, err
	}
	spCfg := s.dienst.ServicekontoConfig(servicekonto.Config{
		SigningKey:     servicekontotest.SPSigning().Key,
		SigningCert:    servicekontotest.SPSigning().Cert,
		DecryptionKey:  servicekontotest.SPEncryption().Key,
		DecryptionCert: servicekontotest.SPEncryption().Cert,
		IdP:            md,
		Lang:           "de",
		Logger:         log.With("component", "servicekonto"),
		Requests:       samlStore{s.kv, "saml-anfrage"},
		Replays:        samlStore{s.kv, "saml-assertion"},
	})
	// Offline the browser comes back to this process on loopback, not to
	// the authority's public host the parameters name.
	spCfg.ACSURL = s.baseURL + "/saml/acs"
	if s.sp, err = servicekonto.New(spCfg); err != nil {
		return nil, err
	}
	// Mein Unternehmenskonto: a second fake IdP for businesses, whose
	// assertions carry the organisation (mapped by Config.Organisation).
	s.ukIdP = servicekontotest.New(&servicekontotest.Options{Response: servicekontotest.ResponseOptions{
		Level: def.Vertrauensniveau, Attributes: unternehmen(params.Rechnung.Anschrift.PostalCode, params.Rechnung.Anschrift.City),
	}})
	ukMD, err := servicekonto.ParseIdPMetadata(s.ukIdP.Metadata())
	if err != nil {
		return nil, err
	}
	ukCfg := spCfg
	ukCfg.IdP, ukCfg.ACSURL, ukCfg.Organisation = ukMD, s.baseURL+"/saml/unternehmen/acs", unternehmenAttribute
	ukCfg.Logger = log.With("component", "unternehmenskonto")
	if s.ukSP, err = servicekonto.New(ukCfg); err != nil {
		return nil, err
	}

	// 2. XBezahldienste: the fake platform, which knows the municipality
	// by its originator and endpoint ids, and the portable client. The
	// test credentials stand in for the ones credentialsRef names.
	s.payServer = xbezahldienstetest.NewServer(&xbezahldienstetest.Options{
		OriginatorID: params.Zahlung.OriginatorID, EndPointID: params.Zahlung.EndpointID,
		Username: "hundesteuer", Password: "test-only"})
	prov, err := xbezahldienste.New(s.payServer.URL, params.Zahlung.OriginatorID, params.Zahlung.EndpointID, &xbezahldienste.Options{
		Auth:   xbezahldienste.BasicAuth{Username: "hundesteuer", Password: "test-only"},
		Logger: log.With("component", "xbezahldienste"),
	})
	if err != nil {
		return nil, err
	}
	s.pay = payment.NewClient(prov, &payment.ClientOptions{Logger: log.With("component", "payment")})
	s.poller = payment.NewPoller(s.pay, nil, &payment.PollerOptions{
		Interval: 2 * time.Second, ExpireAfter: time.Hour, Logger: log.With("component", "payment-poller"),
		OnChange: func(_ context.Context, c payment.Change) {
			// Runs under the poller's lock: hand off to the worker below.
			p := *c.Payment
			select {
			case s.payEvents <- &p:
			default:
				log.Warn("payment change dropped; the return handler records it", "payment", p.ID)
			}
		},
	})

	// 3. FIT-Connect: the fake Zustelldienst hosts one destination per
	// municipality's dog-tax office (zustelldienst.go), each with its own
	// keys, serving the definition's service in its municipality's area
	// and taking data in the schema of our form, with signed callbacks to
	// the authority and the postbox. It knows the municipality's sender
	// client; the test secret stands in for the one clientSecretRef names.
	zs, dests, dir, err := zustelldienstZiele(def, s.form.SchemaURI())
	if err != nil {
		return nil, err
	}
	for _, z := range zs {
		if z.gemeinde == gem {
			s.ziel = z.id
		}
	}
	callbackSecret := "callback-secret-test-only"
	s.zd, err = fitconnecttest.NewServer(&fitconnecttest.Options{
		ClientID: params.FITConnect.ClientID, ClientSecret: "fitconnect-test-only",
		CallbackURL: s.baseURL + "/fitconnect/callback", CallbackSecret: callbackSecret,
		Destinations: dests,
	})
	if err != nil {
		return nil, err
	}
	so := s.zd.SenderOptions()
	so.Logger = log.With("component", "fitconnect-sender")
	if s.sender, err = fitconnect.New(so); err != nil {
		return nil, err
	}
	s.outbox = outboxStore{s.kv}
	s.msg = fitconnect.NewMessagingClient(s.sender, &messaging.ClientOptions{Store: s.outbox, Logger: log.With("component", "messaging")})
	// The definition delivers by routing: the responsible authority comes
	// from the FIT-Connect Routing API by LeiKa key and ARS — for this
	// municipality's area, its own office's destination (signatures
	// verified by fitconnectrouter); the directory adds what the Routing
	// API does not carry (in production: the PVOG, package ozg/zufi).
	if s.router, err = fitconnectrouter.New(s.sender, &fitconnectrouter.Options{
		Logger: log.With("component", "routing"), Directory: dir,
	}); err != nil {
		return nil, err
	}
	// The authority receives at its own destination, with its own keys.
	if s.behoerde, err = newBehoerde(s.zd, s.ziel, s.form, s.dienst, s.kv, log.With("component", "behoerde")); err != nil {
		return nil, err
	}
	if s.postfach, err = newPostfach(s.zd, s.kv, log.With("component", "postfach")); err != nil {
		return nil, err
	}

	// 4. The runner: the definition's application steps — form, fee and
	// booking data, trust level, routing, delivery with the metadata
	// details, notifications — over the stores and clients above.
	if s.runner, err = onlinedienst.NewRunner(s.dienst, onlinedienst.RunnerOptions{
		Form: s.form, Machine: s.machine, Store: s.antraege, Payments: s.pay, ReturnURL: s.baseURL + "/bezahlen/zurueck",
		Router: loggedRouter{s}, Sender: &onlinedienst.MessagingSender{Client: s.msg, Content: s.anlageInhalt},
		Notifier: postfachHinweis{s}, ReplyChannel: s.replyChannel, Logger: log.With("component", "onlinedienst"),
	}); err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.srv = &http.Server{Handler: s.routes(callbackSecret), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	if cfg.Redeliver == 0 {
		cfg.Redeliver = 30 * time.Second
	}
	if cfg.Redeliver > 0 {
		s.wg.Add(1)
		go func() { defer s.wg.Done(); s.nachsenden(ctx, cfg.Redeliver) }()
	}
	s.wg.Add(5)
	go func() {
		defer s.wg.Done()
		if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("http server", "err", err)
		}
	}()
	go func() { defer s.wg.Done(); _ = s.poller.Run(ctx) }()
	go func() {
		defer s.wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case p := <-s.payEvents:
				if err := s.paymentChanged(ctx, p); err != nil {
					log.Warn("recording a payment change failed", "payment", p.ID, "err", err)
				}
			}
		}
	}()
	go func() { defer s.wg.Done(); s.behoerde.run(ctx, cfg.Tick) }()
	go func() { defer s.wg.Done(); s.postfach.run(ctx, cfg.Tick, s.postboxChanged) }()
	log.Info("service started", "url", s.baseURL, "definition", def.ID, "version", def.Version, "publisher", def.Herausgeber,
		"gemeinde", gem, "authority", params.Behoerde, "municipality", s.region.Name, "ars", s.ars.String(),
		"leika", def.Leistung.Schluessel.String(), "idp", s.idp.URL, "unternehmenskonto", s.ukIdP.URL, "payment", s.payServer.URL, "zustelldienst", s.zd.URL, "office_destination", s.ziel,
		"data", cfg.DataDir)
	return s, nil
}

// nachsenden delivers, every interval until ctx ends, the applications
// that are submitted but not delivered: the applicant's act (§ 9a OZG) is
// done when Submit records it, so the delivery must not wait for the
// applicant to press the button again after a failure, nor be lost by a
// restart. Runner.Submit resumes it (the recorded destination, the outbox
// entry under the application's key: delivered once).
func (s *Service) nachsenden(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		ids, err := s.kv.keys(kindAntrag)
		if err != nil {
			s.log.Warn("listing the applications failed", "err", err)
			continue
		}
		for _, id := range ids {
			if a, err := s.antraege.Get(ctx, id); err != nil || a.State != antrag.Submitted {
				continue
			}
			var subID string
			a, err := s.step(ctx, id, func(a *antrag.Antrag) error {
				if a.State != antrag.Submitted {
					return nil // delivered meanwhile
				}
				var err error
				// Resuming neither checks nor records a login.
				subID, err = s.runner.Submit(ctx, a, system, antrag.Login{})
				return err
			})
			switch {
			case err != nil:
				s.log.Warn("delivering a submitted application failed; trying again later", "antrag", id, "code", ozg.CodeOf(err).String(), "err", err)
			case subID != "":
				s.log.Info("submitted application delivered in the background", "antrag", id, "submission", subID, "destination", a.Destination.ID)
			}
		}
	}
}

// URL is the base URL of the web application.
func (s *Service) URL() string { return s.baseURL }

// Close stops the service and every fake. Calling it again does nothing.
func (s *Service) Close() { s.closeOnce.Do(s.close) }

func (s *Service) close() {
	if s.cancel != nil {
		s.cancel()
	}
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_ = s.srv.Shutdown(ctx)
		cancel()
	} else if s.ln != nil {
		s.ln.Close()
	}
	s.wg.Wait()
	if s.zd != nil {
		s.zd.Close()
	}
	if s.payServer != nil {
		s.payServer.Close()
	}
	if s.ukIdP != nil {
		s.ukIdP.Close()
	}
	if s.idp != nil {
		s.idp.Close()
	}
}

// buergerin is the identity the fake BundID reports: a fictitious citizen
// living at the given postcode and town. The postbox handle is a UUID, as
// the postbox bridge addresses postboxes.
func buergerin(plz, ort string) []servicekontotest.Attribute {
	attrs := servicekontotest.DefaultAttributes()
	for i, a := range attrs {
		switch a.Name {
		case servicekonto.AttrPostboxHandle:
			attrs[i].Values = []string{"7c1b2f5e-0a4d-4e8b-9c3f-5d6e7f8a9b0c"}
		case servicekonto.AttrPostalAddress:
			attrs[i].Values = []string{"Musterweg 12"}
		case servicekonto.AttrPostalCode:
			attrs[i].Values = []string{plz}
		case servicekonto.AttrLocalityName:
			attrs[i].Values = []string{ort}
		}
	}
	return attrs
}
