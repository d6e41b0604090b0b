// Command toolarge has a map of 100 MiB values: the slab passes values by value, and so
// large a value would near the compiler's stack frame limit.
package main

import "fmt"

type huge struct {
	n int
	b [100 << 20]byte
}

func main() {
	m := map[int]huge{} // want skip:"too-large"
	delete(m, 1)
	fmt.Println(len(m), m[1].n)
}
