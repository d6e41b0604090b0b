package main_test

import (
	"reflect"
	"testing"
)

// outer is declared in the external test package, which shares the directory: its
// accessor goes in gomapfix_accessors_ext_test.go (gomapfix_accessors_test.go is package
// main's, and writing both to one name lost one package's rewrites).
type outer struct{ Y string }

func outerValue(x outer, f string) any {
	return reflect.ValueOf(x).FieldByName(f).Interface() // want "reflect-field"
}

func TestExternal(t *testing.T) {
	if got := outerValue(outer{"z"}, "Y"); got != "z" {
		t.Fatal(got)
	}
}
