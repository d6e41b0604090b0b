package old

import "testing"

func TestLast(t *testing.T) {
	if got := Last(10); got != 9 {
		t.Fatalf("Last = %d", got)
	}
}
