// Sites the previous build skipped although the source proves them: a call's result read
// in place, a conversion of a variable into a narrower field, untyped constants into named
// string and bool types; and the sites around them that stay skipped, among them constants
// an int, uint or uintptr field holds only where it is 64 bits wide (on 386 and arm the
// original compiles and truncates, and the conversion would not compile).
package main

import (
	"fmt"
	"reflect"
)

type Dialect string

type flag bool

type Config struct {
	Name    string
	Level   int8
	Dialect Dialect
	Verbose flag
}

// Sizes has fields whose width depends on the target.
type Sizes struct {
	N int
	U uintptr
	W uint
}

var calls int

func defaultConfig() Config { return Config{Name: "def", Level: 1} }

func newConfig() *Config {
	calls++
	return &Config{Name: fmt.Sprint("new", calls)}
}

func main() {
	// The package's own function's result, read in place.
	fmt.Println(reflect.ValueOf(defaultConfig()).FieldByName("Name").String())     // want "reflect-field"
	fmt.Println(reflect.ValueOf(newConfig()).Elem().FieldByName("Name").String())  // want "reflect-field"
	fmt.Println(reflect.ValueOf(defaultConfig()).FieldByName("Level").Interface()) // want "reflect-field"
	// Bound once, the call ran once: each use written out would run it again.
	v := reflect.ValueOf(newConfig()).Elem() // want skip:"bound-call"
	fmt.Println(v.FieldByName("Name").String(), v.FieldByName("Level").Int(), calls)

	c := &Config{}
	n := 300
	// SetInt truncates into the int8 field as the conversion does: 300 is 44.
	reflect.ValueOf(c).Elem().FieldByName("Level").SetInt(int64(n))      // want "reflect-field"
	reflect.ValueOf(c).Elem().FieldByName("Dialect").SetString("ansi")   // want "reflect-field"
	reflect.ValueOf(c).Elem().FieldByName("Verbose").SetBool(n > 1)      // want "reflect-field"
	reflect.ValueOf(c).Elem().FieldByName("Level").SetInt(int64(-n * 2)) // want "reflect-field"
	fmt.Println(*c)
	// In a shift by a variable the untyped 256 would take the field's type: int8(256 >> n)
	// does not compile.
	reflect.ValueOf(c).Elem().FieldByName("Level").SetInt(256 >> (n / 100)) // want skip:"unrepresentable-constant"
	fmt.Println(*c)
	// A constant SetInt truncates; int8(300) does not compile.
	reflect.ValueOf(c).Elem().FieldByName("Level").SetInt(300) // want skip:"unrepresentable-constant"
	fmt.Println(*c)

	// The value is read beside the call in f().X = v, after it in the original: newConfig
	// changes calls.
	reflect.ValueOf(newConfig()).Elem().FieldByName("Level").SetInt(int64(calls)) // want skip:"evaluation-order"
	reflect.ValueOf(newConfig()).Elem().FieldByName("Level").SetInt(7)            // want "reflect-field"
	name := "Name"
	fmt.Println(reflect.ValueOf(newConfig()).Elem().FieldByName(name).Interface()) // want "reflect-field"
	sz := &Sizes{}
	reflect.ValueOf(sz).Elem().FieldByName("N").SetInt(1 << 40)  // want skip:"unrepresentable-constant"
	reflect.ValueOf(sz).Elem().FieldByName("U").SetUint(1 << 40) // want skip:"unrepresentable-constant"
	reflect.ValueOf(sz).Elem().FieldByName("W").SetUint(1 << 32) // want skip:"unrepresentable-constant"
	fmt.Println(sz.N, sz.U, sz.W)
	reflect.ValueOf(sz).Elem().FieldByName("N").SetInt(-1 << 31)   // want "reflect-field"
	reflect.ValueOf(sz).Elem().FieldByName("W").SetUint(1<<32 - 1) // want "reflect-field"
	fmt.Println(sz.N, sz.U, sz.W)
	// A value result has no address to give the accessor.
	fmt.Println(reflect.ValueOf(defaultConfig()).FieldByName(name).Interface()) // want skip:"not-addressable"
}
