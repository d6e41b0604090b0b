// Command go119 is a go1.19 module: an interface key (or a struct or array holding one)
// satisfies the slab's comparable constraint only from go1.20.
package main

import "fmt"

type V struct{ a [20]int64 }

type pair struct {
	err error
	n   int
}

func main() {
	byErr := map[error]V{} // want skip:"go-version"
	byErr[nil] = V{}
	byPair := map[pair]V{} // want skip:"go-version"
	byPair[pair{n: 1}] = V{}
	byInt := map[int]V{} // want "map-value-boundary"
	byInt[1] = V{a: [20]int64{7}}
	fmt.Println(len(byErr), len(byPair), byInt[1].a[0])
}
