package grid

import "testing"

func TestTable(t *testing.T) {
	total, v, ok := Table()
	if total != 168+12+22-1 || v != 10 || !ok {
		t.Fatalf("Table() = %d, %d, %v", total, v, ok)
	}
}
