// Package grid is the nested-map benchmark in its original, nested form: a 1024x512
// grid of [8]byte cells. benches/nested-map.sh benchmarks it as it is and as gomapfix
// rewrites it.
package grid

const (
	rows = 1024
	cols = 512
)

// Cell is one 8-byte cell.
type Cell [8]byte

// grid holds its cells in nested maps, filled through the guard idiom.
type grid struct {
	cells map[int]map[int]Cell //gomapfix:dims rows cols
}

func newGrid() *grid {
	g := &grid{cells: make(map[int]map[int]Cell)}
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			g.set(i, j, Cell{byte(i), byte(j)})
		}
	}
	return g
}

func (g *grid) set(i, j int, c Cell) {
	if g.cells[i] == nil {
		g.cells[i] = make(map[int]Cell)
	}
	g.cells[i][j] = c
}

func (g *grid) at(i, j int) Cell {
	return g.cells[i][j]
}

// scan fills a local grid and sums it in order: every index is proven, so the rewrite
// needs no run-time check.
func scan() int {
	m := make(map[int]map[int]Cell)
	for i := 0; i < rows; i++ {
		m[i] = make(map[int]Cell)
		for j := 0; j < cols; j++ {
			m[i][j] = Cell{byte(i), byte(j)}
		}
	}
	s := 0
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			s += int(m[i][j][0])
		}
	}
	return s
}
