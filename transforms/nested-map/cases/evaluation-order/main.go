// Statements whose other calls may change what a rewritten cell reads: the checked index
// is a call ordered among them, and a proven index read is unordered against them.
package main

import "fmt"

var r int

func next() int { r++; return r * 10 }

// A package variable as the row index, changed by the call on the right.
func packageIndex() {
	//gomapfix:dims 4 4
	m := make(map[int]map[int]int) // want skip:"evaluation-order"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = 0
		}
	}
	r = 0
	m[r][1] = next()
	fmt.Println("packageIndex", m[0][1], m[1][1])
}

// A local index a closure changes, called in the same statement.
func capturedIndex() {
	//gomapfix:dims 4 4
	m := make(map[int]map[int]int) // want skip:"evaluation-order"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = 0
		}
	}
	k := 0
	bump := func() int { k++; return 7 }
	m[k][2] = bump()
	fmt.Println("capturedIndex", m[0][2], m[1][2])
}

// An index through a pointer the call writes.
func pointerIndex() {
	//gomapfix:dims 4 4
	m := make(map[int]map[int]int) // want skip:"evaluation-order"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = i*4 + j
		}
	}
	idx := 1
	p := &idx
	set := func() int { *p = 3; return 0 }
	v := m[1][idx] + set()
	fmt.Println("pointerIndex", v)
}

type grid struct {
	//gomapfix:dims 4 4
	cells map[int]map[int]int // want skip:"evaluation-order"
}

func (g *grid) add(i, j, v int) {
	if g.cells[i] == nil {
		g.cells[i] = make(map[int]int)
	}
	g.cells[i][j] += v
}

// The call makes the field a new map: the original read the old cell or the new one as
// gc orders it, the rewrite another.
func (g *grid) swap() int {
	g.cells = make(map[int]map[int]int)
	g.add(2, 3, 100)
	return 1
}

func field() {
	g := &grid{cells: make(map[int]map[int]int)}
	g.add(2, 3, 5)
	v := g.cells[2][3] + g.swap()
	fmt.Println("field", v)
}

// The checked index panics before the call prints, where the original printed first and
// then panicked writing into a nil row.
func say() int { fmt.Println("say ran"); return 1 }

func checkedPanic() {
	defer func() { fmt.Println("checkedPanic recovered", recover() != nil) }()
	//gomapfix:dims 4 4
	m := make(map[int]map[int]int) // want skip:"evaluation-order"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = 0
		}
	}
	row := 9
	m[row][0] = say()
}

// Rewritten: the target and indices are locals no call reaches, and the other calls
// cannot change them.
func stillRewritten() {
	m := make(map[int]map[int]int) // want "nested-map"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = i*4 + j
		}
	}
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			m[i][j] += next() + len(fmt.Sprint(i))
		}
	}
	fmt.Println("stillRewritten", m[3][3], m[0][0])
}

var notes []string

func note() int { notes = append(notes, "ran"); return 5 }

// An index that panics, against a call to its right that has an effect: gc ran the call
// first here; a rewritten cell index would be ordered otherwise.
func panickyIndex() {
	defer func() { fmt.Println("panickyIndex", recover(), notes) }()
	//gomapfix:dims 4 4
	m := make(map[int]map[int]int) // want skip:"evaluation-order"
	for i := 0; i < 4; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 4; j++ {
			m[i][j] = 0
		}
	}
	var keys []int
	m[keys[3]][1] = note()
}

func main() {
	panickyIndex()
	packageIndex()
	capturedIndex()
	pointerIndex()
	field()
	checkedPanic()
	stillRewritten()
}
