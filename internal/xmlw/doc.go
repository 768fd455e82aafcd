// Package xmlw is a small streaming XML writer that, unlike encoding/xml,
// writes element names exactly as given, so a caller chooses the namespace
// prefixes (cac/cbc for UBL, rsm/ram/udt/qdt for CII) and declares them on
// the root element.
//
// # Errors
//
// The first error (of the underlying writer, or a text with a character XML
// cannot carry) is kept; later calls do nothing and Flush returns it.
//
// # Testing
//
// The tests check escaping, nesting and the refusal of characters that XML
// 1.0 does not allow.
package xmlw
