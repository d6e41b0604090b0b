// Package legacy is a go1.16 module, without any: a field read as an interface value is
// converted to interface{}. The file newer.go says //go:build go1.21, and there any is
// Go's own.
package legacy

import "reflect"

// Legacy has a field read through reflect.
type Legacy struct {
	Name string
	Tags []string
}

// Boxed reads a field as an interface value.
func Boxed(l Legacy) interface{} {
	return reflect.ValueOf(l).FieldByName("Tags").Interface() // want "reflect-field"
}
