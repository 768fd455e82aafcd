// Package ozg holds the vocabulary shared by every Baukasten package: the
// error codes and the *Error type, the identifiers of German e-government
// (Leistungsschlüssel, AGS and ARS with the official region directory, FIM
// element identifiers), the trust levels (Vertrauensniveau) and the identity
// of a person or organisation as the service account reports it.
//
// # Identifiers
//
// Leistungsschluessel (the LeiKa key of a public service), ARS and AGS (the
// regional keys), Land, ElementID/ElementVersion/ElementRef (FIM
// identifiers) and Vertrauensniveau are small comparable values: usable as
// map keys, parsed without allocation, printed back to the text they were
// parsed from, and encoded as text in JSON and XML. Their zero value means
// "none" and encodes as "".
//
// # Region directory
//
// ParseARS and ParseAGS check syntax only, since keys change when
// municipalities merge. LookupRegion, LookupRegionAGS, ARS.Exists,
// AGS.ARS, ARS.Children, ParseKnownARS and ParseKnownAGS read the embedded
// copy of the official Destatis Gemeindeverzeichnis GV100AD (Gebietsstand
// RegionDirectoryDate, all 16,023 Länder, Regierungsbezirke, Kreise,
// Gemeindeverbände and Gemeinden), generated from the CSV in
// internal/regiongen with "go generate ./ozg". Lookups are binary searches
// over the embedded bytes: no start-up cost, no allocation.
//
// # Identity
//
// Person and Organisation are who a login reports. Their String, GoString,
// Format and LogValue methods print which fields are set, never the values,
// so an identity can be logged without leaking personal data.
//
// # Errors
//
// Every operational error of a Baukasten package is an *Error carrying a
// Code. errors.Is(err, ErrNotFound) and CodeOf(err) classify errors without
// knowing which package or provider produced them; a remote API's problem
// answer that knows its code (a Coder) is classified too. Parse functions return an
// *Error with code InvalidArgument that wraps a *SyntaxError naming the
// position and the rule that the input violates.
//
// # Testing
//
// The types here are plain values; tests construct them with the Parse
// functions or the Must variants.
package ozg
