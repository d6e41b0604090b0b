// The reason a skipped buffer gives is the one that decides: the compiler's word that it
// stays on the stack first, then a use that is known to keep it, before a callee that is
// not known (a generic function, whose instantiations the compiler says nothing of).
package main

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"example.com/reason-order/keep"
)

type holder struct{ xs []int }

var held holder

// The compiler keeps it on the stack: nothing to gain, whatever slices.Sort keeps.
func stays(n int) int {
	xs := make([]int, 0, 16) // want skip:"does-not-escape"
	for i := 0; i < n; i++ {
		xs = append(xs, n-i)
	}
	slices.Sort(xs)
	return xs[0]
}

// It escapes: sorted by callees without facts, then stored, which decides.
func sortedThenStored(n int) int {
	xs := make([]int, 0, 16) // want skip:"stored"
	for i := 0; i < n; i++ {
		xs = append(xs, n-i)
	}
	slices.Sort(xs)
	total := keep.Sum(xs)
	held.xs = xs
	return total
}

// It escapes, and the generic callee is the only reason: reported as not known.
func kept(r io.Reader) int {
	buf := make([]byte, 64) // want skip:"passed-to-unknown"
	n, _ := r.Read(buf)
	keep.Keep(buf)
	return n
}

func main() {
	fmt.Println(stays(5))
	fmt.Println(sortedThenStored(4), held.xs)
	fmt.Println(kept(strings.NewReader("bye")), keep.Last())
}
