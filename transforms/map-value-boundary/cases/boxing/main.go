// Command boxing hands whole values of structs holding big-value maps to code that can
// print them, through an append to a slice of interfaces, a type declared in a function,
// and a keyed literal of a struct with an interface field: the maps stay maps. A struct
// whose values only have their non-map fields read is rewritten.
package main

import (
	"fmt"
	"strings"
)

type V struct{ a [20]int64 }

type appended struct {
	byApp map[int]V // want skip:"whole-value-use"
}

type local struct {
	byLocal map[int]V // want skip:"whole-value-use"
}

type keyed struct {
	byKey map[int]V // want skip:"whole-value-use"
}

type box struct{ v any }

type keyedByIt struct {
	byKeyed map[int]V // want skip:"whole-value-use"
}

type deleted struct {
	byDel map[int]V // want skip:"whole-value-use"
}

type quiet struct {
	name  string
	quiet map[int]V // want "map-value-boundary"
}

func main() {
	a := appended{byApp: make(map[int]V)}
	a.byApp[1] = V{}
	xs := append([]any{}, a)
	fmt.Println(xs)

	l := local{byLocal: make(map[int]V)}
	l.byLocal[2] = V{}
	type wrapped [1]local
	fmt.Println(wrapped{l})

	k := keyed{byKey: make(map[int]V)}
	k.byKey[3] = V{}
	fmt.Println(box{v: k})

	// A struct holding a map is unhashable: as an interface map's key it panics, a
	// struct holding a pointer would not.
	func() {
		defer func() { fmt.Println("key:", recover()) }()
		kb := keyedByIt{byKeyed: make(map[int]V)}
		kb.byKeyed[5] = V{}
		mm := map[any]int{}
		mm[kb] = 1
	}()
	func() {
		defer func() { fmt.Println("delete:", recover()) }()
		d := deleted{byDel: make(map[int]V)}
		d.byDel[6] = V{}
		mm := map[any]int{}
		delete(mm, d)
	}()

	q := quiet{name: "q", quiet: make(map[int]V)}
	q.quiet[4] = V{}
	n := len(q.quiet)
	fmt.Println(q.name, strings.ToUpper(q.name), n)
}
