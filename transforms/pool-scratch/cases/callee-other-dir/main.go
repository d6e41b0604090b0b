// Found by the adversarial review: p instantiates q's generic functions, so the compiler
// names q's files under p's header too; p's Keeper.Fill keeps its slice, and q's, looked up
// by mistake, does not. The previous build pooled the buffer and printed xyz twice.
package main

import (
	"fmt"
	"io"
	"strings"

	pp "example.com/callee-other-dir/p"
)

var keepers []*pp.Keeper

func use(r io.Reader) {
	buf := make([]byte, 8) // want skip:"retained-by-callee"
	n, _ := r.Read(buf)
	g := pp.New()
	g.Fill(buf[:n])
	keepers = append(keepers, g)
}

func main() {
	use(strings.NewReader("abc"))
	use(strings.NewReader("xyz"))
	for _, k := range keepers {
		fmt.Println(k.Last())
	}
	fmt.Println(len(pp.Ints(2)), len(pp.Strs(3)))
}
