// Command untyped-bool assigns a comma-ok read's boolean to variables of a defined
// boolean type: the untyped boolean converts, Lookup's bool would not.
package main

import "fmt"

type present bool

type rec [40]int32

func main() {
	defined := map[string]rec{} // want skip:"untyped-result"
	defined["a"] = rec{1}
	var ok present
	var v rec
	v, ok = defined["a"]
	fmt.Println(v[0], ok)

	plain := map[string]rec{} // want "map-value-boundary"
	plain["b"] = rec{2}
	var found bool
	v, found = plain["b"]
	fmt.Println(v[0], found)
	_, found = plain["c"]
	fmt.Println(found)
	w, ok2 := plain["b"]
	fmt.Println(w[0], ok2)
	// ok3 is a bool by its declarations: a comma-ok :=, and an untyped constant.
	_, ok3 := plain["z"]
	v, ok3 = plain["b"]
	flag := false
	v, flag = plain["a"]
	fmt.Println(v[0], ok3, flag)
}
