package two

// Both grids get a constant of their own.
func Both() int {
	a := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < 2; i++ {
		a[i] = make(map[int]int)
		for j := 0; j < 3; j++ {
			a[i][j] = i + j
		}
	}
	s := 0
	{
		a := make(map[int]map[int]int) // want "nested-map"
		for i := 0; i < 4; i++ {
			a[i] = make(map[int]int)
			for j := 0; j < 5; j++ {
				a[i][j] = i * j
			}
		}
		s += a[3][4]
	}
	if m := make(map[int]map[int]int); m != nil { // want skip:"declaration-form"
		s += m[0][0]
	}
	return s + a[1][2]
}
