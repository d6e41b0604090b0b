package assigned

// Skew moves its loop variable inside the loop: the index is no longer proven.
func Skew() int {
	m := make(map[int]map[int]int) // want skip:"index-not-proven"
	for i := 0; i < 3; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 3; j++ {
			m[i][j] = j
		}
	}
	s := 0
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			j++
			s += m[i][j]
		}
	}
	return s
}
