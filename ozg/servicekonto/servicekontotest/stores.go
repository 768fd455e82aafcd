package servicekontotest

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
)

// TestRequestStore checks that a RequestStore keeps pending requests until
// they expire and lets each be consumed exactly once, also under
// concurrency. newStore returns a fresh, empty store per call.
func TestRequestStore(t *testing.T, newStore func() servicekonto.RequestStore) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	t.Run("single use", func(t *testing.T) {
		s := newStore()
		if err := s.Add(ctx, "_a", now.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.Consume(ctx, "_a", now); err != nil || !ok {
			t.Fatalf("first Consume: got %v, %v; want true", ok, err)
		}
		if ok, _ := s.Consume(ctx, "_a", now); ok {
			t.Fatal("second Consume: got true, want false")
		}
	})
	t.Run("unknown", func(t *testing.T) {
		if ok, _ := newStore().Consume(ctx, "_never", now); ok {
			t.Fatal("got true for an ID never added")
		}
	})
	t.Run("expired", func(t *testing.T) {
		s := newStore()
		s.Add(ctx, "_a", now.Add(time.Minute))
		if ok, _ := s.Consume(ctx, "_a", now.Add(time.Minute)); ok {
			t.Fatal("got true at the expiry instant")
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		s := newStore()
		s.Add(ctx, "_a", now.Add(time.Minute))
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if ok, _ := s.Consume(ctx, "_a", now); ok {
					wins.Add(1)
				}
				s.Add(ctx, fmt.Sprintf("_other%d", i), now.Add(time.Minute))
			}()
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Fatalf("%d concurrent Consumes succeeded, want 1", wins.Load())
		}
	})
}

// TestReplayStore checks that a ReplayStore reports an ID as seen from its
// second use until it expires, also under concurrency.
func TestReplayStore(t *testing.T, newStore func() servicekonto.ReplayStore) {
	ctx := context.Background()
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	t.Run("seen", func(t *testing.T) {
		s := newStore()
		if seen, err := s.Seen(ctx, "_a", now.Add(time.Minute), now); err != nil || seen {
			t.Fatalf("first: got %v, %v; want false", seen, err)
		}
		if seen, _ := s.Seen(ctx, "_a", now.Add(time.Minute), now.Add(30*time.Second)); !seen {
			t.Fatal("second: got false, want true")
		}
		if seen, _ := s.Seen(ctx, "_b", now.Add(time.Minute), now); seen {
			t.Fatal("other ID: got true")
		}
	})
	t.Run("expired", func(t *testing.T) {
		s := newStore()
		s.Seen(ctx, "_a", now.Add(time.Minute), now)
		if seen, _ := s.Seen(ctx, "_a", now.Add(2*time.Minute), now.Add(time.Minute)); seen {
			t.Fatal("got true after expiry")
		}
	})
	t.Run("concurrent", func(t *testing.T) {
		s := newStore()
		var fresh atomic.Int32
		var wg sync.WaitGroup
		for i := 0; i < 16; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if seen, _ := s.Seen(ctx, "_a", now.Add(time.Minute), now); !seen {
					fresh.Add(1)
				}
			}()
		}
		wg.Wait()
		if fresh.Load() != 1 {
			t.Fatalf("%d concurrent first uses, want 1", fresh.Load())
		}
	})
}
