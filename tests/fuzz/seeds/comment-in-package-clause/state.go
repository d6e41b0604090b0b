package state

//gomapfix:dims 8 128
var levels = make(map[int]map[int]uint16) // want "nested-map"

// Set stores a level.
func Set(i, j int, v uint16) {
	if levels[i] == nil {
		levels[i] = make(map[int]uint16)
	}
	levels[i][j] = v
}
