// Command holdslock keeps values holding a lock of the package's own (Lock and Unlock
// methods): go vet reports a copy of such a value out of a map read, and would not out
// of the rewritten call's result, so the map is left alone.
package main

import "fmt"

type mutex struct{ state int32 }

func (m *mutex) Lock()   { m.state++ }
func (m *mutex) Unlock() { m.state-- }

type guarded struct {
	mu mutex
	a  [20]int64
}

func main() {
	m := map[int]guarded{} // want skip:"holds-lock"
	delete(m, 1)
	for k := range m {
		fmt.Println(k)
	}
	fmt.Println(len(m))
}
