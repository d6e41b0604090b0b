package node

import "reflect"

type meta struct {
	Version int
	Owner   string
}

// Base is embedded by value.
type Base struct {
	meta
	ID   int
	Name string
}

// Link is embedded through a pointer: its fields may be unreachable.
type Link struct {
	Next string
}

// Node promotes fields from Base (and meta, two levels down) and from *Link.
type Node struct {
	Base
	*Link
	Name  string
	Color string
}

// Read selects promoted fields by name and the embedded fields by index.
func Read(n Node) (int, string, string, int, string) {
	id := reflect.ValueOf(n).FieldByName("ID").Int()             // want "reflect-field"
	ver := reflect.ValueOf(n).FieldByName("Version").Int()       // want "reflect-field"
	name := reflect.ValueOf(n).FieldByName("Name").String()      // want "reflect-field"
	owner := reflect.ValueOf(n).FieldByName("Owner").Interface() // want "reflect-field"
	base := reflect.ValueOf(n).Field(0).Interface().(Base)       // want "reflect-field"
	color := reflect.ValueOf(n).Field(3).String()                // want "reflect-field"
	return int(id), name, owner.(string), int(ver) + base.ID, color
}

// Next is promoted through an embedded pointer: reflect and a selector fail differently
// when it is nil, so the site stays.
func Next(n Node) string {
	return reflect.ValueOf(n).FieldByName("Next").String() // want skip:"embedded-pointer"
}
