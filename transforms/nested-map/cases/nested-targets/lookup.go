package lookup

// Lookup indexes one grid by a cell of another: the two rewrites touch the same
// expression, so the engine takes one per round.
func Lookup() int {
	//gomapfix:dims 4 4
	a := make(map[int]map[int]int) // want "nested-map"
	b := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < 4; i++ {
		b[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			b[i][j] = (i + j) % 4
		}
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			if a[i] == nil {
				a[i] = make(map[int]int)
			}
			a[i][j] = 10*i + j
		}
	}
	return a[b[0][1]][2] + a[b[3][3]][b[1][2]]
}
