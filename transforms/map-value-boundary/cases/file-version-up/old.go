// Command up is a go1.22 module: a file at the module's version cannot range over the
// slab's All (range-over-func is go1.23), a file whose //go:build line says go1.23 can.
package main

import "fmt"

type cell [40]int32

func old() int {
	cells := map[int]cell{1: {1}} // want skip:"literal-with-entries"
	plain := map[int]cell{}       // want skip:"go-version"
	plain[2] = cell{2}
	n := 0
	for k, v := range plain {
		n += k + int(v[0])
	}
	return n + len(cells)
}

func main() {
	fmt.Println(old(), newer())
}
