package din91379_test

import (
	"errors"
	"fmt"

	"github.com/ozg-baukasten/baukasten/xoev/din91379"
)

func ExampleCheck() {
	fmt.Println(din91379.Check(din91379.A, "Tibor Pick Rodríguez"))
	fmt.Println(din91379.Check(din91379.A, "Tibor Pick 2"))
	err := din91379.Check(din91379.C, "Gro\u0308ße") // o + combining diaeresis
	var e *din91379.Error
	if errors.As(err, &e) {
		fmt.Println(e.NotNFC, e.Pos, din91379.Check(din91379.C, din91379.Normalize("Gro\u0308ße")))
	}
	// Output:
	// <nil>
	// din91379.Check: din91379: datatypeA: character 12 U+0032 is not allowed
	// true 3 <nil>
}
