package servicekonto

import (
	"context"
	"sync"
	"time"
)

// RequestStore remembers the IDs of AuthnRequests that await an answer. An
// ID is consumed at most once: a second Consume of the same ID, or one after
// its expiry, reports false. Implementations must be safe for concurrent use;
// a store shared by several server instances (e.g. in Redis) makes logins
// work behind a load balancer.
type RequestStore interface {
	// Add records a pending request until expires.
	Add(ctx context.Context, id string, expires time.Time) error
	// Consume removes id and reports whether it was pending and not expired
	// at now.
	Consume(ctx context.Context, id string, now time.Time) (bool, error)
}

// ReplayStore remembers the IDs of accepted assertions until they expire,
// so an assertion is accepted at most once. Implementations must be safe for
// concurrent use.
type ReplayStore interface {
	// Seen records id until expires and reports whether it was already
	// recorded (and not expired at now). Check and record are one atomic step.
	Seen(ctx context.Context, id string, expires, now time.Time) (bool, error)
}

// MemoryRequestStore is the in-memory RequestStore. The zero value is ready
// to use. Expired entries are dropped on the way.
type MemoryRequestStore struct {
	mu sync.Mutex
	m  map[string]time.Time
}

// Add implements RequestStore.
func (s *MemoryRequestStore) Add(_ context.Context, id string, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]time.Time)
	}
	s.m[id] = expires
	return nil
}

// Consume implements RequestStore.
func (s *MemoryRequestStore) Consume(_ context.Context, id string, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, ok := s.m[id]
	delete(s.m, id)
	if len(s.m) > 1024 {
		for k, e := range s.m {
			if !now.Before(e) {
				delete(s.m, k)
			}
		}
	}
	return ok && now.Before(exp), nil
}

// MemoryReplayStore is the in-memory ReplayStore. The zero value is ready
// to use. Expired entries are dropped on the way.
type MemoryReplayStore struct {
	mu sync.Mutex
	m  map[string]time.Time
}

// Seen implements ReplayStore.
func (s *MemoryReplayStore) Seen(_ context.Context, id string, expires, now time.Time) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]time.Time)
	}
	if exp, ok := s.m[id]; ok && now.Before(exp) {
		return true, nil
	}
	if len(s.m) > 1024 {
		for k, e := range s.m {
			if !now.Before(e) {
				delete(s.m, k)
			}
		}
	}
	s.m[id] = expires
	return false, nil
}
