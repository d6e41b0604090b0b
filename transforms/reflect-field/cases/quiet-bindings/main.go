// Command quiet binds reflect.Values that are never asked for a field: they are no sites,
// and nothing is reported of them. A binding with one field access among other uses is a
// site, skipped for the other uses; one whose every use is a field access is rewritten.
package main

import (
	"fmt"
	"reflect"
)

type Conf struct {
	Name string
	Port int
}

func kinds(x any) string {
	v := reflect.ValueOf(x)
	return fmt.Sprint(v.Kind(), v.NumField())
}

func elems(xs []int) int {
	v := reflect.ValueOf(xs)
	return v.Len() + int(v.Index(0).Int())
}

func direct(c Conf) string {
	return reflect.ValueOf(c).Kind().String()
}

func mixed(c Conf) string {
	v := reflect.ValueOf(c) // want skip:"chain-not-understood"
	return fmt.Sprint(v.Kind(), v.FieldByName("Name").String())
}

func fields(c Conf) string {
	v := reflect.ValueOf(c) // want "reflect-field"
	return fmt.Sprint(v.FieldByName("Name").String(), v.FieldByName("Port").Int())
}

func main() {
	c := Conf{Name: "n", Port: 8}
	fmt.Println(kinds(c), elems([]int{4, 5}), direct(c), mixed(c), fields(c))
}
