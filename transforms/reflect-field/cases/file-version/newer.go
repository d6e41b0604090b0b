//go:build go1.21

package legacy

import "reflect"

// BoxedNew reads a field as an interface value, in a file compiled at go1.21.
func BoxedNew(l Legacy) any {
	return reflect.ValueOf(l).FieldByName("Name").Interface() // want "reflect-field"
}
