package antragtest

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// Router is an in-memory antrag.Router: it answers from the
// responsibilities added to it. A responsibility for an area covers every
// area inside it (a Kreis covers its Gemeinden); Route returns the most
// specific first. It is safe for concurrent use and deterministic. Not for
// production.
type Router struct {
	mu sync.RWMutex
	zs []antrag.Zustaendigkeit
}

// NewRouter returns a Router holding zs.
func NewRouter(zs ...antrag.Zustaendigkeit) *Router {
	r := &Router{}
	for _, z := range zs {
		r.Add(z)
	}
	return r
}

// Add registers a responsibility.
func (r *Router) Add(z antrag.Zustaendigkeit) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.zs = append(r.zs, cloneZ(z))
}

// Route implements antrag.Router.
func (r *Router) Route(ctx context.Context, leistung ozg.Leistungsschluessel, gebiet ozg.ARS) ([]antrag.Zustaendigkeit, error) {
	if err := ctx.Err(); err != nil {
		return nil, &ozg.Error{Code: ozg.Canceled, Op: "antragtest.Router.Route", Err: err}
	}
	if leistung.IsZero() || gebiet.IsZero() {
		return nil, ozg.Errorf(ozg.InvalidArgument, "antragtest.Router.Route", "LeiKa key and ARS are required")
	}
	r.mu.RLock()
	var out []antrag.Zustaendigkeit
	for _, z := range r.zs {
		if z.Leistung.Schluessel == leistung && z.Gebiet.ARS.Contains(gebiet) {
			out = append(out, cloneZ(z))
		}
	}
	r.mu.RUnlock()
	if len(out) == 0 {
		return nil, ozg.Errorf(ozg.NotFound, "antragtest.Router.Route", "no responsibility for %s in %s", leistung, gebiet)
	}
	slices.SortStableFunc(out, func(a, b antrag.Zustaendigkeit) int {
		return cmp.Compare(b.Gebiet.ARS.Len(), a.Gebiet.ARS.Len())
	})
	return out, nil
}

func cloneZ(z antrag.Zustaendigkeit) antrag.Zustaendigkeit {
	if z.Onlinedienst != nil {
		o := *z.Onlinedienst
		z.Onlinedienst = &o
	}
	if z.Destination != nil {
		d := *z.Destination
		d.MetadataVersions = slices.Clone(d.MetadataVersions)
		d.SubmissionSchemas = slices.Clone(d.SubmissionSchemas)
		z.Destination = &d
	}
	return z
}
