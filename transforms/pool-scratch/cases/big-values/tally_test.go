package tally

import "testing"

func TestTally(t *testing.T) {
	data := []byte("hello, world")
	if Small(data) != 36 || Big(data) != 36 {
		t.Fatalf("Small = %d, Big = %d", Small(data), Big(data))
	}
}
