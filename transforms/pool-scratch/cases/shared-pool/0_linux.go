package shared

import "io"

// L is built on linux only: a pool declared here is not shared with the other files,
// which must compile on every platform.
func L(r io.Reader) int {
	b := make([]byte, 64) // want "pool-scratch"
	n, _ := r.Read(b)
	return n
}
