// Package cache keeps big entries in maps inside unexported structs. Values of some of
// them reach other packages (an exported function returns one, an exported type embeds
// one, an exported variable holds one), which could print or compare them: their map
// fields are unsafe fixes, left as they are without --unsafe-fixes. One never leaves, and
// its field is rewritten.
package cache

type entry struct {
	data [160]byte
}

type store struct {
	items map[string]entry // want skip:"unsafe-fix"
}

// New hands a *store to the caller.
func New() *store {
	return &store{items: map[string]entry{}}
}

func (s *store) Put(k string, e entry) { s.items[k] = e }

type shelf struct {
	rows map[int]entry // want skip:"unsafe-fix"
}

// Shelves embeds a shelf: other packages see its fields.
type Shelves struct {
	shelf
}

type table struct {
	cells map[int]entry // want skip:"unsafe-fix"
}

// Default holds a table, made by a function of the package.
var Default = makeTable()

func makeTable() *table { return &table{cells: map[int]entry{}} }

type oven struct {
	trays map[int]entry // want skip:"unsafe-fix"
}

// maker is unexported, its method is not: another package calls it on the maker that
// Maker returns, and gets an oven.
type maker struct{}

func (maker) Bake() oven { return oven{trays: map[int]entry{}} }

// Maker hands out a maker.
func Maker() maker { return maker{} }

type private struct {
	slots map[int]entry // want "map-value-boundary"
	name  string
}

// Count uses a private value only inside the package.
func Count(n int) (int, string) {
	p := private{slots: map[int]entry{}, name: "p"}
	for i := range n {
		p.slots[i] = entry{}
	}
	return len(p.slots), p.name
}

// Use keeps the unexported helpers used.
func Use() int {
	sh := Shelves{}
	sh.rows = map[int]entry{}
	sh.rows[1] = entry{}
	Default.cells[1] = entry{}
	New().Put("a", entry{})
	return len(sh.rows) + len(Default.cells)
}
