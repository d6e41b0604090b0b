// tree-sitter-go read buf[q.I][q.J] as a generic instantiation, and an early build did not
// see the use; the patched grammar reads the index of an index, and the address stored in
// a package variable there hands pooled memory back to the caller.
package main

import (
	"fmt"
	"io"
	"strings"
)

type at struct{ I, J int }

var kept *byte

func read(r io.Reader, q at) int {
	buf := make([][4]byte, 16) // want skip:"stored"
	n, _ := r.Read(buf[0][:])
	kept = &buf[q.I][q.J]
	return n
}

// The same buffer indexed by plain names parses as it reads, and is pooled.
func sum(r io.Reader, i, j int) int {
	buf := make([][4]byte, 16) // want "pool-scratch"
	n, _ := r.Read(buf[0][:])
	return n + int(buf[i][j])
}

func main() {
	read(strings.NewReader("abcd"), at{0, 1})
	first := kept
	read(strings.NewReader("wxyz"), at{0, 2})
	fmt.Println(string(*first), string(*kept), sum(strings.NewReader("abcd"), 0, 3))
}
