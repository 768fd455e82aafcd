package antrag

import (
	"context"
	"sync"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// Store keeps applications. It is narrow on purpose so that a database
// adapter (e.g. PostgreSQL with a JSONB column and a revision column) is
// small. Implementations must be safe for concurrent use and must not let
// callers modify stored applications through the pointers they pass in or
// get back.
type Store interface {
	// Create stores a new application with Revision 1 (it sets a.Revision).
	// An application with the same ID gives AlreadyExists.
	Create(ctx context.Context, a *Antrag) error
	// Get returns the application, or NotFound.
	Get(ctx context.Context, id string) (*Antrag, error)
	// Update replaces the stored application if its stored Revision equals
	// a.Revision, and increments a.Revision; a lost race gives
	// FailedPrecondition, an unknown ID NotFound.
	Update(ctx context.Context, a *Antrag) error
}

// MemStore is the in-memory Store: safe for concurrent use, for tests and
// single-process services. Its zero value is ready to use. Not for
// production: applications are lost on restart.
type MemStore struct {
	mu sync.Mutex
	m  map[string]*Antrag
}

// Create implements Store.
func (s *MemStore) Create(ctx context.Context, a *Antrag) error {
	if err := ctx.Err(); err != nil {
		return &ozg.Error{Code: ozg.Canceled, Op: "antrag.MemStore.Create", Err: err}
	}
	if a == nil || a.ID == "" {
		return ozg.Errorf(ozg.InvalidArgument, "antrag.MemStore.Create", "application without ID")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = make(map[string]*Antrag)
	}
	if _, ok := s.m[a.ID]; ok {
		return ozg.Errorf(ozg.AlreadyExists, "antrag.MemStore.Create", "application %s exists", a.ID)
	}
	a.Revision = 1
	s.m[a.ID] = a.Clone()
	return nil
}

// Get implements Store.
func (s *MemStore) Get(ctx context.Context, id string) (*Antrag, error) {
	if err := ctx.Err(); err != nil {
		return nil, &ozg.Error{Code: ozg.Canceled, Op: "antrag.MemStore.Get", Err: err}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a, ok := s.m[id]
	if !ok {
		return nil, ozg.Errorf(ozg.NotFound, "antrag.MemStore.Get", "application %s not found", id)
	}
	return a.Clone(), nil
}

// Update implements Store.
func (s *MemStore) Update(ctx context.Context, a *Antrag) error {
	if err := ctx.Err(); err != nil {
		return &ozg.Error{Code: ozg.Canceled, Op: "antrag.MemStore.Update", Err: err}
	}
	if a == nil {
		return ozg.Errorf(ozg.InvalidArgument, "antrag.MemStore.Update", "nil application")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.m[a.ID]
	if !ok {
		return ozg.Errorf(ozg.NotFound, "antrag.MemStore.Update", "application %s not found", a.ID)
	}
	if old.Revision != a.Revision {
		return ozg.Errorf(ozg.FailedPrecondition, "antrag.MemStore.Update", "application %s changed concurrently (revision %d, stored %d)", a.ID, a.Revision, old.Revision)
	}
	a.Revision++
	s.m[a.ID] = a.Clone()
	return nil
}
