// Go 1.26 lets new take an expression, and a local variable may be named make: both are
// valid Go that tree-sitter-go 0.25 rejected, so the whole file was "does not parse" and
// exit 2. gomapfix's patched grammar reads them, and the rest of the file is rewritten.
package main

import (
	"fmt"
	"io"
	"strings"
)

type point struct{ X, Y int }

func boxed(v int) *int { return new(v * 2) }

func origin() *point { return new(point{1, 2}) }

func label(s string) *string { return new(strings.ToUpper(s)) }

func count(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	n, _ := r.Read(buf)
	return n + *boxed(n)
}

// A local variable named make, called: not the builtin, so never a candidate.
func built(r io.Reader) int {
	make := func(n int) []byte { return []byte(strings.Repeat("x", n)) }
	buf := make(3)
	n, _ := r.Read(buf)
	return n + len(buf)
}

func main() {
	fmt.Println(*boxed(21), *origin(), *label("go"), count(strings.NewReader("hello")), built(strings.NewReader("ab")))
}
