package xbezahldienste_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/payment"
	"github.com/ozg-baukasten/baukasten/payment/drivertest"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste"
	"github.com/ozg-baukasten/baukasten/payment/xbezahldienste/xbezahldienstetest"
)

// faults injects, deterministically per request id and attempt, delays
// beyond the attempt timeout, 503s, connections dropped before and after
// the payment was created, and slow answers after creation; from the
// fourth attempt of a request id on, creates go through, and only the
// first attempt may time out. Reads (the lookups after PAYMENT_EXISTS)
// fail with 503 on every tenth request.
type faults struct {
	mu       sync.Mutex
	attempts map[string]int
	counts   [6]atomic.Int64
	delay    time.Duration
}

func (f *faults) decide(r xbezahldienstetest.Request) xbezahldienstetest.Fault {
	if r.Op != "create" {
		if r.N%10 == 3 {
			f.counts[xbezahldienstetest.ServerError].Add(1)
			return xbezahldienstetest.Fault{Kind: xbezahldienstetest.ServerError}
		}
		return xbezahldienstetest.Fault{}
	}
	f.mu.Lock()
	f.attempts[r.RequestID]++
	n := f.attempts[r.RequestID]
	f.mu.Unlock()
	if n > 3 {
		return xbezahldienstetest.Fault{}
	}
	slow := n == 1 // at most one timeout per request id keeps the test short
	h := fnv.New32a()
	fmt.Fprintf(h, "%s/%d", r.RequestID, n)
	var k xbezahldienstetest.FaultKind
	switch v := h.Sum32() % 100; {
	case v < 12 && slow:
		k = xbezahldienstetest.Delay
	case v < 12:
		k = xbezahldienstetest.ServerError
	case v < 24:
		k = xbezahldienstetest.ServerError
	case v < 36:
		k = xbezahldienstetest.DropAfterCreate
	case v < 44:
		k = xbezahldienstetest.DropBefore
	case v < 52 && slow:
		k = xbezahldienstetest.DelayAfterCreate
	case v < 52:
		k = xbezahldienstetest.DropAfterCreate
	default:
		return xbezahldienstetest.Fault{}
	}
	f.counts[k].Add(1)
	return xbezahldienstetest.Fault{Kind: k, Delay: f.delay}
}

// TestFaultsConcurrentCreates: 1,000 concurrent Create calls (500 request
// ids, each sent twice at once) against a server that injects timeouts,
// 5xx, dropped responses after creation and slow answers end with exactly
// one payment per request id, every call answered with it, none lost.
// All 1,000 goroutines start at once; at most 64 calls are in flight, as
// behind a service's worker pool, so that queueing on two shared cores
// (and under -race) does not itself exceed the attempt timeout.
func TestFaultsConcurrentCreates(t *testing.T) {
	const ids, dup = 500, 2
	f := &faults{attempts: map[string]int{}, delay: 3500 * time.Millisecond}
	srv := xbezahldienstetest.NewServer(&xbezahldienstetest.Options{Fault: f.decide})
	defer srv.Close()
	tr := srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = 256
	p, err := xbezahldienste.New(srv.URL, srv.OriginatorID(), srv.EndPointID(), &xbezahldienste.Options{HTTPClient: &http.Client{Transport: tr}})
	if err != nil {
		t.Fatal(err)
	}
	c := payment.NewClient(p, &payment.ClientOptions{Retry: &payment.RetryPolicy{
		MaxAttempts: 20, InitialBackoff: 5 * time.Millisecond, MaxBackoff: 80 * time.Millisecond, AttemptTimeout: 3 * time.Second}})
	ctx, cancel := context.WithTimeout(context.Background(), 25*time.Second)
	defer cancel()

	sem := make(chan struct{}, 64)
	start := time.Now()
	results := make([][dup]string, ids)
	errs := make(chan error, ids*dup)
	var wg sync.WaitGroup
	for i := 0; i < ids; i++ {
		for j := 0; j < dup; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sem <- struct{}{}
				defer func() { <-sem }()
				pay, err := c.Create(ctx, drivertest.Params(fmt.Sprintf("fault-%04d", i)))
				if err != nil {
					errs <- fmt.Errorf("request %d/%d: %w", i, j, err)
					return
				}
				results[i][j] = pay.ID
			}()
		}
	}
	wg.Wait()
	close(errs)
	elapsed := time.Since(start)
	lost := 0
	for err := range errs {
		lost++
		if lost <= 5 {
			t.Error(err)
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d calls lost", lost, ids*dup)
	}
	server := srv.RequestIDs()
	if len(server) != ids || srv.Len() != ids {
		t.Errorf("server has %d transactions for %d request ids, want %d", srv.Len(), len(server), ids)
	}
	mismatches := 0
	for i, r := range results {
		want := server[fmt.Sprintf("fault-%04d", i)]
		for j := range r {
			if r[j] != want {
				if mismatches++; mismatches <= 5 {
					t.Errorf("request %d call %d got payment %q, server has %q", i, j, r[j], want)
				}
			}
		}
	}
	if mismatches > 0 {
		t.Errorf("%d calls got another payment than the server's for their request id", mismatches)
	}
	var injected []string
	for k, name := range []string{"none", "delay", "5xx", "drop-before", "drop-after-create", "delay-after-create"} {
		n := f.counts[k].Load()
		if k > 0 && n == 0 {
			t.Errorf("no %s fault was injected", name)
		}
		injected = append(injected, fmt.Sprintf("%s=%d", name, n))
	}
	t.Logf("%d calls in %v; creates processed by the server: %d; faults: %v", ids*dup, elapsed.Round(time.Millisecond), srv.CreateRequests(), injected[1:])
}
