package legacy

import "reflect"

// Legacy is in a go1.16 module: no `any`.
type Legacy struct {
	Name string
	Tags []string
}

// Boxed reads a field as an interface value: interface{} stands in for any.
func Boxed(l Legacy) interface{} {
	return reflect.ValueOf(l).FieldByName("Tags").Interface() // want "reflect-field"
}

// ByName gets an accessor that returns interface{}: a go1.16 module has no any.
func ByName(l Legacy, name string) interface{} {
	return reflect.ValueOf(l).FieldByName(name).Interface() // want "reflect-field"
}
