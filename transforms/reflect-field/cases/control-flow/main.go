// The copy rule over the function's control flow: a write to x counts when some path
// runs from the binding to it and on to the use without binding again. A write on a
// branch that returns, or one a goto jumps over, never reaches the use: those chains are
// rewritten (the previous build skipped them, by text order and at any goto). A write a
// goto or a labelled continue brings back before the use still counts. A binding in an
// if or switch header, or under a label, is not a statement of its own and is skipped.
// The program prints what it printed before the rewrite.
package main

import (
	"fmt"
	"reflect"
)

type T struct {
	N int64
}

func returningBranch(c bool) {
	x := T{N: 1}
	v := reflect.ValueOf(x) // want "reflect-field"
	if c {
		x.N++
		fmt.Println("returned", x.N)
		return
	}
	fmt.Println("branch", v.FieldByName("N").Int())
}

func gotoOver(n int) {
	x := T{N: 2}
	v := reflect.ValueOf(x) // want "reflect-field"
	if n > 0 {
		goto done
	}
	x.N = 40
	return
done:
	fmt.Println("goto over", v.FieldByName("N").Int())
}

func gotoBack() {
	x := T{N: 3}
	n := 0
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
again:
	fmt.Println("goto back", v.FieldByName("N").Int())
	x.N++
	if n++; n < 3 {
		goto again
	}
}

func continueOuter() {
	x := T{N: 4}
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
outer:
	for i := 0; i < 3; i++ {
		for {
			fmt.Println("continue", v.FieldByName("N").Int())
			x.N += int64(i)
			continue outer
		}
	}
}

func breakOut() {
	x := T{N: 5}
	v := reflect.ValueOf(x) // want "reflect-field"
	for i := 0; i < 3; i++ {
		fmt.Println("break", v.FieldByName("N").Int())
		break
	}
	x.N = 50
	fmt.Println("after", x.N)
}

func switchFallthrough(k int) {
	x := T{N: 6}
	v := reflect.ValueOf(x) // want skip:"copied-then-written"
	switch k {
	case 1:
		x.N = 60
		fallthrough
	case 2:
		fmt.Println("fallthrough", v.FieldByName("N").Int())
	}
}

func headerBindings() {
	x := T{N: 7}
	if v := reflect.ValueOf(x); x.N > 0 { // want skip:"declaration-form"
		x.N = 70
		fmt.Println("if header", v.FieldByName("N").Int())
	}
	y := T{N: 8}
	switch v := reflect.ValueOf(y); { // want skip:"declaration-form"
	case true:
		y.N = 80
		fmt.Println("switch header", v.FieldByName("N").Int())
	}
}

func labelledBinding() {
	x := T{N: 9}
	n := 0
again:
	v := reflect.ValueOf(x) // want skip:"declaration-form"
	fmt.Println("labelled", v.FieldByName("N").Int())
	if n++; n < 2 {
		x.N++
		goto again
	}
}

func main() {
	returningBranch(true)
	returningBranch(false)
	gotoOver(1)
	gotoOver(0)
	gotoBack()
	continueOuter()
	breakOut()
	switchFallthrough(1)
	switchFallthrough(2)
	headerBindings()
	labelledBinding()
}
