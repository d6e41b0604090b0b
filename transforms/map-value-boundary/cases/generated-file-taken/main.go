// Command taken has a file named gomapfix_slab.go that gomapfix did not write: the
// rewrite needs the generated slab there, so it is not made.
package main

import "fmt"

type record [30]int64

func main() {
	m := map[int]record{} // want skip:"generated-file-taken"
	m[1] = record{1}
	fmt.Println(m[1][0], helper())
}
