//go:build race

package einvoice

// xrRace is true under the race detector: the XRechnung and render tests
// then check a sample, to keep the race run fast.
const xrRace = true
