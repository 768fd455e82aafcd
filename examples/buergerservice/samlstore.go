package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/servicekonto"
)

// samlStore keeps the pending AuthnRequest IDs and the accepted assertion
// IDs of the BundID login in the kv, so a login started before a restart
// can finish after it, and a replayed assertion stays refused. It is both
// servicekonto.RequestStore and servicekonto.ReplayStore (two kinds).
// Keys are the SHA-256 of the ID: SAML IDs may hold characters a file
// name must not.
type samlStore struct {
	kv   *kv
	kind string // "saml-anfrage" or "saml-assertion"
}

var (
	_ servicekonto.RequestStore = samlStore{}
	_ servicekonto.ReplayStore  = samlStore{}
)

type samlEntry struct {
	Expires time.Time `json:"expires"`
}

func samlKey(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

// Add implements servicekonto.RequestStore.
func (s samlStore) Add(ctx context.Context, id string, expires time.Time) error {
	if err := ctxErr(ctx, "saml.Add"); err != nil {
		return err
	}
	return s.kv.put(s.kind, samlKey(id), samlEntry{Expires: expires})
}

// Consume implements servicekonto.RequestStore: an ID is used up once.
func (s samlStore) Consume(ctx context.Context, id string, now time.Time) (bool, error) {
	if err := ctxErr(ctx, "saml.Consume"); err != nil {
		return false, err
	}
	s.kv.mu.Lock()
	defer s.kv.mu.Unlock()
	e, ok, err := s.entryLocked(samlKey(id))
	if err != nil || !ok {
		return false, err
	}
	if err := s.kv.delLocked(s.kind, samlKey(id)); err != nil {
		return false, err
	}
	return now.Before(e.Expires), nil
}

// Seen implements servicekonto.ReplayStore: check and record in one step.
func (s samlStore) Seen(ctx context.Context, id string, expires, now time.Time) (bool, error) {
	if err := ctxErr(ctx, "saml.Seen"); err != nil {
		return false, err
	}
	s.kv.mu.Lock()
	defer s.kv.mu.Unlock()
	e, ok, err := s.entryLocked(samlKey(id))
	if err != nil {
		return false, err
	}
	if ok && now.Before(e.Expires) {
		return true, nil
	}
	b, err := json.Marshal(samlEntry{Expires: expires})
	if err != nil {
		return false, err
	}
	return false, s.kv.putLocked(s.kind, samlKey(id), b)
}

func (s samlStore) entryLocked(key string) (samlEntry, bool, error) {
	var e samlEntry
	b, err := s.kv.getLocked(s.kind, key)
	if ozg.CodeOf(err) == ozg.NotFound {
		return e, false, nil
	}
	if err != nil {
		return e, false, err
	}
	return e, true, json.Unmarshal(b, &e)
}
