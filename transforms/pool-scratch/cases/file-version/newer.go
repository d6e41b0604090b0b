//go:build go1.21

package fv

// CountNew fills a map in a loop, in a file compiled at go1.21.
func CountNew(xs []int) int {
	m := make(map[int][2]int) // want "pool-scratch"
	for _, x := range xs {
		m[x] = [2]int{x}
	}
	return len(m)
}
