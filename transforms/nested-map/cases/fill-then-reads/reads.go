package reads

const r, c = 5, 6

// InBounds reads only cells the fill loop proves exist.
func InBounds() int {
	m := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < r; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < c; j++ {
			m[i][j] = 1 + i*j
		}
	}
	return m[0][0] + m[4][5] + m[r-1][c-1]
}

// OutOfBounds reads a cell outside the filled grid: the map answers 0, a flat slice
// would read another row, so the target is left alone.
func OutOfBounds() int {
	m := make(map[int]map[int]int) // want skip:"index-not-proven"
	for i := 0; i < r; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < c; j++ {
			m[i][j] = 1 + i*j
		}
	}
	return m[1][6] + m[0][0]
}
