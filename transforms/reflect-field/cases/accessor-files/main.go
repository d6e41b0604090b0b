// A generated accessor goes in a file compiled with the type it names, under a name no
// other type's accessor has.
package main

import (
	"fmt"
	"reflect"
)

// User and user would both have the accessor userField.
type User struct{ Name string }

type user struct {
	Name string
	Age  int
}

func userName(u User, f string) any {
	return reflect.ValueOf(u).FieldByName(f).Interface() // want skip:"no-accessor"
}

func userAge(u user, f string) any {
	return reflect.ValueOf(u).FieldByName(f).Interface() // want skip:"no-accessor"
}

// Prod is declared in a file always compiled: its accessor goes in gomapfix_accessors.go.
type Prod struct{ Name string }

func prodValue(p Prod, f string) any {
	return reflect.ValueOf(p).FieldByName(f).Interface() // want "reflect-field"
}

func main() {
	fmt.Println(userName(User{"a"}, "Name"), userAge(user{"b", 3}, "Age"), prodValue(Prod{"p"}, "Name"))
}
