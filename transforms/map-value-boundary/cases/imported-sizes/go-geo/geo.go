// Package geo is imported without a name of its own from a directory named otherwise.
package geo

import "io"

// Mesh is 8 vertices of 3 float64 each: 192 bytes.
type Mesh [8][3]float64

// Point is 16 bytes.
type Point struct{ X, Y float64 }

// Rec is 16 + 16 + 112 = 144 bytes: a string, an interface, 14 int64.
type Rec struct {
	Name string
	R    io.Reader
	Data [Width]int64
}

// Width is a constant another package's array length uses.
const Width = 14
