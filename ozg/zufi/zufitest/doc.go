// Package zufitest provides an httptest fake of the PVOG Suchdienst REST
// API endpoints that zufi.Client uses, served under Prefix
// (/suchdienst/api) of the httptest URL like the PVOG's base URL, and
// built from XZuFi documents read with zufi.Read into a zufi.Directory, so
// vendors can test a portal offline. It is not for production.
//
// What the fake serves and where its answers come from:
//
//   - GET /v2/locations?q= — the Gemeinden of the region directory of
//     package ozg (official names, ARS, AGS from the Destatis GV100AD): a
//     5-digit q matches the postcode of the administration's seat as the
//     directory records it, any other q the beginning of the name. The
//     fake knows only that one postcode per Gemeinde, so zip is it (or
//     null) and zipCodeCount is 1 (or 0); it has no postcode table of its
//     own.
//   - GET /v2/locations/suggestions?q= — the Gemeinden whose name begins
//     with q, at most MaxSuggestions, as objects {"name", "ars"} (the
//     fake's own shape; the PVOG's is not documented).
//   - GET /v3/locations/details?plz=&limit= — the Gemeinden whose seat
//     has the postcode, as {"ars", "plz", "name"}, at most limit.
//   - GET /v3/servicedescriptions/leikaid?leikaIds=&ars= — the Leistungen
//     with the LeiKa key whose validity areas (gueltigkeitGebietID) contain
//     the area, or that state none, as a Spring Data Page (content,
//     totalPages, totalElements, number, size, first, last). Pages are cut
//     to Options.PageSize (default 2), like a Spring max page size.
//   - GET /v7/servicedescriptions/{ars}?q= — the same Leistungen matching
//     any whitespace-separated term of q in their name or a text module,
//     the page under "serviceDescriptions"; size below 5 answers 400.
//     "ars" lists the validity areas, else the areas of the Leistung's
//     Zuständigkeiten.
//   - GET /v6/servicedescriptions/{lbId}/detail?ars= (12 digits; a key
//     padded with zeros stands for the shorter area) — name and the German
//     text modules as details[].text, with those of a Spezialisierung for
//     the area in place of the general ones.
//   - GET /v5/servicedescriptions/csv?ars= — ID-LB|Name per Leistung.
//   - GET /v2/organisationunits/titles?ars=&lbId= — the units whose
//     Zuständigkeit for lbId is recorded for exactly that area (with
//     Options.Vererben: for the first area up the hierarchy that has any),
//     with role.code from the Zuständigkeit.
//   - GET /v5/organisationunits/detail?q=&ars=&lbId= — id, title, role
//     (that of the Zuständigkeit for lbId; code 03 Ansprechpunkt without
//     lbId), location.addresses (type, street with house number, zip, city),
//     location.communications (code and value from the XZuFi kommunikation)
//     and internetAddresses[].uri.
//   - GET /v2/onlineservices/detail?q= — id, links[].uri and the EfA
//     parameters as "parameters": [{"name","value"}].
//   - GET /v1/relations/jzufi-2-3?ars=&lbids= — the Leistungen and the
//     units' Zuständigkeiten for them in the area and above, including
//     their idSekundaer (with the FIT-Connect destination signatures).
//
// The JSON shapes of the location suggestions, the EfA parameters and of
// the relations answer are the fake's own; the PVOG's are not documented. Throttle makes the next
// requests answer 429 with Retry-After, Break makes a path answer a given
// body, Options.Token makes every request need a bearer token, and
// Requests lists what was asked.
//
// # Errors
//
// New returns an error naming the document that is not a readable XZuFi
// message. Unknown paths and ids answer 404, missing or bad parameters
// (including a validDate not in the form yyyy-MM-dd) 400.
//
// # Testing
//
// The package's own tests request every endpoint and check the Spring
// page fields; package zufi runs its Client against the fake, including
// paging, 429 with Retry-After and malformed answers.
package zufitest
