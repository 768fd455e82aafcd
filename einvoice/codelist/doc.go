// Package codelist holds the code lists of EN 16931 as Go tables: the
// values the CEN validation rules (BR-CL-01 … BR-CL-25) accept, with the
// names of codes where an official source gives them. The tables are
// generated (go generate) by internal/codelistgen from the CEN code-list
// Schematron of validation release 1.3.16, Debian iso-codes (country and
// currency names) and a table of names of the most used UNTDID codes. The
// package does not depend on the invoice model.
//
// # Errors
//
// Lookups do not fail: Contains reports whether a code is in a list, Name
// returns "" for a code without a known name.
//
// # Testing
//
// The tests check the lists against the codes used by the official test
// invoices and the generator's test checks the tables are up to date.
package codelist
