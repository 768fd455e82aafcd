// Package zufitest provides an httptest fake of the PVOG endpoints that
// zufi.Client uses — the Suchdienst listings (locations, service
// descriptions, organisational units, online services, with paging), the
// service detail as XZuFi, and the Bereitstelldienst XZuFi pages — built
// from XZuFi documents, so vendors can test a portal offline.
//
// The fake answers responsibility questions from a zufi.Directory and so
// walks up the ARS hierarchy like the PVOG. Throttle makes it answer 429
// with Retry-After, Break makes an endpoint answer malformed data, and
// Options.Token makes it require a bearer token. It is not for production.
//
// # Errors
//
// New returns an error naming the document that is not a readable XZuFi
// message. Unknown paths answer 404, bad parameters 400.
//
// # Testing
//
// The package's own tests run zufi.Client against it, including paging,
// 429 with Retry-After and malformed answers.
package zufitest
