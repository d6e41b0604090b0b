package seen

import "testing"

func TestMark(t *testing.T) {
	if got := Mark([][2]int8{{1, 1}, {1, 1}, {9, 9}, {0, 3}}); got != 3 {
		t.Fatalf("Mark = %d, want 3", got)
	}
}
