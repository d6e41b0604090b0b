package okread

// Has asks whether a cell was ever stored: without a fill loop, a slice cannot say.
func Has(i, j int) bool {
	//gomapfix:dims 4 4
	m := make(map[int]map[int]int) // want skip:"comma-ok-not-proven"
	if m[0] == nil {
		m[0] = make(map[int]int)
	}
	m[0][1] = 5
	_, ok := m[i][j]
	return ok
}
