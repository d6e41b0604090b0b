// Package maps counts with scratch maps.
package maps

// Histogram fills a map of arrays with 64 entries: it grows past one group on every call.
func Histogram(xs []int) int {
	h := make(map[int][8]int) // want "pool-scratch"
	for i := 0; i < 64; i++ {
		var row [8]int
		row[0] = i
		h[i] = row
	}
	for _, x := range xs {
		row := h[x%64]
		row[1]++
		h[x%64] = row
	}
	return len(h) + h[0][1]
}

// Words counts distinct words of each line: a map made inside the loop, filled in an
// inner loop. The compiler keeps it on the stack and nothing shows a line has more than 8
// words: pooling it could make it slower.
func Words(lines [][]string) []int {
	var out []int
	for _, line := range lines {
		seen := map[string]bool{} // want skip:"does-not-escape"
		for _, w := range line {
			seen[w] = true
		}
		out = append(out, len(seen))
	}
	return out
}

// Pairs fills at most four entries: a map that small stays in one group.
func Pairs() int {
	m := map[int][2]int{} // want skip:"small-map"
	for i := 0; i < 4; i++ {
		m[i] = [2]int{i, i}
	}
	return len(m)
}

// Lookup never fills its map in a loop, and the compiler keeps it on the stack.
func Lookup(k int) [4]int {
	m := make(map[int][4]int) // want skip:"does-not-escape"
	m[1] = [4]int{1}
	return m[k]
}

// Escaping hands its map to a function that keeps it.
func Escaping() int {
	m := make(map[int][4]int) // want skip:"retained-by-callee"
	for i := 0; i < 100; i++ {
		m[i] = [4]int{i}
	}
	keep(m)
	return len(m)
}

var kept map[int][4]int

func keep(m map[int][4]int) { kept = m }

// Sized gives its map a size hint that is not a constant: it is left as it is.
func Sized(xs []int) int {
	total := 0
	for range xs {
		m := make(map[int]int, len(xs)) // want skip:"size-hint"
		for _, x := range xs {
			m[x]++
		}
		total += len(m)
	}
	return total
}

// Rounds writes 4 times 100 entries: the loop around the write is small, the one inside
// it is not, so the map grows past one group.
func Rounds() int {
	m := map[int][2]int{} // want "pool-scratch"
	for r := 0; r < 4; r++ {
		for k := range 100 {
			m[k] = [2]int{k, r}
		}
	}
	return len(m)
}
