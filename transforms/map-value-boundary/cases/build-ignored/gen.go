//go:build ignore

// gen is run alone (go run gen.go): the generated slab, in the directory's package,
// would not be compiled with it.
package main

import "fmt"

type V [20]int64

func main() {
	m := map[int]V{} // want skip:"build-constrained"
	m[1] = V{1}
	fmt.Println(len(m))
}
