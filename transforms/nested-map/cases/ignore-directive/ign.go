package ign

// Kept is left alone on request.
func Kept() int {
	//gomapfix:ignore nested-map
	m := make(map[int]map[int]int) // want skip:"ignored"
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 2; j++ {
			m[i][j] = 1
		}
	}
	return m[1][1]
}

// Other ignores another rule only, so it is rewritten.
func Other() int {
	m := make(map[int]map[int]int) // want "nested-map" //gomapfix:ignore pool-scratch
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 2; j++ {
			m[i][j] = 2
		}
	}
	return m[1][1]
}
