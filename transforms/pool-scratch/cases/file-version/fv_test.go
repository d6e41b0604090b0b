package fv

import "testing"

func TestCounts(t *testing.T) {
	for i := 0; i < 2; i++ {
		if Count([]int{1, 2, 2}) != 2 || CountNew([]int{1, 2, 2, 3}) != 3 || CountNew(nil) != 0 {
			t.Fatal("wrong counts")
		}
	}
}
