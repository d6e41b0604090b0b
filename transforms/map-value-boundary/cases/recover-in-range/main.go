// Command recoverinrange recovers a panic from inside a range over a map in a deferred
// function: over the slab's All, the loop's body is a function of its own, and its
// recover() would no longer stop the panic.
package main

import "fmt"

type V [20]int64

func guarded() {
	m := map[int]V{} // want skip:"recover-in-range"
	m[1] = V{3}
	defer func() {
		for k := range m {
			r := recover()
			fmt.Println(k, r)
		}
	}()
	panic("boom")
}

func plain() {
	m := map[int]V{} // want "map-value-boundary"
	m[2] = V{4}
	defer func() {
		r := recover()
		for k, v := range m {
			fmt.Println(k, v[0], r)
		}
	}()
	panic("bang")
}

func main() {
	guarded()
	plain()
}
