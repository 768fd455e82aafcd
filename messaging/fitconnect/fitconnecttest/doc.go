// Package fitconnecttest is a fake FIT-Connect Zustelldienst for tests:
// NewServer starts an httptest server with the token endpoint, the
// Submission API (v1 and v2 paths), the Zustelldienst's JWK set, a test
// destination and a postbox-bridge destination whose 4096-bit keys chain to
// a generated test CA, the Routing API with destinationSignature signed by
// a portal key, the submission state machine on an injectable clock (with
// the 14-day auto-reject), SETs signed with its own key, and callbacks
// signed like production. Vendors test sender and subscriber code against
// it over real HTTP; SenderOptions and SubscriberOptions return matching
// fitconnect.Options.
//
// Options.Destinations makes one server host further destinations, e.g.
// one per authority, each with its own encryption and signature keys
// (spare embedded test keys, or NewDestinationKeys), service and area, and
// its own signed route; SubscriberOptionsFor returns the options of the
// authority receiving at one of them. Senders must encrypt to the
// destination's own key: the server refuses JWEs for another kid, and SETs
// not signed with the destination's own signature key.
//
// The keys are embedded test keys (testkeys/*.pem), public by design: never
// use them outside tests. The certificates are built once per process.
//
// # Errors
//
// The server answers bad requests with RFC 7807 problems (status, title,
// detail) as the real service does; FailNext injects 408/429/5xx responses
// with Retry-After for retry tests.
//
// # Testing
//
// AddRoute seeds the Routing API with further destinations (services and
// areas, a Kreis covering its Gemeinden); every route carries a
// destinationSignature by the portal key and a detached
// destinationParametersSignature by the Zustelldienst key over the
// canonical parameters. TamperAttachment, TamperData, AppendEvent and
// SetRouteMode let negative tests alter stored ciphertext, forge event-log
// entries and produce unsigned, forged or mismatching routes and unsigned,
// forged, altered or misplaced destination parameters.
package fitconnecttest
