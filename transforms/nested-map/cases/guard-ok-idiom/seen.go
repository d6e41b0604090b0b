package seen

const n = 10

// Mark records visits on a 10x10 board through the comma-ok guard idiom.
func Mark(moves [][2]int8) int {
	//gomapfix:dims n n
	var board = make(map[int8]map[int8]bool) // want "nested-map"
	count := 0
	for _, mv := range moves {
		r, c := mv[0], mv[1]
		if _, ok := board[r]; !ok {
			board[r] = map[int8]bool{}
		}
		if !board[r][c] {
			count++
		}
		board[r][c] = true
	}
	return count
}
