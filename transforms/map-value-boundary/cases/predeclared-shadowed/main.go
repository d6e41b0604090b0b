// Command predeclared declares its own len at the package level: the generated slab
// calls Go's len, and would call this one.
package main

import "fmt"

type record [30]int64

func len(s string) int { return 42 }

func main() {
	m := map[int]record{} // want skip:"name-shadowed"
	m[1] = record{1}
	fmt.Println(m[1][0], len("x"))
}
