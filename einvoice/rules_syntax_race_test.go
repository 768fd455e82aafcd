//go:build race

package einvoice

// syntaxTestStride: under the race detector (several times slower) the
// oracle comparisons of the syntax rules and the SCHEMA check test every
// fourth document only.
const syntaxTestStride = 4
