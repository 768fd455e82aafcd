//go:build !race

package einvoice

// syntaxTestStride: every document is compared.
const syntaxTestStride = 1
