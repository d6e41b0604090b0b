package main

import . "example.com/imported-sizes/shapes"

func cubes() float64 {
	byName := map[string]Cube{} // want "map-value-boundary"
	byName["c"] = Cube{{1, 2, 3, 4}}
	return byName["c"][0][3]
}
