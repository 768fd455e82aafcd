package main

import (
	"github.com/ozg-baukasten/baukasten/ozg/antrag"
)

// testForm is the form of the embedded definition.
func testForm() (*antrag.Form, error) {
	def, err := importDefinition()
	if err != nil {
		return nil, err
	}
	return loadForm(def)
}
