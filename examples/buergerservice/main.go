// Command buergerservice is a municipal online service built on the
// Baukasten packages, runnable offline: the dog-tax registration
// (Hundesteuer Anmeldung, LeiKa 99102013104000) of Mainz (ARS 073150000000,
// Rhineland-Palatinate).
//
//	go run ./examples/buergerservice [-addr 127.0.0.1:8080] [-data DIR] [-log-level info]
//
// It prints the URL to open. The citizen
//
//  1. logs in with BundID: package ozg/servicekonto sends a signed
//     AuthnRequest to the fake IdP (servicekontotest), which answers with a
//     signed and encrypted assertion at trust level substanziell that the
//     service provider verifies; the form is prefilled from the identity;
//  2. fills in the form rendered from the FIM schema (fim/, hand-written
//     XDatenfelder 2.0) through antrag.Form.Describe; input is validated
//     by antrag.Form.Validate with a message at every field;
//  3. reviews the whole declaration with the § 9a OZG warning and confirms
//     (antrag.Machine.Review);
//  4. pays the fee on the payment page of the fake XBezahldienste platform
//     (payment/xbezahldienste; redirect there and back, the status fetched
//     from the platform by payment.ReturnHandler) or is offered a GiroCode
//     (payment/sepa) instead;
//  5. submits: the application goes encrypted through the fake FIT-Connect
//     Zustelldienst via the portable messaging.Client and its outbox (keyed
//     by the application ID), with payment, identification report, reply
//     channel and reference as messaging.Details; the authority's system in
//     this process (behoerde.go) receives, decrypts, verifies and accepts it
//     with a signed SET and sends a status update and the decision to the
//     citizen's postbox (postfach.go);
//  6. sees the status and the decision; the XRechnung for the fee attached
//     to the decision is validated (einvoice.ValidateBytes) and shown.
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return fmt.Errorf("-log-level: %w", err)
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lv}))
	svc, err := New(Config{Addr: *addr, DataDir: *data, Logger: log})
	if err != nil {
		return err
	}
	defer svc.Close()
	fmt.Fprintf(stdout, "Bürgerservice Hundesteuer läuft: %s/\n", svc.URL())
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	log.Info("shutting down")
	return nil
}
