package messaging

import (
	"context"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/ozg-baukasten/baukasten/messaging/driver"
)

// Stage is how far an outbox entry got.
type Stage int

// The stages of an outbox entry, in order.
const (
	StageAnnouncing Stage = iota // about to announce; no submission ID known yet
	StageAnnounced               // announced; attachments may be partly uploaded
	StageSubmitted               // complete; never sent again
)

// String returns the stage name.
func (s Stage) String() string {
	switch s {
	case StageAnnouncing:
		return "announcing"
	case StageAnnounced:
		return "announced"
	case StageSubmitted:
		return "submitted"
	}
	return "unknown"
}

// UploadedAttachment records an attachment that reached the provider.
type UploadedAttachment struct {
	Hash string // lowercase hex SHA-512 of the plaintext
	Size int64
}

// OutboxEntry is the progress of one submission, stored under its
// idempotency key so a send interrupted by a crash is resumed, never
// duplicated.
type OutboxEntry struct {
	Key           string
	Stage         Stage
	Ref           driver.Ref // SubmissionID and CaseID once announced
	AttachmentIDs []string   // announced attachment IDs, in order
	Uploaded      map[string]UploadedAttachment
	Created       time.Time
	Updated       time.Time
}

func (e *OutboxEntry) clone() *OutboxEntry {
	c := *e
	c.AttachmentIDs = slices.Clone(e.AttachmentIDs)
	c.Uploaded = maps.Clone(e.Uploaded)
	return &c
}

// Store keeps outbox entries across restarts. Implementations must be safe
// for concurrent use; Get returns (nil, nil) for an unknown key. Back it
// with a database table in production, and expire submitted entries once
// a resend with their key is no longer possible (MemoryStore keeps them
// for its lifetime).
type Store interface {
	Get(ctx context.Context, key string) (*OutboxEntry, error)
	Put(ctx context.Context, e *OutboxEntry) error
	// Pending returns the entries that are not yet submitted.
	Pending(ctx context.Context) ([]*OutboxEntry, error)
}

// MemoryStore is the in-memory Store: the default, and a reference for
// implementations. Its zero value is ready to use. It survives no restart.
type MemoryStore struct {
	mu sync.Mutex
	m  map[string]*OutboxEntry
}

// Get implements Store.
func (s *MemoryStore) Get(_ context.Context, key string) (*OutboxEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.m[key]
	if !ok {
		return nil, nil
	}
	return e.clone(), nil
}

// Put implements Store.
func (s *MemoryStore) Put(_ context.Context, e *OutboxEntry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]*OutboxEntry{}
	}
	s.m[e.Key] = e.clone()
	return nil
}

// Pending implements Store; entries come sorted by key.
func (s *MemoryStore) Pending(_ context.Context) ([]*OutboxEntry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*OutboxEntry
	for _, k := range slices.Sorted(maps.Keys(s.m)) {
		if e := s.m[k]; e.Stage != StageSubmitted {
			out = append(out, e.clone())
		}
	}
	return out, nil
}
