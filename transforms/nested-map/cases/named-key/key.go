package key

// Cell is a narrow key type.
type Cell int16

const dim = 12

// Diag sums the diagonal of a dim x dim grid keyed by Cell.
func Diag() int {
	m := make(map[Cell]map[Cell]int32) // want "nested-map"
	for i := Cell(0); i < dim; i++ {
		m[i] = make(map[Cell]int32)
		for j := Cell(0); j < dim; j++ {
			m[i][j] = int32(i) * int32(j)
		}
	}
	s := 0
	for k := Cell(0); k < dim; k++ {
		s += int(m[k][k])
	}
	return s + int(m[11][0])
}
