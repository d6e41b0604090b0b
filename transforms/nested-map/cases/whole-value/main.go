// A flattened field changes what the whole struct looks like: printed, reflected over,
// or boxed in an interface, a map shows as `map[...]` and a slice as `[...]`. Each struct
// below reaches such code once, and its field is left alone; the last one is only ever
// selected from, and is rewritten.
package main

import (
	"fmt"
	"log"
	"os"
	"reflect"
	"strings"
)

// Printed with %v through a pointer.
type printed struct {
	//gomapfix:dims 2 2
	pcells map[int]map[int]int // want skip:"whole-value-use"
}

func (x *printed) add(i, j int) {
	if x.pcells[i] == nil {
		x.pcells[i] = make(map[int]int)
	}
	x.pcells[i][j]++
}

// Reached through another struct, and printed.
type inner struct {
	//gomapfix:dims 2 2
	icells map[int]map[int]int // want skip:"whole-value-use"
}

func (x *inner) add(i, j int) {
	if x.icells[i] == nil {
		x.icells[i] = make(map[int]int)
	}
	x.icells[i][j]++
}

type outer struct {
	name string
	in   *inner
}

// Handed to the package's own function as an `any`.
type boxed struct {
	//gomapfix:dims 2 2
	bcells map[int]map[int]int // want skip:"whole-value-use"
}

func (x *boxed) add(i, j int) {
	if x.bcells[i] == nil {
		x.bcells[i] = make(map[int]int)
	}
	x.bcells[i][j]++
}

func describe(v any) string { return fmt.Sprintf("%v", v) }

// Walked by reflect.
type reflected struct {
	//gomapfix:dims 2 2
	rcells map[int]map[int]int // want skip:"whole-value-use"
}

func (x *reflected) add(i, j int) {
	if x.rcells[i] == nil {
		x.rcells[i] = make(map[int]int)
	}
	x.rcells[i][j]++
}

// Put in a []any on its way to fmt.
type listed struct {
	//gomapfix:dims 2 2
	lcells map[int]map[int]int // want skip:"whole-value-use"
}

func (x *listed) add(i, j int) {
	if x.lcells[i] == nil {
		x.lcells[i] = make(map[int]int)
	}
	x.lcells[i][j]++
}

// Printed by another package's method that has the name of one of the package's own,
// whose parameter is concrete.
type logged struct {
	//gomapfix:dims 2 2
	gcells map[int]map[int]int // want skip:"whole-value-use"
}

func (x *logged) add(i, j int) {
	if x.gcells[i] == nil {
		x.gcells[i] = make(map[int]int)
	}
	x.gcells[i][j]++
}

type sink struct{ n int }

func (s *sink) Printf(format string, g *logged) { s.n += len(format) + g.gcells[0][1] }

// Named only as a type argument: zeroOf makes a value of it and prints it.
type typed struct {
	//gomapfix:dims 2 2
	tcells map[int]map[int]int // want skip:"whole-value-use"
}

func (x *typed) add(i, j int) {
	if x.tcells[i] == nil {
		x.tcells[i] = make(map[int]int)
	}
	x.tcells[i][j]++
}

func zeroOf[T any]() string { var z T; return fmt.Sprint(z) }

func zeroTyped() string { return zeroOf[typed]() }

// Only selected from: rewritten.
type counted struct {
	//gomapfix:dims 2 2
	ccells map[int]map[int]int // want "nested-map"
}

func (x *counted) add(i, j int) {
	if x.ccells[i] == nil {
		x.ccells[i] = make(map[int]int)
	}
	x.ccells[i][j]++
}

func main() {
	p := &printed{pcells: make(map[int]map[int]int)}
	p.add(1, 1)
	fmt.Printf("printed %v\n", *p)

	o := outer{name: "o", in: &inner{icells: map[int]map[int]int{}}}
	o.in.add(1, 0)
	fmt.Println("outer", o.in.icells[1][0], fmt.Sprint(o.name, *o.in))

	b := &boxed{bcells: make(map[int]map[int]int)}
	b.add(0, 0)
	fmt.Println("boxed", b.bcells[0][0], describe(b))

	r := reflected{rcells: make(map[int]map[int]int)}
	r.add(1, 0)
	fmt.Println("reflected", r.rcells[1][0], reflect.ValueOf(r).Field(0).Kind())

	l := &listed{lcells: make(map[int]map[int]int)}
	l.add(1, 1)
	xs := []any{l}
	fmt.Println("listed", l.lcells[1][1], strings.Contains(fmt.Sprint(xs...), "map"))

	g := &logged{gcells: make(map[int]map[int]int)}
	g.add(0, 1)
	var k sink
	k.Printf("%v", g)
	log.New(os.Stdout, "", 0).Printf("logged %v", g)

	c := &counted{ccells: make(map[int]map[int]int)}
	c.add(1, 1)
	c.add(1, 1)
	fmt.Println("counted", c.ccells[1][1], c.ccells[0][1])

	t := &typed{tcells: make(map[int]map[int]int)}
	t.add(1, 1)
	zero := zeroTyped()
	fmt.Println("typed", t.tcells[1][1], zero)
}
