// Package xoev holds the conventions every XÖV standard shares, so that a
// vendor of an XÖV standard (XWasser, XMeld, XBau, XGewerbeanzeige, …)
// writes only the standard-specific structs.
//
//   - Code is the core type xoev-code:Code (code, name, listURI,
//     listVersionID); CodeSpec and Validate apply the XÖV code types 1–4 and
//     check a value against a loaded code list (package xoev/genericode),
//     filling in the name.
//   - Header and Nachrichtenkopf are the XÖV-Basisnachricht g2g 1.1: the root
//     attributes produkt, produkthersteller, produktversion, standard,
//     version and test, and nachrichtenkopf.g2g with identifikation.nachricht
//     (nachrichtenUUID, nachrichtentyp, erstellungszeitpunkt), leser and
//     autor. DecodeHeader also reads the older qualified header with a
//     two-Code behoerdenkennung (e.g. XGewerbeanzeige 2.2).
//   - Message[T] is the envelope: a Header plus the standard's body type T,
//     encoded with the namespace prefixes the standard declares (the
//     header's elements unqualified under a qualified root, as the g2g
//     schema wants — encoding/xml alone cannot choose prefixes). A
//     standard's extension of nachrichtenkopf.g2g is a struct embedding
//     Referenz (referenzUUID, dvdvDienstkennung) set as Kopf.Extension.
//     Header.Stamp sets a new random (v4) nachrichtenUUID and the creation
//     time with milliseconds and zone, from injectable randomness and clock.
//   - Behoerdenkennung parses DVDV keys such as "psw:01003110" leniently.
//   - Package xoev/din91379 checks DIN 91379 data types A–E; Check applies
//     datatype C to the header's texts.
//   - Check reports header problems as findings, and in strict mode what an
//     XSD cannot see: double-escaped entities (&amp;amp;), empty codes and
//     listVersionID="", timestamps without milliseconds or zone, and a
//     nachrichtenUUID seen before (SeenStore, in-memory by default).
//   - Sign and Verify are enveloped XML signatures over a whole message
//     (exclusive canonicalization, RSA-SHA256/512 or RSASSA-PSS), verified
//     only with the certificates the caller gives; Verify returns the
//     canonical bytes that were signed, to be read instead of the input.
//
// Decoding and round trips keep what the input said: an empty
// listVersionID="" or a timestamp without zone is written back as it was,
// so re-encoding a header is byte-stable and equivalent to the input.
//
// # Errors
//
// Decoding errors are *ozg.Error with code InvalidArgument wrapping a
// *DecodeError (element path and byte offset). Code rule violations are
// *CodeError; ParseBehoerdenkennung returns an *ozg.SyntaxError with the
// character position. Verify returns Unauthenticated when a signature is
// missing or wrong and InvalidArgument for malformed signatures or refused
// algorithms (SHA-1 unless VerifyOptions.AllowSHA1). Findings of Check are
// data in a Report, not errors.
//
// # Testing
//
// The tests decode the real XWasser 1.0.0 and XGewerbeanzeige 2.2 example
// messages in testdata, re-encode and compare them canonically, validate
// written messages against the XWasser schemas with xmllint (offline via
// testdata/catalog.xml), find the strict-mode defects of the XWasser
// examples, and check signatures both ways with xmlsec1. Tests that need
// xmllint or xmlsec1 skip without them unless CI is set.
package xoev
