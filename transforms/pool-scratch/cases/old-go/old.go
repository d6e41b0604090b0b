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

// Chunks reads through a buffer made on every turn: hoisted, and zeroed without clear.
func Chunks(rs []io.Reader) int {
	n := 0
	for _, r := range rs {
		buf := make([]byte, 8) // want "pool-scratch"
		k, _ := r.Read(buf[:2])
		n += k + int(buf[3])
	}
	return n
}
