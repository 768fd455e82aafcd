//go:build !unix

package fitconnect_test

import "time"

// cpuTime is not measured here; the cpu ratios then read 0.
func cpuTime() time.Duration { return 0 }
