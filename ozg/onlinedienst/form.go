package onlinedienst

import (
	"strings"

	"github.com/ozg-baukasten/baukasten/ozg"
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
	"github.com/ozg-baukasten/baukasten/xoev/genericode"
	"github.com/ozg-baukasten/baukasten/xoev/xdatenfelder"
)

// Form compiles the FIM form the definition refers to: the embedded XDF
// file, or xdf (the referenced schema the caller loaded) when nothing is
// embedded. The schema's identification must match Stammdatenschema's id
// and version (FailedPrecondition otherwise); lists resolves its code
// lists.
func (d *Definition) Form(xdf []byte, lists *genericode.Registry) (*antrag.Form, error) {
	const op = "onlinedienst.Form"
	src := xdf
	if d.Stammdatenschema.XDF != "" {
		src = []byte(d.Stammdatenschema.XDF)
	}
	if len(src) == 0 {
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "no XDF embedded and none given for %s V%s", d.Stammdatenschema.ID, d.Stammdatenschema.Version)
	}
	s, err := xdatenfelder.ReadBytes(src, &xdatenfelder.ReadOptions{Codelisten: lists, RequireCodelisten: lists != nil})
	if err != nil {
		return nil, err
	}
	got := s.Identifikation
	if got.ID != d.Stammdatenschema.ID || normVersion(got.Version) != normVersion(d.Stammdatenschema.Version) {
		return nil, ozg.Errorf(ozg.FailedPrecondition, op, "XDF is %s, the definition names %s V%s", got, d.Stammdatenschema.ID, d.Stammdatenschema.Version)
	}
	return antrag.NewForm(s, nil)
}

// normVersion drops trailing zero components: 1.0.0 and 1.0 are 1.
func normVersion(v string) string {
	parts := strings.Split(v, ".")
	for len(parts) > 1 && parts[len(parts)-1] == "0" {
		parts = parts[:len(parts)-1]
	}
	return strings.Join(parts, ".")
}
