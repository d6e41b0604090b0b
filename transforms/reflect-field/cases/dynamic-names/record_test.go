package record

import (
	"fmt"
	"testing"
)

// outcome runs f and describes what it returned or what it panicked with, value and type,
// so the test pins the original reflect behaviour exactly.
func outcome(f func() any) (s string) {
	defer func() {
		if p := recover(); p != nil {
			s = fmt.Sprintf("panic %T %v", p, p)
		}
	}()
	v := f()
	return fmt.Sprintf("%T %v", v, v)
}

func TestGetPinsReflectBehaviour(t *testing.T) {
	r := Record{stamp: stamp{Created: 9, Dup: "s"}, audit: audit{Dup: "a"}, Key: "k", Value: []byte("v"), hits: 2}
	cases := []struct {
		name string
		want string
	}{
		{"Key", "string k"},
		{"Value", "[]uint8 [118]"},
		{"Created", "int64 9"},
		{"Dup", "panic *reflect.ValueError reflect: call of reflect.Value.Interface on zero Value"},
		{"hits", "panic string reflect.Value.Interface: cannot return value obtained from unexported field or method"},
		{"stamp", "panic string reflect.Value.Interface: cannot return value obtained from unexported field or method"},
		{"Missing", "panic *reflect.ValueError reflect: call of reflect.Value.Interface on zero Value"},
		{"", "panic *reflect.ValueError reflect: call of reflect.Value.Interface on zero Value"},
	}
	for _, c := range cases {
		if got := outcome(func() any { return Get(r, c.name) }); got != c.want {
			t.Errorf("Get(%q) = %s, want %s", c.name, got, c.want)
		}
		if got := outcome(func() any { return GetPtr(&r, c.name) }); got != c.want {
			t.Errorf("GetPtr(%q) = %s, want %s", c.name, got, c.want)
		}
	}
	want := "panic *reflect.ValueError reflect: call of reflect.Value.FieldByName on zero Value"
	if got := outcome(func() any { return GetPtr(nil, "Key") }); got != want {
		t.Errorf("GetPtr(nil) = %s, want %s", got, want)
	}
}

func TestColumns(t *testing.T) {
	got := fmt.Sprint(Columns([]Column{{"a", 1}, {"b", 2}}, "Width"))
	if got != "[1 2]" {
		t.Fatalf("Columns = %s", got)
	}
}
