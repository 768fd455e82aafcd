package einvoice

import (
	"fmt"
	"io"
)

// NamespaceCII is the namespace of the CII D16B root element
// rsm:CrossIndustryInvoice.
const NamespaceCII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"

// readPrefixes holds the prefixes of the namespaces of both syntaxes, for
// element paths in Read.
var readPrefixes = map[string]string{
	NamespaceUBLInvoice:    "",
	NamespaceUBLCreditNote: "",
	NamespaceUBLCAC:        "cac",
	NamespaceUBLCBC:        "cbc",
	NamespaceUBLExt:        "ext",
	NamespaceCII:           "rsm",
	"urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100": "ram",
	"urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100":                        "udt",
	"urn:un:unece:uncefact:data:standard:QualifiedDataType:100":                          "qdt",
}

// Read reads an invoice in either syntax, detected from the root element:
// a UBL 2.1 Invoice or CreditNote, or a CII D16B CrossIndustryInvoice. See
// the package documentation for the errors; a non-nil *Invoice may come with
// an error listing the values that could not be read.
func Read(r io.Reader, opts *ReadOptions) (*Invoice, error) {
	const op = "einvoice.Read"
	root, name, err := parseTree(op, r, readPrefixes, opts)
	if err != nil {
		return nil, err
	}
	switch {
	case name.Local == "Invoice" && name.Space == NamespaceUBLInvoice,
		name.Local == "CreditNote" && name.Space == NamespaceUBLCreditNote:
		return readUBLTree(op, root)
	case name.Local == "CrossIndustryInvoice" && name.Space == NamespaceCII:
		return readCIITree(op, root)
	case name.Local == "Invoice", name.Local == "CreditNote", name.Local == "CrossIndustryInvoice":
		return nil, rootError(op, ErrNamespace, root, name, fmt.Sprintf("%s in namespace %q", name.Local, name.Space))
	}
	return nil, rootError(op, ErrRoot, root, name, fmt.Sprintf("root element %q", name.Local))
}
