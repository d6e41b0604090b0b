// Command key-order stores and reads with keys that a call of the same statement
// changes, or that panic before such a call runs: gc evaluates the key before the
// statement's calls, a rewritten method call after them. A key no call can change may be
// rewritten.
package main

 "fmt"

type frame [24]int64

var id int

func alloc() frame {
	id++
	return frame{int64(id)}
}

func parse(buf []byte) frame {
	copy(buf, "zz")
	return frame{int64(len(buf))}
}

var log []string

func note(s string) frame {
	log = append(log, s)
	return frame{}
}

func next() int64 {
	id++
	return int64(id)
}

// panicky's key panics: gc ran the call to its right first here (and evaluates a key
// of id+1 before it): the order is gc's to choose, and the rewrite does not take it.
func panicky() {
	defer func() { fmt.Println("recovered:", recover(), log) }()
	var keys []int
	m := map[int]frame{} // want skip:"evaluation-order"
	m[keys[3]] = note("ran")
}

func called(n int) int { return n * 2 }

// compared's key compares interfaces, which panics on an uncomparable dynamic type
// before the call to its right runs; the rewritten call would run it first.
func compared() {
	defer func() { fmt.Println("compared:", recover(), log) }()
	m := make(map[bool]frame) // want skip:"evaluation-order"
	var a, b any = []int{1}, []int{2}
	m[a == b] = note(id)
}

func main() {
	byID := map[int]frame{} // want skip:"evaluation-order"
	byID[id+1] = alloc()
	byID[id+1] = alloc()
	for k := 1; k <= 3; k++ {
		fmt.Println("byID", k, byID[k][0])
	}

	byName := map[string]frame{} // want skip:"evaluation-order"
	buf := []byte("ab")
	byName[string(buf)] = parse(buf)
	for k, v := range byName {
		fmt.Println("byName", k, v[0])
	}

	panicky()
	compared()

	reads := map[int]frame{} // want skip:"evaluation-order"
	reads[id] = frame{5}
	total := reads[id][0] + next()
	fmt.Println("read:", total)

	stable := map[int]frame{} // want "map-value-boundary"
	k := 7
	stable[k] = alloc()
	stable[k+1] = alloc()
	got := stable[k][0] + next()
	fmt.Println("stable:", got, stable[k+1][0], len(stable))

	keyCall := map[int]frame{} // want "map-value-boundary"
	keyCall[len(log)] = frame{9}
	keyCall[int(next())] = frame{10}
	keyCall[called(id)] = alloc()
	fmt.Println("key call:", len(keyCall), keyCall[called(id-1)][0])
}
