package form

import (
	"reflect"
	"strings"
)

// Form is read through a bound reflect.Value.
type Form struct {
	Title string
	Body  string
	Votes int
}

// Render binds the Value once and reads it several times: every use is rewritten and the
// binding goes.
func Render(f Form) string {
	v := reflect.ValueOf(f) // want "reflect-field"
	title := v.FieldByName("Title").String()
	body := v.FieldByName("Body").String()
	return strings.Join([]string{title, body}, ": ")
}

// Stale copies f into the Value, then changes f: the Value still holds the old copy, so a
// direct read would see the new title.
func Stale(f Form) string {
	v := reflect.ValueOf(f) // want skip:"copied-then-written"
	f.Title = "changed"
	return v.FieldByName("Title").String() + "/" + f.Title
}

// Bump binds through a pointer: there is no copy, writes in between are seen by both.
func Bump(f *Form) int64 {
	v := reflect.ValueOf(f).Elem() // want "reflect-field"
	f.Votes++
	return v.FieldByName("Votes").Int()
}

// Repoint binds what f points to, then points f elsewhere: the Value still reads the first.
func Repoint(f *Form, other *Form) string {
	v := reflect.ValueOf(f).Elem() // want skip:"copied-then-written"
	f = other
	return v.FieldByName("Title").String() + "/" + f.Title
}

// Passed hands the Value on: not a chain gomapfix understands.
func Passed(f Form) string {
	v := reflect.ValueOf(f) // want skip:"chain-not-understood"
	return describe(v) + v.FieldByName("Title").String()
}

func describe(v reflect.Value) string { return v.Type().Name() }
