// Package fv is a go1.20 module: no clear, so a scratch map cannot be emptied for a
// pool. The file newer.go says //go:build go1.21 and is compiled at go1.21: there it
// can.
package fv

// Count fills a map in a loop.
func Count(xs []int) int {
	m := make(map[int][2]int) // want skip:"go-version"
	for _, x := range xs {
		m[x] = [2]int{x}
	}
	return len(m)
}
