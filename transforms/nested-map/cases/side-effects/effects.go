package effects

var calls int

func size() int {
	calls++
	return 4
}

// Sized passes a size hint with an effect: dropping the call would change calls.
func Sized() int {
	m := make(map[int]map[int]int, size()) // want skip:"side-effect"
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 2; j++ {
			m[i][j] = 1
		}
	}
	return m[1][1] + calls
}

// RowSized does the same in the row creation, which the rewrite deletes.
func RowSized() int {
	m := make(map[int]map[int]int) // want skip:"side-effect"
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int, size())
		for j := 0; j < 2; j++ {
			m[i][j] = 1
		}
	}
	return m[1][1] + calls
}

// Hinted uses a constant hint, which has no effect.
func Hinted() int {
	m := make(map[int]map[int]int, 2) // want "nested-map"
	for i := 0; i < 2; i++ {
		m[i] = make(map[int]int, len("ab"))
		for j := 0; j < 2; j++ {
			m[i][j] = 1
		}
	}
	return m[1][1]
}
