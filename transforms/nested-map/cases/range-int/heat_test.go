package heat

import "testing"

func TestPeak(t *testing.T) {
	if got := Peak(); got != 60 {
		t.Fatalf("Peak() = %v, want 60", got)
	}
}
