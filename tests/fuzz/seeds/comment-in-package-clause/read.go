package // Sum adds every level of row i.

state
func Sum(i int) int {
	s := 0
	for j := 0; j < 128; j++ {
		s += int(levels[i][j])
	}
	return s
}
