package imports

import "reflect"

// LeftOf is in a file whose only import is reflect: the import goes whole.
func LeftOf(p Pair) string {
	return reflect.ValueOf(p).FieldByName("Left").String() // want "reflect-field"
}
