// Aliases below the first index: a path into an element of a pooled buffer (x[i][j],
// x[i].f, to any depth) is still pooled memory. Its address, a slice of it, or a method
// called on it (a pointer receiver takes its address) can carry that memory out of the
// call, to be overwritten by the next caller of the pool. Every such buffer that leaves
// is skipped; the two at the end keep their aliases inside the call and are pooled.
// main prints every kept value after all calls: a pooled buffer would show the last
// call's bytes in the first call's record.
package main

import (
	"fmt"
	"io"
	"strings"
)

type node struct {
	f   int
	buf [8]byte
}

func (n *node) self() *node { return n }

type rec struct{ name [16]byte }

var (
	keep  [][]byte
	keepN []*int
	keepP []*node
	keepF []func() *node
)

func arrayElems(r io.Reader) {
	recs := make([][16]byte, 4) // want skip:"stored"
	io.ReadFull(r, recs[0][:])
	keep = append(keep, recs[0][:])
}

func fieldAddr(r io.Reader) {
	nodes := make([]node, 4) // want skip:"stored"
	io.ReadFull(r, nodes[0].buf[:])
	nodes[1].f = int(nodes[0].buf[0])
	keepN = append(keepN, &nodes[1].f)
}

func methodCall(r io.Reader) {
	nodes := make([]node, 4) // want skip:"use-not-understood"
	io.ReadFull(r, nodes[0].buf[:])
	nodes[1].f = int(nodes[0].buf[0])
	keepP = append(keepP, nodes[1].self())
}

func methodValue(r io.Reader) {
	nodes := make([]node, 4) // want skip:"use-not-understood"
	io.ReadFull(r, nodes[0].buf[:])
	nodes[1].f = int(nodes[0].buf[0])
	keepF = append(keepF, nodes[1].self)
}

func gridRows(r io.Reader) {
	grid := new([4][16]byte) // want skip:"stored"
	io.ReadFull(r, grid[0][:])
	keep = append(keep, grid[0][:4])
}

func fieldSlice(r io.Reader) {
	recs := make([]rec, 4) // want skip:"stored"
	io.ReadFull(r, recs[0].name[:])
	keep = append(keep, recs[0].name[:3])
}

// The slice of an element stays in a local declared after the buffer: pooled.
func localSlice(r io.Reader) byte {
	recs := make([][16]byte, 4) // want "pool-scratch"
	s := recs[2][:]
	io.ReadFull(r, s)
	row := recs[2]
	return row[0] + s[1]
}

// An element read as a value is a copy: pooled.
func elementCopy(r io.Reader) int {
	nodes := make([]node, 4) // want "pool-scratch"
	io.ReadFull(r, nodes[0].buf[:])
	n := nodes[0]
	return n.f + int(n.buf[0])
}

func main() {
	total := 0
	for i := 0; i < 3; i++ {
		in := func() io.Reader { return strings.NewReader(strings.Repeat(string(rune('a'+i)), 40)) }
		arrayElems(in())
		fieldAddr(in())
		methodCall(in())
		methodValue(in())
		gridRows(in())
		fieldSlice(in())
		total += int(localSlice(in())) + elementCopy(in())
	}
	fmt.Println("total", total)
	for _, k := range keep {
		fmt.Printf("%q\n", k)
	}
	for _, p := range keepN {
		fmt.Println("field", *p)
	}
	for _, p := range keepP {
		fmt.Println("method", p.f)
	}
	for _, f := range keepF {
		fmt.Println("method value", f().f)
	}
}
