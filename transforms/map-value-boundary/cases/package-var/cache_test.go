package cache

import (
	"runtime"
	"testing"
)

func TestRecords(t *testing.T) {
	Put("a", 1)
	Put("b", 2)
	Put("a", 3)
	if at, live := Get("a"); at != 3 || !live || Count() != 2 {
		t.Fatalf("Get(a) = %d, %v; Count %d", at, live, Count())
	}
	Drop("a")
	Drop("missing")
	if at, live := Get("a"); at != 0 || live || Count() != 1 {
		t.Fatalf("after Drop: Get(a) = %d, %v; Count %d", at, live, Count())
	}
}

func TestLazy(t *testing.T) {
	at, n, p := Lazy()
	err, ok := p.(runtime.Error)
	if at != 0 || n != 0 || !ok || err.Error() != "assignment to entry in nil map" {
		t.Fatalf("Lazy = %d, %d, %v", at, n, p)
	}
}

func TestReset(t *testing.T) {
	Put("x", 1)
	Reset()
	if at, live := Get("x"); at != 0 || live || Count() != 0 {
		t.Fatalf("after Reset: Get(x) = %d, %v; Count %d", at, live, Count())
	}
	defer func() {
		if recover() == nil {
			t.Fatalf("Put after Reset did not panic")
		}
	}()
	Put("y", 2)
}
