package main

import (
	"reflect"
	"testing"
)

// fixture is declared in a test file: its accessor goes in gomapfix_accessors_test.go
// (in gomapfix_accessors.go, go build failed: undefined: fixture).
type fixture struct{ Want string }

func fixtureValue(x fixture, f string) any {
	return reflect.ValueOf(x).FieldByName(f).Interface() // want "reflect-field"
}

func TestAccessors(t *testing.T) {
	if got := fixtureValue(fixture{"w"}, "Want"); got != "w" {
		t.Fatal(got)
	}
	if got := prodValue(Prod{"p"}, "Name"); got != "p" {
		t.Fatal(got)
	}
}
