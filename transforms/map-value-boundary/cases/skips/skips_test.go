package skips

import (
	"slices"
	"testing"
)

func TestUses(t *testing.T) {
	want := []string{"1 0 false 2 5 0 5", "3 1 0 0", "{map", "0 1 1 1 200 0", "1 6 7 1 1"}
	if got := Uses(); !slices.Equal(got, want) {
		t.Fatalf("Uses = %q, want %q", got, want)
	}
}
