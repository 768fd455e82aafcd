// Package din91379 checks strings against the data types A–E of DIN 91379
// ("Characters and defined character sequences in Unicode for the
// electronic processing of names and data exchange in Europe"), the
// normative character repertoire of German public administration, as the
// XÖV-Bibliothek defines them (namespace
// urn:xoev-de:kosit:xoev:datentyp:din-91379_2022-08).
//
// A string is valid when it is in Unicode NFC and consists only of the
// single characters and combining sequences of its data type. Check finds
// the first offending character and reports it with its position. The
// tables are generated (go generate) from the XÖV schema's patterns; the
// test compiles those patterns as regular expressions and compares every
// character below U+2300 and many combining sequences.
//
// # Errors
//
// Check returns an *ozg.Error with code InvalidArgument wrapping an *Error
// that names the data type, the character, its 1-based position and byte
// offset, and whether the problem is missing NFC normalisation.
//
// # Testing
//
// TestTablesAgreeWithXSDPatterns is the oracle test; FuzzCheck checks that
// nothing non-NFC is accepted.
package din91379
