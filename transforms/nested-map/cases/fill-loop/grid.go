package grid

const rows, cols = 4, 8

// Table builds a multiplication table and reads it back in several ways.
func Table() (int, int, bool) {
	m := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < rows; i++ {
		m[i] = make(map[int]int, cols)
		for j := 0; j < cols; j++ {
			m[i][j] = i * j
		}
	}
	total := 0
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			total += m[i][j]
		}
	}
	m[1][2] += 10
	m[3][7]++
	m[0][0]--
	v, ok := m[2][5]
	return total + m[1][2] + m[3][7] + m[0][0], v, ok
}
