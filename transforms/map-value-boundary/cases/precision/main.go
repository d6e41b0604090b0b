// Command precision: sites the rewrite takes that it once left alone. A hint of len(x)
// or of a defined integer type, a statement that reads only the non-map fields of the
// struct holding the map, and two rewritten package maps in one statement.
package main

import (
	"fmt"
	"strings"
)

type blob [50]int32

type count int

type holder struct {
	name  string
	items map[int]blob // want "map-value-boundary"
}

var (
	left  = map[int]blob{} // want "map-value-boundary"
	right = map[int]blob{} // want "map-value-boundary"
)

func hints(words []string) int {
	byLen := make(map[int]blob, len(words)) // want "map-value-boundary"
	for _, w := range words {
		byLen[len(w)] = blob{int32(len(w))}
	}
	const few count = 3
	var some count = 2
	typed := make(map[int]blob, some) // want "map-value-boundary"
	typed[1] = blob{1}
	constant := make(map[int]blob, few) // want "map-value-boundary"
	constant[2] = blob{2}
	return len(byLen) + len(typed) + len(constant)
}

func fields() string {
	h := holder{name: "h", items: map[int]blob{}}
	h.items[1] = blob{7}
	n := len(h.items)
	return fmt.Sprint(h.name, strings.ToUpper(h.name), n)
}

func both() (int32, int) {
	right[1] = blob{4}
	left[1] = right[1]
	left[2] = right[2]
	return left[1][0] + right[1][0], len(left)
}

func main() {
	fmt.Println(hints([]string{"a", "bb", "cc", "ddd"}))
	fmt.Println(fields())
	fmt.Println(both())
}
