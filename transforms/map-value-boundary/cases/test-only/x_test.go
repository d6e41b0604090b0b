// Package testonly has test files only: the generated slab goes in a test file too, or
// the directory would become a package that builds.
package testonly

import "testing"

type V struct{ a [20]int64 }

func TestMap(t *testing.T) {
	m := map[int]V{} // want "map-value-boundary"
	m[1] = V{a: [20]int64{3}}
	if m[1].a[0] != 3 || len(m) != 1 {
		t.Fatal("wrong map")
	}
}
