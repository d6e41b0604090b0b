// Package util's functions are in another package than their callers: what each keeps of
// a buffer is the compiler's word, read from the escape log.
package util

import "unsafe"

var kept [][]byte

// Sum keeps nothing of b (the compiler: b does not escape).
func Sum(b []byte) int {
	s := 0
	for _, x := range b {
		s += int(x)
	}
	return s
}

// Keep stores b in a package variable (leaking param: b).
func Keep(b []byte) int {
	kept = append(kept, b)
	return len(kept)
}

// Head hands part of b back (leaking param: b to result ~r0 level=0).
func Head(b []byte) []byte { return b[:4] }

// Filler writes into b and keeps nothing of it.
type Filler struct{ N byte }

func (f *Filler) Fill(b []byte) {
	for i := range b {
		b[i] = f.N
	}
}

// Typed is declared with its type: its methods are found.
var Typed *Filler = &Filler{N: 9}

// Untyped's type is not written: its methods are not looked for.
var Untyped = &Filler{N: 7}

// Any takes an interface: what it keeps of the box is not what it keeps of the buffer.
func Any(x any) int {
	if b, ok := x.([]byte); ok {
		return len(b)
	}
	return 0
}

// Count keeps nothing of its slices.
func Count(bs ...[]byte) int {
	n := 0
	for _, b := range bs {
		n += len(b)
	}
	return n
}

// Hold keeps every slice it is given (leaking param content: bs).
func Hold(bs ...[]byte) int {
	kept = append(kept, bs...)
	return len(kept)
}

// Kept reads what Keep and Hold kept.
func Kept() int {
	n := 0
	for _, b := range kept {
		n += int(b[0])
	}
	return n
}

// View is b as a string without a copy (leaking param: b to result ~r0 level=0): what it
// hands back is a string, which gomapfix's rules take for a copy, so it is not followed.
func View(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// NewFiller makes a Filler: a caller's variable holding its result has its type.
func NewFiller(n byte) *Filler { return &Filler{N: n} }

// Alias is another name of Filler, declared without methods of its own.
type Alias = Filler

// NewAlias returns an Alias: its methods are Filler's, not looked for under Alias.
func NewAlias(n byte) *Alias { return &Filler{N: n} }
