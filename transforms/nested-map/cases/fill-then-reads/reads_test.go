package reads

import "testing"

func TestReads(t *testing.T) {
	if got := InBounds(); got != 1+21+21 {
		t.Fatalf("InBounds() = %d", got)
	}
	if got := OutOfBounds(); got != 1 {
		t.Fatalf("OutOfBounds() = %d", got)
	}
}
