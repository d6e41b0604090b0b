package reset

// Reset empties a row after filling it: a slice cannot forget a row.
func Reset() int {
	m := make(map[int]map[int]int) // want skip:"row-reset"
	for i := 0; i < 3; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 3; j++ {
			m[i][j] = 1
		}
	}
	m[1] = make(map[int]int)
	return m[1][1]
}
