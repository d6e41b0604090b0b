// Package old is a go1.17 module: no clear, no any.
package old

import "io"

// Head reads the first bytes of r.
func Head(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	n, _ := r.Read(buf)
	return n
}

// Count fills a map in a loop: emptying it for the pool needs clear.
func Count(xs []int) int {
	m := make(map[int][2]int) // want skip:"go-version"
	for _, x := range xs {
		m[x] = [2]int{x}
	}
	return len(m)
}
