// Package fitconnectrouter is the FIT-Connect adapter of antrag.Router: it
// finds the responsible authorities' delivery destinations through the
// FIT-Connect Routing API (GET /v1/routes by LeiKa key and ARS) with a
// *fitconnect.Client, and returns only destinations whose signatures
// verified.
//
// # Why a package of its own
//
// The adapter needs both ozg/antrag (the Router interface and the
// responsibility structs) and messaging/fitconnect (the Routing API
// client and the signature checks). ozg/antrag imports no messaging code,
// so messaging/fitconnect could import it without a cycle — but every
// FIT-Connect user would then compile the XDatenfelder reader, the JSON
// Schema validator and the application lifecycle that ozg/antrag carries.
// A small package that imports both keeps each of them free of the other:
// ozg/antrag stays transport-neutral and messaging/fitconnect stays a
// transport client.
//
// # What a responsibility holds
//
// For each route the Routing API returns, fitconnect.Client.Routes has
// verified the destinationSignature (JWS PS512 of the Self-Service-Portal,
// which must name the destination, the LeiKa key and an area containing
// the requested one), that destinationParameters.submissionUrl lies on
// the signed submissionHost and, where present, the
// destinationParametersSignature (detached JWS PS512 of the Zustelldienst
// over the canonical parameters). Router refuses a route without
// destinationParametersSignature unless Options.AllowUnsignedParameters is
// set. From a verified route it fills
//
//   - Destination: destinationId, destinationName, destinationSignature,
//     destinationParametersSignature and, from the (verified)
//     destinationParameters, submissionUrl, encryptionKid,
//     metadataVersions and submissionSchemas;
//   - Leistung.Schluessel: the requested key, which the signature covers;
//   - Gebiet.ARS: the most specific signed area that contains the
//     requested one — Route sorts by it, most specific first;
//   - Organisationseinheit.Name: destinationName.
//
// The Routing API reports nothing else about the authority: no unit ID,
// address or contact, no online service, no names of service or area.
// Options.Directory, if set, supplies those (for example from the
// Portalverbund Online-Gateway or a local register); MapDirectory is a
// fixed one. Directory data never replaces what was signed.
//
// # Errors
//
// Route returns *ozg.Error values: InvalidArgument for a zero LeiKa key or
// ARS; NotFound when no route matches (an empty answer or HTTP 404);
// PermissionDenied when a route fails verification (unsigned, forged,
// mismatching, parameters unsigned or altered) — one bad route fails the
// whole call, errors.Is finds the fitconnect sentinel (ErrSignature,
// ErrRouteUnsigned, ErrRouteMismatch, …) or ErrParametersUnsigned;
// Unavailable for network errors and 429/502/503/504 after the client's
// retries; Canceled and DeadlineExceeded from the context; the code of
// fitconnect.ErrorCode otherwise. Messages carry no personal data.
//
// # Testing
//
// The tests run antragtest.TestRouter against the adapter pointed at the
// fitconnecttest fake, seeded with the suite's responsibilities
// (Server.AddRoute for the routes, MapDirectory for the authorities'
// details), and check that unsigned, forged, mismatching and tampered
// routes are refused with the fake's route modes.
package fitconnectrouter
