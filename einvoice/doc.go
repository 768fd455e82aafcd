// Package einvoice is the syntax-neutral model of an electronic invoice
// after EN 16931-1 (the European semantic data model) with the additions of
// XRechnung 3.0 (the German CIUS, its Extension and the CVD terms), and the
// reading and writing of the syntaxes EN 16931 binds it to: OASIS UBL 2.1
// (Invoice and CreditNote) and UN/CEFACT CII D16B.
//
// # Model
//
// Invoice holds every business term BT-1…BT-165 and group BG-1…BG-32; each
// field's doc comment names its BT or BG. The XRechnung Extension adds
// sub-invoice lines (BG-DEX-01, Line.SubLines) and third party payments
// (BG-DEX-09, Invoice.ThirdPartyPayments); XRechnung CVD gives vehicle
// category and clean-vehicle attribute in BT-158/BT-160 (Line.CVD). BT-24
// decides the Profile (EN 16931, XRechnung CIUS, XRechnung Extension,
// XRechnung CVD, Peppol BIS 3). Codes are typed strings; their values and
// names are in the sub-package codelist.
//
// Amounts, quantities, prices and percentages are *decimal.Decimal; nil
// means absent, so a rule can tell a missing BT-109 from 0.00. A decimal
// keeps the scale it was read with and writers print exactly that scale
// (FormatDecimal): "100.00" stays "100.00", "100" stays "100", never an
// exponent. Model equality (go-cmp uses decimal's Equal) is numeric, so a
// round trip compares equal and the written text equals the input's; the
// only lexical forms not kept are a leading "+" and leading zeros. Dates
// are the civil Date without time zone. Text is kept exactly as read (no
// trimming). Elements that were present but empty are listed in
// Source.Empty, elements outside the model in Source.Unknown, so validation
// sees what the document held.
//
// The Leitweg-ID of German public buyers (BT-10) is parsed and checked by
// ParseLeitwegID. Line.ComputeNet, Invoice.ComputeTotals and
// Invoice.Compute apply the calculation rules of EN 16931 (line net amount,
// document totals BT-106…BT-115, VAT breakdown per category and rate,
// rounding to two decimals half away from zero); Builder issues an invoice,
// such as a municipality's fee notice, from parties and lines and computes
// the rest.
//
// # Syntaxes
//
// Read detects the syntax from the root element and returns the model;
// ReadUBL and WriteUBL work on UBL, ReadCII and WriteCII on CII. Reading is
// lossless for every element EN 16931 defines: reading a written invoice
// gives an equal model, and the written XML is equivalent to the input for
// every covered element. Where a syntax carries layout details without
// business meaning (UBL's tax scheme of a party tax registration, the card
// network id, the party that holds BT-90; CII's ram:DepartmentName for
// BT-41, ram:ProprietaryID for BT-84, BT-149 at the gross price, a scheme
// on ram:ID, BT-7 in every VAT breakdown), the model or Source keeps them
// so writing repeats them. Writers put elements in schema order with the
// standards' own prefixes (cac/cbc for UBL, rsm/ram/udt/qdt for CII),
// amounts with currencyID (in CII only BT-110 and BT-111), quantities with
// unitCode, and refuse content the syntax cannot hold (ErrNotRepresentable).
// Attachments (BT-125) are held once, as their base64 text, and decoded on
// demand.
//
// The package holds both syntaxes, one file pair per syntax (ubl_read.go,
// ubl_write.go, cii_read.go, cii_write.go), rather than sub-packages ubl and
// cii: Read auto-detects the syntax and returns the syntax-neutral model, so
// the model package must call both readers, while syntax sub-packages would
// have to import the model — separate packages would need a third package
// for Read to avoid an import cycle, and every user would have to import
// three packages to read one invoice.
//
// # Validation
//
// ReadAndValidate and ValidateBytes read an invoice and check it against
// the official rules in one parse: the model for the reader and the
// document tree for the rules. Validate checks an invoice built in code by
// writing it in its syntax first. The result is a Report: valid or not, the
// profile and KoSIT scenario, and every Finding (rule id, severity fatal,
// warning or information, the BT/BG concerned, an XPath-like location with
// line and column, the official message, a German and an English
// explanation); Report.Err joins the fatal findings as *RuleError values.
//
// The rule catalogue (Rules, LookupRule) holds all 1,642 assert ids of the
// CEN EN 16931 validation artefacts 1.3.16 and the KoSIT XRechnung
// Schematron 2.5.0, generated from rules.tsv (go generate, see
// internal/rulegen), plus the structural rule SCHEMA. Each rule is
// implemented once (register, registerDoc); where the official UBL and CII
// bindings of a rule differ, its implementation has both bindings and
// decides as the official XPath does — trimming, the VAT tax-scheme
// filters, existence versus content, and XPath's round(), which rounds
// halves towards positive infinity (so -2.5 rounds to -2, which matters for
// BR-CO-15, BR-CO-17 and BR-S-09 with negative amounts). Implemented tells
// which ids are implemented.
//
// Which rules apply follows BT-24 and the root element, as the scenarios
// of the KoSIT validator configuration (validator-configuration-xrechnung
// v2026-01-31) select them: an XRechnung 3.0 CIUS, Extension or CVD
// invoice gets the EN 16931 and the XRechnung rules with that scenario's
// severity overrides (customLevel; e.g. BR-CL-10 is information for an
// Extension invoice), any other invoice the EN 16931 rules only.
// ValidateOptions override both choices.
//
// # Errors
//
// Input that cannot be read at all (not XML, a DOCTYPE, a wrong root
// element or namespace, beyond the ReadOptions limits) gives a nil *Invoice
// and an *ozg.Error with code InvalidArgument wrapping a *FieldError whose
// cause is ErrNotXML, ErrDoctype, ErrRoot, ErrNamespace or ErrTooLarge. A
// document with faulty values (a text that is not a decimal, date or
// boolean where one is needed, an amount in another currency, a repeated
// single-valued element, invalid base64) gives the model read so far and an
// *ozg.Error wrapping one *FieldError per problem — element path, business
// term, line:column and byte offset, cause such as ErrDecimal or ErrDate —
// so validation can report everything at once; FieldErrors lists them.
// Violations of the business rules (BR-*) are not errors of reading: they
// are findings of a Report; Report.Err returns an *ozg.Error with code
// InvalidArgument joining one *RuleError (cause ErrRuleViolated) per fatal
// finding. ReadAndValidate returns an error only for input that cannot be
// read as an invoice at all.
//
// # Testing
//
// The tests read, write and re-read all 93 UBL invoices of the XRechnung
// test suite (incl. Extension and CVD) and the CEN examples and test files
// (copied to testdata with their licences), compare the models with go-cmp
// and the XML as normalized element trees, validate every written file
// against the official UBL 2.1 schemas with xmllint (skipped when xmllint is
// missing, failing instead when CI is set), and recompute the examples'
// totals. The same holds for the 56 CII invoices (41 of the test suite, 15
// CEN examples) against the CII D16B schemas, and for the 33 business cases
// the test suite has in both syntaxes the UBL and the CII file give the same
// model (TestCrossSyntax documents what it ignores and the cases' content
// differences). FuzzReadUBL and FuzzReadCII are seeded with the corpus;
// BenchmarkUBL and BenchmarkCII compare reading and writing with an
// encoding/xml token scan.
package einvoice
