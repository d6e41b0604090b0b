package main

import "fmt"

type board struct {
	//gomapfix:dims 4 4
	cells map[int]map[int]int // want skip:"whole-value-use"
	n     int
}

func newBoard() *board {
	return &board{cells: make(map[int]map[int]int)}
}

func (b *board) add(i, j int) {
	if b.cells[i] == nil {
		b.cells[i] = make(map[int]int)
	}
	b.cells[i][j]++
	b.n++
}

func main() {
	b := newBoard()
	b.add(1, 2)
	fmt.Println(b.n)
	fmt.Println(offN)
}
