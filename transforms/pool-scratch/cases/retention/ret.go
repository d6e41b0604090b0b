// Package ret holds the buffers that must stay as they are, one per reason, and the
// same-package helpers that let a buffer through.
package ret

import (
	"fmt"
	"hash"
	"io"
	"strconv"
)

// Record keeps a slice of its own.
type Record struct {
	data []byte
}

var last []byte

// Returned hands its buffer to the caller.
func Returned(r io.Reader) []byte {
	buf := make([]byte, 128) // want skip:"returned"
	n, _ := r.Read(buf)
	return buf[:n]
}

// Field stores its buffer in a struct field.
func Field(r io.Reader, rec *Record) {
	buf := make([]byte, 128) // want skip:"stored"
	n, _ := r.Read(buf)
	rec.data = buf[:n]
}

// Global stores its buffer in a package variable.
func Global(r io.Reader) {
	buf := make([]byte, 128) // want skip:"stored"
	r.Read(buf)
	last = buf
}

// Goroutine reads into its buffer in another goroutine.
func Goroutine(r io.Reader, done chan int) {
	buf := make([]byte, 128) // want skip:"captured-by-goroutine"
	go func() {
		n, _ := r.Read(buf)
		done <- n
	}()
}

// Closure returns a function that keeps the buffer.
func Closure(r io.Reader) func() int {
	buf := make([]byte, 128) // want skip:"captured"
	return func() int {
		n, _ := r.Read(buf)
		return n
	}
}

// Callee passes its buffer to a same-package function that keeps it.
func Callee(r io.Reader) {
	buf := make([]byte, 128) // want skip:"retained-by-callee"
	r.Read(buf)
	remember(buf)
}

func remember(b []byte) { last = b }

// Helper passes its buffer to same-package functions that only read it: rewritten.
func Helper(r io.Reader) int {
	buf := make([]byte, 128) // want "pool-scratch"
	n, _ := fill(r, buf)
	return checksum(buf[:n])
}

func fill(r io.Reader, b []byte) (int, error) { return io.ReadFull(r, b) }

func checksum(b []byte) int {
	s := 0
	for _, c := range b {
		s += int(c)
	}
	return s + len(strconv.AppendInt(b[:0:0], int64(s), 10))
}

// Printed goes to fmt, which keeps what it is given in an interface.
func Printed(r io.Reader) {
	buf := make([]byte, 128) // want skip:"passed-to-unknown"
	r.Read(buf)
	fmt.Println(buf)
}

// Reassigned makes a second buffer in the same variable.
func Reassigned(r io.Reader, big bool) int {
	buf := make([]byte, 128) // want skip:"reassigned"
	if big {
		buf = make([]byte, 1024)
	}
	n, _ := r.Read(buf)
	return n
}

// Appended appends to a full buffer: append copies it to a new array.
func Appended(r io.Reader) int {
	buf := make([]byte, 128) // want skip:"append-reallocates"
	r.Read(buf)
	buf = append(buf, '\n')
	return len(buf)
}

// Sent sends its buffer on a channel.
func Sent(r io.Reader, ch chan []byte) {
	buf := make([]byte, 128) // want skip:"stored"
	r.Read(buf)
	ch <- buf
}

// Unknown reads into a buffer that nothing says escapes.
func Unknown(b []byte) int {
	buf := make([]byte, 128) // want skip:"no-evidence"
	return copy(buf, b)
}

// Before stores its buffer in a variable declared before it, which a deferred call
// registered earlier reads after the function body is done.
func Before(r io.Reader) (n int) {
	var last []byte
	defer func() { n = len(last) }()
	buf := make([]byte, 128) // want skip:"stored-outside"
	r.Read(buf)
	last = buf
	return 0
}

// Commented has a comment inside its declaration, which a rewrite would lose.
func Commented(r io.Reader) int {
	buf := make([]byte /* scratch */, 128) // want skip:"comment-inside-rewrite"
	n, _ := r.Read(buf)
	return n
}

// Switch makes its buffer in a case clause and hands it to a method of the package that
// only reads it.
func Switch(r io.Reader, kind int) int {
	switch kind {
	case 1:
		buf := make([]byte, 128) // want "pool-scratch"
		n, _ := r.Read(buf)
		var c counter
		return c.count(buf[:n])
	}
	return 0
}

type counter struct{ seen int }

func (c *counter) count(b []byte) int {
	c.seen += len(b)
	return c.seen
}

// Mapped stores its buffer in a map.
func Mapped(r io.Reader, m map[int][]byte) {
	buf := make([]byte, 128) // want skip:"stored"
	r.Read(buf)
	m[0] = buf
}

// Element stores a re-slice of its buffer in a slice element.
func Element(r io.Reader, s [][]byte) {
	buf := make([]byte, 128) // want skip:"stored"
	r.Read(buf)
	s[0] = buf[2:4]
}

// Literal puts its buffer in a composite literal.
func Literal(r io.Reader) [][]byte {
	buf := make([]byte, 128) // want skip:"stored"
	r.Read(buf)
	return [][]byte{buf}
}

// Pointer returns a pointer into its buffer, through a local.
func Pointer(r io.Reader) *byte {
	buf := make([]byte, 128) // want skip:"returned"
	r.Read(buf)
	p := &buf[3]
	return p
}

// Summed returns what Sum appended to its buffer.
func Summed(r io.Reader, h hash.Hash) []byte {
	buf := make([]byte, 128) // want skip:"returned"
	r.Read(buf)
	return h.Sum(buf[:0])
}

// Immediate reads through a function literal called at once: rewritten.
func Immediate(r io.Reader) int {
	buf := make([]byte, 128) // want "pool-scratch"
	return func() int {
		n, _ := io.ReadFull(r, buf)
		return n
	}()
}

// Deferred reads from a deferred function literal, which runs before the deferred Put
// (registered earlier, so run later): rewritten.
func Deferred(r io.Reader) (n int) {
	buf := make([]byte, 128) // want "pool-scratch"
	defer func() { n, _ = io.ReadFull(r, buf) }()
	return 0
}
