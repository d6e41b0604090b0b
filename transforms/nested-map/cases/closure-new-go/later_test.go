package later

import "testing"

func TestLater(t *testing.T) {
	if got := Later(); got != 2 {
		t.Fatalf("Later() = %d, want 2", got)
	}
}
