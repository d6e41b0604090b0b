package table

import "testing"

func TestTable(t *testing.T) {
	if got := Sum(10); got != 45 {
		t.Fatalf("Sum = %d", got)
	}
	if last, n := Last(10); last != 9 || n != 0 {
		t.Fatalf("Last = %d, %d", last, n)
	}
}
