package notes

// Notes keeps comments between and at the end of rewritten lines.
func Notes() int {
	// the grid
	g := make(map[int]map[int]int) // want "nested-map"
	/* rows */
	for i := 0; i < 2; i++ {
		g[i] = make(map[int]int) // rows are made here
		// columns
		for j := 0; j < 3; j++ {
			g[i][j] = i*10 + j // store
		}
	}
	return g[1][2] + /* inline */ g[0][1] // sum
}
