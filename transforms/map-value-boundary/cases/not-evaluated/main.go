// Command not-evaluated ranges over a map read whose length is a constant: with at most
// one iteration variable Go does not evaluate the read (nor its key), so a key that
// would panic does not; `*m.At(k)` would be evaluated. With two variables it is
// evaluated, and the rewrite may go ahead.
package main

import (
	"fmt"
	"unsafe"
)

type row [32]int64

func keys() []int { return []int{1} }

func main() {
	idx := keys()
	once := map[int]row{} // want skip:"not-evaluated"
	n := 0
	for i := range once[idx[5]] {
		n += i
	}
	fmt.Println("one variable:", n)

	sized := map[int]row{} // want skip:"not-evaluated"
	fmt.Println("size:", unsafe.Sizeof(sized[idx[7]]))

	both := map[int]row{} // want "map-value-boundary"
	both[1] = row{3: 4}
	sum := 0
	for i, v := range both[idx[0]] {
		sum += i * int(v)
	}
	fmt.Println("two variables:", sum)
}
