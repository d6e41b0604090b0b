// Command importalias imports a package under the name the slab's type would take: a
// file's import name and a package-level name may not be the same, so the slab's names
// take a suffix.
package main

import (
	"fmt"
	slabMap "strings"
)

type V struct{ a [20]int64 }

func main() {
	m := map[int]V{} // want "map-value-boundary"
	m[1] = V{}
	fmt.Println(m[1].a[0], slabMap.ToUpper("ok"), other())
}
