// Command zeroassert gets owner values out of an interface that holds none. A comma-ok
// assertion that fails gives a zero value, whose nil map reads as empty where a nil slice
// would panic: both maps stay maps (the assertion written bare, or in parentheses with
// var). A map whose owner is only ever made by its constructor is rewritten.
package main

import "fmt"

type board struct {
	//gomapfix:dims 4 4
	cells map[int]map[int]int // want skip:"may-be-nil"
}

func (b *board) get(r, c int) int { return b.cells[r][c] }

type other struct {
	//gomapfix:dims 4 4
	cells2 map[int]map[int]int // want skip:"may-be-nil"
}

func (o *other) get(r, c int) int { return o.cells2[r][c] }

type grid struct {
	//gomapfix:dims 4 4
	cells3 map[int]map[int]int // want "nested-map"
}

func newGrid() *grid { return &grid{cells3: make(map[int]map[int]int)} }

func (g *grid) set(r, c, v int) {
	if g.cells3[r] == nil {
		g.cells3[r] = make(map[int]int)
	}
	g.cells3[r][c] = v
}

func (g *grid) get(r, c int) int { return g.cells3[r][c] }

func main() {
	var i interface{} = 1
	b, ok := i.(board)
	fmt.Println(b.get(1, 2), ok)
	var o, ok2 = (i.(other))
	fmt.Println(o.get(3, 3), ok2)
	g := newGrid()
	g.set(1, 2, 7)
	fmt.Println(g.get(1, 2), g.get(0, 0))
}
