package codelist_test

import (
	"fmt"

	"github.com/ozg-baukasten/baukasten/einvoice/codelist"
)

// Look up codes and their names.
func ExampleList_Contains() {
	fmt.Println(codelist.PaymentMeans.Contains("58"), codelist.PaymentMeans.Name("58"))
	fmt.Println(codelist.Country.Contains("DE"), codelist.Country.Name("DE"))
	fmt.Println(codelist.VATCategory.Contains("X"), codelist.VATCategory.Rule())
	// Output:
	// true SEPA credit transfer
	// true Germany
	// false BR-CL-17
}
