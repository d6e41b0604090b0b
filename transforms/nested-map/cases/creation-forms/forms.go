package forms

// Later declares the grid, then creates it in the next statement.
func Later() int {
	var m map[int]map[int]int // want "nested-map"
	m = make(map[int]map[int]int)
	for i := 0; i < 3; i++ {
		m[i] = make(map[int]int)
		for j := 0; j < 2; j++ {
			m[i][j] = i - j
		}
	}
	if m == nil {
		return -1
	}
	return m[2][0] + m[0][1]
}

// never is declared but never created: its nil map reads as empty.
//
//gomapfix:dims 2 2
var never map[int]map[int]int // want skip:"may-be-nil"

func useNever() int { return never[1][1] }

// maybeLater creates its grid only on one path.
func maybeLater(ok bool) int {
	//gomapfix:dims 2 2
	var m map[int]map[int]int // want skip:"may-be-nil"
	if ok {
		m = make(map[int]map[int]int)
	}
	return m[0][0]
}

type tally struct {
	//gomapfix:dims 4 4
	counts map[int]map[int]int // want "nested-map"
}

func newTally() *tally { return &tally{counts: map[int]map[int]int{}} }

func (t *tally) add(i, j int) {
	if _, ok := t.counts[i]; !ok {
		t.counts[i] = map[int]int{}
	}
	t.counts[i][j]++
}

// reset starts over with a fresh grid.
func (t *tally) reset() { t.counts = make(map[int]map[int]int) }

// Count tallies a few pairs, resets, and tallies again.
func Count() int {
	t := newTally()
	t.add(1, 2)
	t.add(1, 2)
	t.reset()
	t.add(3, 3)
	n := t.counts[3][3]*10 + t.counts[1][2]
	return n + useNever() + maybeLater(true)
}
