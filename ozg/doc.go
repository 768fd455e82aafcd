// Package ozg holds the vocabulary shared by every Baukasten package: the
// error codes and the *Error type, the identifiers of German e-government
// (Leistungsschlüssel, AGS and ARS with the official region directory, FIM
// element identifiers), the trust levels (Vertrauensniveau) and the identity
// of a person or organisation as the service account reports it.
//
// # Errors
//
// Every operational error of a Baukasten package is an *Error carrying a
// Code. errors.Is(err, ErrNotFound) and CodeOf(err) classify errors without
// knowing which package or provider produced them. Parse functions return an
// *Error with code InvalidArgument that wraps a *SyntaxError naming the
// position and the rule that the input violates.
//
// # Testing
//
// The types here are plain values; tests construct them with the Parse
// functions or the Must variants.
package ozg
