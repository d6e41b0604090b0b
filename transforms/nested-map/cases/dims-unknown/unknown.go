package unknown

// Pairs counts pairs of a size only known at run time.
func Pairs(n int) int {
	m := make(map[int]map[int]bool) // want skip:"dimensions-unknown"
	for i := 0; i < n; i++ {
		m[i] = make(map[int]bool)
		for j := 0; j < n; j++ {
			m[i][j] = i < j
		}
	}
	return len(m)
}

// Malformed carries a directive gomapfix cannot read.
func Malformed() int {
	//gomapfix:dims 4
	m := make(map[int]map[int]int) // want skip:"bad-dims-directive"
	m[0] = map[int]int{}
	return m[0][0]
}

// Sparse fills only part of the grid before reading.
func Sparse() int {
	m := make(map[int]map[int]int) // want skip:"dimensions-unknown"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			if i == j {
				continue
			}
			m[i][j] = 1
		}
	}
	return m[0][1]
}

// MixedKeys asserts dimensions of a map whose two key types differ: no target, and the
// directive is answered.
func MixedKeys() int {
	//gomapfix:dims 4 4
	u := make(map[uint]map[int8]int) // want skip:"dims-without-target"
	u[1] = map[int8]int{2: 3}
	return u[1][2]
}
