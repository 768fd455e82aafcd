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
// Kreis → Regierungsbezirk, where the key's third digit is not 0 → Land)
// to the first area with a responsibility, and the Answer
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
// Client talks to the PVOG Suchdienst REST API (production base URL
// SuchdienstProduktion, https://pvog.fitko.net/suchdienst/api; stage and
// the old Dataport demo as further constants). Its methods and endpoints,
// relative to the base URL:
//
//   - Orte: GET /v2/locations?q= — locations by postcode or name (ars,
//     ags, name, zip, zipCodeCount), one JSON array.
//   - Ortsvorschlaege: GET /v2/locations/suggestions?q= — autocomplete
//     suggestions, one JSON array whose items are strings or objects
//     (Ortsvorschlag: the string, or an object's name and ars; the item
//     itself in Raw).
//   - OrtDetails: GET /v3/locations/details?plz=&limit= — the locations of
//     a postcode, one JSON array of {ars, plz, name}.
//   - Leistungen: GET /v3/servicedescriptions/leikaid?leikaIds=&ars=
//     &validDate=&page=&size= — service descriptions for a LeiKa key in an
//     area, as a Spring Data Page (content, number, totalPages, last …);
//     content[].id is the lbId.
//   - Suche: GET /v7/servicedescriptions/{ars}?q=&page=&size= — full-text
//     search, the page under "serviceDescriptions"; items carry the areas
//     in "ars", with 000000000000 (ARSBund) for federal descriptions.
//   - LeistungDetail: GET /v6/servicedescriptions/{lbId}/detail?ars=
//     &validDate= — name and text modules ("details[].text", HTML as
//     published).
//   - LeistungenCSV: GET /v5/servicedescriptions/csv?ars= — pipe-separated
//     CSV with at least the columns ID-LB and Name.
//   - Organisationseinheiten: GET /v2/organisationunits/titles?ars=&lbId=
//     — the units for a service at a place, with their role code (01
//     zuständige Stelle, 03 Ansprechpunkt).
//   - Organisationseinheit: GET /v5/organisationunits/detail?q=&ars=&lbId=
//     &validDate= — one unit (title, lastUpdate, role, location.addresses,
//     location.communications, internetAddresses).
//   - Onlinedienst: GET /v2/onlineservices/detail?q= — links[].uri and the
//     EfA parameters (searched as strings, HasParameter).
//   - Relationen: GET /v1/relations/jzufi-2-3?ars=&lbids= — the XZuFi 2.3
//     relations in JSON, kept raw; DestinationSignatures collects the
//     FIT-Connect destination signatures from its idSekundaer entries.
//   - Zustaendig walks up the same ARS hierarchy as Directory.Zustaendig
//     with Leistungen and Organisationseinheiten until it finds a
//     zuständige Stelle (role 01 or 02); unlike Directory.Zustaendig it
//     passes areas that have only an Ansprechpunkt, and returns the
//     nearest one only when no area up to the Land has a zuständige Stelle.
//
// validDate is today in Europe/Berlin by ClientOptions.Now. Every answer
// type keeps its object's JSON in Raw, so fields the client does not map
// (e.g. onlineServiceLinks of a listed service description, organisations
// of a detail) are not lost. The client takes a context, an *http.Client,
// an optional bearer TokenSource and a slog.Logger, limits its request
// rate, honours Retry-After on 429/503 and follows the Spring paging up to
// ClientOptions.MaxPages. ClientOptions.Paths sets other paths.
//
// Sources: the paths and parameters of the OE detail (q, ars 2..12
// characters, lbId, validDate; the role is "Ansprechpunkt" without lbId)
// and its response keys (id, languages, lastUpdate, languageComplete,
// title, forms, employees, additionalInformation, bankAccounts, location,
// communicationSystems, role) and the description of
// /v2/organisationunits/titles are from the official page
// "Portalverbund – Suchdienst REST-API (9.12.0)"
// (anbindung.pvog.cloud-bdc.dataport.de/docs/api/suchdienst-api/). The
// other paths and the answer fields the client maps (the locations'
// fields, the ars, plz and name of /v3/locations/details, the Spring page of /v3, the /v7 wrapper and its ars array, the
// size of at least 5 on /v7, the detail's name and details[].text, the
// titles' id/title/role.code, location.addresses[] with type, street, zip,
// city, location.communications[] with code and value,
// internetAddresses[].uri, the online service's links[].uri, idSekundaer
// entries with value in the relations, the CSV columns) are from public
// clients that called the live API in 2025/2026; they are not in a
// published schema here. The shape of the relations answer and of the
// online service's parameters is not known: they are kept raw and
// searched. The shape of the /v2/locations/suggestions answer is not
// known either (only the path is): the client accepts a JSON array of
// strings or objects, maps name and ars where an object sends them as
// strings and keeps every item in Raw. The PVOG Bereitstelldienst
// (…/bereitstelldienst/api/v3/verwaltungsobjekte/xzufi-2-3-1?ars=, OAuth
// 2.0 required) delivers XZuFi 2.3.1 messages, but its paging envelope is
// not known to this package, so there is no client method for it: fetch a
// message and hand it to Read.
//
// # Errors
//
// Read returns an *ozg.Error with code InvalidArgument wrapping a
// *SyntaxError (with line), a *FieldError (element path and line, e.g. a
// LeiKa key of the wrong length or an amount that is not a number), an
// *UnmappedError (strict mode) or ErrNamespace. Directory.Zustaendig
// returns NotFound when nobody is responsible up to the Land.
// Destination verification fails with PermissionDenied wrapping
// ErrSignature or ErrNotCovered. Client methods refuse bad arguments (empty or
// malformed ids, zero ARS or LeiKa key) with InvalidArgument before any
// request. Client errors carry the code of the HTTP status (404 NotFound,
// 400 InvalidArgument, 401 Unauthenticated, 403 PermissionDenied, 429/5xx
// Unavailable, with an *HTTPError holding status and Retry-After; also
// when a Retry-After exceeds ClientOptions.MaxRetryAfter), Canceled or
// DeadlineExceeded from the context, or wrap ErrMalformed (code Unknown)
// naming the page, item, field or CSV line that was wrong.
//
// # Testing
//
// Package zufitest is an httptest fake of the Suchdienst endpoints above,
// served under /suchdienst/api and built from XZuFi documents, with
// 429/Retry-After and malformed-answer injection; the client's tests run
// against it, including paging over three pages and the responsibility
// walk at Gemeinde, Gemeindeverband, Kreis and Land level, checked against
// Directory.Zustaendig. Both walks are also tested from areas of special
// shape in the region directory (kreisfreie Städte, Berlin, Hamburg,
// Bremerhaven, Regierungsbezirke, the gemeindefreie Gebiet outside any
// Kreis).
//
// The hand-built test messages in testdata (2.2.0 and 2.3.1) use real RLP
// region keys; a test counts their elements with a bare token scan and
// checks the reader mapped every one; another test checks that every
// element name the reader maps occurs in them. Directory.Router passes the
// antragtest.TestRouter conformance suite. FuzzRead fuzzes the reader,
// FuzzClientAnswer the client's decoding of every Suchdienst answer.
// BenchmarkClientZustaendig (the client's walk over four requests against
// the fake over loopback) is read as a ratio against
// BenchmarkSuchdienstGet, one bare HTTP GET of one Suchdienst page
// against the same fake, run in the same process.
//
// The official XZuFi XSD could not be found in any mirror, so the element
// names the reader maps were checked against public evidence of real XZuFi
// data: PVOG Bereitstelldienst pages as third-party projects model them,
// parsers of real 2.2.0 dumps, the XZuFi 2.2.0/2.3.1 models of the FIM
// portal's OpenAPI, and the official XÖV Erreichbarkeit code list.
// testdata/README.md lists every mapped element path as confirmed or
// assumed, with its source. The hand-built messages use the confirmed
// names and are not schema-validated. Vertrauensniveau codes (00…40) are
// checked against the FIM code list, but no source found publishes their
// meaning: the trust level is taken only from a name sent with the code;
// for a bare code it is 0 (not stated) and the code is kept in
// VertrauensniveauCode.
package zufi
