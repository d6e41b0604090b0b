// Command unhashable reads, comma-ok reads, deletes and stores keys whose dynamic type
// is not comparable, on a nil map, an empty one and a full one: each panics, and the
// panic values (recovered and printed) are the map's.
package main

import "fmt"

type big [20]int64

func report(r any) {
	fmt.Printf("%T: %v\n", r, r)
}

func probe(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Print(what, ": ")
			report(r)
		} else {
			fmt.Println(what, ": no panic")
		}
	}()
	f()
}

func main() {
	bad := any([]int{1})
	worse := any(struct{ s []int }{})
	var nilMap map[any]big // want "map-value-boundary"
	probe("nil read", func() { fmt.Println(nilMap[bad][0]) })
	probe("nil comma-ok", func() { _, ok := nilMap[worse]; fmt.Println(ok) })
	probe("nil delete", func() { delete(nilMap, bad) })
	probe("nil store", func() { nilMap[bad] = big{} })
	probe("nil len", func() { fmt.Println(len(nilMap)) })

	empty := map[any]big{} // want "map-value-boundary"
	probe("empty read", func() { fmt.Println(empty[bad][0]) })
	probe("empty comma-ok", func() { _, ok := empty[worse]; fmt.Println(ok) })
	probe("empty delete", func() { delete(empty, bad) })
	probe("empty store", func() { empty[worse] = big{} })
	probe("empty len", func() { fmt.Println(len(empty)) })

	full := make(map[any]big) // want "map-value-boundary"
	full[1] = big{1}
	probe("full read", func() { fmt.Println(full[bad][0]) })
	probe("full comma-ok", func() { _, ok := full[worse]; fmt.Println(ok) })
	probe("full delete", func() { delete(full, bad) })
	probe("full store", func() { full[worse] = big{} })
	probe("full len", func() { fmt.Println(len(full), full[1][0]) })
}
