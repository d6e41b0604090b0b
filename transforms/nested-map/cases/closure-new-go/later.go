package later

// Later reads cells from closures called after the loop. From go1.22 each iteration has its own loop
// variables, so the closure sees the bounded value of its iteration.
func Later() int {
	m := make(map[int]map[int]int) // want "nested-map"
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
