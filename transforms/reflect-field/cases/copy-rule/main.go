// The copy rule: reflect.ValueOf(x) copies x, so `v.FieldByName("N").Int()` may become
// `x.N` only where nothing can write x between the binding and the use. Each function
// below has such a write that does not lie textually between the two: in a loop body
// after the use, through a pointer or a pointer-receiver method value taken before the
// binding, through a slice of x, or after a deferred closure that reads v. All of them
// must be skipped; the program prints what it printed before the rewrite.
package main

import (
	"fmt"
	"reflect"
)

type T struct {
	N   int64
	Arr [2]int64
}

func (t *T) Inc() { t.N++ }

func (t T) Get() int64 { return t.N }

func loopWrite() {
	x := T{N: 1}
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
	for i := 0; i < 3; i++ {
		fmt.Println("loop", v.FieldByName("N").Int())
		x.N++
	}
}

func pointerBefore() {
	x := T{N: 1}
	p := &x
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
	p.N = 7
	fmt.Println("pointer", v.FieldByName("N").Int())
}

func methodValueBefore() {
	x := T{N: 1}
	inc := x.Inc
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
	inc()
	fmt.Println("method value", v.FieldByName("N").Int())
}

func pointerMethod() {
	x := T{N: 1}
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
	x.Inc()
	fmt.Println("pointer method", v.FieldByName("N").Int())
}

func deferred() {
	x := T{N: 1}
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
	defer func() { fmt.Println("deferred", v.FieldByName("N").Int()) }()
	x.N = 9
}

func sliced() {
	x := T{N: 1}
	s := x.Arr[:]
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
	s[0] = 5
	fmt.Println("sliced", v.FieldByName("N").Int(), x.Arr[0])
}

func gotoBack() {
	x := T{N: 1}
	n := 0
again:
	n++
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
	x.N++
	fmt.Println("goto", v.FieldByName("N").Int())
	if n < 2 {
		goto again
	}
}

func elementIndex() {
	x := T{N: 1}
	fmt.Println("index", reflect.ValueOf(x).FieldByName("Arr").Index(0).Int()) // want skip:"chain-not-understood"
}

// Nothing writes x: a value-receiver call reads it only, so this one is rewritten.
func valueMethod() {
	x := T{N: 1}
	v := reflect.ValueOf(x) // want "reflect-field"
	fmt.Println("value method", x.Get(), v.FieldByName("N").Int())
}

// Through a pointer nothing is copied, but the pointer must not move: p is re-pointed in
// the loop after the use, so the next iteration's use would read the other T.
func repoint() {
	a, b := &T{N: 1}, &T{N: 2}
	p := a
	v := reflect.ValueOf(p).Elem() // want skip:"copied-then-written"
	for i := 0; i < 2; i++ {
		fmt.Println("repoint", v.FieldByName("N").Int())
		p = b
	}
}

func main() {
	loopWrite()
	pointerBefore()
	methodValueBefore()
	pointerMethod()
	deferred()
	sliced()
	gotoBack()
	elementIndex()
	valueMethod()
	repoint()
}
