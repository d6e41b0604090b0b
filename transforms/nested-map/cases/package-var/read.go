package state

// Sum adds every level of row i.
func Sum(i int) int {
	s := 0
	for j := 0; j < 128; j++ {
		s += int(levels[i][j])
	}
	return s
}
