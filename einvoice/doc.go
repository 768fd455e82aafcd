// Package einvoice is the syntax-neutral model of an electronic invoice
// after EN 16931-1 (the European semantic data model) with the additions of
// XRechnung 3.0 (the German CIUS, its Extension and the CVD terms), and the
// reading and writing of the two syntaxes EN 16931 binds it to: OASIS UBL 2.1
// (Invoice and CreditNote) and UN/CEFACT CII D16B.
//
// # Model
//
// Invoice holds every business term BT-1…BT-165 and group BG-1…BG-32; each
// field's doc comment names its BT or BG. Amounts, quantities, prices and
// percentages are *decimal.Decimal (nil = absent) that keep the scale they
// were read with, dates are the civil Date, codes are typed strings whose
// values and names are in the sub-package codelist. BT-24 decides the
// Profile (EN 16931, XRechnung CIUS, XRechnung Extension, XRechnung CVD,
// Peppol BIS 3). The Leitweg-ID of German public buyers (BT-10) is parsed
// and checked by ParseLeitwegID. Calculation helpers (Line.ComputeNet,
// Invoice.Compute) apply the calculation rules of EN 16931; Builder issues
// an invoice, such as a fee notice, from items and computes the rest.
//
// # Syntaxes
//
// Read detects the syntax from the root element and returns the model;
// ReadUBL and WriteUBL (and the CII counterparts) work on one syntax.
// Reading is lossless for every element EN 16931 defines: reading a written
// invoice gives an equal model and the written XML is equivalent to the
// input for every covered element. Elements outside the model are listed in
// Invoice.Source.Unknown, never dropped silently. Writers use the standards'
// own namespace prefixes (cac/cbc for UBL; rsm/ram/udt/qdt for CII) and
// print decimals without exponent, with the scale they hold.
//
// The package holds both syntaxes, one file pair per syntax (ubl_read.go,
// ubl_write.go, cii_read.go, cii_write.go), rather than sub-packages ubl and
// cii: Read auto-detects the syntax and returns the syntax-neutral model, so
// the model package must call both readers, while syntax sub-packages would
// have to import the model — separate packages would need a third package
// for Read to avoid an import cycle, and every user would have to import
// three packages to read one invoice.
//
// # Errors
//
// Input that cannot be read at all (not XML, a DOCTYPE, a wrong root
// element or namespace, too large) gives a nil *Invoice and an *ozg.Error
// with code InvalidArgument wrapping ErrNotXML, ErrDoctype, ErrRoot,
// ErrNamespace or ErrTooLarge. A document whose values are faulty (a text
// that is not a decimal, date or code where one is needed) gives the partial
// model read so far and an *ozg.Error wrapping one *FieldError per problem
// (path, business term, line:column, cause such as ErrDecimal or ErrDate);
// FieldErrors lists them. Validation against the business rules (BR-*) is
// not an error of reading.
//
// # Testing
//
// The tests read, write and re-read every UBL invoice of the official
// XRechnung test suite and the CEN examples (copied to testdata with their
// licences), compare the models with go-cmp and the XML as normalized
// element trees, and validate every written file against the official UBL
// 2.1 schemas with xmllint (skipped when xmllint is missing, unless CI is
// set).
package einvoice
