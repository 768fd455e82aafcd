package codelist

//go:generate go run ../../internal/codelistgen -data ../../internal/codelistgen/data -out tables.go

import (
	"sort"
	"strings"
)

// List identifies a code list.
type List int

// The code lists of EN 16931.
const (
	InvoiceType        List = iota // UNTDID 1001, invoice types (BT-3 of an Invoice)
	CreditNoteType                 // UNTDID 1001, credit note types (BT-3 of a CreditNote)
	Currency                       // ISO 4217 (BT-5, BT-6)
	TaxPointDateCode               // UNTDID 2005 subset (BT-8)
	ReferenceQualifier             // UNTDID 1153 (BT-18-1, BT-128-1)
	ICD                            // ISO 6523 ICD (BT-29-1, BT-30-1, BT-46-1, …)
	ItemClassification             // UNTDID 7143 (BT-158-1)
	Country                        // ISO 3166-1 alpha-2 (BT-40, BT-55, …, BT-159)
	PaymentMeans                   // UNTDID 4461 (BT-81)
	VATCategory                    // UNTDID 5305 subset (BT-95, BT-102, BT-118, BT-151)
	AllowanceReason                // UNTDID 5189 (BT-98, BT-140)
	ChargeReason                   // UNTDID 7161 (BT-105, BT-145)
	VATEX                          // CEF VATEX exemption reasons (BT-121)
	Unit                           // UN/ECE Recommendation 20 and 21 (BT-130, BT-150)
	MIME                           // MIME types of attachments (BT-125-1)
	EAS                            // CEF electronic address schemes (BT-34-1, BT-49-1)
)

// table is one generated list.
type table struct {
	title string
	rule  string
	upper bool     // the rule compares the code in upper case
	codes []string // sorted
	names map[string]string
}

func (l List) table() *table {
	if l < 0 || int(l) >= len(tables) {
		return &table{}
	}
	return &tables[l]
}

// String returns the list's name, e.g. "UNTDID 4461".
func (l List) String() string { return l.table().title }

// Rule returns the id of the CEN rule that checks the list, e.g. "BR-CL-16".
func (l List) Rule() string { return l.table().rule }

// Contains reports whether code is a value of the list. Lists whose rule
// compares codes in upper case (VATEX) accept any case.
func (l List) Contains(code string) bool {
	t := l.table()
	if t.upper {
		code = strings.ToUpper(code)
	}
	c := t.codes
	i := sort.SearchStrings(c, code)
	return i < len(c) && c[i] == code
}

// Name returns the name of code, or "" if the sources give none.
func (l List) Name(code string) string {
	t := l.table()
	if t.upper {
		code = strings.ToUpper(code)
	}
	return t.names[code]
}

// Codes returns the values of the list in sorted order (a copy).
func (l List) Codes() []string { return append([]string(nil), l.table().codes...) }

// Lists returns every list.
func Lists() []List {
	out := make([]List, len(tables))
	for i := range out {
		out[i] = List(i)
	}
	return out
}
