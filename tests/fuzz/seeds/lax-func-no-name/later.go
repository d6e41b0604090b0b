package later

// Later reads cells from closures called after the loop. Before go1.22 every closure shares the loop
// variables, so an index that looks bounded may already be past the bound when it is read.
func () int {
	m := make(map[int]map[int]int) // want skip:"index-not-proven"
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 2; j++ {
			m[i][j] = 1
		}
	}
	var reads []func() int
	for i := 0; i < 2; i++ {
		reads = append(reads, func() int { return m[i][0] })
	}
	total := 0
	for _, read := range reads {
		total += read()
	}
	return total
}
