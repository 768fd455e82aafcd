// Package zufi holds service and responsibility information
// (Zuständigkeitsfinder): which authority is responsible for which public
// service in which area, as the Portalverbund bundles it in XZuFi data and
// the PVOG (Portalverbund Online-Gateway) serves it.
//
// Read maps an XZuFi 2.2.0 or 2.3.1 schreibe message into plain structs:
// Leistung (identifiers incl. idSekundaer, LeiKa reference and structure,
// text modules by leikaTextmodul code, deadlines, costs as decimals,
// processing time, documents, typisierung, Vertrauensniveau, addressees,
// written-form flag, classification, SDG areas, validity area),
// Organisationseinheit (name, addresses with their
// verwaltungspolitischeKodierung, contact channels, Zuständigkeiten =
// Leistung × Gebiet (ARS) × role), Onlinedienst (name, links by link type,
// trust level, EfA parameters), Spezialisierung, responsibilities sent as
// zustaendigkeitTransferObjekt and deletions (loesche). Every element is
// either mapped or listed in Message.Unmapped — nothing is dropped
// silently; ReadOptions.Strict turns unmapped elements into an error.
//
// A Directory indexes messages and answers a portal's questions:
// Zustaendig walks up the ARS hierarchy (Gemeinde → Gemeindeverband →
// Kreis → Land) to the first area with a responsibility, and the Answer
// carries the online service link, the trust level, costs, deadlines,
// documents and the German text modules as published, with a
// Spezialisierung for the area taking precedence; Zustaendigkeiten returns
// the responsibilities of every level, most specific first.
// Directory.Router is an antrag.Router (it passes antragtest.TestRouter);
// the FIT-Connect destinationSignature carried in a
// Zuständigkeit's idSekundaer (scheme
// urn:de:fitko:fit-connect:xzufi:destination, agency urn:de:fitko) is only
// returned as a Destination after a DestinationVerifier accepted it;
// JWSVerifier hands it to the FIT-Connect routing verification of
// messaging/fitconnect (VerifyRoute).
//
// Client talks to the PVOG: locations by postcode or name, service
// descriptions by LeiKa key and ARS, service detail (XZuFi),
// organisational units, online services, and the Bereitstelldienst's
// XZuFi pages for an ARS. It takes a context, an *http.Client and a
// slog.Logger, limits its request rate, honours Retry-After on 429/503 and
// follows paging. The Suchdienst paths (suchdienst/api/v1/…) are this
// package's model of the Suchdienst; the Bereitstelldienst path and page
// shape (verwaltungsobjekte, xzufiObjekte, vollstaendig, naechsterIndex)
// follow the PVOG's. ClientOptions.Paths sets other paths.
//
// # Errors
//
// Read returns an *ozg.Error with code InvalidArgument wrapping a
// *SyntaxError (with line), a *FieldError (element path and line, e.g. a
// LeiKa key of the wrong length or an amount that is not a number), an
// *UnmappedError (strict mode) or ErrNamespace. Directory.Zustaendig
// returns NotFound when nobody is responsible up to the Land.
// Destination verification fails with PermissionDenied wrapping
// ErrSignature or ErrNotCovered. Client errors carry the code of the HTTP
// status (404 NotFound, 401 Unauthenticated, 429/5xx Unavailable, with an
// *HTTPError holding status and Retry-After) or wrap ErrMalformed
// (code Unknown) naming the page, item and field that was wrong.
//
// # Testing
//
// Package zufitest is an httptest fake of the PVOG endpoints built from
// XZuFi documents, with 429/Retry-After and malformed-answer injection.
// The hand-built test messages in testdata (2.2.0 and 2.3.1) use real RLP
// region keys; a test counts their elements with a bare token scan and
// checks the reader mapped every one; another test checks that every
// element name the reader maps occurs in them. Directory.Router passes the
// antragtest.TestRouter conformance suite. FuzzRead fuzzes the reader,
// FuzzClientAnswer the client's decoding of PVOG answers. The official
// XZuFi XSD was not available to this package (see testdata/README.md),
// so the messages are not schema-validated.
package zufi
