// Reflect chains turned into field loads and stores move them relative to the
// statement's other calls: where such a call may write the struct, or re-point the
// pointer a setter stores through, the chain is left alone.
package main

import (
	"fmt"
	"reflect"
)

type T struct {
	N int64
	S string
}

var cfg = T{N: 1}

func bumpCfg() int64 { cfg.N += 10; return 0 }

// A package variable another call of the statement writes.
func packageValue() {
	x := reflect.ValueOf(cfg).FieldByName("N").Int() + bumpCfg() // want skip:"evaluation-order"
	fmt.Println("packageValue", x)
}

// A pointer whose struct the other call writes.
func throughPointer() {
	p := &T{N: 1}
	inc := func() int64 { p.N += 100; return 0 }
	x := reflect.ValueOf(p).Elem().FieldByName("N").Int() + inc() // want skip:"evaluation-order"
	fmt.Println("throughPointer", x)
}

// A local struct a closure called in the statement writes.
func capturedValue() {
	o := T{N: 1}
	inc := func() int64 { o.N += 1000; return 0 }
	x := reflect.ValueOf(o).FieldByName("N").Int() + inc() // want skip:"evaluation-order"
	fmt.Println("capturedValue", x, o.N)
}

// A local struct whose address the statement's call holds.
func addressed() {
	o := T{N: 1}
	q := &o
	x := reflect.ValueOf(&o).Elem().FieldByName("N").Int() + func() int64 { q.N = 7; return 0 }() // want skip:"evaluation-order"
	fmt.Println("addressed", x)
}

// A setter through a pointer its own argument re-points.
func repointed() {
	a, b := T{}, T{}
	p := &a
	move := func() int64 { p = &b; return 5 }
	reflect.ValueOf(p).Elem().FieldByName("N").SetInt(move()) // want skip:"evaluation-order"
	fmt.Println("repointed", a.N, b.N)
}

func say() int64 { fmt.Println("say ran"); return 1 }

// A setter through a nil pointer: the original panicked at FieldByName before its
// argument's call ran; p.N = say() would run it first.
func nilPointer() {
	defer func() { fmt.Println("nilPointer recovered", recover() != nil) }()
	var p *T
	reflect.ValueOf(p).Elem().FieldByName("N").SetInt(say()) // want skip:"evaluation-order"
}

// Rewritten: a local no call reaches, beside calls that cannot change it; a setter through
// a variable's own address, whose argument calls.
func stillRewritten() {
	o := T{N: 3}
	x := reflect.ValueOf(o).FieldByName("N").Int() + int64(len(fmt.Sprint(2))) // want "reflect-field"
	var t T
	reflect.ValueOf(&t).Elem().FieldByName("N").SetInt(bumpCfg() + 4) // want "reflect-field"
	fmt.Println("stillRewritten", x, t.N, cfg.N)
}

func main() {
	packageValue()
	throughPointer()
	capturedValue()
	addressed()
	repointed()
	nilPointer()
	stillRewritten()
}
