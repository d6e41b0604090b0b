package shared

import "io"

// B reads the head of r too.
func B(r io.Reader) int {
	head := make([]byte, 64) // want "pool-scratch"
	n, _ := io.ReadFull(r, head)
	return n
}

// Counts fills a map per line, with a size hint that calls a function: the hint
// would be dropped with its call, so the map is left alone, and said so.
func Counts(lines [][]string) int {
	total := 0
	for _, l := range lines {
		m := make(map[string]int, hint(l)) // want skip:"size-hint"
		for _, w := range l {
			m[w]++
		}
		total += len(m)
	}
	return total
}

func hint(l []string) int { return len(l) }

type tally struct {
	n    int
	last []byte
}

// Tallied passes its buffer to a method declared in two build-constrained files.
func Tallied(r io.Reader, t *tally) {
	buf := make([]byte, 32) // want skip:"passed-to-unknown"
	r.Read(buf)
	t.add(buf)
}
