package imports

import . "reflect"

// Dotted imports reflect into the file's scope: gomapfix does not follow it.
func Dotted(p Pair) string {
	return ValueOf(p).FieldByName("Left").String()
}
