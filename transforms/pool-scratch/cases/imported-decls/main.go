// Buffers passed to methods of interfaces that other packages declare: gomapfix reads
// those packages' declarations (hash.Hash32 embeds hash.Hash, which embeds io.Writer;
// wrap.Sink embeds io.Writer), a call's results from the called function's declaration,
// and a field's type from its struct's.
package main

import (
	"fmt"
	"hash/fnv"

	"example.com/imported-decls/wrap"
)

// fnv.New32a returns a hash.Hash32: its Write is io.Writer's, which must not retain p.
func digest(s string) uint32 {
	h := fnv.New32a()
	buf := make([]byte, 64) // want "pool-scratch"
	n := copy(buf, s)
	h.Write(buf[:n])
	return h.Sum32()
}

// Two results: s's type is NewSink's first.
func toSink(msg string) int {
	s, err := wrap.NewSink()
	if err != nil {
		return -1
	}
	buf := make([]byte, 32) // want "pool-scratch"
	n := copy(buf, msg)
	s.Write(buf[:n])
	return n
}

// A package variable's declared type.
func toDefault(msg string) int {
	buf := make([]byte, 32) // want "pool-scratch"
	n := copy(buf, msg)
	wrap.Default.Write(buf[:n])
	return n
}

// A field's type: Body is an io.ReadCloser.
func readBody(r *wrap.Req) string {
	buf := make([]byte, 16) // want "pool-scratch"
	n, _ := r.Body.Read(buf)
	return string(buf[:n])
}

// Keeper declares its own Write: io.Writer's contract says nothing of it.
func toKeeper(k wrap.Keeper, msg string) {
	buf := make([]byte, 8) // want skip:"passed-to-unknown"
	n := copy(buf, msg)
	k.Write(buf[:n])
}

// Mixed's Write is also Keeper's.
func toMixed(m wrap.Mixed, msg string) {
	buf := make([]byte, 8) // want skip:"passed-to-unknown"
	n := copy(buf, msg)
	m.Write(buf[:n])
}

func main() {
	fmt.Println(digest("hello"), toSink("abc"), toDefault("abcd"))
	fmt.Println(readBody(wrap.NewReq("body text")))
	k := &wrap.Kept{}
	toKeeper(k, "first")
	toKeeper(k, "second")
	var m wrap.Mixed = &wrap.Kept{}
	toMixed(m, "one")
	toMixed(m, "two")
	fmt.Printf("%q %q\n", k.Got, m.(*wrap.Kept).Got)
}
