package imports

import (
	"reflect"
)

// KindOf still needs reflect after the rewrite: the import stays.
func KindOf(p Pair) (reflect.Kind, string) {
	return reflect.TypeOf(p).Kind(), reflect.ValueOf(p).FieldByName("Left").String() // want "reflect-field"
}
