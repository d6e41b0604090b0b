// Package shape imports reflect under another name and declares reflect itself: the
// generated accessors file, which imports reflect as reflect, would clash with it.
package shape

import r "reflect"

// Shape has a dynamic read.
type Shape struct {
	Sides int
	Name  string
}

// Get reads a Shape field by name: no accessor file can be written, so the site stays.
func Get(s *Shape, name string) any {
	return r.ValueOf(s).Elem().FieldByName(name).Interface() // want skip:"no-accessor"
}

// Sides reads a field by its constant name: no accessor needed.
func Sides(s Shape) int {
	return int(r.ValueOf(s).FieldByName("Sides").Int()) // want "reflect-field"
}
