package ret

import (
	"strings"
	"testing"
)

func TestHelper(t *testing.T) {
	in := strings.Repeat("\x01", 200)
	for i := 0; i < 3; i++ {
		if got := Helper(strings.NewReader(in)); got != 128+3 {
			t.Fatalf("Helper = %d, want 131", got)
		}
	}
}

func TestSwitchAndBefore(t *testing.T) {
	for i := 0; i < 3; i++ {
		if got := Switch(strings.NewReader(strings.Repeat("x", 50)), 1); got != 50 {
			t.Fatalf("Switch = %d, want 50", got)
		}
	}
	if got := Before(strings.NewReader("abc")); got != 128 {
		t.Fatalf("Before = %d, want 128", got)
	}
}

func TestLiterals(t *testing.T) {
	in := strings.Repeat("y", 300)
	for i := 0; i < 3; i++ {
		if got := Immediate(strings.NewReader(in)); got != 128 {
			t.Fatalf("Immediate = %d, want 128", got)
		}
		if got := Deferred(strings.NewReader(in)); got != 128 {
			t.Fatalf("Deferred = %d, want 128", got)
		}
	}
}
