package ring

import "testing"

func TestRotate(t *testing.T) {
	if last, n := Rotate(10); last != 9 || n != 9 {
		t.Fatalf("Rotate = %d, %d", last, n)
	}
}
