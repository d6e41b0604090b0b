package api

//gomapfix:dims 4 4
var Shared = make(map[int]map[int]int) // want skip:"exported"

// Grid is exported, so is its field.
type Grid struct {
	//gomapfix:dims 4 4
	Cells map[int]map[int]int // want skip:"exported"
}

// Local grids are exported by nobody.
type Local struct {
	//gomapfix:dims 4 4
	cells map[int]map[int]int // want skip:"unsafe-fix"
}

// NewLocal makes a Local; other packages can still make a zero Local.
func NewLocal() *Local { return &Local{cells: make(map[int]map[int]int)} }

// Get reads a cell.
func (l *Local) Get(i, j int) int { return l.cells[i][j] }
