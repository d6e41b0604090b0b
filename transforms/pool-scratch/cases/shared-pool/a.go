// Package shared needs the same pool in several files: declared once for the files always compiled together, apart in a build-constrained one.
package shared

import "io"

// A reads the head of r.
func A(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	n, _ := r.Read(buf)
	return n
}
