// The rewrites read len (a pooled map's bounded put-back) and cap (a hoisted
// make([]T, n, N) cleared to its capacity): where those names mean something else, the
// rewrite must not call them (found by the adversarial review: the build broke, or the
// package's own cap cleared too little and a byte survived a turn).
package main

import (
	"fmt"
	"io"
	"strings"
)

// cap is the package's own: not the builtin.
func cap(b []byte) int { return 5 }

// partial's buffer is cleared whole on every turn, through storage of its own.
func partial(rs []io.Reader) int {
	n := 0
	for _, r := range rs {
		buf := make([]byte, 4, 16) // want "pool-scratch"
		k, _ := io.ReadFull(r, buf)
		e := append(buf, 'z')
		n += k + int(buf[:16][15]) + len(e)
		buf[:16][15] = 9
	}
	return n
}

// lenLocal's len is a variable: a put-back bounded by len(m) would not build.
func lenLocal(x int) int {
	len := 7
	m := make(map[int][2]int) // want skip:"name-shadowed"
	for i := 0; i < 20; i++ {
		m[i] = [2]int{i * x}
	}
	return m[3][0] + len
}

func main() {
	s := strings.NewReader
	fmt.Println(partial([]io.Reader{s("abcdefghijklmnopqrstuvw"), s("xyzw")}), cap(nil))
	fmt.Println(lenLocal(1), lenLocal(2))
}
