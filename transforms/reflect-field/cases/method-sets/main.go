// The copy rule by the method set of the copied variable's type: a method call on x
// takes x's address only when the selector picks a pointer-receiver method reached
// through x's own memory (x itself or an embedded value), by Go's rules (depth, fields
// and methods together). A value-receiver method, or a pointer-receiver one promoted
// through an embedded pointer (its receiver is the pointee, not x), only reads x. The
// previous build took any package method of the name with a pointer receiver anywhere
// as a write, and skipped the first and third function. The program prints what it
// printed before the rewrite.
package main

import (
	"fmt"
	"reflect"
)

type Base struct{ N int64 }

func (b *Base) Bump() { b.N++ }

func (b Base) Peek() int64 { return b.N }

// Other declares Peek with a pointer receiver: it says nothing about Base's Peek.
type Other struct{ N int64 }

func (o *Other) Peek() int64 {
	o.N++
	return o.N
}

type Holder struct {
	Base
	M int64
}

type Ref struct {
	*Base
	M int64
}

func valueMethod() {
	x := Base{N: 1}
	v := reflect.ValueOf(x) // want "reflect-field"
	fmt.Println("peek", x.Peek())
	fmt.Println("value", v.FieldByName("N").Int())
}

func promotedPointer() {
	h := Holder{Base: Base{N: 2}, M: 3}
	v := reflect.ValueOf(h) // want skip:"copied-then-written"
	h.Bump()
	fmt.Println("promoted", v.FieldByName("N").Int(), h.N)
}

func throughEmbeddedPointer() {
	r := Ref{Base: &Base{N: 4}, M: 5}
	v := reflect.ValueOf(r) // want "reflect-field"
	r.Bump()
	fmt.Println("through", v.FieldByName("M").Int(), r.N)
}

func main() {
	valueMethod()
	promotedPointer()
	throughEmbeddedPointer()
	o := Other{}
	fmt.Println("other", o.Peek())
}
