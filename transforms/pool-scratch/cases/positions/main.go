// Positions come from the tree, not from the text: a comment is not an argument, and a
// raw string's line that starts with // is not a comment to hoist code above.
package main

import (
	"fmt"
	"io"
	"strings"
)

var kept []byte

// store keeps its first argument and only reads its second.
func store(first []byte, second []byte) int {
	kept = first
	return len(second)
}

// The comment before buf made it the second argument, which store does not keep.
func commentedArgument(n int) int {
	buf := make([]byte, 16) // want skip:"retained-by-callee"
	for i := range buf {
		buf[i] = byte(n)
	}
	return store( /* the buffer */ buf, nil)
}

// The pool's Get is hoisted above the loop and the comments leading into it; the raw
// string's last line looks like one of them.
func rows(r io.Reader) int {
	n := 0
	header := `rows
// read below`
	for i := 0; i < 3; i++ {
		buf := make([]byte, 64) // want "pool-scratch"
		k, _ := r.Read(buf)
		n += k
	}
	fmt.Println(header)
	return n
}

// A real comment leading into the loop stays with it, below the hoisted Get.
func commentedLoop(r io.Reader) int {
	n := 0
	// Read three chunks.
	for i := 0; i < 3; i++ {
		buf := make([]byte, 32) // want "pool-scratch"
		k, _ := r.Read(buf)
		n += k
	}
	return n
}

func main() {
	commentedArgument(1)
	first := kept
	commentedArgument(2)
	fmt.Println("commentedArgument", first[0], kept[0])
	fmt.Println("rows", rows(strings.NewReader(strings.Repeat("x", 500))))
	fmt.Println("commentedLoop", commentedLoop(strings.NewReader(strings.Repeat("y", 50))))
}
