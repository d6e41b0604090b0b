package shapes_test

import (
	"testing"

	"example.com/ext-test"
)

func TestCubes(t *testing.T) {
	byName := map[string]shapes.Mesh{} // want "map-value-boundary"
	byName["cube"] = shapes.Cube()
	type local [8][3]float64
	cache := map[int]local{} // want "map-value-boundary"
	cache[1] = local(byName["cube"])
	if cache[1][7][2] != 1 || len(cache) != 1 {
		t.Fatalf("cube corner = %v", cache[1][7])
	}
}
