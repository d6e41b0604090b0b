// Package reflectbench reads and writes struct fields through reflect, the way
// configuration loaders and generic formatters often do.
package reflectbench

import "reflect"

// User is a typical record.
type User struct {
	ID    int
	Name  string
	Level int32
	Email string
	Tags  []string
	age   int
}

// NameOf reads a field by a constant name.
func NameOf(u User) string {
	return reflect.ValueOf(u).FieldByName("Name").String()
}

// SetLevel writes a field through a pointer.
func SetLevel(u *User, n int64) {
	reflect.ValueOf(u).Elem().FieldByName("Level").SetInt(n)
}

// Get reads a field whose name is known only at run time.
func Get(u User, name string) any {
	return reflect.ValueOf(u).FieldByName(name).Interface()
}
