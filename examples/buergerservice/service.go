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
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto/servicekontotest"
	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
	"github.com/shopspring/decimal"
)

// The public service and the municipality of the example.
const (
	leikaHundesteuer = "99102013104000"        // Hundesteuer Anmeldung
	leistungName     = "Hundesteuer Anmeldung" // FIT-Connect publicServiceType.name
	arsMainz         = "073150000000"          // Mainz, Stadt (Rheinland-Pfalz), from the region directory
)

// gebuehr is the administrative fee of the registration (an example value,
// not taken from any statute).
var gebuehr = decimal.RequireFromString("15.00")

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
}

// Service is the online service of the municipality with every fake it
// needs, all in this process on loopback: the BundID identity provider,
// the XBezahldienste payment platform, the FIT-Connect Zustelldienst, the
// authority's system (Behoerde) and the citizen postbox (Postfach).
type Service struct {
	log     *slog.Logger
	baseURL string
	region  ozg.Region
	ars     ozg.ARS
	leika   ozg.Leistungsschluessel

	form     *antrag.Form
	machine  *antrag.Machine
	kv       *kv
	antraege antragStore
	tmpl     *template.Template

	idp *servicekontotest.IdP
	sp  *servicekonto.ServiceProvider

	payServer *xbezahldienstetest.Server
	pay       *payment.Client
	poller    *payment.Poller
	payEvents chan *payment.Payment // changes the poller saw

	zd       *fitconnecttest.Server
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

// citizen and system are the actors of the lifecycle transitions.
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
	if s.ars, err = ozg.ParseKnownARS(arsMainz); err != nil {
		return nil, err
	}
	s.region, _ = ozg.LookupRegion(s.ars)
	s.leika = ozg.MustParseLeistungsschluessel(leikaHundesteuer)
	if s.form, err = loadForm(); err != nil {
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

	// 1. BundID: the fake IdP and our service provider.
	s.idp = servicekontotest.New(&servicekontotest.Options{Response: servicekontotest.ResponseOptions{
		Level: ozg.NiveauSubstanziell, Attributes: buergerin(),
	}})
	md, err := servicekonto.ParseIdPMetadata(s.idp.Metadata())
	if err != nil {
		return nil, err
	}
	s.sp, err = servicekonto.New(servicekonto.Config{
		EntityID:        s.baseURL + "/saml/metadata",
		ACSURL:          s.baseURL + "/saml/acs",
		SigningKey:      servicekontotest.SPSigning().Key,
		SigningCert:     servicekontotest.SPSigning().Cert,
		DecryptionKey:   servicekontotest.SPEncryption().Key,
		DecryptionCert:  servicekontotest.SPEncryption().Cert,
		IdP:             md,
		MinLevel:        ozg.NiveauSubstanziell,
		DisplayName:     s.region.Name + " – Hundesteuer",
		OnlineServiceID: "hundesteuer-anmeldung",
		Lang:            "de",
		Logger:          log.With("component", "servicekonto"),
		Requests:        samlStore{s.kv, "saml-anfrage"},
		Replays:         samlStore{s.kv, "saml-assertion"},
	})
	if err != nil {
		return nil, err
	}

	// 2. XBezahldienste: the fake platform and the portable client.
	s.payServer = xbezahldienstetest.NewServer(&xbezahldienstetest.Options{Username: "hundesteuer", Password: "test-only"})
	prov, err := xbezahldienste.New(s.payServer.URL, s.payServer.OriginatorID(), s.payServer.EndPointID(), &xbezahldienste.Options{
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

	// 3. FIT-Connect: the fake Zustelldienst serving our service and area,
	// with signed callbacks to the authority and the postbox.
	callbackSecret := "callback-secret-test-only"
	s.zd, err = fitconnecttest.NewServer(&fitconnecttest.Options{
		LeiKa: leikaHundesteuer, ARS: arsMainz,
		CallbackURL: s.baseURL + "/fitconnect/callback", CallbackSecret: callbackSecret,
		// The dog-tax office takes data in the schema of our form.
		SubmissionSchemas: []fitconnect.SubmissionSchema{{SchemaURI: s.form.SchemaURI(), MIMEType: "application/json"}},
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
	// The responsible authority comes from the FIT-Connect Routing API
	// (signatures verified by fitconnectrouter); the directory adds what
	// the Routing API does not carry.
	if s.router, err = fitconnectrouter.New(s.sender, &fitconnectrouter.Options{
		Logger: log.With("component", "routing"),
		Directory: fitconnectrouter.MapDirectory{fitconnecttest.DefaultDestination: {
			Organisationseinheit: antrag.Organisationseinheit{ID: "steueramt", Name: "Stadtverwaltung Mainz, Steueramt",
				Email: "hundesteuer@mainz.example"},
			LeistungName: leistungName, GebietName: s.region.Name,
		}},
	}); err != nil {
		return nil, err
	}
	if s.behoerde, err = newBehoerde(s.zd, s.form, s.ars, log.With("component", "behoerde")); err != nil {
		return nil, err
	}
	if s.postfach, err = newPostfach(s.zd, s.kv, log.With("component", "postfach")); err != nil {
		return nil, err
	}

	ctx, cancel := context.WithCancel(context.Background())
	s.cancel = cancel
	s.srv = &http.Server{Handler: s.routes(callbackSecret), ReadHeaderTimeout: 10 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
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
	log.Info("service started", "url", s.baseURL, "municipality", s.region.Name, "ars", s.ars.String(),
		"leika", leikaHundesteuer, "idp", s.idp.URL, "payment", s.payServer.URL, "zustelldienst", s.zd.URL,
		"data", cfg.DataDir)
	return s, nil
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
	if s.idp != nil {
		s.idp.Close()
	}
}

// buergerin is the identity the fake BundID reports: a fictitious citizen
// of Mainz. The postbox handle is a UUID, as the postbox bridge addresses
// postboxes.
func buergerin() []servicekontotest.Attribute {
	attrs := servicekontotest.DefaultAttributes()
	for i, a := range attrs {
		switch a.Name {
		case servicekonto.AttrPostboxHandle:
			attrs[i].Values = []string{"7c1b2f5e-0a4d-4e8b-9c3f-5d6e7f8a9b0c"}
		case servicekonto.AttrPostalAddress:
			attrs[i].Values = []string{"Musterweg 12"}
		case servicekonto.AttrPostalCode:
			attrs[i].Values = []string{"55116"}
		case servicekonto.AttrLocalityName:
			attrs[i].Values = []string{"Mainz"}
		}
	}
	return attrs
}
