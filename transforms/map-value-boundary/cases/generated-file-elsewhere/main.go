// Command elsewhere has a gomapfix_slab.go of another package, ignored by the build:
// the generated slab would have to replace it, so the rewrite that needs it is not made.
package main

import "fmt"

type record [30]int64

func main() {
	m := map[int]record{} // want skip:"generated-file-taken"
	m[1] = record{1}
	fmt.Println(m[1][0])
}
