package shape

import "reflect"

// Shape has a dynamic read, but its accessor's name is already the package's.
type Shape struct {
	Sides int
	Name  string
}

// Box's accessor would be boxField: free, so Box gets one.
type Box struct {
	Width int
}

// shapeField is the package's own function, not gomapfix's.
func shapeField(s Shape) int { return s.Sides }

// Get reads a Shape field by name: the accessor name is taken, so the site stays.
func Get(s Shape, name string) interface{} {
	return reflect.ValueOf(s).FieldByName(name).Interface() // want skip:"no-accessor"
}

// GetBox reads a Box field by name.
func GetBox(b *Box, name string) interface{} {
	return reflect.ValueOf(b).Elem().FieldByName(name).Interface() // want "reflect-field"
}

// Sides uses the package's function.
func Sides(s Shape) int { return shapeField(s) }
