package einvoice

import (
	"errors"
	"strconv"
	"strings"
)

// Causes of reading errors; test them with errors.Is.
var (
	// ErrNotXML: the input is not well-formed XML.
	ErrNotXML = errors.New("not well-formed XML")
	// ErrDoctype: the input has a document type declaration, which is
	// refused (no DTDs, no entity expansion).
	ErrDoctype = errors.New("DOCTYPE is not allowed")
	// ErrRoot: the root element is not an invoice of a known syntax.
	ErrRoot = errors.New("root element is not an invoice")
	// ErrNamespace: the root element has the right local name but the
	// wrong namespace.
	ErrNamespace = errors.New("wrong namespace")
	// ErrTooLarge: the input exceeds ReadOptions.MaxBytes or MaxDepth.
	ErrTooLarge = errors.New("input too large")
	// ErrRepeated: an element appears more often than EN 16931 allows.
	ErrRepeated = errors.New("element repeated")
	// ErrCode: a code or attribute value is not acceptable where the model
	// needs it (e.g. a ChargeIndicator that is neither true nor false).
	ErrCode = errors.New("invalid value")
	// ErrCurrency: an amount's currencyID is missing or differs from the
	// currency the model implies (BT-5, or BT-6 for BT-111).
	ErrCurrency = errors.New("currencyID missing or not the invoice currency")
	// ErrBase64: an attachment is not valid base64.
	ErrBase64 = errors.New("not base64")
)

// FieldError is one problem found while reading: where it is (element path
// and position), which business term it concerns, and its cause. Readers
// collect all FieldErrors of a document and return them joined in an
// *ozg.Error with code InvalidArgument, together with the partial model;
// FieldErrors extracts them.
type FieldError struct {
	Path   string // element path, e.g. "/Invoice/cbc:IssueDate"
	BT     string // business term or group, e.g. "BT-2"; "" if none applies
	Line   int    // 1-based line, 0 if unknown
	Column int    // 1-based column, 0 if unknown
	Offset int64  // byte offset of the element's start tag, -1 if unknown
	Err    error  // the cause, e.g. ErrDate
}

// Error formats the error as "einvoice: LINE:COL PATH (BT): cause".
func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("einvoice: ")
	if e.Line > 0 {
		b.WriteString(strconv.Itoa(e.Line))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Column))
		b.WriteByte(' ')
	}
	b.WriteString(e.Path)
	if e.BT != "" {
		b.WriteString(" (")
		b.WriteString(e.BT)
		b.WriteByte(')')
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *FieldError) Unwrap() error { return e.Err }

// FieldErrors returns every *FieldError in err's tree, in order.
func FieldErrors(err error) []*FieldError {
	var out []*FieldError
	var walk func(error)
	walk = func(e error) {
		if e == nil {
			return
		}
		if fe, ok := e.(*FieldError); ok {
			out = append(out, fe)
			return
		}
		switch u := e.(type) {
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				walk(x)
			}
		case interface{ Unwrap() error }:
			walk(u.Unwrap())
		}
	}
	walk(err)
	return out
}
