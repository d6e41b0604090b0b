package imports

import (
	"fmt"
	refl "reflect"
	"strings"
)

// RightOf imports reflect under another name, among other imports.
func RightOf(p Pair) string {
	n := refl.ValueOf(p).FieldByName("Right").Int() // want "reflect-field"
	return strings.TrimSpace(fmt.Sprint(n))
}
