package state

import "testing"

func TestSetSum(t *testing.T) {
	Set(2, 5, 7)
	Set(2, 127, 3)
	Set(7, 0, 1)
	if got := Sum(2); got != 10 {
		t.Fatalf("Sum(2) = %d", got)
	}
	if got := Sum(3); got != 0 {
		t.Fatalf("Sum(3) = %d", got)
	}
}
