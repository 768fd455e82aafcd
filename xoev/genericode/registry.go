package genericode

import (
	"fmt"
	"io/fs"
	"os"
	"path"
	"strconv"
	"sync"

	"github.com/ozg-baukasten/baukasten/ozg"
)

// ListKey identifies one version of a code list: the listURI and
// listVersionID attributes of an xoev-code:Code.
type ListKey struct {
	URI     string // CanonicalUri
	Version string // Version
}

// Registry holds code lists keyed by (listURI, version). The zero Registry
// is empty and ready to use; it is safe for concurrent use. Lookups do not
// allocate.
type Registry struct {
	mu     sync.RWMutex
	lists  map[ListKey]*CodeList
	latest map[string]*CodeList
}

// Add registers l. A list with the same (URI, version) is replaced.
func (r *Registry) Add(l *CodeList) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lists == nil {
		r.lists = make(map[ListKey]*CodeList)
		r.latest = make(map[string]*CodeList)
	}
	k := ListKey{l.Identification.CanonicalURI, l.Identification.Version}
	r.lists[k] = l
	if cur, ok := r.latest[k.URI]; !ok || versionLess(cur.Identification.Version, k.Version) {
		r.latest[k.URI] = l
	}
}

// versionLess compares two version strings: numerically when both are
// integers, else lexically (which orders ISO dates correctly).
func versionLess(a, b string) bool {
	ai, err1 := strconv.Atoi(a)
	bi, err2 := strconv.Atoi(b)
	if err1 == nil && err2 == nil {
		return ai < bi
	}
	return a < b
}

// Get returns the list with the given URI and version.
func (r *Registry) Get(uri, version string) (*CodeList, bool) {
	r.mu.RLock()
	l, ok := r.lists[ListKey{uri, version}]
	r.mu.RUnlock()
	return l, ok
}

// Latest returns the highest loaded version of the list with the given URI.
func (r *Registry) Latest(uri string) (*CodeList, bool) {
	r.mu.RLock()
	l, ok := r.latest[uri]
	r.mu.RUnlock()
	return l, ok
}

// Lookup finds code in version version of list uri. It does not allocate.
func (r *Registry) Lookup(uri, version, code string) (Row, bool) {
	l, ok := r.Get(uri, version)
	if !ok {
		return Row{}, false
	}
	return l.Lookup(code)
}

// Lists returns the keys of all loaded lists, in no particular order.
func (r *Registry) Lists() []ListKey {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]ListKey, 0, len(r.lists))
	for k := range r.lists {
		out = append(out, k)
	}
	return out
}

// LoadFS parses every file in fsys matching pattern (path.Match syntax,
// e.g. "*.xml" or "codelists/*.xml") and adds it. It works with embed.FS.
func (r *Registry) LoadFS(fsys fs.FS, pattern string) (int, error) {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return 0, &ozg.Error{Code: ozg.InvalidArgument, Op: "genericode.LoadFS", Err: err}
	}
	n := 0
	for _, name := range names {
		f, err := fsys.Open(name)
		if err != nil {
			return n, &ozg.Error{Code: ozg.NotFound, Op: "genericode.LoadFS", Err: err}
		}
		l, err := Parse(f)
		f.Close()
		if err != nil {
			return n, fmt.Errorf("%s: %w", path.Base(name), err)
		}
		r.Add(l)
		n++
	}
	return n, nil
}

// LoadDir loads every *.xml file of a directory.
func (r *Registry) LoadDir(dir string) (int, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		if err == nil {
			err = fmt.Errorf("%s is not a directory", dir)
		}
		return 0, &ozg.Error{Code: ozg.NotFound, Op: "genericode.LoadDir", Err: err}
	}
	return r.LoadFS(os.DirFS(dir), "*.xml")
}

// LoadFiles loads the named files.
func (r *Registry) LoadFiles(files ...string) error {
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return &ozg.Error{Code: ozg.NotFound, Op: "genericode.LoadFiles", Err: err}
		}
		l, err := Parse(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", path.Base(name), err)
		}
		r.Add(l)
	}
	return nil
}

// ErrListNotLoaded is returned (wrapped in an *ozg.Error with code
// NotFound) when a list is asked for that the registry does not hold.
var ErrListNotLoaded = errNotFound
