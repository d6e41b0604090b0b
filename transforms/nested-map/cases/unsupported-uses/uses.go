package uses

func fill() map[int]map[int]int {
	//gomapfix:dims 2 2
	m := make(map[int]map[int]int) // want skip:"use-not-understood"
	return m
}

func length() int {
	//gomapfix:dims 2 2
	m := make(map[int]map[int]int) // want skip:"use-not-understood"
	return len(m)
}

func rowLength() int {
	//gomapfix:dims 2 2
	m := make(map[int]map[int]int) // want skip:"use-not-understood"
	return len(m[0])
}

func remove() {
	//gomapfix:dims 2 2
	m := make(map[int]map[int]int) // want skip:"use-not-understood"
	delete(m, 1)
}

func iterate() int {
	//gomapfix:dims 2 2
	m := make(map[int]map[int]int) // want skip:"use-not-understood"
	n := 0
	for k := range m {
		n += k
	}
	return n
}

func rowAlias() int {
	//gomapfix:dims 2 2
	m := make(map[int]map[int]int) // want skip:"use-not-understood"
	row := m[1]
	return row[0]
}

func pass() {
	//gomapfix:dims 2 2
	m := make(map[int]map[int]int) // want skip:"use-not-understood"
	sink(m)
}

func sink(map[int]map[int]int) {}

func address() {
	//gomapfix:dims 2 2
	m := make(map[int]map[int]int) // want skip:"use-not-understood"
	p := &m
	_ = p
}

func withEntries() int {
	m := map[int]map[int]int{1: {2: 3}} // want skip:"literal-with-entries"
	return m[1][2]
}

var _ = []any{fill, length, rowLength, remove, iterate, rowAlias, pass, address, withEntries}
