package main

import "reflect"

// plat is declared for windows only: an accessor in an unconstrained file would not build
// anywhere else.
type plat struct{ OS string }

func osOf(p plat, f string) any {
	return reflect.ValueOf(p).FieldByName(f).Interface() // want skip:"no-accessor"
}
