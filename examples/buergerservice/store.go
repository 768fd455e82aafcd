package main

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/ozg-baukasten/baukasten/messaging"
	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// kv keeps the example's state as JSON documents by kind and key: in
// memory, or — with -data — one file per document in DIR/kind/key.json,
// written to a temporary file and renamed, so a restart loses nothing and
// a crash never leaves half a file. It is safe for concurrent use. A real
// service would use its database instead; every store of the example is
// small enough to map onto one table.
type kv struct {
	dir string // "" keeps everything in memory

	mu  sync.Mutex
	mem map[string]map[string][]byte
}

func newKV(dir string) (*kv, error) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, err
		}
	}
	return &kv{dir: dir, mem: map[string]map[string][]byte{}}, nil
}

var keyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

// put stores v under kind/key.
func (s *kv) put(kind, key string, v any) error {
	if !keyPattern.MatchString(key) {
		return ozg.Errorf(ozg.InvalidArgument, "store.put", "key of %s is not a safe file name", kind)
	}
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.putLocked(kind, key, b)
}

func (s *kv) putLocked(kind, key string, b []byte) error {
	if s.dir == "" {
		if s.mem[kind] == nil {
			s.mem[kind] = map[string][]byte{}
		}
		s.mem[kind][key] = b
		return nil
	}
	d := filepath.Join(s.dir, kind)
	if err := os.MkdirAll(d, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(d, ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(d, key+".json"))
}

// get reads kind/key into v; a missing document is ozg.ErrNotFound.
func (s *kv) get(kind, key string, v any) error {
	s.mu.Lock()
	b, err := s.getLocked(kind, key)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func (s *kv) getLocked(kind, key string) ([]byte, error) {
	if !keyPattern.MatchString(key) {
		return nil, ozg.Errorf(ozg.NotFound, "store.get", "no %s with this key", kind)
	}
	if s.dir == "" {
		b, ok := s.mem[kind][key]
		if !ok {
			return nil, ozg.Errorf(ozg.NotFound, "store.get", "no %s with this key", kind)
		}
		return b, nil
	}
	b, err := os.ReadFile(filepath.Join(s.dir, kind, key+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ozg.Errorf(ozg.NotFound, "store.get", "no %s with this key", kind)
	}
	return b, err
}

// del removes kind/key; a missing document is no error.
func (s *kv) del(kind, key string) error {
	if !keyPattern.MatchString(key) {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.delLocked(kind, key)
}

func (s *kv) delLocked(kind, key string) error {
	if s.dir == "" {
		delete(s.mem[kind], key)
		return nil
	}
	err := os.Remove(filepath.Join(s.dir, kind, key+".json"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// keys lists the keys of kind, sorted.
func (s *kv) keys(kind string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	if s.dir == "" {
		for k := range s.mem[kind] {
			out = append(out, k)
		}
	} else {
		ents, err := os.ReadDir(filepath.Join(s.dir, kind))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		for _, e := range ents {
			if k, ok := strings.CutSuffix(e.Name(), ".json"); ok && !strings.HasPrefix(k, ".") {
				out = append(out, k)
			}
		}
	}
	sort.Strings(out)
	return out, nil
}

// antragStore is antrag.Store over the kv: optimistic concurrency by
// Revision, copies in and out.
type antragStore struct{ kv *kv }

var _ antrag.Store = antragStore{}

const kindAntrag = "antrag"

func (s antragStore) Create(ctx context.Context, a *antrag.Antrag) error {
	if err := ctxErr(ctx, "antrag.Create"); err != nil {
		return err
	}
	s.kv.mu.Lock()
	defer s.kv.mu.Unlock()
	if _, err := s.kv.getLocked(kindAntrag, a.ID); err == nil {
		return ozg.Errorf(ozg.AlreadyExists, "antrag.Create", "application exists")
	}
	a.Revision = 1
	b, err := json.Marshal(a)
	if err != nil {
		return err
	}
	return s.kv.putLocked(kindAntrag, a.ID, b)
}

func (s antragStore) Get(ctx context.Context, id string) (*antrag.Antrag, error) {
	if err := ctxErr(ctx, "antrag.Get"); err != nil {
		return nil, err
	}
	var a antrag.Antrag
	if err := s.kv.get(kindAntrag, id, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

func (s antragStore) Update(ctx context.Context, a *antrag.Antrag) error {
	if err := ctxErr(ctx, "antrag.Update"); err != nil {
		return err
	}
	s.kv.mu.Lock()
	defer s.kv.mu.Unlock()
	b, err := s.kv.getLocked(kindAntrag, a.ID)
	if err != nil {
		return err
	}
	var old antrag.Antrag
	if err := json.Unmarshal(b, &old); err != nil {
		return err
	}
	if old.Revision != a.Revision {
		return ozg.Errorf(ozg.FailedPrecondition, "antrag.Update", "stale revision %d, stored %d", a.Revision, old.Revision)
	}
	a.Revision++
	nb, err := json.Marshal(a)
	if err != nil {
		a.Revision--
		return err
	}
	if err := s.kv.putLocked(kindAntrag, a.ID, nb); err != nil {
		a.Revision--
		return err
	}
	return nil
}

// outboxStore is the messaging outbox (messaging.Store) over the kv, so
// with -data a send interrupted by a restart is resumed, never repeated.
// Keys are idempotency keys: the application ID for applications.
type outboxStore struct{ kv *kv }

var _ messaging.Store = outboxStore{}

const kindOutbox = "outbox"

func (s outboxStore) Get(ctx context.Context, key string) (*messaging.OutboxEntry, error) {
	if err := ctxErr(ctx, "outbox.Get"); err != nil {
		return nil, err
	}
	var e messaging.OutboxEntry
	if err := s.kv.get(kindOutbox, key, &e); errors.Is(err, ozg.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &e, nil
}

func (s outboxStore) Put(ctx context.Context, e *messaging.OutboxEntry) error {
	if err := ctxErr(ctx, "outbox.Put"); err != nil {
		return err
	}
	return s.kv.put(kindOutbox, e.Key, e)
}

func (s outboxStore) Pending(ctx context.Context) ([]*messaging.OutboxEntry, error) {
	keys, err := s.kv.keys(kindOutbox)
	if err != nil {
		return nil, err
	}
	var out []*messaging.OutboxEntry
	for _, k := range keys {
		e, err := s.Get(ctx, k)
		if err != nil {
			return nil, err
		}
		if e != nil && e.Stage != messaging.StageSubmitted {
			out = append(out, e)
		}
	}
	return out, nil
}

// ctxErr classifies a context that ended.
func ctxErr(ctx context.Context, op string) error {
	switch err := ctx.Err(); {
	case err == nil:
		return nil
	case errors.Is(err, context.DeadlineExceeded):
		return &ozg.Error{Code: ozg.DeadlineExceeded, Op: op, Err: err}
	default:
		return &ozg.Error{Code: ozg.Canceled, Op: op, Err: err}
	}
}
