package tally

import "testing"

func TestTally(t *testing.T) {
	data := []byte("hello, world")
	if Small(data) != 36 || Big(data) != 36 {
		t.Fatalf("Small = %d, Big = %d", Small(data), Big(data))
	}
	if got := Squares(3); got != 4*(63*63*3+64) {
		t.Fatalf("Squares = %d", got)
	}
}
