package record

import "reflect"

type stamp struct {
	Created int64
	Dup     string
}

type audit struct {
	Dup string
}

// Record is read by a field name known only at run time.
type Record struct {
	stamp
	audit
	Key   string
	Value []byte
	hits  int
}

// Get reads a field of a value by name.
func Get(r Record, name string) any {
	return reflect.ValueOf(r).FieldByName(name).Interface() // want "reflect-field"
}

// GetPtr reads a field through a pointer, which may be nil.
func GetPtr(r *Record, name string) any {
	return reflect.ValueOf(r).Elem().FieldByName(name).Interface() // want "reflect-field"
}

// Column is a struct of the package with a second accessor.
type Column struct {
	Title string
	Width int
}

// Columns reads the same dynamic field of every column.
func Columns(cols []Column, field string) []any {
	var out []any
	for _, c := range cols {
		out = append(out, reflect.ValueOf(c).FieldByName(field).Interface()) // want "reflect-field"
	}
	return out
}
