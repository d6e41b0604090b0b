// Board is exported: with --unsafe-fixes its unexported nested map is flattened, and the
// finding names what another package could see (a zero Board, its printed form).
package main

import "fmt"

// Board is a 4x4 grid of counts.
type Board struct {
	//gomapfix:dims 4 4
	cells map[int]map[int]int // want "nested-map"
}

// NewBoard makes an empty Board.
func NewBoard() *Board {
	return &Board{cells: make(map[int]map[int]int)}
}

// Add counts one at a cell.
func (b *Board) Add(i, j int) {
	if b.cells[i] == nil {
		b.cells[i] = make(map[int]int)
	}
	b.cells[i][j]++
}

// Get reads a cell.
func (b *Board) Get(i, j int) int { return b.cells[i][j] }

func main() {
	b := NewBoard()
	b.Add(3, 3)
	b.Add(3, 3)
	b.Add(1, 2)
	fmt.Println(b.Get(3, 3), b.Get(1, 2), b.Get(0, 0))
}
