// Command importnames declares bits and unsafe at the package level: the generated
// slab's imports of math/bits and unsafe go under other names.
package main

import "fmt"

type record struct {
	name string
	data [200]byte
}

func bits(n int) int { return n * 2 }

type unsafe struct{ n int }

func main() {
	byName := map[string]record{} // want "map-value-boundary"
	for i := range 20 {
		k := fmt.Sprint(i)
		byName[k] = record{name: k}
	}
	fmt.Println(len(byName), byName["7"].name, bits(3), unsafe{4}.n)
}
