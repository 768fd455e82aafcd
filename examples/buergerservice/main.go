// Command buergerservice is a municipal online service built on the
// Baukasten packages, runnable offline: the dog-tax registration
// (Hundesteuer Anmeldung, LeiKa 99102013104000) of Mainz (ARS 073150000000,
// Rhineland-Palatinate).
//
//	go run ./examples/buergerservice [-addr 127.0.0.1:8080] [-data DIR] [-log-level info] [-gemeinde mainz]
//
// The service is not programmed here: it is one online-service definition
// (package ozg/onlinedienst, EfA "Einer für Alle") that its publisher
// signed, dienst/hundesteuer-anmeldung.definition.jws. The example plays
// the municipality that takes it over: on start it verifies the signature
// with the publisher's public key (onlinedienst.Import), binds its own
// parameters (dienst/gemeinden/NAME.json: ARS, authority, Leitweg-ID,
// payment and FIT-Connect ids, BundID service provider, invoice data, tax
// rates, Haushaltsstelle, Kassenzeichen prefix, overridden texts) with
// onlinedienst.Bind, and runs the application steps through one
// onlinedienst.Runner. The form, the fee rule, the booking data templates,
// the trust level, the delivery by routing, the notifications and the
// e-invoice profile are the definition's. The same service runs for
// another municipality by changing only the parameters:
//
//	go run ./examples/buergerservice -gemeinde andernach   # Stadt Andernach, ARS 071370003003
//	go run ./examples/buergerservice -gemeinde pellenz     # Verbandsgemeinde Pellenz, ARS 071375001
//
// It prints the URL to open. The citizen
//
//  1. logs in with BundID: package ozg/servicekonto sends a signed
//     AuthnRequest to the fake IdP (servicekontotest), which answers with a
//     signed and encrypted assertion at trust level substanziell that the
//     service provider verifies; the form is prefilled from the identity;
//  2. fills in the form rendered from the FIM schema the definition names
//     (S99000001 V1.0; fim/, hand-written XDatenfelder 2.0, checked by
//     Definition.Form) through antrag.Form.Describe; input is validated by
//     antrag.Form.Validate with a message at every field, and Runner.Fill
//     sets the fee the definition's table gives with the municipality's
//     rates; the definition's optional attachment (proof of liability
//     insurance) is uploaded with the form, its media type checked
//     against the definition by Runner.Fill;
//  3. reviews the whole declaration with the § 9a OZG warning and confirms
//     (Runner.Review);
//  4. pays the fee on the payment page of the fake XBezahldienste platform
//     (Runner.PayWith with the definition's Verwendungszweck and booking
//     data; redirect there and back, the status fetched from the platform
//     by payment.ReturnHandler or the poller and recorded by
//     Runner.RecordPayment) or is offered a GiroCode (payment/sepa) with
//     the Kassenzeichen instead;
//  5. submits (Runner.Submit): the login is checked against the trust
//     level, the municipality's own office is found by routing (FIT-Connect
//     Routing API, signatures verified), and the application with its
//     attachment goes encrypted through the
//     fake FIT-Connect Zustelldienst via onlinedienst.MessagingSender, the
//     portable messaging.Client and its outbox, with payment,
//     identification report, reply channel and reference as
//     messaging.Details; the definition's notifications go to the citizen's
//     postbox; the authority's system in this process (behoerde.go)
//     receives, decrypts, verifies and accepts it with a signed SET and
//     sends a status update and the decision to the citizen's postbox
//     (postfach.go); a delivery that fails is resumed when the citizen
//     sends again, or by the service in the background;
//  6. sees the status and the decision; the XRechnung for the fee
//     (Dienst.Invoice) attached to the decision is validated
//     (einvoice.ValidateBytes) and shown.
//
// A business logs in with Mein Unternehmenskonto instead (a second fake
// IdP whose assertion carries the organisation); its fee invoice is an
// XRechnung addressed to the business, delivered to its postbox.
//
// Every step logs through log/slog. Without -data the state lives in
// memory; with -data it is kept in files in DIR, so a restart loses no
// application, session, payment record, outbox entry, postbox entry or
// SAML request/replay entry (the fakes themselves start afresh: payments and
// submissions still open at the fake platforms are lost with them).
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "buergerservice:", err)
		os.Exit(1)
	}
}

// run parses the flags, starts the service and serves until ctx ends or
// the process gets SIGINT/SIGTERM.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("buergerservice", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8080", "listen address (port 0 picks a free port)")
	data := fs.String("data", "", "directory to keep the state in (default: in memory)")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	gem := fs.String("gemeinde", defaultGemeinde, "municipality whose parameters run the service: "+strings.Join(gemeindeNamen(), ", "))
	if err := fs.Parse(args); err != nil {
		return err
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lv}))
	svc, err := New(Config{Addr: *addr, DataDir: *data, Logger: log, Gemeinde: *gem})
	if err != nil {
		return err
	}
	defer svc.Close()
	fmt.Fprintf(stdout, "Bürgerservice Hundesteuer (%s) läuft: %s/\n", svc.dienst.Parameters.Behoerde, svc.URL())
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	log.Info("shutting down")
	return nil
}
