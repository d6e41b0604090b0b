// Package clash declares a slabMap of its own: the generated slab takes other names.
package clash

// slabMap is the package's own, unrelated to gomapfix's.
type slabMap struct{ n int }

type page [512]byte

// Pages stores pages and reads one back beside the package's own slabMap.
func Pages(n int) (byte, int) {
	pages := map[int]page{} // want "map-value-boundary"
	for i := range n {
		pages[i] = page{byte(i)}
	}
	s := slabMap{n: len(pages)}
	return pages[n-1][0], s.n
}

// Shadowed declares a local named like the slab's constructor: the rewrite cannot name it.
func Shadowed() int {
	newSlabMap2 := 1
	local := map[int]page{} // want skip:"name-shadowed"
	local[1] = page{}
	return newSlabMap2 + len(local)
}
