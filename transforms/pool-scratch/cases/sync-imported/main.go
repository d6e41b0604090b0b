// A file whose import gives it the name `sync` under another path: a pool there would
// name that package, so its site is skipped; another file of the package is rewritten
// (a pool of the same size declared there would serve both).
package main

import (
	"fmt"
	"io"
	"strings"

	"example.com/sync-imported/syncx"
)

func get(r io.Reader) byte {
	buf := make([]byte, 24) // want skip:"name-shadowed"
	io.ReadFull(r, buf)
	return buf[0]
}

func main() {
	fmt.Println(get(strings.NewReader("abcdefgh")), sync.Hello())
	fmt.Println(other(strings.NewReader("ABCDEFGH")))
}
