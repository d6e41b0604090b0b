package broken

//gomapfix:dims 2 2
var shared = make(map[int]map[int]int) // want skip:"file-does-not-parse"

// Local is function-local, so a broken sibling file cannot hide its uses.
func Local() int {
	m := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 2; j++ {
			m[i][j] = shared[i][j] + 1
		}
	}
	return m[1][1]
}
