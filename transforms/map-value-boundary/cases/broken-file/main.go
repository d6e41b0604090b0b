// Package brokenfile has a file that does not parse (for another system, never built
// here): the generated slab cannot be rendered from the package, so a rewrite that
// needs it, even of a function's own map, is not made.
package brokenfile

type record [30]int64

// Sum keeps records in a local map.
func Sum(n int) int64 {
	m := map[int]record{} // want skip:"file-does-not-parse"
	for i := range n {
		m[i] = record{int64(i)}
	}
	var s int64
	for _, r := range m {
		s += r[0]
	}
	return s
}
