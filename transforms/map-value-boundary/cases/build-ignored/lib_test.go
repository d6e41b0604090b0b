package lib

import "testing"

func TestTwo(t *testing.T) {
	if Two(2) != 4 {
		t.Fatal("Two")
	}
}
