package key

import "testing"

func TestDiag(t *testing.T) {
	if got := Diag(); got != 506 {
		t.Fatalf("Diag() = %d", got)
	}
}
