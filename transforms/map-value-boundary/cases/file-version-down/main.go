// Command down is a go1.26 module with a file whose //go:build line lowers its version
// to go1.22: it cannot range over the slab's All there.
package main

import "fmt"

type cell [40]int32

func main() {
	plain := map[int]cell{} // want "map-value-boundary"
	plain[2] = cell{2}
	for k, v := range plain {
		fmt.Println(k, v[0])
	}
	fmt.Println(lowered())
}
