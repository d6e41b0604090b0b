package reflectbench

import (
	"reflect"
	"testing"
)

var (
	sinkString string
	sinkAny    any
	names      = [4]string{"Name", "Email", "Tags", "ID"}
)

func sample() User {
	return User{ID: 42, Name: "ann", Level: 3, Email: "ann@example.com", Tags: []string{"a", "b"}, age: 30}
}

func TestSameResults(t *testing.T) {
	u := sample()
	if got := NameOf(u); got != "ann" {
		t.Fatalf("NameOf = %q", got)
	}
	SetLevel(&u, 1<<40+7)
	if u.Level != 7 {
		t.Fatalf("SetLevel truncates like SetInt: Level = %d", u.Level)
	}
	for _, n := range names {
		// The reference stays reflect's own.
		//gomapfix:ignore reflect-field
		want := reflect.ValueOf(u).FieldByName(n).Interface()
		if got := Get(u, n); !reflect.DeepEqual(got, want) {
			t.Fatalf("Get(%q) = %v, want %v", n, got, want)
		}
	}
}

func BenchmarkConstRead(b *testing.B) {
	u := sample()
	for i := 0; i < b.N; i++ {
		sinkString = NameOf(u)
	}
}

func BenchmarkSetter(b *testing.B) {
	u := sample()
	for i := 0; i < b.N; i++ {
		SetLevel(&u, int64(i))
	}
}

func BenchmarkDynamicRead(b *testing.B) {
	u := sample()
	for i := 0; i < b.N; i++ {
		sinkAny = Get(u, names[i&3])
	}
}
