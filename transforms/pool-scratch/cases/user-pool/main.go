// A pool of the user's with the name and the declaration gomapfix would generate is not
// gomapfix's: the user may put arrays in it that are still referenced (here the last
// record), and a rewritten buffer taken from it would overwrite them. Only a pool used
// the way gomapfix uses its own (Get, then at once the deferred Put) is shared;
// otherwise the rewrite declares a pool of its own under another name.
package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

var bytes16Pool = sync.Pool{New: func() any { return new([16]byte) }}

var last *[16]byte

func remember(s string) {
	p := new([16]byte) // want skip:"stored"
	copy(p[:], s)
	last = p
	bytes16Pool.Put(p)
}

func count(r io.Reader) int {
	buf := make([]byte, 16) // want "pool-scratch"
	n, _ := io.ReadFull(r, buf)
	return n
}

func main() {
	remember("hello")
	fmt.Println(count(strings.NewReader("XXXXXXXXXXXXXXXXXXXX")))
	fmt.Printf("%q\n", last[:5])
}
