// Go's selector rules against reflect's: FieldByName sees fields only, a selector sees
// methods too; a type embedded twice at one depth makes its fields ambiguous; a Value
// of a pointer to a pointer is still a pointer after one Elem. Every rewrite must keep
// what the program prints and the value it panics with.
package main

import (
	"fmt"
	"reflect"
)

type Inner struct{ Name string }

// Outer's method Name (depth 0) hides the promoted field Name (depth 1) from `o.Name`.
type Outer struct {
	Inner
	Age int
}

func (Outer) Name() string { return "method" }

type A struct{ Tag string }
type B struct{}

func (B) Tag() string { return "b" }

// Both.Tag is ambiguous for a selector (a field and a method at depth 1).
type Both struct {
	A
	B
}

type C struct{ F int64 }
type A1 struct{ C }
type B1 struct{ C }

// X.F is ambiguous for reflect and for a selector: C is embedded twice at depth 1.
type X struct {
	A1
	B1
	G int64
}

type T struct{ X int64 }

func get(o Outer, name string) any {
	return reflect.ValueOf(&o).Elem().FieldByName(name).Interface() // want "reflect-field"
}

func try(what string, f func()) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println(what, "panics:", r)
		}
	}()
	f()
}

func main() {
	o := Outer{Inner{"field"}, 3}
	fmt.Println(reflect.ValueOf(o).FieldByName("Name").String()) // want "reflect-field"
	fmt.Println(get(o, "Name"), get(o, "Age"), get(o, "Inner"))
	try("missing", func() { fmt.Println(get(o, "Missing")) })

	b := Both{A: A{"a"}}
	fmt.Println(reflect.ValueOf(b).FieldByName("Tag").String()) // want "reflect-field"

	x := X{G: 2}
	try("ambiguous", func() {
		fmt.Println(reflect.ValueOf(x).FieldByName("F").Int()) // want skip:"no-such-field"
	})
	fmt.Println(reflect.ValueOf(x).FieldByName("G").Int()) // want "reflect-field"

	p := &T{X: 4}
	try("pointer to pointer", func() {
		fmt.Println(reflect.ValueOf(&p).Elem().FieldByName("X").Int()) // want skip:"kind-mismatch"
	})

	t := T{X: 3}
	v := reflect.ValueOf(&t).Elem() // want skip:"chains-nest"
	v.FieldByName("X").SetInt(v.FieldByName("X").Int() * 2)
	fmt.Println(t)
}
