// tree-sitter-go read g.Cells[q.I][q.J] as a generic instantiation: an early build missed
// the write to g there and replaced the copy reflect.ValueOf(g) made by the live g; the
// patched grammar reads the index of an index, a write like any other.
package main

import (
	"fmt"
	"reflect"
)

type grid struct {
	N     int
	Cells [2][2]int
}

type at struct{ I, J int }

func main() {
	var g grid
	q := at{1, 1}
	v := reflect.ValueOf(g) // want skip:"copied-then-written"
	g.Cells[q.I][q.J] = 7
	fmt.Println(v.FieldByName("Cells").Interface(), g.Cells)

	// Indexed by plain names, the write is seen all the same.
	var h grid
	w := reflect.ValueOf(h) // want skip:"copied-then-written"
	i, j := 1, 0
	h.Cells[i][j] = 5
	fmt.Println(w.FieldByName("Cells").Interface(), h.Cells)
	fmt.Println(reflect.ValueOf(h).FieldByName("N").Int()) // want "reflect-field"
}
