// Package shapes is dot-imported.
package shapes

// Cube is 5 rows of 4 float64: 160 bytes.
type Cube [5][4]float64
