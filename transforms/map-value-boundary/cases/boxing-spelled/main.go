// Command boxingspelled hands whole values of structs holding big-value maps to
// interfaces spelled in ways that do not say "interface": an alias of any, an alias of
// error, an interface declared inside a function, another package's interface, as a
// variable, a parameter, a result, a field and a slice element. Printing them would show
// a pointer where it showed a map, so every one of those maps stays a map; a struct only
// read field by field is rewritten.
package main

import (
	"fmt"
	"strings"
)

type V struct{ a [20]int64 }

type A = any

type E = error

type Err = E

type asVar struct {
	byVar map[int]V // want skip:"whole-value-use"
}

type asParam struct {
	byParam map[int]V // want skip:"whole-value-use"
}

type asResult struct {
	byResult map[int]V // want skip:"whole-value-use"
}

type asField struct {
	byField map[int]V // want skip:"whole-value-use"
}

type asElem struct {
	byElem map[int]V // want skip:"whole-value-use"
}

type asLocal struct {
	byLocal map[int]V // want skip:"whole-value-use"
}

type asError struct {
	byError map[int]V // want skip:"whole-value-use"
}

func (asError) Error() string { return "asError" }

type asStringer struct {
	byStringer map[int]V // want skip:"whole-value-use"
}

func (asStringer) String() string { return "asStringer" }

type readOnly struct {
	name   string
	byRead map[int]V // want "map-value-boundary"
}

type holder struct{ v A }

// head keeps what fmt prints before the map's contents (a map prints as map[...], a
// pointer as 0x...).
func head(s string) string {
	if i := strings.Index(s, "map["); i >= 0 {
		return s[:i+4]
	}
	return "no map"
}

func show(x A) string { return head(fmt.Sprintf("%v", x)) }

func give() A {
	p := asResult{byResult: make(map[int]V)}
	p.byResult[1] = V{}
	return p
}

func main() {
	v := asVar{byVar: make(map[int]V)}
	v.byVar[1] = V{}
	var x A = v
	fmt.Println(head(fmt.Sprintf("%v", x)))

	p := asParam{byParam: make(map[int]V)}
	p.byParam[1] = V{}
	fmt.Println(show(p))

	fmt.Println(head(fmt.Sprintf("%v", give())))

	f := asField{byField: make(map[int]V)}
	f.byField[1] = V{}
	fmt.Println(head(fmt.Sprintf("%v", holder{v: f})))

	e := asElem{byElem: make(map[int]V)}
	e.byElem[1] = V{}
	fmt.Println(head(fmt.Sprintf("%v", []A{e})))

	type L interface{}
	l := asLocal{byLocal: make(map[int]V)}
	l.byLocal[1] = V{}
	var y L = l
	fmt.Println(head(fmt.Sprintf("%v", y)))

	r := asError{byError: make(map[int]V)}
	r.byError[1] = V{}
	var err Err = r
	fmt.Println(head(fmt.Sprintf("%#v", err)))

	s := asStringer{byStringer: make(map[int]V)}
	s.byStringer[1] = V{}
	var st fmt.Stringer = s
	fmt.Println(head(fmt.Sprintf("%#v", st)))

	q := readOnly{name: "q", byRead: make(map[int]V)}
	q.byRead[1] = V{a: [20]int64{3}}
	fmt.Println(q.name, len(q.byRead), q.byRead[1].a[0])
}
