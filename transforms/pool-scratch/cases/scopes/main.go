// Names are read in the scope that declares them: a receiver's type parameter is local to
// its method, a qualifier means the import of the file that writes it, and a pool is shared
// only by files where its type names the same types.
package main

import (
	"fmt"
	stdio "io"
	"strings"
)

// Set's method declares T in its receiver: a package-level pool cannot name it.
type Set[T comparable] struct{ rows [][]T }

func (s *Set[T]) Distinct() int {
	total := 0
	for _, row := range s.rows {
		seen := make(map[T]bool) // want skip:"local-type"
		for _, x := range row {
			seen[x] = true
		}
		total += len(seen)
	}
	return total
}

// Copy writes through s.w, an io.Writer of the file that declares Sink: the program's own
// io, whose Writer keeps the buffer. The standard io.Writer's contract does not hold.
func (s *Sink) Copy(r stdio.Reader) {
	buf := make([]byte, 8) // want skip:"passed-to-unknown"
	n, _ := r.Read(buf)
	s.w.Write(buf[:n])
}

func main() {
	set := &Set[int]{rows: [][]int{{1, 2, 2, 3}, {4, 4}}}
	fmt.Println(set.Distinct())

	k := &keeper{}
	s := &Sink{w: k}
	s.Copy(strings.NewReader("first"))
	s.Copy(strings.NewReader("second"))
	for _, p := range k.kept {
		fmt.Println(string(p))
	}

	fmt.Println(countV1(3), countV2(3))
}
