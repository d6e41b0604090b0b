// Package shared needs the same pool in two files: it is declared once, in the first.
package shared

import "io"

// A reads the head of r.
func A(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	n, _ := r.Read(buf)
	return n
}
