package conf

import (
	"bytes"
	"reflect"
	"syscall"
	"time"
)

// Conf has an unexported field and fields of several kinds.
type Conf struct {
	Name  string
	Port  int
	token string
	Wait  time.Duration
	Key   [4]byte
	// Declared differently for different platforms: its kind is not read.
	Stamp syscall.Timespec
}

// Fields lists the sites that must stay, one per reason.
func Fields(c Conf, x any, buf bytes.Buffer) []any {
	var out []any
	out = append(out, reflect.ValueOf(x).FieldByName("Name").String())       // want skip:"type-not-known"
	out = append(out, reflect.ValueOf(buf).FieldByName("buf").Len())         // want skip:"not-a-package-struct"
	out = append(out, reflect.ValueOf(c).FieldByName("Missing").IsValid())   // want skip:"chain-not-understood"
	out = append(out, reflect.ValueOf(c).FieldByName("token").String())      // want "reflect-field"
	out = append(out, reflect.ValueOf(c).FieldByName("Port").String())       // want skip:"kind-mismatch"
	out = append(out, reflect.ValueOf(c).FieldByName("Wait").Int())          // want "reflect-field"
	out = append(out, reflect.ValueOf(c).FieldByName("Stamp").Int())         // want skip:"kind-not-known"
	out = append(out, reflect.ValueOf(c).FieldByName("Name").Int() == 0)     // want skip:"kind-mismatch"
	out = append(out, reflect.ValueOf(c).FieldByName("Nope").String())       // want skip:"no-such-field"
	out = append(out, reflect.ValueOf(c).Field(7).String())                  // want skip:"no-such-field"
	out = append(out, reflect.ValueOf(c).Elem().FieldByName("Name").Bool())  // want skip:"kind-mismatch"
	out = append(out, reflect.ValueOf(&c).Elem().FieldByName("Key").Bytes()) // want skip:"kind-mismatch"
	//gomapfix:ignore reflect-field
	out = append(out, reflect.ValueOf(c).FieldByName("Name").String()) // want skip:"ignored"
	return out
}

// Secret reads an unexported field with Interface(): reflect panics on it.
func Secret(c Conf) (v any, panicked bool) {
	defer func() { panicked = recover() != nil }()
	return reflect.ValueOf(c).FieldByName("token").Interface(), false // want skip:"unexported-field"
}

// Walk reads every field by index in a loop: the index is not a constant.
func Walk(c Conf) int {
	n := 0
	v := reflect.ValueOf(c) // want skip:"non-constant-index"
	for i := 0; i < v.NumField(); i++ {
		n += len(v.Field(i).String())
	}
	for i := 0; i < 3; i++ {
		n += len(reflect.ValueOf(c).Field(i).String()) // want skip:"non-constant-index"
	}
	return n
}

// Anonymous reads a field of a struct type that has no name in the package.
func Anonymous() string {
	p := struct {
		Name string
		Port int
	}{Name: "x"}
	return reflect.ValueOf(p).FieldByName("Name").String() // want skip:"not-a-package-struct"
}
