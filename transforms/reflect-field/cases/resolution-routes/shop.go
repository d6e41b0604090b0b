package shop

import (
	"fmt"
	"reflect"
)

// Item is what every route below resolves to.
type Item struct {
	SKU   string
	Price int
}

// Order holds an item as a field.
type Order struct {
	Line  Item
	Items []Item
	ByKey map[string]Item
	Grid  [2]Item
	Ref   *Item
}

var featured = Item{SKU: "F", Price: 9}

var catalog Item

func load() Item { return Item{SKU: "L", Price: 3} }

func lookup() *Item { return &Item{SKU: "P", Price: 4} }

// Label is a method: its receiver is a route.
func (it Item) Label() string {
	return reflect.ValueOf(it).FieldByName("SKU").String() // want "reflect-field"
}

// SetPrice writes through a pointer receiver.
func (it *Item) SetPrice(p int64) {
	reflect.ValueOf(it).Elem().FieldByName("Price").SetInt(p) // want "reflect-field"
}

// Routes reads through every way the type of a value is known.
func Routes(o Order, param Item) string {
	var declared Item
	declared.SKU = "D"
	literal := Item{SKU: "C"}
	addr := &Item{SKU: "A"}
	fresh := new(Item)
	fresh.SKU = "N"
	result := load()
	ptr := lookup()
	out := []string{
		reflect.ValueOf(param).FieldByName("SKU").String(),                 // want "reflect-field"
		reflect.ValueOf(declared).FieldByName("SKU").String(),              // want "reflect-field"
		reflect.ValueOf(literal).FieldByName("SKU").String(),               // want "reflect-field"
		reflect.ValueOf(addr).Elem().FieldByName("SKU").String(),           // want "reflect-field"
		reflect.ValueOf(fresh).Elem().FieldByName("SKU").String(),          // want "reflect-field"
		reflect.ValueOf(result).FieldByName("SKU").String(),                // want "reflect-field"
		reflect.ValueOf(ptr).Elem().FieldByName("SKU").String(),            // want "reflect-field"
		reflect.ValueOf(o.Line).FieldByName("SKU").String(),                // want "reflect-field"
		reflect.ValueOf(o.Ref).Elem().FieldByName("SKU").String(),          // want "reflect-field"
		reflect.ValueOf(featured).FieldByName("SKU").String(),              // want "reflect-field"
		reflect.ValueOf(catalog).FieldByName("SKU").String(),               // want "reflect-field"
		reflect.Indirect(reflect.ValueOf(ptr)).FieldByName("SKU").String(), // want "reflect-field"
	}
	for _, it := range o.Items {
		out = append(out, reflect.ValueOf(it).FieldByName("SKU").String()) // want "reflect-field"
	}
	for k, it := range o.ByKey {
		out = append(out, k, reflect.ValueOf(it).FieldByName("SKU").String()) // want "reflect-field"
	}
	for _, it := range o.Grid {
		out = append(out, reflect.ValueOf(it).FieldByName("SKU").String()) // want "reflect-field"
	}
	return fmt.Sprint(out)
}
