// Package shapes describes meshes; its external tests keep meshes in a map.
package shapes

// Mesh is 8 vertices of 3 float64 each: 192 bytes.
type Mesh [8][3]float64

// Cube is the unit cube.
func Cube() Mesh {
	var m Mesh
	for i := range m {
		m[i] = [3]float64{float64(i & 1), float64(i >> 1 & 1), float64(i >> 2 & 1)}
	}
	return m
}
