package cache

import "testing"

func TestLookup(t *testing.T) {
	var c Cache
	got := c.Lookup([][2]int{{1, 2}, {1, 2}, {31, 63}, {0, 0}})
	if got != 103+103+3164+1 || c.hits != 1 {
		t.Fatalf("Lookup = %d (hits %d)", got, c.hits)
	}
}
