package board

import "testing"

func TestScore(t *testing.T) {
	if got := Score(); got != 223 {
		t.Fatalf("Score() = %d, want 223", got)
	}
}
