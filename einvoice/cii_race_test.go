//go:build race

package einvoice

// raceDetector reports whether the tests run with the race detector, which
// makes encoding/xml about twenty times slower.
const raceDetector = true
