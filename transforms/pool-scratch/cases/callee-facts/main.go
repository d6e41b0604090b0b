// Buffers passed to another package's functions: the compiler says what each keeps
// (go build -gcflags=all=-m); a buffer is pooled only when every callee keeps nothing of
// it, or only what the caller then keeps inside the call.
package main

import (
	"fmt"
	"io"
	"strings"

	"example.com/callee-facts/other"
	"example.com/callee-facts/util"
)

func sum(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	n, _ := r.Read(buf)
	return n + util.Sum(buf)
}

func keep(r io.Reader) int {
	buf := make([]byte, 64) // want skip:"retained-by-callee"
	r.Read(buf)
	return util.Keep(buf)
}

func head(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	r.Read(buf)
	h := util.Head(buf)
	return int(h[0])
}

func headReturned(r io.Reader) []byte {
	buf := make([]byte, 64) // want skip:"returned"
	r.Read(buf)
	return util.Head(buf)
}

func typed(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	r.Read(buf)
	util.Typed.Fill(buf[32:])
	return int(buf[0]) + int(buf[40])
}

func untyped(r io.Reader) int {
	buf := make([]byte, 64) // want skip:"passed-to-unknown"
	r.Read(buf)
	util.Untyped.Fill(buf[32:])
	return int(buf[40])
}

func value(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	r.Read(buf)
	var f util.Filler
	f.N = 3
	f.Fill(buf[60:])
	return int(buf[0]) + int(buf[63])
}

func boxed(r io.Reader) int {
	buf := make([]byte, 64) // want skip:"passed-to-unknown"
	r.Read(buf)
	return util.Any(buf)
}

func count(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	r.Read(buf)
	return util.Count(buf, buf[:3])
}

func hold(r io.Reader) int {
	buf := make([]byte, 64) // want skip:"retained-by-callee"
	r.Read(buf)
	return util.Hold(buf)
}

func renamed(r io.Reader) int {
	buf := make([]byte, 64) // want skip:"passed-to-unknown"
	r.Read(buf)
	return mm.Sum(buf)
}

// made's Filler comes from a constructor of another package: the compiler's files give
// its result type, and Fill's fact.
func made(r io.Reader) int {
	buf := make([]byte, 64) // want "pool-scratch"
	r.Read(buf)
	f := util.NewFiller(5)
	f.Fill(buf[48:])
	return int(buf[0]) + int(buf[50])
}

// aliased's Filler is spelled through an alias: not looked for.
func aliased(r io.Reader) int {
	buf := make([]byte, 64) // want skip:"passed-to-unknown"
	r.Read(buf)
	f := util.NewAlias(6)
	f.Fill(buf[48:])
	return int(buf[50])
}

var last string

// max of two strings returns one of them: the view of the buffer itself.
func view(r io.Reader) {
	buf := make([]byte, 4) // want skip:"retained-by-callee"
	r.Read(buf)
	last = max(util.View(buf), "")
}

func main() {
	in := func() io.Reader { return strings.NewReader(strings.Repeat("gomapfix ", 20)) }
	fmt.Println(sum(in()), keep(in()), head(in()), string(headReturned(in())[:4]))
	fmt.Println(typed(in()), untyped(in()), value(in()), boxed(in()), count(in()))
	fmt.Println(hold(in()), renamed(in()), made(in()), aliased(in()))
	// What Keep and Hold kept must not change under the caller's next use of a pool.
	for i := 0; i < 3; i++ {
		sum(strings.NewReader("zzzz"))
		typed(strings.NewReader("yyyy"))
	}
	fmt.Println(util.Kept())
	view(strings.NewReader("AAAA"))
	first := last
	view(strings.NewReader("BBBB"))
	fmt.Println(first, last)
}
