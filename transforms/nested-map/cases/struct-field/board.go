package board

const side = 19

// board is a Go board; it is only ever made by newBoard.
type board struct {
	name  string               // a label
	cells map[int]map[int]int8 //gomapfix:dims side side // want "nested-map"
	moves int                  // how many stones were played
	tags  map[string]string    `db:"tags"`
	owner *board
}

func newBoard(name string) *board {
	return &board{
		name:  name,
		cells: make(map[int]map[int]int8),
		tags:  map[string]string{},
	}
}

func (b *board) play(x, y int, c int8) {
	if b.cells[x] == nil {
		b.cells[x] = make(map[int]int8)
	}
	b.cells[x][y] = c
	b.moves++
}

func (b *board) at(x, y int) int8 {
	return b.cells[x][y]
}

// Score plays a few stones and reads them back.
func Score() int {
	b := newBoard("demo")
	b.play(3, 3, 1)
	b.play(15, 16, 2)
	b.play(3, 3, 2)
	return int(b.at(3, 3))*100 + int(b.at(15, 16))*10 + int(b.at(0, 0)) + b.moves
}
