// A buffer converted to a slice type of the package (`b := readBuf(buf)`) is the buffer
// under another name: its methods' receivers are judged by the compiler's word (a pointer
// receiver reaches the buffer through the variable's address).
package main

import (
	"encoding/binary"
	"fmt"
	"io"
	"strings"
)

type readBuf []byte

func (b *readBuf) uint16() uint16 {
	v := binary.LittleEndian.Uint16(*b)
	*b = (*b)[2:]
	return v
}

func (b *readBuf) uint32() uint32 {
	v := binary.LittleEndian.Uint32(*b)
	*b = (*b)[4:]
	return v
}

// sub hands back part of the buffer: what it returns is the buffer.
func (b *readBuf) sub(n int) readBuf {
	s := (*b)[:n]
	*b = (*b)[n:]
	return s
}

var kept readBuf

// keep stores the buffer it is called on.
func (b *readBuf) keep() { kept = *b }

type valBuf []byte

func (v valBuf) first() byte { return v[0] }

var held valBuf

func (v valBuf) hold() { held = v }

type text string

type block [4]byte

func header(r io.Reader) (uint16, uint32) {
	buf := make([]byte, 16) // want "pool-scratch"
	if _, err := io.ReadFull(r, buf); err != nil {
		return 0, 0
	}
	b := readBuf(buf)
	x := b.uint16()
	b = b[0:]
	return x, b.uint32()
}

func sliced(r io.Reader) uint32 {
	buf := make([]byte, 8) // want skip:"retained-by-callee"
	io.ReadFull(r, buf)
	b := readBuf(buf)
	s := b.sub(4)
	return s.uint32()
}

func stored(r io.Reader) int {
	buf := make([]byte, 8) // want skip:"retained-by-callee"
	io.ReadFull(r, buf)
	b := readBuf(buf)
	b.keep()
	return len(kept)
}

func value(r io.Reader) byte {
	buf := make([]byte, 16) // want "pool-scratch"
	io.ReadFull(r, buf)
	return valBuf(buf).first() + valBuf(buf[1:]).first()
}

func valueHeld(r io.Reader) int {
	buf := make([]byte, 8) // want skip:"retained-by-callee"
	io.ReadFull(r, buf)
	valBuf(buf).hold()
	return len(held)
}

func methodValue(r io.Reader) uint16 {
	buf := make([]byte, 8) // want skip:"use-not-understood"
	io.ReadFull(r, buf)
	b := readBuf(buf)
	f := b.uint16
	return f()
}

func copies(r io.Reader) (text, block) {
	buf := make([]byte, 16) // want "pool-scratch"
	io.ReadFull(r, buf)
	return text(buf), block(buf)
}

func main() {
	in := func() io.Reader { return strings.NewReader("\x01\x02\x03\x04\x05\x06\x07\x08") }
	fmt.Println(header(in()))
	fmt.Println(sliced(in()))
	fmt.Println(stored(in()), kept)
	fmt.Println(value(in()))
	fmt.Println(valueHeld(in()), held)
	fmt.Println(methodValue(in()))
	fmt.Println(copies(in()))
	// The buffers kept by keep and hold are still theirs after later calls.
	stored(strings.NewReader("abcdefgh"))
	valueHeld(strings.NewReader("ABCDEFGH"))
	header(in())
	value(in())
	copies(in())
	fmt.Println(string(kept), string(held))
}
