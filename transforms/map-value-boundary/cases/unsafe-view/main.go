// Command unsafeview reads a map through a struct type laid over it with
// unsafe.Pointer: retyping the struct's field would read a slab pointer where the map
// was.
package main

import (
	"fmt"
	"unsafe"
)

type V [20]int64

type view struct {
	q map[int]V // want skip:"whole-value-use"
}

func main() {
	m := map[int]V{1: {}, 2: {}} // want skip:"literal-with-entries"
	o := (*view)(unsafe.Pointer(&m))
	fmt.Println(len(o.q))
}
